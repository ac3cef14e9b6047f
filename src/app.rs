//! The app shell: routes, the header, and what every page shares.

use beltmart_contract::Taxonomy;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api;
use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::{
    belts::BeltsPage, catalog::CatalogPage, not_found::NotFound, product::ProductPage,
};

/// The catalog URL a shopper last looked at, so "back to the list" returns to
/// the same filters, sort and page.
#[derive(Clone, Copy)]
pub struct LastCatalogUrl(pub RwSignal<String>);

#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    crate::scroll::remember_positions();
    provide_context(api::remote::<Taxonomy>(|| Some(api::TAXONOMY.to_owned())));
    provide_context(LastCatalogUrl(RwSignal::new("/".to_owned())));
    view! {
        <Router>
            <a class="skip-link" href="#main">"跳到主要内容 / Skip to content"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=CatalogPage />
                    <Route path=path!("/product/:id") view=ProductPage />
                    <Route path=path!("/belts") view=BeltsPage />
                </Routes>
            </main>
        </Router>
    }
}
