//! `/factory/:id`: who makes the products. Its kinds, every fact with who
//! vouches for it and when (expired ones marked), how it compares with the
//! other factories of its belt, and its products, with a way into the
//! catalog's filters for all of them.
//!
//! Its words live here, not in `i18n/texts.json`: they are only needed on
//! this page, whose code is a chunk of its own, outside the catalog's first load.

mod facts;
mod list;
mod peers;

use beltmart_contract::{CatalogQuery, ProductList, SupplierDetail};
use leptos::prelude::*;

use crate::api;
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::components::product_card::ProductCard;
use crate::hooks::use_document_title;
use crate::i18n::{Lang, use_lang};
use crate::router::urls::{Page, catalog_href};
use crate::router::{LastCatalogUrl, use_page};
use crate::taxonomy::use_name;
use facts::Facts;
use list::FactoryList;
use peers::Peers;

/// Products shown on the page; the catalog shows them all.
const SHOWN_PRODUCTS: u32 = 8;

/// A text in the shopper's language.
fn say(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

/// The catalog of this factory's products.
fn products_query(id: &str) -> CatalogQuery {
    CatalogQuery {
        supplier: vec![id.to_owned()],
        ..CatalogQuery::default()
    }
}

/// The factory list or one factory: this chunk's two pages.
#[component]
pub fn FactoryPage() -> impl IntoView {
    use leptos::either::Either;
    match use_page().get_untracked() {
        Page::Factories => Either::Left(view! { <FactoryList /> }),
        _ => Either::Right(view! { <OneFactory /> }),
    }
}

#[component]
fn OneFactory() -> impl IntoView {
    let lang = use_lang();
    let page = use_page();
    let id = Memo::new(move |_| match page.get() {
        Page::Factory(id) => id,
        _ => String::new(),
    });
    let wanted = move || Some(id.get()).filter(|id| !id.is_empty());
    let factory = api::remote::<SupplierDetail>(move || wanted().map(|id| api::supplier_path(&id)));
    let products = api::remote::<ProductList>(move || {
        let query = CatalogQuery {
            per_page: SHOWN_PRODUCTS,
            ..products_query(&wanted()?)
        };
        Some(beltmart_contract::path::products(&query))
    });
    let back = expect_context::<LastCatalogUrl>().0;
    let shown = Memo::new(move |_| factory.value.get().filter(|f| f.profile.id == id.get()));
    use_document_title(move || match shown.get() {
        Some(f) => format!("{} · Beltmart", f.profile.name),
        None => "Beltmart".to_owned(),
    });
    let problem = move || {
        let error = factory.error.get()?;
        Some(match error.is_not_found() {
            true => view! { <NoSuchFactory /> }.into_any(),
            false => view! { <ErrorNotice error on_retry=move || factory.retry() /> }.into_any(),
        })
    };
    view! {
        <article class="factory-page">
            <a href=move || back.get() class="back-link">
                {move || lang.get().texts().back_to_list}
            </a>
            <LoadingBar loading=factory.loading />
            {problem}
            {move || shown.get().map(|f| view! { <FactoryView factory=f products /> })}
        </article>
    }
}

#[component]
fn NoSuchFactory() -> impl IntoView {
    let lang = use_lang().get_untracked();
    view! {
        <div class="notice" role="alert">
            <p>
                {say(
                    lang,
                    "没有这家工厂，可能已下架。",
                    "There is no such factory; it may have left.",
                )}
            </p>
            <a href=catalog_href(&CatalogQuery::default()) class="button">
                {lang.texts().home}
            </a>
        </div>
    }
}

#[component]
fn FactoryView(factory: SupplierDetail, products: api::Remote<ProductList>) -> impl IntoView {
    let lang = use_lang();
    let profile = factory.profile.clone();
    let all_href = catalog_href(&products_query(&profile.id));
    let belt_href = catalog_href(&CatalogQuery {
        belt: vec![profile.belt.clone()],
        ..CatalogQuery::default()
    });
    let count = factory.product_count;
    let kinds = profile
        .kinds
        .iter()
        .map(|kind| {
            let name = use_name(kind.clone());
            view! {
                <li class="badge" data-kind=kind.clone()>
                    {name}
                </li>
            }
        })
        .collect_view();
    let since = move || {
        let lang = lang.get();
        let founded = profile.founded.map(|year| match lang {
            Lang::Zh => format!("成立于 {year} 年 · "),
            Lang::En => format!("Founded {year} · "),
        });
        let years = match lang {
            Lang::Zh => format!("入驻平台 {} 年", profile.years),
            Lang::En => lang.texts().years_on_platform.of(profile.years),
        };
        format!("{}{years}", founded.unwrap_or_default())
    };
    let city = use_name(profile.city.clone());
    let belt = use_name(profile.belt.clone());
    view! {
        <header class="factory-header">
            <h1>{profile.name.clone()}</h1>
            <ul class="factory-kinds">{kinds}</ul>
            <p class="factory-where">{city} " · " <a href=belt_href>{belt}</a></p>
            <p class="factory-since">{since}</p>
        </header>
        <Peers peers=factory.peers.clone() years=profile.years />
        <Facts profile=factory.profile.clone() answers=factory.answers.clone() />
        <section class="factory-products" aria-labelledby="factory-products-heading">
            <h2 id="factory-products-heading">
                {move || match lang.get() {
                    Lang::Zh => format!("在售商品（{count}）"),
                    Lang::En => format!("Products ({count})"),
                }}
            </h2>
            {move || {
                let lang = lang.get();
                products
                    .value
                    .get()
                    .map(|list| {
                        let cards = list
                            .items
                            .into_iter()
                            .map(|product| view! { <ProductCard product lang /> })
                            .collect_view();
                        view! { <ul class="grid">{cards}</ul> }
                    })
            }}
            <a href=all_href class="button factory-all">
                {move || match lang.get() {
                    Lang::Zh => {
                        format!(
                            "查看全部 {count} 件商品，按品类、价格、数量筛选",
                        )
                    }
                    Lang::En => format!("All {count} products, with filters, sorts and quantity"),
                }}
            </a>
        </section>
    }
}
