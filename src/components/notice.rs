//! What the shopper sees when something is loading or went wrong.

use leptos::prelude::*;

use crate::api::FetchError;
use crate::i18n::{fetch_problem, use_lang};

/// Explains a failed request and offers to try again. Filters stay as they are:
/// they live in the URL, which a failure never touches.
#[component]
pub fn ErrorNotice(error: FetchError, on_retry: impl Fn() + 'static) -> impl IntoView {
    let lang = use_lang();
    // The browser knows when the device itself has no network: say so plainly.
    // (The server renders a page when it is up: the page has the network.)
    let online = move || cfg!(feature = "ssr") || window().navigator().on_line();
    let message = move || fetch_problem(&error, online(), lang.get().texts());
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
    let label = move || match loading.get() {
        true => lang.get().texts().loading,
        false => "",
    };
    view! {
        <div
            class="loading-bar"
            class:active=move || loading.get()
            role="status"
            aria-live="polite"
        >
            <span class="visually-hidden">{label}</span>
        </div>
    }
}
