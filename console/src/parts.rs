//! What the console's pages share: who is signed in, and how a failed
//! request is shown.

use beltmart_contract::SessionInfo;
use leptos::prelude::*;

use crate::api::Failure;
use crate::texts::{Texts, use_texts};

/// Who is signed in: `None` while asking, `Some(None)` when nobody.
pub type Who = RwSignal<Option<Option<SessionInfo>>>;

/// What went wrong, in the person's words, with the server's detail where it helps.
pub fn problem(texts: &Texts, failure: &Failure) -> String {
    let detail = || failure.message.clone();
    match failure.code.as_str() {
        "wrong_credentials" => texts.error_wrong_credentials.to_owned(),
        "too_many_attempts" => texts.error_too_many.to_owned(),
        "invalid_link" => texts.error_invalid_link.to_owned(),
        "weak_password" => format!("{}{}", texts.error_weak_password, detail()),
        "signed_out" => texts.error_signed_out.to_owned(),
        "owner_only" => format!("{}{}", texts.error_owner_only, detail()),
        "invalid_change" => format!("{}{}", texts.error_invalid_change, detail()),
        "payload_too_large" => format!("{}{}", texts.error_too_large, detail()),
        "not_found" => texts.error_not_found.to_owned(),
        "unreachable" => texts.error_unreachable.to_owned(),
        _ if failure.status == 503 || failure.status == 429 => texts.error_busy.to_owned(),
        code => format!(
            "{}{} {code} {}",
            texts.error_other,
            failure.status,
            detail()
        ),
    }
}

/// A failed request shown: the words, with `role="alert"` for screen readers.
#[component]
pub fn Problem(failure: Failure) -> impl IntoView {
    let texts = use_texts();
    view! {
        <p class="problem" role="alert">
            {move || problem(texts(), &failure)}
        </p>
    }
}

/// A labelled text box bound to `value`: the label's words, then an optional
/// note (where a fact comes from), then the box.
#[component]
pub fn TextField(
    #[prop(into)] label: Signal<&'static str>,
    name: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] min_length: Option<&'static str>,
    #[prop(optional)] note: String,
) -> impl IntoView {
    view! {
        <label>
            {label} {(!note.is_empty()).then(|| view! { <small>{note}</small> })}
            <input
                type=kind
                name=name
                autocomplete=autocomplete
                required=required
                minlength=min_length
                inputmode=numeric.then_some("numeric")
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=value
            />
        </label>
    }
}
