//! `/`: the catalog. The URL is the state: filters, keyword, sort and page are
//! read from the query string and every change navigates to a new one. On a
//! phone the filters open in a drawer whose changes wait for "显示 N 件商品".

mod drawer;
mod panel;
mod results;
mod toolbar;

use beltmart_contract::{CatalogQuery, Facet, Facets, PriceBucket, ProductList};
use leptos::prelude::*;

use crate::api::{self, Remote};
use crate::components::applied_filters::AppliedFilters;
use crate::components::belt_header::BeltHeader;
use crate::components::notice::{ErrorNotice, LoadingBar, SLOW_ANSWER};
use crate::components::quantity_picker::QuantityPicker;
use crate::components::quick_filters::QuickFilters;
use crate::hooks::{use_document_title, use_lasting};
use crate::i18n::{Lang, query_problem, use_lang};
use crate::router::urls::{Page, catalog_href};
use crate::router::{LastCatalogUrl, NavigateOptions, use_location, use_navigate, use_page};
use crate::scroll;
use crate::taxonomy::{TaxonomyRemote, follow_catalog_version, name_or_id, use_taxonomy};
use drawer::{Drawer, FilterDrawer};
use results::Results;
use toolbar::Toolbar;

pub use panel::BESIDE_RESULTS;
#[cfg(all(feature = "split", feature = "hydrate"))]
pub use panel::fetch_code as fetch_panel_code;

fn facets_of(list: Remote<ProductList>) -> Signal<Option<Facets>> {
    Memo::new(move |_| list.value.with(|l| l.as_ref().map(|l| l.facets.clone()))).into()
}

fn histogram_of(list: Remote<ProductList>) -> Signal<Option<Vec<PriceBucket>>> {
    Memo::new(move |_| {
        list.value
            .with(|l| l.as_ref().map(|l| l.price_histogram.clone()))
    })
    .into()
}

/// What the filters name: the keyword, then the chosen categories, belts and
/// cities; nothing for the whole catalog.
fn named(query: &CatalogQuery, taxonomy: TaxonomyRemote, lang: Lang) -> Option<String> {
    let names = [Facet::Category, Facet::Belt, Facet::City]
        .into_iter()
        .flat_map(|facet| query.values(facet))
        .map(|id| name_or_id(taxonomy, id, lang));
    let keyword = (!query.q.is_empty()).then(|| format!("“{}”", query.q));
    let parts: Vec<String> = keyword.into_iter().chain(names).collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The tab's title, and the page's for search engines: what the filters name.
fn catalog_title(query: &CatalogQuery, taxonomy: TaxonomyRemote, lang: Lang) -> String {
    match named(query, taxonomy, lang) {
        Some(named) => format!("{named} · Beltmart"),
        None => format!("Beltmart · {}", lang.texts().tagline),
    }
}

/// The page's heading, as its title names it (without the site's name).
fn catalog_heading(query: &CatalogQuery, taxonomy: TaxonomyRemote, lang: Lang) -> String {
    named(query, taxonomy, lang).unwrap_or_else(|| lang.texts().tagline.to_owned())
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let parsed = Memo::new(move |_| CatalogQuery::parse(&location.search.get()));
    let url_query = Memo::new(move |_| parsed.get().unwrap_or_default());
    let list =
        api::remote::<ProductList>(move || parsed.get().ok().map(|q| api::products_path(&q)));
    let navigate = use_navigate();
    let go = Callback::new(move |q: CatalogQuery| {
        let stay = NavigateOptions {
            scroll: false,
            replace: false,
        };
        navigate(&catalog_href(&q), stay);
    });
    follow_catalog_version(list);
    let drawer = Drawer::new(url_query, go);
    // One copy of the current results' facets, shared by the panel and the
    // quick filters.
    let list_facets = facets_of(list);
    let state = drawer.filter_state(
        list_facets,
        histogram_of(list),
        facets_of(drawer.list),
        histogram_of(drawer.list),
    );
    remember_the_way_back(url_query);
    let readable = Memo::new(move |_| parsed.with(Result::is_ok));
    let taxonomy = use_taxonomy();
    use_document_title(move || url_query.with(|q| catalog_title(q, taxonomy, lang.get())));
    // Back and forward return to where the shopper was in the list, once it is on screen.
    Effect::new(move |_| {
        if list.value.with(Option::is_some) && !list.loading.get() {
            scroll::restore_after_history_move();
        }
    });
    let retry = move || {
        list.retry();
        if taxonomy.error.with_untracked(Option::is_some) {
            taxonomy.retry();
        }
    };
    let url_signal: Signal<CatalogQuery> = url_query.into();
    // Busy at once for assistive tech; dimmed only for an answer that takes a while.
    let slow = use_lasting(list.loading.into(), SLOW_ANSWER);
    // Named as the title names it; the results and the filters show what it says.
    let heading = move || url_query.with(|q| catalog_heading(q, taxonomy, lang.get()));
    view! {
        <h1 class="visually-hidden">{heading}</h1>
        <div class="catalog">
            <FilterDrawer drawer state page_list=list />
            <section
                class="results"
                class:slow=slow
                aria-busy=move || list.loading.get().to_string()
            >
                <BadLink parsed />
                <BeltHeader query=url_signal list />
                <QuickFilters query=url_signal facets=list_facets go />
                <AppliedFilters query=url_signal list go />
                <QuantityPicker query=url_signal go />
                <Toolbar list query=url_signal go />
                <LoadingBar loading=list.loading />
                {move || {
                    list.error.get().map(|error| view! { <ErrorNotice error on_retry=retry /> })
                }}
                // An unreadable link fetches nothing: no skeleton waiting for ever.
                {move || readable.get().then(|| view! { <Results list query=url_signal go /> })}
            </section>
        </div>
    }
}

/// Keeps the list's URL for "back to the list". Leaving for a product page
/// changes the URL before this page unmounts, so only catalog URLs count.
fn remember_the_way_back(url_query: Memo<CatalogQuery>) {
    let last_catalog = expect_context::<LastCatalogUrl>().0;
    let page = use_page();
    Effect::new(move |_| {
        if page.get() == Page::Catalog {
            last_catalog.set(catalog_href(&url_query.get()));
        }
    });
}

/// A link whose query the codec cannot read: what is wrong, and a way out.
#[component]
fn BadLink(parsed: Memo<Result<CatalogQuery, beltmart_contract::QueryError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let err = parsed.get().err()?;
        let lang = lang.get();
        Some(view! {
            <div class="notice notice-error" role="alert">
                <p>{query_problem(&err, lang.texts())}</p>
                // A link: it works before, and without, the app.
                <a class="button" href=catalog_href(&CatalogQuery::default())>
                    {lang.texts().reset_filters}
                </a>
            </div>
        })
    }
}
