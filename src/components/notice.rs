//! What the shopper sees when something is loading or went wrong.

use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::use_lang;

/// Explains a failed request and offers to try again. Filters stay as they are:
/// they live in the URL, which a failure never touches.
#[component]
pub fn ErrorNotice(error: FetchError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let lang = use_lang();
    let message = move || {
        let texts = lang.get().texts();
        match &error {
            // The browser knows when the device itself has no network: say so plainly.
            FetchError::Unreachable if !window().navigator().on_line() => {
                texts.error_offline.to_owned()
            }
            FetchError::Unreachable => texts.error_unreachable.to_owned(),
            // Busy, timed out or the catalog briefly down: nothing the shopper did wrong.
            FetchError::Api { status: 503, .. } => texts.error_busy.to_owned(),
            FetchError::Api { message, .. } => format!("{}{message}", texts.error_server),
            FetchError::Invalid(_) => texts.error_invalid.to_owned(),
        }
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{message}</p>
            <button type="button" class="button" on:click=move |_| on_retry()>
                {move || lang.get().texts().retry}
            </button>
        </div>
    }
}

/// A thin bar at the top of the results while the next answer loads; the
/// previous results stay visible underneath.
#[component]
pub fn LoadingBar(#[prop(into)] loading: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="loading-bar" class:active=move || loading.get() role="status" aria-live="polite">
            <span class="visually-hidden">{move || if loading.get() { lang.get().texts().loading } else { "" }}</span>
        </div>
    }
}
