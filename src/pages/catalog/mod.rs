//! `/`: the catalog. The URL is the state: filters, keyword, sort and page are
//! read from the query string and every change navigates to a new one. On a
//! phone the filters open in a drawer whose changes wait for "显示 N 件商品".

use crate::router::{NavigateOptions, use_location, use_navigate};
use beltmart_contract::{CatalogQuery, Facets, PriceBucket, ProductList, Sort};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api::{self, Remote};
use crate::app::LastCatalogUrl;
use crate::components::applied_filters::AppliedFilters;
use crate::components::belt_header::BeltHeader;
use crate::components::filters::{CategoryFilter, CityFilter, FilterState, PriceFilter};
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::components::pagination::Pagination;
use crate::components::product_card::ProductCard;
use crate::components::quick_filters::QuickFilters;
use crate::i18n::{Texts, use_lang};
use crate::scroll;
use crate::taxonomy::{follow_catalog_version, name, use_taxonomy};

/// The browser path of a catalog view, base included: `/shop/?city=yiwu`
/// (with the slash before the query, which static hosts need).
pub fn catalog_href(query: &CatalogQuery) -> String {
    let root = crate::app::catalog_root();
    match query.render() {
        rendered if rendered.is_empty() => root,
        rendered => format!("{root}?{rendered}"),
    }
}

/// Navigation options for a catalog path from [`catalog_href`].
pub fn to_catalog(scroll: bool, replace: bool) -> NavigateOptions {
    NavigateOptions { scroll, replace }
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

/// Whether the window is wide enough for the filters to sit beside the results
/// (the CSS breakpoint) rather than in the phone drawer; follows resizes.
fn filters_beside_results() -> ReadSignal<bool> {
    let media = window().match_media("(min-width: 641px)").ok().flatten();
    let (wide, set_wide) = signal(media.as_ref().is_none_or(|m| m.matches()));
    if let Some(media) = media {
        let on_change = Closure::<dyn Fn()>::new({
            let media = media.clone();
            move || {
                set_wide.try_set(media.matches());
            }
        });
        media.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        let on_change = StoredValue::new_local(on_change);
        on_cleanup(move || {
            media.set_onchange(None);
            on_change.dispose();
        });
    }
    wide
}

/// The drawer's pending results while it is open (the page's until they arrive), else the page's.
fn drawer_or_page<T: Clone + PartialEq + Send + Sync + 'static>(
    drawer_open: RwSignal<bool>,
    drawer: Signal<Option<T>>,
    page: Signal<Option<T>>,
) -> Signal<Option<T>> {
    Memo::new(move |_| {
        if drawer_open.get() {
            drawer.get().or_else(|| page.get())
        } else {
            page.get()
        }
    })
    .into()
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let location = use_location();
    let parsed = Memo::new(move |_| CatalogQuery::parse(&location.search.get()));
    let url_query = Memo::new(move |_| parsed.get().unwrap_or_default());
    let list =
        api::remote::<ProductList>(move || parsed.get().ok().map(|q| api::products_path(&q)));
    let navigate = use_navigate();
    let go = Callback::new(move |q: CatalogQuery| {
        navigate(&catalog_href(&q), to_catalog(false, false));
    });
    let taxonomy = use_taxonomy();
    follow_catalog_version(list);

    // The phone drawer edits a pending query, counted live, and applies it in one go.
    let drawer_open = RwSignal::new(false);
    let pending = RwSignal::new(CatalogQuery::default());
    let pending_list = api::remote::<ProductList>(move || {
        drawer_open
            .get()
            .then(|| api::products_path(&pending.get().with(|q| q.per_page = 1)))
    });
    let in_drawer = move || drawer_open.get();
    // One copy of the current results' facets, shared by the panel, the header and the quick filters.
    let list_facets = facets_of(list);
    // Memos, not derived signals: hundreds of facet options read these on every
    // change, and a derived signal would rebuild (clone) its value for each read.
    let state = FilterState {
        query: Memo::new(move |_| {
            if in_drawer() {
                pending.get()
            } else {
                url_query.get()
            }
        })
        .into(),
        facets: drawer_or_page(drawer_open, facets_of(pending_list), list_facets),
        histogram: drawer_or_page(drawer_open, histogram_of(pending_list), histogram_of(list)),
        go: Callback::new(move |q: CatalogQuery| {
            if drawer_open.get_untracked() {
                pending.set(q)
            } else {
                go.run(q)
            }
        }),
    };
    let open_drawer = move || {
        pending.set(url_query.get_untracked());
        drawer_open.set(true);
    };
    let close_drawer = move || drawer_open.set(false);
    let beside_results = filters_beside_results();
    let apply_drawer = move || {
        drawer_open.set(false);
        go.run(pending.get_untracked());
    };
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body
                .class_list()
                .toggle_with_force("drawer-open", drawer_open.get());
        }
    });
    on_cleanup(|| {
        if let Some(body) = document().body() {
            let _ = body.class_list().remove_1("drawer-open");
        }
    });
    let pending_total = move || {
        pending_list
            .value
            .with(|l| l.as_ref().map(|l| l.total))
            .or_else(|| list.value.with(|l| l.as_ref().map(|l| l.total)))
    };

    let last_catalog = expect_context::<LastCatalogUrl>().0;
    Effect::new(move |_| {
        // Leaving for a product page changes the URL before this page unmounts: keep the list's URL.
        if crate::app::is_catalog_path(&location.pathname.get()) {
            last_catalog.set(catalog_href(&url_query.get()));
        }
    });
    Effect::new(move |_| document().set_title(&format!("Beltmart · {}", texts().tagline)));
    // Back and forward return to where the shopper was in the list, once it is on screen.
    Effect::new(move |_| {
        if list.value.with(Option::is_some) && !list.loading.get() {
            scroll::restore_after_history_move();
        }
    });

    let url_signal: Signal<CatalogQuery> = url_query.into();
    let result_count = move || {
        let t = texts();
        list.value.with(|l| {
            l.as_ref()
                .map(|l| format!("{}{}{}", t.results_prefix, l.total, t.results_suffix))
        })
    };
    let on_sort = move |ev: leptos::ev::Event| {
        let sort = Sort::parse(&event_target_value(&ev)).unwrap_or_default();
        go.run(url_query.get_untracked().with(|q| q.sort = sort));
    };
    let retry = move || {
        list.retry();
        if taxonomy.error.with_untracked(Option::is_some) {
            taxonomy.retry();
        }
    };
    let results = move || {
        list.value.with(|l| match l {
            None => view! {
                <ul class="grid skeleton" aria-hidden="true">{(0..8).map(|_| view! { <li class="card placeholder"></li> }).collect_view()}</ul>
            }
            .into_any(),
            Some(l) if l.items.is_empty() => view! { <EmptyResults list=l.clone() go /> }.into_any(),
            Some(l) => {
                // The first row is what a shopper sees first: its pictures load at once.
                let cards = l
                    .items
                    .iter()
                    .cloned()
                    .enumerate()
                    .map(|(n, product)| view! { <ProductCard product eager={n < 4} /> })
                    .collect_view();
                view! {
                    <ul class="grid">{cards}</ul>
                    <Pagination query=url_query.get_untracked() total=l.total />
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
                aria-expanded=move || drawer_open.get().to_string()
                on:click=move |_| open_drawer()
            >
                {move || texts().filters}
            </button>
            <aside
                id="filters"
                class="filters"
                class:open=move || drawer_open.get()
                aria-label=move || texts().filters
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && drawer_open.get_untracked() {
                        close_drawer();
                    }
                }
            >
                <div class="drawer-head">
                    <h2>{move || texts().filters}</h2>
                    <button type="button" class="button drawer-close" on:click=move |_| close_drawer()>
                        {move || texts().close}
                    </button>
                </div>
                <div class="drawer-body">
                    // On a phone the panel is built when the drawer opens: the first
                    // paint (the common case on a slow phone) does not wait for it.
                    <Show when=move || beside_results.get() || drawer_open.get()>
                        <CategoryFilter state />
                        <CityFilter state />
                        <PriceFilter state />
                    </Show>
                </div>
                <div class="drawer-foot">
                    <button type="button" class="button primary drawer-apply" on:click=move |_| apply_drawer()>
                        {move || texts().show_results.replace("{}", &pending_total().map(|t| t.to_string()).unwrap_or_default())}
                    </button>
                </div>
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
                <BeltHeader query=url_signal facets=list_facets />
                <QuickFilters query=url_signal facets=list_facets go />
                <AppliedFilters query=url_signal go />
                <div class="toolbar">
                    <p class="result-count" aria-live="polite" aria-atomic="true">{result_count}</p>
                    <label class="sort">
                        <span>{move || texts().sort_label}</span>
                        <select on:change=on_sort prop:value=move || url_query.with(|q| q.sort.as_str())>
                            {Sort::ALL
                                .into_iter()
                                .map(|sort| view! { <option value=sort.as_str()>{move || sort_label(texts(), sort)}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                <LoadingBar loading=list.loading />
                {move || list.error.get().map(|error| view! { <ErrorNotice error on_retry=retry /> })}
                {results}
            </section>
        </div>
    }
}

/// No results: say which filter to drop, with what it would give.
#[component]
fn EmptyResults(list: ProductList, go: Callback<CatalogQuery>) -> impl IntoView {
    let lang = use_lang();
    let taxonomy = use_taxonomy();
    let location = use_location();
    let query = move || CatalogQuery::parse(&location.search.get_untracked()).unwrap_or_default();
    let suggestions = move || {
        let lang = lang.get();
        let texts = lang.texts();
        let q = query();
        let mut options: Vec<_> = list
            .relaxed
            .iter()
            .filter(|r| r.count > 0)
            .cloned()
            .collect();
        options.sort_by_key(|r| std::cmp::Reverse(r.count));
        options
            .into_iter()
            .map(|relaxed| {
                let label = match relaxed.id.as_str() {
                    "price" => format!("{} ¥{}", texts.price_label, q.price),
                    "q" => format!("{}: {}", texts.keyword, q.q),
                    param => {
                        let ids = beltmart_contract::Facet::ALL.into_iter().find(|f| f.key() == param).map(|f| q.values(f).to_vec()).unwrap_or_default();
                        taxonomy.value.with(|t| ids.iter().map(|id| t.as_ref().map_or_else(|| id.clone(), |t| name(t, id, lang))).collect::<Vec<_>>().join(" / "))
                    }
                };
                let without = q.with(|next| match relaxed.id.as_str() {
                    "price" => next.price = Default::default(),
                    "q" => next.q.clear(),
                    param => {
                        if let Some(f) = beltmart_contract::Facet::ALL.into_iter().find(|f| f.key() == param) {
                            next.values_mut(f).clear();
                        }
                    }
                });
                view! {
                    <li>
                        <button type="button" class="chip removable suggestion" on:click=move |_| go.run(without.clone())>
                            {format!("{label} ({})", relaxed.count)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="notice empty">
            <p>{move || lang.get().texts().no_results}</p>
            <p>{move || lang.get().texts().try_dropping}</p>
            <ul class="chip-row">{suggestions}</ul>
            <button type="button" class="button" on:click=move |_| go.run(query().cleared())>
                {move || lang.get().texts().clear_all}
            </button>
        </div>
    }
}
