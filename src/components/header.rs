//! The top bar: brand, keyword search and the language switch.

use beltmart_contract::CatalogQuery;
use std::time::Duration;

use crate::app::app_href;
use crate::router::{use_location, use_navigate};
use leptos::prelude::*;

use crate::i18n::{Lang, use_lang};
use crate::pages::catalog::{catalog_href, to_catalog};

/// How long typing must pause before the results follow.
const SEARCH_PAUSE: Duration = Duration::from_millis(350);

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();
    let navigate = use_navigate();
    let current_query = move || CatalogQuery::parse(&location.search.get()).unwrap_or_default();
    // What the box shows follows the URL (back, forward, shared links).
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(current_query().q));
    let search = move |replace: bool| {
        let on_catalog = crate::app::is_catalog_path(&location.pathname.get_untracked());
        let base = if on_catalog {
            current_query()
        } else {
            CatalogQuery::default()
        };
        let next = base.with(|q| q.q = typed.get_untracked().trim().to_owned());
        if !on_catalog || next != base {
            navigate(&catalog_href(&next), to_catalog(!on_catalog, replace));
        }
    };
    // Typing searches after a pause; each refinement of a keyword replaces the last
    // history entry, so back leaves the search instead of undoing it letter by letter.
    let pause = StoredValue::new(None::<TimeoutHandle>);
    let on_input = {
        let search = search.clone();
        move |ev: leptos::ev::Event| {
            typed.set(event_target_value(&ev));
            if let Some(handle) = pause.get_value() {
                handle.clear();
            }
            let search = search.clone();
            let typing = move || {
                if crate::app::is_catalog_path(&location.pathname.get_untracked()) {
                    search(!current_query().q.is_empty());
                }
            };
            pause.set_value(set_timeout_with_handle(typing, SEARCH_PAUSE).ok());
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(handle) = pause.get_value() {
            handle.clear();
        }
        search(false);
    };
    view! {
        <header class="topbar">
            <a href=catalog_href(&CatalogQuery::default()) class="brand">
                <span class="brand-name">"Beltmart"</span>
                <span class="brand-tagline">{move || texts().tagline}</span>
            </a>
            <form class="search" role="search" on:submit=on_submit>
                <label for="search-input" class="visually-hidden">{move || texts().search_label}</label>
                <input
                    id="search-input"
                    type="search"
                    name="q"
                    maxlength="64"
                    autocomplete="off"
                    enterkeyhint="search"
                    placeholder=move || texts().search_placeholder
                    prop:value=move || typed.get()
                    on:input=on_input
                />
                <button type="submit">{move || texts().search_button}</button>
            </form>
            <nav class="nav" aria-label="Beltmart">
                <a href=app_href("/belts") class="nav-link">{move || texts().belts_nav}</a>
            </nav>
            <button
                type="button"
                class="lang-switch"
                on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
            >
                <span lang=move || if lang.get() == Lang::Zh { "en" } else { "zh-CN" }>{move || texts().switch_to}</span>
            </button>
        </header>
    }
}
