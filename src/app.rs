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

/// Where the app lives: the path of `<base href>` (trunk writes the build's
/// public URL there), without its trailing slash; empty at the site root.
/// Every route, link and history entry is under it.
pub fn base_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let path = web_sys::Url::new(&base)
        .map(|u| u.pathname())
        .unwrap_or_default();
    path.trim_end_matches('/').to_owned()
}

/// Whether a browser path (as the router's location gives it) is the catalog page.
pub fn is_catalog_path(pathname: &str) -> bool {
    let base = base_path();
    let rest = pathname.strip_prefix(base.as_str()).unwrap_or(pathname);
    rest.is_empty() || rest == "/"
}

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
        // One root class scopes every style, so Beltmart can live inside a host page.
        <div class="beltmart">
        <Router base=base_path()>
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
        </div>
    }
}
