//! The top bar: brand, keyword search and the language switch.

use std::time::Duration;

use beltmart_contract::{CatalogQuery, Filter, MAX_KEYWORD_CHARS};
use leptos::prelude::*;

use crate::hooks::use_debounce;
use crate::i18n::{Lang, use_lang};
use crate::router::urls::{Page, catalog_href, page_href};
use crate::router::{NavigateOptions, use_location, use_navigate, use_page};
use crate::shortlist::use_shortlist;

/// How long typing must pause before the results follow.
const SEARCH_PAUSE: Duration = Duration::from_millis(350);

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let shortlist = use_shortlist();
    view! {
        <header class="topbar">
            <a href=catalog_href(&CatalogQuery::default()) class="brand">
                <span class="brand-name">"Beltmart"</span>
                <span class="brand-tagline">{move || texts().tagline}</span>
            </a>
            <SearchBox />
            <nav class="nav" aria-label="Beltmart">
                <a href=page_href(&Page::Belts) class="nav-link">
                    {move || texts().belts_nav}
                </a>
                <a href=page_href(&Page::List) class="nav-link list-link">
                    {move || texts().list_nav}
                    " "
                    <span class="list-count">{move || shortlist.with(|l| l.len())}</span>
                </a>
            </nav>
            <LangSwitch />
        </header>
    }
}

/// The keyword box. On the catalog it refines the current filters; elsewhere
/// it starts a new search.
#[component]
fn SearchBox() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();
    let page = use_page();
    let navigate = use_navigate();
    let current_query = move || CatalogQuery::parse(&location.search.get()).unwrap_or_default();
    // What the box shows follows the URL (back, forward, shared links).
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(current_query().q));
    let search = move |replace: bool| {
        let on_catalog = page.get_untracked() == Page::Catalog;
        let base = match on_catalog {
            true => current_query(),
            false => CatalogQuery::default(),
        };
        let next = base.with(|q| q.q = typed.get_untracked().trim().to_owned());
        if !on_catalog || next != base {
            let scroll = !on_catalog;
            navigate(&catalog_href(&next), NavigateOptions { scroll, replace });
        }
    };
    // Typing searches after a pause; each refinement of a keyword replaces the last
    // history entry, so back leaves the search instead of undoing it letter by letter.
    let typing = use_debounce(SEARCH_PAUSE, {
        let search = search.clone();
        move || {
            if page.get_untracked() == Page::Catalog {
                search(!current_query().q.is_empty());
            }
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        typed.set(event_target_value(&ev));
        typing.call();
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        typing.cancel();
        search(false);
    };
    view! {
        <form class="search" role="search" on:submit=on_submit>
            <label for="search-input" class="visually-hidden">
                {move || texts().search_label}
            </label>
            <input
                id="search-input"
                type="search"
                name=Filter::Keyword.key()
                maxlength=MAX_KEYWORD_CHARS
                autocomplete="off"
                enterkeyhint="search"
                placeholder=move || texts().search_placeholder
                prop:value=move || typed.get()
                on:input=on_input
            />
            <button type="submit">{move || texts().search_button}</button>
        </form>
    }
}

/// 中文 ⇄ English; the label is in the language it switches to.
#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let other = move || match lang.get() {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    view! {
        <button type="button" class="lang-switch" on:click=move |_| lang.set(other())>
            <span lang=move || other().tag()>{move || lang.get().texts().switch_to}</span>
        </button>
    }
}
