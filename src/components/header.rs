//! The top bar: brand, keyword search and the language switch.

use beltmart_contract::CatalogQuery;
use leptos::prelude::*;

use crate::components::search::SearchBox;
use crate::i18n::{Lang, use_lang};
use crate::router::urls::{Page, catalog_href, page_href};
use crate::shortlist::use_shortlist;

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
