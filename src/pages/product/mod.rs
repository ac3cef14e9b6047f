//! `/product/:id`: tiered prices, MOQ, supplier, belt and city.

use beltmart_contract::{CatalogQuery, ProductDetail, format_yuan};
use leptos::prelude::*;

use crate::api::{self, api_url};
use crate::app::LastCatalogUrl;
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::i18n::use_lang;
use crate::pages::catalog::catalog_href;
use crate::router::{Page, use_page};
use crate::taxonomy::{name, use_taxonomy};

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
    Effect::new(move |_| {
        if let Some(p) = shown.get() {
            document().set_title(&format!("{} · Beltmart", p.title));
        }
    });
    view! {
        <article class="product-page">
            <a href=move || back.get() class="back-link">{move || texts().back_to_list}</a>
            <LoadingBar loading=product.loading />
            {move || {
                product.error.get().map(|error| {
                    if error.is_not_found() {
                        view! {
                            <div class="notice" role="alert">
                                <p>{texts().product_not_found}</p>
                                <a href=catalog_href(&CatalogQuery::default()) class="button">{texts().home}</a>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! { <ErrorNotice error on_retry=move || product.retry() /> }.into_any()
                    }
                })
            }}
            {move || shown.get().map(|p| view! { <ProductView product=p /> })}
        </article>
    }
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let taxonomy = use_taxonomy();
    let name_of = move |id: String| {
        move || {
            taxonomy
                .value
                .with(|t| t.as_ref().map_or(id.clone(), |t| name(t, &id, lang.get())))
        }
    };
    let ProductDetail {
        title,
        price_fen,
        moq,
        unit,
        category,
        city,
        belt,
        images,
        goods_kind,
        sales_30d,
        listed_on,
        tiers,
        supplier,
        ..
    } = product;
    let supplier_kind = supplier.kind.clone();
    let chosen = RwSignal::new(0usize);
    let main_image = {
        let images = images.clone();
        move || {
            images
                .get(chosen.get())
                .map(|src| api_url(src))
                .unwrap_or_default()
        }
    };
    let belt_href = catalog_href(&CatalogQuery {
        belt: vec![belt.clone()],
        ..Default::default()
    });
    let thumbs = images
        .iter()
        .enumerate()
        .map(|(n, src)| {
            view! {
                <li>
                    <button type="button" class="thumb" aria-pressed=move || (chosen.get() == n).to_string()
                        aria-label=format!("{}", n + 1) on:click=move |_| chosen.set(n)>
                        <img src=api_url(src) alt="" width="72" height="72" loading="lazy" decoding="async" />
                    </button>
                </li>
            }
        })
        .collect_view();
    let unit_for_tiers = unit.clone();
    let tier_rows = tiers
        .into_iter()
        .map(|tier| {
            view! {
                <tr>
                    <td>{format!("≥ {} {}", tier.min_qty, unit_for_tiers)}</td>
                    <td class="price">"¥" {format_yuan(tier.price_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="product">
            <div class="gallery">
                <img class="main-image" src=main_image alt=title.clone() width="400" height="400" fetchpriority="high" />
                <ul class="thumbs">{thumbs}</ul>
            </div>
            <div class="product-info">
                <h1>{title}</h1>
                <p class="product-price"><span class="price">"¥" {format_yuan(price_fen)}</span> " / " {unit.clone()}</p>
                <p class="product-moq">{move || texts().moq} " " {moq} " " {unit.clone()}</p>
                <table class="tiers">
                    <caption>{move || texts().tier_table}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || texts().tier_quantity}</th>
                            <th scope="col">{move || texts().tier_price}</th>
                        </tr>
                    </thead>
                    <tbody>{tier_rows}</tbody>
                </table>
                <dl class="facts">
                    <dt>{move || texts().origin}</dt>
                    <dd class="product-origin">{name_of(city)} " · " {name_of(belt)}</dd>
                    <dt>{move || texts().category}</dt>
                    <dd>{name_of(category)}</dd>
                    <dt>{move || texts().goods_kind}</dt>
                    <dd>{name_of(goods_kind)}</dd>
                    <dt>{move || texts().sales_30d}</dt>
                    <dd>{sales_30d}</dd>
                    <dt>{move || texts().listed_on}</dt>
                    <dd>{listed_on}</dd>
                </dl>
                <section class="supplier" aria-labelledby="supplier-heading">
                    <h2 id="supplier-heading">{move || texts().supplier}</h2>
                    <p class="supplier-name">{supplier.name}</p>
                    <p>
                        <span class="badge" data-kind=supplier_kind>{name_of(supplier.kind)}</span>
                        " " {supplier.years} " " {move || texts().years_on_platform}
                    </p>
                </section>
                <a href=belt_href class="button">{move || texts().more_from_belt}</a>
            </div>
        </div>
    }
}
