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
    product: || view! { <ProductPage /> }.into_any(),
    belts: || view! { <BeltsPage /> }.into_any(),
    list: || view! { <ListPage /> }.into_any(),
    not_found: || view! { <NotFound /> }.into_any(),
};

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
