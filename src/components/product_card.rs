//! A product in the grid: picture, title, price, MOQ, origin, supplier kind and sales.

use beltmart_contract::{ProductSummary, format_yuan};
use leptos::prelude::*;

use crate::api::api_url;
use crate::i18n::{total_for, use_lang};
use crate::router::urls::product_href;
use crate::shortlist::use_shortlist;
use crate::taxonomy::{name, use_taxonomy};

#[component]
pub fn ProductCard(
    product: ProductSummary,
    /// Load the picture at once: for the first cards, which are the largest paint on screen.
    #[prop(optional)]
    eager: bool,
    /// The quantity the catalog asks for: the card then shows what that many cost.
    #[prop(default = None)]
    qty: Option<u32>,
) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let ProductSummary {
        id,
        title,
        price_fen,
        moq,
        unit,
        category,
        city,
        belt,
        image,
        supplier_kind,
        sales_30d,
        ..
    } = product;
    let names = {
        let (city, belt, kind) = (city.clone(), belt.clone(), supplier_kind.clone());
        move || {
            let lang = lang.get();
            taxonomy.value.with(|t| match t {
                Some(t) => (
                    name(t, &city, lang),
                    name(t, &belt, lang),
                    name(t, &kind, lang),
                ),
                None => (city.clone(), belt.clone(), kind.clone()),
            })
        }
    };
    let names = Memo::new(move |_| names());
    let total = qty.map(|n| {
        let unit = unit.clone();
        move || total_for(lang.get().texts(), n, &unit, price_fen)
    });
    let add = add_to_list(id.clone(), qty.unwrap_or(moq));
    let moq_text = move || format!("{} {moq} {unit}", lang.get().texts().moq);
    view! {
        <li
            class="card"
            data-id=id.clone()
            data-category=category
            data-city=city
            data-belt=belt
            data-price-fen=price_fen.to_string()
        >
            <a href=product_href(&id) class="card-link">
                <img
                    src=api_url(&image)
                    alt=""
                    width="400"
                    height="400"
                    loading=if eager { "eager" } else { "lazy" }
                    fetchpriority=if eager { "high" } else { "auto" }
                    decoding="async"
                />
                <h3 class="card-title">{title}</h3>
                <p class="card-price">
                    <span class="price">"¥" {format_yuan(price_fen)}</span>
                </p>
                {total.map(|total| view! { <p class="card-total">{total}</p> })}
                <p class="card-moq">{moq_text}</p>
                <p class="card-origin">
                    {move || names.with(|(city, belt, _)| format!("{city} · {belt}"))}
                </p>
                <p class="card-meta">
                    <span class="badge" data-kind=supplier_kind>
                        {move || names.with(|n| n.2.clone())}
                    </span>
                    <span class="sales">
                        {move || format!("{} {sales_30d}", lang.get().texts().sales_30d)}
                    </span>
                </p>
            </a>
            {add}
        </li>
    }
}

/// 加入进货单 at the catalog's quantity (or the MOQ); once in, it says so.
fn add_to_list(id: String, qty: u32) -> impl IntoView {
    let lang = use_lang();
    let list = use_shortlist();
    let listed = {
        let id = id.clone();
        move || list.with(|l| l.qty_of(&id).is_some())
    };
    let label = {
        let listed = listed.clone();
        move || {
            let texts = lang.get().texts();
            if listed() {
                texts.in_list
            } else {
                texts.add_to_list
            }
        }
    };
    view! {
        <button
            type="button"
            class="button add-to-list"
            data-listed=move || listed().to_string()
            on:click=move |_| {
                list.update(|l| {
                    let _ = l.set(&id, qty);
                })
            }
        >
            {label}
        </button>
    }
}
