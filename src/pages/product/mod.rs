//! `/product/:id`: tiered prices, MOQ, supplier, belt and city.

mod details;
mod gallery;
mod quantity;

use beltmart_contract::{CatalogQuery, ProductDetail, format_yuan};
use leptos::prelude::*;

use crate::api;
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::hooks::use_document_title;
use crate::i18n::use_lang;
use crate::router::urls::{Page, catalog_href};
use crate::router::{LastCatalogUrl, use_page};
use details::{Facts, SupplierCard, TierTable};
use gallery::Gallery;
use quantity::QuantityStepper;

#[component]
pub fn ProductPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let page = use_page();
    let id = Memo::new(move |_| match page.get() {
        Page::Product(id) => id,
        _ => String::new(),
    });
    // Leaving the page empties the id first: nothing to fetch then.
    let product = api::remote::<ProductDetail>(move || {
        Some(id.get())
            .filter(|id| !id.is_empty())
            .map(|id| api::product_path(&id))
    });
    let back = expect_context::<LastCatalogUrl>().0;
    // The previous product stays in `value` while the next loads; show only the one asked for.
    let shown = Memo::new(move |_| product.value.get().filter(|p| p.id == id.get()));
    use_document_title(move || match shown.get() {
        Some(p) => format!("{} · Beltmart", p.title),
        None => "Beltmart".to_owned(),
    });
    let problem = move || {
        let error = product.error.get()?;
        Some(match error.is_not_found() {
            true => view! { <NoSuchProduct /> }.into_any(),
            false => view! { <ErrorNotice error on_retry=move || product.retry() /> }.into_any(),
        })
    };
    view! {
        <article class="product-page">
            <a href=move || back.get() class="back-link">
                {move || texts().back_to_list}
            </a>
            <LoadingBar loading=product.loading />
            {problem}
            {move || shown.get().map(|p| view! { <ProductView product=p /> })}
        </article>
    }
}

#[component]
fn NoSuchProduct() -> impl IntoView {
    let texts = use_lang().get_untracked().texts();
    view! {
        <div class="notice" role="alert">
            <p>{texts.product_not_found}</p>
            <a href=catalog_href(&CatalogQuery::default()) class="button">
                {texts.home}
            </a>
        </div>
    }
}

/// Where the stepper starts: the quantity the shopper's catalog (at `back`)
/// asked for, when this product sells that few, else its MOQ.
fn starting_quantity(back: &str, moq: u32) -> u32 {
    let catalog = back
        .split_once('?')
        .and_then(|(_, q)| CatalogQuery::parse(q).ok());
    catalog
        .and_then(|q| q.qty)
        .filter(|&n| n >= moq)
        .unwrap_or(moq)
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let belt_href = catalog_href(&CatalogQuery {
        belt: vec![product.belt.clone()],
        ..Default::default()
    });
    let unit = product.unit.clone();
    let moq = format!("{} {unit}", product.moq);
    let back = expect_context::<LastCatalogUrl>().0;
    let first = back.with_untracked(|back| starting_quantity(back, product.moq));
    let qty = RwSignal::new(first);
    // A page the server rendered learns the shopper's catalog once hydrated:
    // the stepper starts from it, unless the shopper has moved it already.
    let product_moq = product.moq;
    Effect::new(move |_| {
        let start = back.with(|back| starting_quantity(back, product_moq));
        if qty.get_untracked() == first {
            qty.set(start);
        }
    });
    view! {
        <div class="product">
            <Gallery
                images=product.images.clone()
                pictures=product.pictures.clone()
                title=product.title.clone()
            />
            <div class="product-info">
                <h1>{product.title.clone()}</h1>
                <p class="product-price">
                    <span class="price">"¥" {format_yuan(product.price_fen)}</span>
                    " / "
                    {unit.clone()}
                </p>
                <p class="product-moq">{move || texts().moq} " " {moq}</p>
                <QuantityStepper
                    id=product.id.clone()
                    tiers=product.tiers.clone()
                    moq=product.moq
                    unit=unit.clone()
                    qty
                />
                <TierTable tiers=product.tiers.clone() unit qty=qty.into() />
                <Facts product=product.clone() />
                <SupplierCard supplier=product.supplier />
                <a href=belt_href class="button">
                    {move || texts().more_from_belt}
                </a>
            </div>
        </div>
    }
}
