//! The results: the product grid with its pages, a skeleton while the first
//! answer loads, and for no results, which filter to drop.

use beltmart_contract::{CatalogQuery, FacetValue, Filter, ProductList};
use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::api::Remote;
use crate::components::applied_filters::describe;
use crate::components::pagination::Pagination;
use crate::components::product_card::ProductCard;
use crate::i18n::{fill, use_lang};
use crate::taxonomy::{name_or_id, use_taxonomy};

/// Cards whose pictures load at once: the first row, the largest paint on screen.
const EAGER_CARDS: usize = 4;
/// About the cards a wide screen shows before scrolling: those whose pictures
/// are fetched ahead with a list (`api::prefetch_list`).
pub const CARDS_IN_VIEW: usize = 8;

#[component]
pub fn Results(
    list: Remote<ProductList>,
    query: Signal<CatalogQuery>,
    go: Callback<CatalogQuery>,
) -> impl IntoView {
    let lang = use_lang();
    let taxonomy = use_taxonomy();
    // Cards write their words once: a new language, or the names' arrival,
    // draws the grid again.
    let words = Memo::new(move |_| (lang.get(), taxonomy.value.with(Option::is_some)));
    move || {
        let lang = words.get().0;
        list.value.with(|l| match l {
            None => EitherOf3::A(view! { <Skeleton /> }),
            Some(l) if l.items.is_empty() => {
                let query = query.get_untracked();
                EitherOf3::B(view! { <EmptyResults list=l.clone() query go /> })
            }
            Some(l) => {
                let qty = query.with_untracked(|q| q.qty);
                let cards = l
                    .items
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(|(n, product)| {
                        view! { <ProductCard product lang eager=n < EAGER_CARDS qty /> }
                    })
                    .collect_view();
                EitherOf3::C(view! {
                    <ul class="grid">{cards}</ul>
                    <Pagination query=query.get_untracked() total=l.total />
                })
            }
        })
    }
}

#[component]
fn Skeleton() -> impl IntoView {
    let cards = (0..8).map(|_| view! { <li class="card placeholder"></li> });
    view! {
        <ul class="grid skeleton" aria-hidden="true">
            {cards.collect_view()}
        </ul>
    }
}

/// No results: say which filter to drop, with what it would give.
#[component]
fn EmptyResults(
    list: ProductList,
    query: CatalogQuery,
    go: Callback<CatalogQuery>,
) -> impl IntoView {
    let lang = use_lang();
    let taxonomy = use_taxonomy();
    let mut relaxed: Vec<_> = list
        .relaxed
        .into_iter()
        .filter(|r| r.count > 0)
        .filter_map(|r| Some((Filter::from_key(&r.id)?, r.count)))
        .collect();
    relaxed.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    let cleared = query.cleared();
    let nearer = list.nearest_qty.zip(query.qty).map(|(nearest, asked)| {
        let at_nearest = query.with(|q| q.qty = Some(nearest));
        let explain = move || {
            let text = lang.get().texts().moq_above_qty;
            fill(text, &[("{n}", &asked.to_string())])
        };
        let label = move || {
            let text = lang.get().texts().buy_instead;
            fill(text, &[("{n}", &nearest.to_string())])
        };
        view! {
            <p class="moq-above">{explain}</p>
            <button
                type="button"
                class="button primary nearest-qty"
                on:click=move |_| go.run(at_nearest.clone())
            >
                {label}
            </button>
        }
    });
    let did_you_mean: Vec<(Option<FacetValue>, String, u64, CatalogQuery)> = list
        .did_you_mean
        .into_iter()
        .filter_map(|d| Some((d.name, d.word, d.count, CatalogQuery::parse(&d.query).ok()?)))
        .collect();
    let has_did_you_mean = !did_you_mean.is_empty();
    let name_of = move |id: &str, lang| name_or_id(taxonomy, id, lang);
    let close_ones = move || {
        let lang = lang.get();
        let offers = did_you_mean.iter().map(move |(name, word, count, query)| {
            let label = match name {
                Some(value) => name_of(&value.id, lang),
                None => fill(lang.texts().search_without, &[("{word}", word)]),
            };
            (label, *count, query.clone())
        });
        offer_chips(offers.collect(), go)
    };
    let without_one = move || {
        let lang = lang.get();
        let query = &query;
        let offers = relaxed.iter().map(move |&(filter, count)| {
            let label = describe(query, filter, lang.texts(), |id| name_of(id, lang));
            (label, count, query.without(filter))
        });
        offer_chips(offers.collect(), go)
    };
    view! {
        <div class="notice empty">
            <p>{move || lang.get().texts().no_results}</p>
            {has_did_you_mean
                .then(|| {
                    view! {
                        <p>{move || lang.get().texts().did_you_mean}</p>
                        <ul class="chip-row did-you-mean">{close_ones}</ul>
                    }
                })}
            {nearer}
            <p>{move || lang.get().texts().try_dropping}</p>
            <ul class="chip-row">{without_one}</ul>
            <button type="button" class="button" on:click=move |_| go.run(cleared.clone())>
                {move || lang.get().texts().clear_all}
            </button>
        </div>
    }
}

/// Other queries as chips: what each is, and how many products it gives.
fn offer_chips(
    offers: Vec<(String, u64, CatalogQuery)>,
    go: Callback<CatalogQuery>,
) -> impl IntoView {
    offers
        .into_iter()
        .map(|(label, count, query)| {
            view! {
                <li>
                    <button
                        type="button"
                        class="chip removable suggestion"
                        on:click=move |_| go.run(query.clone())
                    >
                        {format!("{label} ({count})")}
                    </button>
                </li>
            }
        })
        .collect_view()
}
