//! The console's shell: the setup page for a one-time link, the sign-in form
//! when there is no session, and otherwise the pages the account may use.

use beltmart_contract::{Role, SessionInfo, page, path};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::pages::inquiries::InquiriesPage;
use crate::pages::{audit::AuditPage, catalog::CatalogPage, people::PeoplePage};
use crate::pages::{profile::ProfilePage, setup::SetupPage, sign_in::SignInPage};
use crate::parts::Who;
use crate::texts::{Texts, provide_lang, switch_lang, use_texts};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Catalog,
    Inquiries,
    Profile,
    People,
    Audit,
}

impl Tab {
    /// For tests and styles: `data-tab`.
    fn name(self) -> &'static str {
        match self {
            Tab::Catalog => "catalog",
            Tab::Inquiries => "inquiries",
            Tab::Profile => "profile",
            Tab::People => "people",
            Tab::Audit => "audit",
        }
    }
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
            <button class="link" on:click=move |_| switch_lang()>
                {move || texts().other_lang}
            </button>
        </header>
        <main>
            {move || match (setup, who.get()) {
                (true, _) => view! { <SetupPage /> }.into_any(),
                (false, None) => view! { <p class="muted">{texts().working}</p> }.into_any(),
                (false, Some(None)) => view! { <SignInPage /> }.into_any(),
                (false, Some(Some(info))) => view! { <Shell info=info /> }.into_any(),
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
                data-tab=which.name()
                aria-current=move || (tab.get() == which).then_some("page")
                on:click=move |_| tab.set(which)
            >
                {move || label(texts())}
            </button>
        }
    };
    let role = info.role;
    let role = move || match role {
        Role::Owner => texts().role_owner,
        Role::Factory => texts().role_factory,
    };
    view! {
        <div class="who">
            <span data-test="who">
                {info.email.clone()} " · " {role}
                {info.supplier.clone().map(|s| format!(" · {s}"))}
            </span>
            <button class="link" on:click=move |_| sign_out(false)>
                {move || texts().sign_out}
            </button>
            <button class="link" on:click=move |_| sign_out(true)>
                {move || texts().sign_out_everywhere}
            </button>
        </div>
        <nav class="tabs">
            {tab_button(Tab::Catalog, |t| t.nav_catalog)}
            {tab_button(Tab::Inquiries, |t| t.inquiries.nav)}
            {tab_button(Tab::Profile, |t| t.nav_profile)}
            {owner.then(|| tab_button(Tab::People, |t| t.nav_people))}
            {owner.then(|| tab_button(Tab::Audit, |t| t.nav_audit))}
        </nav>
        {move || match tab.get() {
            Tab::Catalog => view! { <CatalogPage /> }.into_any(),
            Tab::Inquiries => view! { <InquiriesPage /> }.into_any(),
            Tab::Profile => view! { <ProfilePage supplier=supplier.clone() /> }.into_any(),
            Tab::People => view! { <PeoplePage /> }.into_any(),
            Tab::Audit => view! { <AuditPage /> }.into_any(),
        }}
    }
}
