//! The search box. Typing searches the keyword after a pause and offers
//! suggestions (names with their counts, then popular titles) in the ARIA
//! combobox pattern. Enter reads the sentence into filters
//! (`GET /api/v1/understand`): they show as chips and in the URL, and the
//! words left over stay in the box as the keyword.

mod choices;

use std::time::Duration;

use beltmart_contract::{CatalogQuery, FacetValue, Filter, MAX_KEYWORD_CHARS, Suggestions};
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::choices::{Choice, ChoiceList, LISTBOX_ID, choices_of, option_id};
use crate::api;
use crate::hooks::use_debounce;
use crate::i18n::use_lang;
use crate::router::urls::{Page, catalog_href, page_href};
use crate::router::{NavigateOptions, use_location, use_navigate, use_page};

/// How long typing must pause before the results follow.
const SEARCH_PAUSE: Duration = Duration::from_millis(350);
/// How long typing must pause before suggestions are asked for.
const SUGGEST_PAUSE: Duration = Duration::from_millis(120);

/// On the catalog it refines the current filters; elsewhere it starts a new search.
#[component]
pub fn SearchBox() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();
    let page = use_page();
    let navigate = use_navigate();
    let current_query = move || CatalogQuery::parse(&location.search.get()).unwrap_or_default();
    let on_catalog = move || page.get_untracked() == Page::Catalog;
    let base = move || match on_catalog() {
        true => current_query(),
        false => CatalogQuery::default(),
    };
    // What the box shows follows the URL (back, forward, shared links).
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(current_query().q));
    let go = {
        let navigate = navigate.clone();
        move |next: CatalogQuery, replace: bool| {
            if !on_catalog() || next != current_query() {
                let scroll = !on_catalog();
                navigate(&catalog_href(&next), NavigateOptions { scroll, replace });
            }
        }
    };

    // Typing searches after a pause; each refinement of a keyword replaces the last
    // history entry, so back leaves the search instead of undoing it letter by letter.
    let typing = use_debounce(SEARCH_PAUSE, {
        let go = go.clone();
        move || {
            if on_catalog() {
                let next = base().with(|q| q.q = typed.get_untracked().trim().to_owned());
                go(next, !current_query().q.is_empty());
            }
        }
    });

    let asked = RwSignal::new(String::new());
    let suggest_later = use_debounce(SUGGEST_PAUSE, move || {
        asked.set(typed.get_untracked().trim().to_owned());
    });
    let suggestions = api::remote::<Suggestions>(move || {
        let text = asked.get();
        (!text.is_empty()).then(|| beltmart_contract::path::suggest(&text))
    });
    let choices = Memo::new(move |_| {
        suggestions
            .value
            .with(|s| s.as_ref().map(choices_of).unwrap_or_default())
    });
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let shown = Signal::derive(move || {
        open.get() && !asked.with(String::is_empty) && !choices.with(Vec::is_empty)
    });
    let close = move || {
        open.set(false);
        active.set(None);
    };

    // Enter: the sentence's filters replace those it names; what it does not
    // understand is the keyword. Without an answer, the words are the keyword.
    let apply = {
        let go = go.clone();
        move |text: String, chosen: Option<FacetValue>| {
            close();
            typing.cancel();
            let base = base();
            let go = go.clone();
            spawn_local(async move {
                let said = match text.trim() {
                    "" => CatalogQuery::default(),
                    text => api::understand(text)
                        .await
                        .unwrap_or_else(|_| CatalogQuery {
                            q: text.to_owned(),
                            ..Default::default()
                        }),
                };
                let mut next = base.refined_by(&said);
                if let Some(chosen) = chosen {
                    add_value(&mut next, &chosen);
                }
                typed.set(next.q.clone());
                // Like typing: the entry of a keyword being typed is replaced,
                // so back goes to where the shopper was before the search.
                go(next, !current_query().q.is_empty());
            });
        }
    };
    let choose = Callback::new({
        let apply = apply.clone();
        move |at: usize| {
            let Some(choice) = choices.with_untracked(|c| c.get(at).cloned()) else {
                return;
            };
            match choice {
                Choice::Name(name) => {
                    let completes = suggestions
                        .value
                        .with_untracked(|s| s.as_ref().map(|s| s.completes.clone()))
                        .unwrap_or_default();
                    apply(before(&typed.get_untracked(), &completes), Some(name));
                }
                Choice::Product(id) => {
                    close();
                    let options = NavigateOptions {
                        scroll: true,
                        replace: false,
                    };
                    navigate(&page_href(&Page::Product(id)), options);
                }
            }
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        typed.set(event_target_value(&ev));
        typing.call();
        suggest_later.call();
        open.set(true);
        active.set(None);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = choices.with_untracked(Vec::len);
        match ev.key().as_str() {
            key @ ("ArrowDown" | "ArrowUp") if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|at| *at = step(*at, count, key == "ArrowDown"));
            }
            "Enter" => {
                if let Some(at) = active.get_untracked().filter(|_| shown.get_untracked()) {
                    ev.prevent_default();
                    choose.run(at);
                }
            }
            "Escape" if shown.get_untracked() => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply(typed.get_untracked(), None);
    };
    view! {
        // Without the app (JavaScript off, or not yet running) a plain GET to the catalog.
        <form
            class="search"
            role="search"
            action=catalog_href(&CatalogQuery::default())
            on:submit=on_submit
        >
            <label for="search-input" class="visually-hidden">
                {move || texts().search_label}
            </label>
            <input
                id="search-input"
                type="search"
                name=Filter::Keyword.key()
                role="combobox"
                aria-autocomplete="list"
                aria-controls=LISTBOX_ID
                aria-expanded=move || shown.get().to_string()
                aria-activedescendant=move || active.get().filter(|_| shown.get()).map(option_id)
                maxlength=MAX_KEYWORD_CHARS
                autocomplete="off"
                enterkeyhint="search"
                placeholder=move || texts().search_placeholder
                value=move || typed.get()
                prop:value=move || typed.get()
                on:input=on_input
                on:keydown=on_keydown
                on:focus=move |_| open.set(true)
                on:blur=move |_| close()
            />
            <button type="submit">{move || texts().search_button}</button>
            <ChoiceList suggestions=suggestions.value.into() is_shown=shown active choose />
            <p class="visually-hidden" role="status">
                {move || {
                    let count = choices.with(Vec::len) as u64;
                    shown.get().then(|| texts().suggestion_count.of(count))
                }}
            </p>
        </form>
    }
}

/// The next active choice: down from none is the first, up from none the last; both wrap.
fn step(at: Option<usize>, count: usize, down: bool) -> Option<usize> {
    Some(match (at, down) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(at), true) => (at + 1) % count,
        (Some(at), false) => (at + count - 1) % count,
    })
}

/// What was typed before the part a chosen name completes (else before the last word).
fn before(typed: &str, completes: &str) -> String {
    let typed = typed.trim();
    let rest = match typed.strip_suffix(completes) {
        Some(rest) if !completes.is_empty() => rest,
        _ => typed
            .rsplit_once(char::is_whitespace)
            .map_or("", |(rest, _)| rest),
    };
    rest.trim().to_owned()
}

/// Adds a chosen name's value to its filter (if the facet is one the codec knows).
fn add_value(query: &mut CatalogQuery, chosen: &FacetValue) {
    if let Some(Filter::Facet(facet)) = Filter::from_key(&chosen.facet) {
        query.add_value(facet, &chosen.id);
    }
}
