//! The app shell: routes, the header, and what every page shares.

use beltmart_contract::Taxonomy;
use leptos::prelude::*;

use crate::api;
use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::{
    belts::BeltsPage, catalog::CatalogPage, list::ListPage, not_found::NotFound,
    product::ProductPage,
};
use crate::router::{PageViews, Pages, RouterRoot, provide_last_catalog_url};

const PAGES: PageViews = PageViews {
    catalog: || view! { <CatalogPage /> }.into_any(),
    product: || later(product_page),
    belts: || later(belts_page),
    list: || later(list_page),
    not_found: || view! { <NotFound /> }.into_any(),
};

/// Pages other than the catalog, where most visits start: in the build that
/// splits the WASM (feature `split`, scripts/spa-wasm.sh) each is a chunk of
/// its own, fetched the first time it is shown.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn product_page() -> AnyView {
    view! { <ProductPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn belts_page() -> AnyView {
    view! { <BeltsPage /> }.into_any()
}

#[cfg_attr(feature = "split", leptos::lazy)]
async fn list_page() -> AnyView {
    view! { <ListPage /> }.into_any()
}

/// A page that may have to be fetched first.
fn later<F: Future<Output = AnyView> + Send + 'static>(page: fn() -> F) -> AnyView {
    view! { {Suspend::new(page())} }.into_any()
}

#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    crate::scroll::remember_positions();
    provide_context(api::remote::<Taxonomy>(|| Some(api::TAXONOMY.to_owned())));
    provide_last_catalog_url();
    crate::shortlist::provide_shortlist();
    view! {
        // One root class scopes every style, so Beltmart can live inside a host page.
        <RouterRoot>
            <div class="beltmart">
                <a class="skip-link" href="#main">
                    "跳到主要内容 / Skip to content"
                </a>
                <Header />
                <main id="main" tabindex="-1">
                    <Pages views=PAGES />
                </main>
            </div>
        </RouterRoot>
    }
}
