//! `/`: the catalog. The URL is the state: filters, keyword, sort and page are
//! read from the query string and every change navigates to a new one.

use beltmart_contract::{CatalogQuery, Facets, ProductList, Sort};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::app::LastCatalogUrl;
use crate::components::filters::{CategoryFilter, CityFilter, FilterState, PriceFilter};
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::components::pagination::Pagination;
use crate::components::product_card::ProductCard;
use crate::i18n::{Texts, use_lang};

/// The app-relative URL of a catalog view.
pub fn catalog_href(query: &CatalogQuery) -> String {
    match query.render() {
        rendered if rendered.is_empty() => "/".to_owned(),
        rendered => format!("/?{rendered}"),
    }
}

fn sort_label(texts: &Texts, sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => texts.sort_relevance,
        Sort::PriceAsc => texts.sort_price_asc,
        Sort::PriceDesc => texts.sort_price_desc,
        Sort::Sales => texts.sort_sales,
        Sort::Newest => texts.sort_newest,
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();
    let parsed = Memo::new(move |_| CatalogQuery::parse(&location.search.get()));
    let query = Memo::new(move |_| parsed.get().unwrap_or_default());
    let list =
        api::remote::<ProductList>(move || parsed.get().ok().map(|q| api::products_path(&q)));
    let facets: Signal<Option<Facets>> =
        Memo::new(move |_| list.value.with(|l| l.as_ref().map(|l| l.facets.clone()))).into();
    let navigate = use_navigate();
    let go = Callback::new(move |q: CatalogQuery| {
        navigate(
            &catalog_href(&q),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    });
    let state = FilterState { query, facets, go };

    let last_catalog = expect_context::<LastCatalogUrl>().0;
    Effect::new(move |_| {
        // Leaving for a product page changes the URL before this page unmounts: keep the list's URL.
        if location.pathname.get() == "/" {
            last_catalog.set(catalog_href(&query.get()));
        }
    });
    Effect::new(move |_| document().set_title(&format!("Beltmart · {}", texts().tagline)));

    let filters_open = RwSignal::new(false);
    let result_count = move || {
        let t = texts();
        list.value.with(|l| {
            l.as_ref()
                .map(|l| format!("{}{}{}", t.results_prefix, l.total, t.results_suffix))
        })
    };
    let on_sort = move |ev: leptos::ev::Event| {
        let sort = Sort::parse(&event_target_value(&ev)).unwrap_or_default();
        go.run(query.get_untracked().with(|q| q.sort = sort));
    };
    let results = move || {
        list.value.with(|l| match l {
            None => view! { <ul class="grid skeleton" aria-hidden="true">{(0..8).map(|_| view! { <li class="card placeholder"></li> }).collect_view()}</ul> }.into_any(),
            Some(l) if l.items.is_empty() => view! { <p class="notice empty">{texts().no_results}</p> }.into_any(),
            Some(l) => {
                let cards = l.items.iter().cloned().map(|product| view! { <ProductCard product /> }).collect_view();
                view! {
                    <ul class="grid">{cards}</ul>
                    <Pagination query=query.get_untracked() total=l.total />
                }
                .into_any()
            }
        })
    };

    view! {
        <div class="catalog">
            <button
                type="button"
                class="filters-toggle button"
                aria-controls="filters"
                aria-expanded=move || filters_open.get().to_string()
                on:click=move |_| filters_open.update(|o| *o = !*o)
            >
                {move || texts().filters}
            </button>
            <aside id="filters" class="filters" class:open=move || filters_open.get() aria-label=move || texts().filters>
                <CategoryFilter state />
                <CityFilter state />
                <PriceFilter state />
            </aside>
            <section class="results" aria-busy=move || list.loading.get().to_string()>
                {move || {
                    parsed.get().err().map(|err| {
                        view! {
                            <div class="notice notice-error" role="alert">
                                <p>{texts().bad_link} {err.to_string()}</p>
                                <button type="button" class="button" on:click=move |_| go.run(CatalogQuery::default())>
                                    {texts().reset_filters}
                                </button>
                            </div>
                        }
                    })
                }}
                <div class="toolbar">
                    <p class="result-count" aria-live="polite" aria-atomic="true">{result_count}</p>
                    <Show when=move || query.with(CatalogQuery::is_filtered)>
                        <button type="button" class="link-button clear-all" on:click=move |_| go.run(CatalogQuery::default())>
                            {move || texts().clear_all}
                        </button>
                    </Show>
                    <label class="sort">
                        <span>{move || texts().sort_label}</span>
                        <select on:change=on_sort prop:value=move || query.with(|q| q.sort.as_str())>
                            {Sort::ALL
                                .into_iter()
                                .map(|sort| view! { <option value=sort.as_str()>{move || sort_label(texts(), sort)}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                <LoadingBar loading=list.loading />
                {move || list.error.get().map(|error| view! { <ErrorNotice error on_retry=move || list.retry() /> })}
                {results}
            </section>
        </div>
    }
}
