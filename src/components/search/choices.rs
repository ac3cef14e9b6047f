//! The suggestions under the search box: a listbox of names (with their
//! product counts) and product titles, in the ARIA combobox pattern. The box
//! keeps focus; the active choice is announced through `aria-activedescendant`.

use beltmart_contract::{FacetValue, Suggestions};
use leptos::prelude::*;

use crate::i18n::{Lang, param_name, use_lang};
use crate::taxonomy::{name_or_id, use_taxonomy};

pub const LISTBOX_ID: &str = "search-suggestions";

/// One thing the shopper can choose.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// Filter by this name instead of typing it.
    Name(FacetValue),
    /// Go to this product.
    Product(String),
}

/// The choices of an answer, in the order they are shown.
pub fn choices_of(suggestions: &Suggestions) -> Vec<Choice> {
    let names = suggestions
        .names
        .iter()
        .map(|n| Choice::Name(n.name.clone()));
    let products = suggestions
        .titles
        .iter()
        .map(|t| Choice::Product(t.id.clone()));
    names.chain(products).collect()
}

/// The element id of the choice at `at`, for `aria-activedescendant`.
pub fn option_id(at: usize) -> String {
    format!("search-option-{at}")
}

/// What one option shows: its name, what kind of thing it is, and for a
/// name, how many products it has.
fn shown(
    suggestions: &Suggestions,
    lang: Lang,
    name_of: impl Fn(&str) -> String,
) -> Vec<[String; 3]> {
    let texts = lang.texts();
    let names = suggestions.names.iter().map(|n| {
        let kind = param_name(&n.name.facet, texts);
        [name_of(&n.name.id), kind.to_owned(), n.count.to_string()]
    });
    let titles = suggestions.titles.iter().map(|t| {
        [
            t.title.clone(),
            texts.suggestion_product.to_owned(),
            String::new(),
        ]
    });
    names.chain(titles).collect()
}

/// The listbox; always in the page (the box's `aria-controls` names it),
/// hidden while there is nothing to offer.
#[component]
pub fn ChoiceList(
    suggestions: Signal<Option<Suggestions>>,
    is_shown: Signal<bool>,
    active: RwSignal<Option<usize>>,
    choose: Callback<usize>,
) -> impl IntoView {
    let lang = use_lang();
    let taxonomy = use_taxonomy();
    let options = move || {
        let lang = lang.get();
        let name_of = |id: &str| name_or_id(taxonomy, id, lang);
        let rows = suggestions.with(|s| {
            s.as_ref()
                .map(|s| shown(s, lang, name_of))
                .unwrap_or_default()
        });
        rows.into_iter()
            .enumerate()
            .map(|(at, [label, kind, count])| {
                let is_active = move || active.get() == Some(at);
                view! {
                    <li
                        id=option_id(at)
                        role="option"
                        class="search-choice"
                        class:active=is_active
                        aria-selected=move || is_active().to_string()
                        on:mouseenter=move |_| active.set(Some(at))
                        on:click=move |_| choose.run(at)
                    >
                        <span class="choice-name">{label}</span>
                        <span class="choice-kind">{kind}</span>
                        <span class="choice-count">{count}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        // Choosing with the mouse must not take focus from the box first.
        <ul
            id=LISTBOX_ID
            class="search-choices"
            role="listbox"
            hidden=move || !is_shown.get()
            aria-label=move || lang.get().texts().suggestions_label
            on:mousedown=|ev| ev.prevent_default()
        >
            {options}
        </ul>
    }
}
