use beltmart_contract::{
    CatalogQuery, Filter, PRICE_MAX_FIELD, PRICE_MIN_FIELD, PriceRange, QueryError,
};
use leptos::prelude::*;

use super::FilterState;
use crate::components::facet_option::FacetOption;
use crate::components::price_histogram::PriceHistogram;
use crate::i18n::{Texts, use_lang};
use crate::taxonomy::use_taxonomy;

/// Price: where the results' prices spread, the site's bands, and a custom range.
#[component]
pub fn PriceFilter(state: FilterState) -> impl IntoView {
    let lang = use_lang();
    let selected = Signal::derive(move || state.query.with(|q| q.price));
    view! {
        <fieldset class="filter">
            <legend>{move || lang.get().texts().price}</legend>
            <PriceHistogram buckets=state.histogram selected />
            <PriceBands state />
            <PriceRangeForm state />
        </fieldset>
    }
}

/// The taxonomy's price bands, one checkbox each; choosing one replaces the range.
#[component]
fn PriceBands(state: FilterState) -> impl IntoView {
    let FilterState {
        query,
        facets,
        go,
        ahead,
        ..
    } = state;
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    move || {
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let bands = t.price_bands.iter().map(|band| {
                let range = PriceRange::parse(&band.id).unwrap_or_default();
                let (zh, en) = (band.name_zh.clone(), band.name_en.clone());
                let id = band.id.clone();
                view! {
                    <FacetOption
                        name=Filter::Price.key()
                        value=band.id.clone()
                        label=Signal::derive(move || lang.get().pick(&zh, &en).to_owned())
                        count=Signal::derive(move || {
                            facets.with(|f| f.as_ref().and_then(|f| f.price_band_count(&id)))
                        })
                        checked=Signal::derive(move || query.with(|q| q.price == range))
                        on_toggle=move || go.run(toggled(query, range))
                        on_intent=move |_| ahead.run(toggled(query, range))
                    />
                }
            });
            Some(bands.collect_view())
        })
    }
}

/// The codec's price errors, in the shopper's language.
fn price_problem(texts: &Texts, err: &QueryError) -> String {
    match err {
        QueryError::PriceMinAboveMax { .. } => texts.price_min_above_max.to_owned(),
        _ => texts.price_invalid.to_owned(),
    }
}

/// A price in yuan as the range's boxes show it (`12.5`).
fn yuan(fen: Option<u32>) -> String {
    let Some(fen) = fen else {
        return String::new();
    };
    let from = PriceRange {
        min_fen: Some(fen),
        max_fen: None,
    };
    from.to_string().trim_end_matches('-').to_owned()
}

/// The custom range: typed in yuan, checked by the same codec as the URL.
#[component]
fn PriceRangeForm(state: FilterState) -> impl IntoView {
    let FilterState { query, go, .. } = state;
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let min = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let price = query.with(|q| q.price);
        min.set(yuan(price.min_fen));
        max.set(yuan(price.max_fen));
        problem.set(None);
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = format!(
            "{}-{}",
            min.get_untracked().trim(),
            max.get_untracked().trim()
        );
        match PriceRange::parse(&text) {
            Ok(range) => {
                problem.set(None);
                go.run(query.get_untracked().with(|q| q.price = range));
            }
            Err(err) => problem.set(Some(price_problem(lang.get_untracked().texts(), &err))),
        }
    };
    let invalid = move || problem.with(Option::is_some).to_string();
    // Before the app runs, the fields belong to the filters' plain form.
    let form = super::until_started();
    let bound =
        move |value: RwSignal<String>, name: &'static str, label: fn(&Texts) -> &'static str| {
            view! {
                <label>
                    <span class="visually-hidden">{move || label(texts())}</span>
                    <input
                        type="text"
                        name=name
                        form=form
                        inputmode="decimal"
                        size="6"
                        placeholder=move || label(texts())
                        value=move || value.get()
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                        aria-invalid=invalid
                    />
                </label>
            }
        };
    view! {
        <form class="price-range" on:submit=apply novalidate>
            {bound(min, PRICE_MIN_FIELD, |t| t.price_min)}
            <span aria-hidden="true">"–"</span>
            {bound(max, PRICE_MAX_FIELD, |t| t.price_max)}
            <button type="submit" class="button">
                {move || texts().price_apply}
            </button>
        </form>
        {move || {
            problem
                .get()
                .map(|p| {
                    view! {
                        <p class="field-error" role="alert">
                            {p}
                        </p>
                    }
                })
        }}
    }
}

/// The query with the price band `range` chosen, or unchosen if it was.
fn toggled(query: Signal<CatalogQuery>, range: PriceRange) -> CatalogQuery {
    let current = query.get_untracked();
    let next = if current.price == range {
        PriceRange::ANY
    } else {
        range
    };
    current.with(|q| q.price = next)
}
