//! The filter panel: beside the results on a wide screen; on a phone, a drawer
//! that edits a pending query, counted live, and applies it in one go.

use beltmart_contract::{CatalogQuery, Facets, PriceBucket, ProductList};
use leptos::prelude::*;

use super::panel::{BESIDE_RESULTS, code_here, live_panel};
use super::results::CARDS_IN_VIEW;
use crate::api::{self, Remote};
use crate::components::filters::FilterState;
#[cfg(any(feature = "ssr", feature = "hydrate"))]
use crate::components::filters::no_js_filters_link;
use crate::hooks::{use_body_class, use_media_query};
use crate::i18n::use_lang;
use crate::rendering::use_built_after_hydration;

/// The phone drawer's state: whether it is open, the query it edits, and that query's counts.
#[derive(Clone, Copy)]
pub struct Drawer {
    open: RwSignal<bool>,
    pending: RwSignal<CatalogQuery>,
    /// Counts for the pending query (one product per page: only the facets matter).
    pub list: Remote<ProductList>,
    url_query: Memo<CatalogQuery>,
    go: Callback<CatalogQuery>,
}

impl Drawer {
    pub fn new(url_query: Memo<CatalogQuery>, go: Callback<CatalogQuery>) -> Drawer {
        let open = RwSignal::new(false);
        let pending = RwSignal::new(CatalogQuery::default());
        let list =
            api::remote::<ProductList>(move || open.get().then(|| counts_path(&pending.get())));
        use_body_class("drawer-open", move || open.get());
        Drawer {
            open,
            pending,
            list,
            url_query,
            go,
        }
    }

    /// What the filter panel reads and changes: the pending query while the
    /// drawer is open, else the URL's.
    pub fn filter_state(
        self,
        page_facets: Signal<Option<Facets>>,
        page_histogram: Signal<Option<Vec<PriceBucket>>>,
        drawer_facets: Signal<Option<Facets>>,
        drawer_histogram: Signal<Option<Vec<PriceBucket>>>,
    ) -> FilterState {
        let Drawer {
            open,
            pending,
            url_query,
            ..
        } = self;
        // Memos, not derived signals: hundreds of facet options read these on every
        // change, and a derived signal would rebuild (clone) its value for each read.
        FilterState {
            query: Memo::new(move |_| match open.get() {
                true => pending.get(),
                false => url_query.get(),
            })
            .into(),
            facets: drawer_or_page(open, drawer_facets, page_facets),
            histogram: drawer_or_page(open, drawer_histogram, page_histogram),
            go: Callback::new(move |q: CatalogQuery| match open.get_untracked() {
                true => pending.set(q),
                false => self.go.run(q),
            }),
            ahead: Callback::new(move |q: CatalogQuery| match open.get_untracked() {
                true => api::prefetch(counts_path(&q)),
                false => api::prefetch_list(api::products_path(&q), CARDS_IN_VIEW),
            }),
        }
    }

    fn open(self) {
        self.pending.set(self.url_query.get_untracked());
        self.open.set(true);
    }

    fn close(self) {
        self.open.set(false);
    }

    fn apply(self) {
        self.open.set(false);
        self.go.run(self.pending.get_untracked());
    }
}

/// What the drawer asks for: one product per page, since only the counts matter.
fn counts_path(query: &CatalogQuery) -> String {
    api::products_path(&query.with(|q| q.per_page = 1))
}

/// The drawer's pending results while it is open (the page's until they arrive), else the page's.
fn drawer_or_page<T: Clone + PartialEq + Send + Sync + 'static>(
    drawer_open: RwSignal<bool>,
    drawer: Signal<Option<T>>,
    page: Signal<Option<T>>,
) -> Signal<Option<T>> {
    Memo::new(move |_| match drawer_open.get() {
        true => drawer.get().or_else(|| page.get()),
        false => page.get(),
    })
    .into()
}

#[component]
pub fn FilterDrawer(
    drawer: Drawer,
    state: FilterState,
    page_list: Remote<ProductList>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let is_open = move || drawer.open.get();
    let beside_results = use_media_query(BESIDE_RESULTS);
    let panel_shown = Memo::new(move |_| beside_results.get() || is_open());
    // On a phone the panel is built when the drawer opens: the first paint
    // (the common case on a slow phone) does not wait for it.
    let after_hydration = use_built_after_hydration();
    let wanted = Memo::new(move |_| after_hydration.get() && panel_shown.get());
    let code_here = code_here(wanted);
    let built = Memo::new(move |_| wanted.get() && code_here.get());
    let total = move || {
        let total_of = |l: &Option<ProductList>| l.as_ref().map(|l| l.total);
        drawer
            .list
            .value
            .with(total_of)
            .or_else(|| page_list.value.with(total_of))
    };
    let apply_label = move || match total() {
        Some(total) => texts().show_results.of(total),
        None => texts().show_results_unknown.to_owned(),
    };
    let toggle = view! {
        <button
            type="button"
            class="filters-toggle button"
            aria-controls="filters"
            aria-expanded=move || is_open().to_string()
            on:click=move |_| drawer.open()
        >
            {move || texts().filters}
        </button>
    };
    // A server-rendered page has a link in the button's place until the app runs.
    #[cfg(any(feature = "ssr", feature = "hydrate"))]
    let toggle = (no_js_filters_link(drawer.url_query), toggle);
    #[cfg(any(feature = "ssr", feature = "hydrate"))]
    let as_rendered = as_rendered::panel(state, built);
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let as_rendered = ();
    view! {
        {toggle}
        <aside
            id="filters"
            class="filters"
            class:open=is_open
            aria-label=move || texts().filters
            on:keydown=move |ev| {
                if ev.key() == "Escape" && drawer.open.get_untracked() {
                    drawer.close();
                }
            }
        >
            <div class="drawer-head">
                <h2>{move || texts().filters}</h2>
                <button type="button" class="button drawer-close" on:click=move |_| drawer.close()>
                    {move || texts().close}
                </button>
            </div>
            <div class="drawer-body">
                {as_rendered} {move || built.get().then(|| live_panel(state))}
            </div>
            <div class="drawer-foot">
                <button
                    type="button"
                    class="button primary drawer-apply"
                    on:click=move |_| drawer.apply()
                >
                    {apply_label}
                </button>
            </div>
        </aside>
    }
}

/// The panel as the server rendered it, with its form for a browser without
/// JavaScript. Hydration leaves it as it is instead of walking its hundreds of
/// options (on a phone, only to drop them: the drawer is shut), and the app's
/// own panel takes its place once built.
#[cfg(any(feature = "ssr", feature = "hydrate"))]
mod as_rendered {
    use leptos::prelude::*;

    use crate::components::filters::FilterState;

    #[cfg(feature = "ssr")]
    pub fn panel(state: FilterState, _built: Memo<bool>) -> impl IntoView {
        use super::super::panel::Panel;
        use crate::components::filters::NoJsFilterForm;
        view! {
            <div class="filters-as-rendered">
                <Panel state />
                <NoJsFilterForm query=state.query />
            </div>
        }
    }

    /// No children: hydration keeps the server's as they are.
    #[cfg(not(feature = "ssr"))]
    pub fn panel(_state: FilterState, built: Memo<bool>) -> impl IntoView {
        let node = NodeRef::<leptos::html::Div>::new();
        Effect::new(move |_| {
            if built.get()
                && let Some(rendered) = node.get_untracked()
            {
                rendered.remove();
            }
        });
        view! { <div class="filters-as-rendered" node_ref=node></div> }
    }
}
