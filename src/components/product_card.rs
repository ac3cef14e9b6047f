//! A product in the grid: picture, title, price, MOQ, origin, supplier kind and sales.

use beltmart_contract::{ProductSummary, format_yuan};
use leptos::prelude::*;

use super::photo::{CARD_SIZES, Photo};
use crate::i18n::{Lang, total_for};
use crate::router::urls::{factory_href, product_href};
use crate::shortlist::use_shortlist;
use crate::taxonomy::{name_or_id, use_taxonomy};

/// Its words are written once, in `lang`: a grid shows many cards and
/// replaces them all on a filter click, so a card follows nothing but the
/// 进货单. Whoever lists cards draws them again for a new language or when
/// the taxonomy's names arrive.
#[component]
pub fn ProductCard(
    product: ProductSummary,
    lang: Lang,
    /// Load the picture at once: for the first cards, which are the largest paint on screen.
    #[prop(optional)]
    eager: bool,
    /// The quantity the catalog asks for: the card then shows what that many cost.
    #[prop(default = None)]
    qty: Option<u32>,
) -> impl IntoView {
    let texts = lang.texts();
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
        picture,
        supplier_kind,
        supplier,
        sales_30d,
        ..
    } = product;
    let taxonomy = use_taxonomy();
    let name = |id: &str| name_or_id(taxonomy, id, lang);
    let origin = format!("{} · {}", name(&city), name(&belt));
    let kind = name(&supplier_kind);
    let total = qty.map(|n| total_for(texts, n, &unit, price_fen));
    let add = add_to_list(id.clone(), qty.unwrap_or(moq), lang);
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
                <Photo src=image picture=picture sizes=CARD_SIZES side=400 eager=eager />
                // One level below the page's own heading (its h1).
                <h2 class="card-title">{title}</h2>
                <p class="card-price">
                    <span class="price">"¥" {format_yuan(price_fen)}</span>
                </p>
                {total.map(|total| view! { <p class="card-total">{total}</p> })}
                <p class="card-moq">{format!("{} {moq} {unit}", texts.moq)}</p>
                <p class="card-origin">{origin}</p>
                <p class="card-meta">
                    <span class="badge" data-kind=supplier_kind>
                        {kind}
                    </span>
                    <span class="sales">{format!("{} {sales_30d}", texts.sales_30d)}</span>
                </p>
            </a>
            <a href=factory_href(&supplier.id) class="card-factory">
                {supplier.name}
            </a>
            {add}
        </li>
    }
}

/// 加入进货单 at the catalog's quantity (or the MOQ); once in, it says so.
fn add_to_list(id: String, qty: u32, lang: Lang) -> impl IntoView {
    let list = use_shortlist();
    let listed = {
        let id = id.clone();
        move || list.with(|l| l.qty_of(&id).is_some())
    };
    let label = {
        let listed = listed.clone();
        move || {
            let texts = lang.texts();
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
