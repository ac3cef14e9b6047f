//! The top bar: brand, keyword search and the language switch.

use beltmart_contract::CatalogQuery;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::i18n::{Lang, use_lang};
use crate::pages::catalog::catalog_href;

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
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let base = if location.pathname.get_untracked() == "/" {
            current_query()
        } else {
            CatalogQuery::default()
        };
        let next = base.with(|q| q.q = typed.get_untracked().trim().to_owned());
        navigate(&catalog_href(&next), NavigateOptions::default());
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="brand-name">"Beltmart"</span>
                <span class="brand-tagline">{move || texts().tagline}</span>
            </A>
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
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit">{move || texts().search_button}</button>
            </form>
            <button
                type="button"
                class="lang-switch"
                on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
            >
                {move || texts().switch_to}
            </button>
        </header>
    }
}
