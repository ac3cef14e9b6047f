//! Signing in with an email and a password.

use beltmart_contract::{SessionInfo, SignIn, path};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::parts::{Problem, TextField, Who};
use crate::texts::use_texts;

#[component]
pub fn SignInPage() -> impl IntoView {
    let texts = use_texts();
    let who = expect_context::<Who>();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let failed = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = SignIn {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::send::<SessionInfo>("POST", path::SESSION, &body).await {
                Ok(info) => who.set(Some(Some(info))),
                Err(failure) => failed.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card" on:submit=submit>
            <h1>{move || texts().sign_in_title}</h1>
            <TextField
                label=move || texts().email
                name="email"
                value=email
                kind="email"
                autocomplete="username"
                required=true
            />
            <TextField
                label=move || texts().password
                name="password"
                value=password
                kind="password"
                autocomplete="current-password"
                required=true
            />
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            <button type="submit" disabled=busy>
                {move || if busy.get() { texts().working } else { texts().sign_in }}
            </button>
        </form>
    }
}
