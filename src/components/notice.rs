//! What the shopper sees when something is loading or went wrong.

use std::time::Duration;

use leptos::prelude::*;

use crate::api::FetchError;
use crate::hooks::use_lasting;
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

/// An answer quicker than this looks instant: nothing says it is loading
/// (a bar or dimmed results flashing for a moment would be noise, and a
/// frame drawn for nothing before the answer's).
pub const SLOW_ANSWER: Duration = Duration::from_millis(150);

/// A thin bar at the top of the results while the next answer loads, once it
/// takes longer than [`SLOW_ANSWER`]; the previous results stay visible underneath.
#[component]
pub fn LoadingBar(#[prop(into)] loading: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let shown = use_lasting(loading, SLOW_ANSWER);
    let label = move || match shown.get() {
        true => lang.get().texts().loading,
        false => "",
    };
    view! {
        <div class="loading-bar" class:active=move || shown.get() role="status" aria-live="polite">
            <span class="visually-hidden">{label}</span>
        </div>
    }
}
