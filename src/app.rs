//! The app shell: routes, the header, and what every page shares.

use beltmart_contract::Taxonomy;
use leptos::prelude::*;

use crate::api;
use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::{
    belts::BeltsPage, catalog::CatalogPage, not_found::NotFound, product::ProductPage,
};
use crate::router::{Pages, provide_router};

/// The path of `<base href>` (trunk writes the build's public URL there; an
/// embedding page has none, so it is the page's own path): `/`, `/shop/` or
/// `/partner/shop.html`.
fn base_href_path() -> String {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    web_sys::Url::new(&base)
        .map(|u| u.pathname())
        .unwrap_or_else(|_| "/".into())
}

/// Where the app lives: the base path without its trailing
/// slash; empty at the site root. Every route, link and history entry is under it.
pub fn base_path() -> String {
    base_href_path().trim_end_matches('/').to_owned()
}

/// A link to an app path (`/product/p1`) under the base. Links are plain
/// `<a>` with these hrefs: the router handles their clicks, and the href is
/// right for a new tab, a copied link and a static host alike.
pub fn app_href(path: &str) -> String {
    format!("{}{path}", base_path())
}

/// The catalog's own path: the base folder with its slash (`/shop/`), or the
/// embedding page itself (`/partner/shop.html`).
pub fn catalog_root() -> String {
    base_href_path()
}

/// Whether a browser path (as the router's location gives it) is the catalog page.
pub fn is_catalog_path(pathname: &str) -> bool {
    let base = base_path();
    let rest = pathname.strip_prefix(base.as_str()).unwrap_or(pathname);
    rest.is_empty() || rest == "/"
}

/// The catalog URL a shopper last looked at, so "back to the list" returns to
/// the same filters, sort and page — kept for the tab's session, so a reload
/// of a product page still knows the way back.
#[derive(Clone, Copy)]
pub struct LastCatalogUrl(pub RwSignal<String>);

const LAST_CATALOG_KEY: &str = "beltmart.lastCatalog";

fn provide_last_catalog_url() {
    let storage = window().session_storage().ok().flatten();
    let saved = storage
        .as_ref()
        .and_then(|s| s.get_item(LAST_CATALOG_KEY).ok().flatten());
    let url = RwSignal::new(saved.unwrap_or_else(catalog_root));
    Effect::new(move |_| {
        if let Some(storage) = &storage {
            let _ = storage.set_item(LAST_CATALOG_KEY, &url.get());
        }
    });
    provide_context(LastCatalogUrl(url));
}

#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    crate::scroll::remember_positions();
    provide_context(api::remote::<Taxonomy>(|| Some(api::TAXONOMY.to_owned())));
    provide_last_catalog_url();
    provide_router();
    view! {
        // One root class scopes every style, so Beltmart can live inside a host page.
        <div class="beltmart">
            <a class="skip-link" href="#main">"跳到主要内容 / Skip to content"</a>
            <Header />
            <main id="main" tabindex="-1">
                <Pages
                    catalog=|| view! { <CatalogPage /> }.into_any()
                    product=|| view! { <ProductPage /> }.into_any()
                    belts=|| view! { <BeltsPage /> }.into_any()
                    not_found=|| view! { <NotFound /> }.into_any()
                />
            </main>
        </div>
    }
}
