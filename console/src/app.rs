//! The console's shell: the setup page for a one-time link, the sign-in form
//! when there is no session, and otherwise the pages the account may use.

use beltmart_contract::{Role, SessionInfo, page, path};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::pages::{audit::AuditPage, catalog::CatalogPage, people::PeoplePage};
use crate::pages::{profile::ProfilePage, setup::SetupPage, sign_in::SignInPage};
use crate::texts::{Texts, provide_lang, switch_lang, use_texts};

/// Who is signed in: `None` while asking, `Some(None)` when nobody.
pub type Who = RwSignal<Option<Option<SessionInfo>>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Catalog,
    Profile,
    People,
    Audit,
}

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_lang();
    Effect::new(move |_| {
        let texts = lang.get().texts();
        document().set_title(texts.title);
    });
    let who: Who = RwSignal::new(None);
    provide_context(who);
    let setup = window().location().pathname().unwrap_or_default() == page::CONSOLE_SETUP;
    if !setup {
        spawn_local(async move {
            match api::get::<SessionInfo>(path::SESSION).await {
                Ok(info) => who.set(Some(Some(info))),
                Err(_) => who.set(Some(None)),
            }
        });
    }
    let texts = use_texts();
    view! {
        <header class="bar">
            <strong>{move || texts().title}</strong>
            <button class="link" on:click=move |_| switch_lang()>{move || texts().other_lang}</button>
        </header>
        <main>
            {move || match (setup, who.get()) {
                (true, _) => view! { <SetupPage/> }.into_any(),
                (false, None) => view! { <p class="muted">{texts().working}</p> }.into_any(),
                (false, Some(None)) => view! { <SignInPage/> }.into_any(),
                (false, Some(Some(info))) => view! { <Shell info=info/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Shell(info: SessionInfo) -> impl IntoView {
    let texts = use_texts();
    let who = expect_context::<Who>();
    let tab = RwSignal::new(Tab::Catalog);
    let owner = info.role == Role::Owner;
    let supplier = info.supplier.clone();
    let sign_out = move |everywhere: bool| {
        spawn_local(async move {
            let at = match everywhere {
                true => format!("{}?everywhere=true", path::SESSION),
                false => path::SESSION.to_owned(),
            };
            let _ = api::delete(&at).await;
            who.set(Some(None));
        })
    };
    let tab_button = move |which: Tab, label: fn(&Texts) -> &'static str| {
        view! {
            <button
                class="tab"
                aria-current=move || (tab.get() == which).then_some("page")
                on:click=move |_| tab.set(which)
            >
                {move || label(texts())}
            </button>
        }
    };
    let role = match info.role {
        Role::Owner => texts().role_owner,
        Role::Factory => texts().role_factory,
    };
    view! {
        <div class="who">
            <span data-test="who">{info.email.clone()} " · " {role}
                {info.supplier.clone().map(|s| format!(" · {s}"))}</span>
            <button class="link" on:click=move |_| sign_out(false)>{move || texts().sign_out}</button>
            <button class="link" on:click=move |_| sign_out(true)>{move || texts().sign_out_everywhere}</button>
        </div>
        <nav class="tabs">
            {tab_button(Tab::Catalog, |t| t.nav_catalog)}
            {tab_button(Tab::Profile, |t| t.nav_profile)}
            {owner.then(|| tab_button(Tab::People, |t| t.nav_people))}
            {owner.then(|| tab_button(Tab::Audit, |t| t.nav_audit))}
        </nav>
        {move || match tab.get() {
            Tab::Catalog => view! { <CatalogPage/> }.into_any(),
            Tab::Profile => view! { <ProfilePage supplier=supplier.clone()/> }.into_any(),
            Tab::People => view! { <PeoplePage/> }.into_any(),
            Tab::Audit => view! { <AuditPage/> }.into_any(),
        }}
    }
}

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
    view! { <p class="problem" role="alert">{move || problem(texts(), &failure)}</p> }
}
