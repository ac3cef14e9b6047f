//! `/console/setup#token`: a one-time link sets the password and signs in.
//! The token is read from the part after `#`, which never left the browser.

use beltmart_contract::{SessionInfo, SetPassword, path};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::parts::{Problem, TextField, Who};
use crate::texts::use_texts;

#[component]
pub fn SetupPage() -> impl IntoView {
    let texts = use_texts();
    let who = expect_context::<Who>();
    let token = window().location().hash().unwrap_or_default();
    let token = token.trim_start_matches('#').to_owned();
    let password = RwSignal::new(String::new());
    let failed = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = SetPassword {
            token: token.clone(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::send::<SessionInfo>("POST", path::SESSION_PASSWORD, &body).await {
                Ok(info) => {
                    // The token is spent: out of the address bar and history.
                    let _ = window().history().map(|h| {
                        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/console"))
                    });
                    who.set(Some(Some(info)));
                    let _ = window().location().reload();
                }
                Err(failure) => failed.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card" on:submit=submit>
            <h1>{move || texts().setup_title}</h1>
            <p class="muted">{move || texts().setup_hint}</p>
            <TextField
                label=move || texts().new_password
                name="new-password"
                value=password
                kind="password"
                autocomplete="new-password"
                required=true
                min_length="10"
            />
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            <button type="submit" disabled=busy>
                {move || if busy.get() { texts().working } else { texts().set_password }}
            </button>
        </form>
    }
}
