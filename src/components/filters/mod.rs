//! The filter panel: category tree, cities by province with their belts, and
//! price. On a desktop every change is a new URL; in the phone drawer changes
//! collect in a pending query until the shopper applies them. Counts come from
//! the latest results for whichever query the panel shows.

mod category;
mod city;
mod group;
mod no_js_form;
mod price;

use beltmart_contract::{CatalogQuery, Facet, Facets, PriceBucket};
use leptos::prelude::*;

pub use category::CategoryFilter;
pub use city::CityFilter;
#[cfg(feature = "ssr")]
pub use no_js_form::NoJsFilterForm;
#[cfg(any(feature = "ssr", feature = "hydrate"))]
pub use no_js_form::no_js_filters_link;
pub use no_js_form::until_started;
pub use price::PriceFilter;

use super::facet_option::FacetOption;
use crate::i18n::use_lang;

/// A value of a list facet as the filter panel shows it.
#[derive(Clone)]
struct Choice {
    id: String,
    zh: String,
    en: String,
}

impl Choice {
    fn new(id: &str, zh: &str, en: &str) -> Choice {
        Choice {
            id: id.to_owned(),
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    fn label(&self) -> Signal<String> {
        let lang = use_lang();
        let (zh, en) = (self.zh.clone(), self.en.clone());
        Signal::derive(move || lang.get().pick(&zh, &en).to_owned())
    }
}

/// Everything a facet checkbox needs to read and change the query.
#[derive(Clone, Copy)]
pub struct FilterState {
    /// The query the panel shows and changes.
    pub query: Signal<CatalogQuery>,
    /// Facet counts and price spread of that query's results.
    pub facets: Signal<Option<Facets>>,
    pub histogram: Signal<Option<Vec<PriceBucket>>>,
    pub go: Callback<CatalogQuery>,
    /// Fetches what a query would show before the shopper chooses it (see `api::prefetch`).
    pub ahead: Callback<CatalogQuery>,
}

impl FilterState {
    /// A checkbox for one value of a list facet.
    fn option(self, facet: Facet, choice: &Choice, class: &'static str) -> impl IntoView + use<> {
        let FilterState {
            query,
            facets,
            go,
            ahead,
            ..
        } = self;
        let (for_count, for_checked, id) =
            (choice.id.clone(), choice.id.clone(), choice.id.clone());
        let toggled = move || query.get_untracked().toggled(facet, &id);
        let for_intent = toggled.clone();
        view! {
            <FacetOption
                label=choice.label()
                class
                name=facet.key()
                value=choice.id.clone()
                count=Signal::derive(move || {
                    facets.with(|f| f.as_ref().and_then(|f| f.count(facet, &for_count)))
                })
                checked=Signal::derive(move || {
                    query.with(|q| q.values(facet).contains(&for_checked))
                })
                on_toggle=move || go.run(toggled())
                on_intent=move |_| ahead.run(for_intent())
            />
        }
    }
}
