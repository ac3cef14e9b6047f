//! The owner's audit log, newest first, a hundred entries at a time.

use beltmart_contract::{AuditEntry, AuditPage as Page, path};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::parts::Problem;
use crate::texts::use_texts;

#[component]
pub fn AuditPage() -> impl IntoView {
    let texts = use_texts();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let failed = RwSignal::new(None::<Failure>);
    let more = move |before: Option<i64>| {
        let at = match before {
            Some(id) => format!("{}?before={id}", path::CONSOLE_AUDIT),
            None => path::CONSOLE_AUDIT.to_owned(),
        };
        spawn_local(async move {
            match api::get::<Page>(&at).await {
                Ok(page) => {
                    entries.update(|all| all.extend(page.entries));
                    next.set(page.next);
                }
                Err(failure) => failed.set(Some(failure)),
            }
        });
    };
    more(None);
    view! {
        <section class="card">
            <h1>{move || texts().audit_title}</h1>
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            <table data-test="audit">
                <thead>
                    <tr>
                        <th>{move || texts().col_when}</th>
                        <th>{move || texts().col_who}</th>
                        <th>{move || texts().col_what}</th>
                        <th>{move || texts().col_subject}</th>
                        <th>{move || texts().col_detail}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        entries
                            .get()
                            .into_iter()
                            .map(|e| {
                                let code = e.action.clone();
                                view! {
                                    <tr>
                                        <td>{when(e.at)}</td>
                                        <td>{e.actor}</td>
                                        <td data-action=code>
                                            {move || texts().action(&e.action)}
                                        </td>
                                        <td>{e.subject}</td>
                                        <td>{e.detail}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || {
                next.get()
                    .map(|before| {
                        view! {
                            <button on:click=move |_| more(Some(before))>{texts().older}</button>
                        }
                    })
            }}
        </section>
    }
}

/// Unix seconds as the browser's local date and time.
fn when(at: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64 * 1000.0));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}
