//! Uploading a catalog file: a check (the dry run) shows every bad row by
//! line and field, or what would change; publishing commits it.

use beltmart_contract::{ImportReport, path};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::parts::Problem;
use crate::texts::{Lang, fill, use_texts};

#[component]
pub fn CatalogPage() -> impl IntoView {
    let texts = use_texts();
    let lang = expect_context::<RwSignal<Lang>>();
    let file_input = NodeRef::<Input>::new();
    let replace = RwSignal::new(false);
    let report = RwSignal::new(None::<ImportReport>);
    let failed = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);
    let missing = RwSignal::new(false);
    let send = move |dry_run: bool| {
        let file = file_input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            missing.set(true);
            return;
        };
        missing.set(false);
        let content_type = content_type_of(&file.name());
        let mode = if replace.get_untracked() {
            "replace"
        } else {
            "upsert"
        };
        let at = format!("{}?mode={mode}&dry_run={dry_run}", path::CONSOLE_IMPORTS);
        let language = lang.get_untracked().tag();
        busy.set(true);
        failed.set(None);
        spawn_local(async move {
            match api::upload::<ImportReport>(&at, &file, content_type, language).await {
                Ok(answer) => report.set(Some(answer)),
                Err(failure) => {
                    report.set(None);
                    failed.set(Some(failure));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card">
            <h1>{move || texts().upload_title}</h1>
            <p class="muted">{move || texts().upload_hint}</p>
            <p>
                <a href=format!("{}?format=csv", path::CONSOLE_EXPORT) download>
                    {move || texts().download}
                </a>
            </p>
            <label>
                {move || texts().upload_file}
                <input
                    type="file"
                    name="catalog"
                    accept=".csv,.jsonl,.ndjson,.zip,text/csv,application/zip"
                    node_ref=file_input
                    on:change=move |_| report.set(None)
                />
            </label>
            <fieldset>
                <label class="choice">
                    <input
                        type="radio"
                        name="mode"
                        checked=move || !replace.get()
                        on:change=move |_| replace.set(false)
                    />
                    {move || texts().mode_upsert}
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="mode"
                        checked=replace
                        on:change=move |_| replace.set(true)
                    />
                    {move || texts().mode_replace}
                </label>
            </fieldset>
            {move || {
                missing
                    .get()
                    .then(|| {
                        view! {
                            <p class="problem" role="alert">
                                {texts().choose_file_first}
                            </p>
                        }
                    })
            }}
            <div class="actions">
                <button type="button" data-test="check" disabled=busy on:click=move |_| send(true)>
                    {move || texts().check}
                </button>
                <button
                    type="button"
                    data-test="commit"
                    class="primary"
                    disabled=move || busy.get() || !report.get().is_some_and(|r| r.ok && r.dry_run)
                    on:click=move |_| send(false)
                >
                    {move || texts().commit}
                </button>
            </div>
            {move || busy.get().then(|| view! { <p class="muted">{texts().working}</p> })}
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            {move || report.get().map(|report| view! { <Report report=report /> })}
        </section>
    }
}

/// What the API takes the file as, by its name (browsers disagree on types).
fn content_type_of(name: &str) -> &'static str {
    let name = name.to_lowercase();
    if name.ends_with(".zip") {
        "application/zip"
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        "application/x-ndjson"
    } else {
        "text/csv"
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let texts = use_texts();
    let counts = report.clone();
    let summary = move || {
        let t = texts();
        let r = &counts;
        let values = [
            ("rows", r.rows.to_string()),
            ("bad", r.bad_rows.max(u64::from(!r.ok)).to_string()),
            ("added", r.added.to_string()),
            ("updated", r.updated.to_string()),
            ("removed", r.removed.to_string()),
            ("total", r.total.to_string()),
            ("version", r.committed.clone().unwrap_or_default()),
            ("more", r.more_problems.to_string()),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut lines = vec![fill(if r.ok { t.report_ok } else { t.report_bad }, &values)];
        match (&r.committed, r.dry_run) {
            (Some(_), _) => lines.push(fill(t.report_committed, &values)),
            (None, true) if r.ok => lines.push(t.report_dry.to_owned()),
            _ => {}
        }
        if r.more_problems > 0 {
            lines.push(fill(t.report_more, &values));
        }
        lines.join(" ")
    };
    let problems = report.problems.clone();
    view! {
        <div class="report" data-test="report" data-ok=report.ok.to_string() role="status">
            <p>{summary}</p>
            {(!problems.is_empty())
                .then(|| {
                    view! {
                        <table>
                            <thead>
                                <tr>
                                    <th>{move || texts().col_place}</th>
                                    <th>{move || texts().col_field}</th>
                                    <th>{move || texts().col_problem}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {problems
                                    .into_iter()
                                    .map(|p| {
                                        view! {
                                            <tr>
                                                <td>{p.place}</td>
                                                <td>
                                                    <code>{p.field}</code>
                                                </td>
                                                <td>{p.message}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
        </div>
    }
}
