//! The app shell: routes, the header, and what every page shares.

use beltmart_contract::Taxonomy;
use leptos::prelude::*;

use crate::api;
use crate::components::header::Header;
use crate::i18n::provide_lang;
use crate::pages::{
    belts::BeltsPage, catalog::CatalogPage, factory::FactoryPage, list::ListPage,
    not_found::NotFound, product::ProductPage,
};
use crate::rendering::ChunkNotLoaded;
use crate::router::urls::Page;
use crate::router::{PageViews, Pages, RouterRoot, provide_last_catalog_url, use_page};

/// The pages other than the catalog (where most visits start): in the build that
/// splits the WASM (feature `split`, scripts/spa-wasm.sh) each is a chunk of
/// its own, fetched the first time it is shown. A chunk that cannot be fetched
/// (the network went away) is said on the page with a retry, and the app goes on.
#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        product_page,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_product_page)
    )
)]
fn product_page() -> Result<AnyView, ChunkNotLoaded> {
    Ok(view! { <ProductPage /> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        factory_page,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_factory_page)
    )
)]
fn factory_page() -> Result<AnyView, ChunkNotLoaded> {
    Ok(view! { <FactoryPage /> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        belts_page,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_belts_page)
    )
)]
fn belts_page() -> Result<AnyView, ChunkNotLoaded> {
    Ok(view! { <BeltsPage /> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(
        list_page,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_list_page)
    )
)]
fn list_page() -> Result<AnyView, ChunkNotLoaded> {
    Ok(view! { <ListPage /> }.into_any())
}

/// Fetches the chunk of the page at `page`, if it has one: a page the server
/// rendered is hydrated with its code already there. False if it could not be fetched.
#[cfg(feature = "split")]
pub async fn preload(page: &Page) -> bool {
    match page {
        Page::Product(_) => preload_product_page().await.is_ok(),
        Page::Factory(_) | Page::Factories => preload_factory_page().await.is_ok(),
        Page::Belts => preload_belts_page().await.is_ok(),
        Page::List => preload_list_page().await.is_ok(),
        Page::Catalog | Page::NotFound => true,
    }
}

/// Where a shopper goes next from the catalog is a product: on a wide screen
/// its chunk is fetched once the first screen has had the network to itself,
/// so that the first click on a card does not wait for it (a failure is
/// retried on that click). So is, in the hydrating build, the catalog's filter
/// panel, for a visit that starts elsewhere. A phone compiles chunks with the
/// page's own thread, for a few hundred milliseconds that a tap would wait
/// behind: it fetches the product page's when a finger touches a card, and
/// the panel's when the drawer opens.
#[cfg(feature = "split")]
fn prefetch_chunks() {
    const AFTER: std::time::Duration = std::time::Duration::from_secs(3);
    let wide = window()
        .match_media(crate::pages::catalog::BESIDE_RESULTS)
        .ok()
        .flatten()
        .is_some_and(|screen| screen.matches());
    if !wide {
        return prefetch_product_page_on_touch();
    }
    set_timeout(
        || {
            leptos::task::spawn_local(async {
                drop(preload_product_page().await);
                #[cfg(feature = "hydrate")]
                crate::pages::catalog::fetch_panel_code().await;
            })
        },
        AFTER,
    );
}

/// Fetches the product page's chunk as a finger lands on a card: a tap is
/// about a tenth of a second from touch to click.
#[cfg(feature = "split")]
fn prefetch_product_page_on_touch() {
    use wasm_bindgen::JsCast;
    let on_touch = window_event_listener(leptos::ev::pointerdown, |ev| {
        let on_card = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest(".card-link").ok().flatten())
            .is_some();
        if on_card {
            leptos::task::spawn_local(async { drop(preload_product_page().await) });
        }
    });
    // For as long as the page lives.
    std::mem::forget(on_touch);
}

/// A page's code as it arrives: its view, or why it could not be fetched.
type Loading = std::pin::Pin<Box<dyn Future<Output = Result<AnyView, ChunkNotLoaded>>>>;

/// The code of `page`, fetched first in the build that splits the WASM.
fn load(page: &Page) -> Loading {
    #[cfg(feature = "split")]
    return match page {
        Page::Product(_) => Box::pin(product_page()),
        Page::Factory(_) | Page::Factories => Box::pin(factory_page()),
        Page::Belts => Box::pin(belts_page()),
        _ => Box::pin(list_page()),
    };
    #[cfg(not(feature = "split"))]
    Box::pin(std::future::ready(match page {
        Page::Product(_) => product_page(),
        Page::Factory(_) | Page::Factories => factory_page(),
        Page::Belts => belts_page(),
        _ => list_page(),
    }))
}

/// The current page, whose code may have to be fetched first: nothing until
/// it is there, or the reason it is not with a retry. Every build renders it
/// the same way (a `Suspend`), so that the server's HTML is what hydration
/// expects. One view for every such page: the router builds it again when
/// the kind of page changes.
fn later() -> impl IntoView {
    use crate::api::FetchError;
    use crate::components::notice::ErrorNotice;
    use leptos::either::Either;

    let retry = Trigger::new();
    let page = use_page();
    move || {
        retry.track();
        let shown = page.get_untracked();
        // The loader's future holds browser objects: it stays on this thread.
        Suspend::new(send_wrapper::SendWrapper::new(async move {
            match load(&shown).await {
                Ok(page) => Either::Left(page),
                Err(ChunkNotLoaded) => {
                    let error = FetchError::Unreachable;
                    Either::Right(view! { <ErrorNotice error on_retry=move || retry.notify() /> })
                }
            }
        }))
    }
}

fn pages() -> PageViews<impl IntoView, impl IntoView, impl IntoView> {
    PageViews {
        catalog: || view! { <CatalogPage /> },
        chunked: later,
        not_found: || view! { <NotFound /> },
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_lang();
    crate::rendering::provide_started();
    crate::scroll::remember_positions();
    provide_context(api::remote::<Taxonomy>(|| Some(api::TAXONOMY.to_owned())));
    provide_last_catalog_url();
    crate::shortlist::provide_shortlist();
    #[cfg(feature = "split")]
    prefetch_chunks();
    view! {
        // One root class scopes every style, so Beltmart can live inside a host page.
        <RouterRoot>
            <div class="beltmart">
                <a class="skip-link" href="#main">
                    "跳到主要内容 / Skip to content"
                </a>
                <Header />
                <main id="main" tabindex="-1">
                    <Pages views=pages() />
                </main>
            </div>
        </RouterRoot>
    }
}

/// The app rendered to HTML on the server: the `draw` of
/// `rendering::server::render`, which runs it in the render's own owner with
/// the site, the URL and the answers.
#[cfg(feature = "ssr")]
pub fn to_html() -> String {
    view! { <App /> }.to_html()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use crate::rendering::server::{Rendered, Site, render};

    fn hrefs(html: &str) -> Vec<&str> {
        html.split(" href=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect()
    }

    fn rendered(site: &Site, pathname: &str) -> Rendered {
        render(site, pathname, "", Arc::new(HashMap::new()), super::to_html)
    }

    /// One process renders two storefronts, turn about: each page has its
    /// own site's base in every link and its own site's config (language,
    /// page size), whatever was rendered before it.
    #[test]
    fn two_sites_in_one_process_render_each_with_its_own_base_and_config() {
        let root = Site::new("/", r#"{"default_lang": "zh"}"#);
        let shop = Site::new("/shop/", r#"{"default_lang": "en", "page_size": 48}"#);
        let sites = [
            (&root, "/", "/api/v1/products?", "产业带源头好货"),
            (
                &shop,
                "/shop/",
                "/api/v1/products?per_page=48",
                "industrial belts",
            ),
        ];
        for _ in 0..2 {
            for (site, base, products, tagline) in sites {
                let catalog = rendered(site, base);
                let links = hrefs(&catalog.html);
                let prefix = base.trim_end_matches('/');
                for page in [
                    base.to_owned(),
                    format!("{prefix}/belts"),
                    format!("{prefix}/list"),
                ] {
                    assert!(links.contains(&page.as_str()), "{page} in {links:?}");
                }
                let own = |href: &&str| !href.starts_with('/') || href.starts_with(base);
                assert!(links.iter().all(own), "{base}: {links:?}");
                assert!(
                    catalog.missing.iter().any(|p| p == products),
                    "{:?}",
                    catalog.missing
                );
                assert!(catalog.title.as_deref().unwrap().contains(tagline));
                // The page's heading names it as its title does.
                let heading = catalog.html.split("<h1 class=\"visually-hidden\">").nth(1);
                let heading = heading.and_then(|h| h.split("</h1>").next()).unwrap();
                assert!(heading.contains(tagline), "{heading}");

                let not_found = rendered(site, &format!("{prefix}/nope"));
                assert!(
                    not_found.html.contains("class=\"not-found"),
                    "{}",
                    not_found.html
                );
                let back = format!("href=\"{base}\" class=\"button\"");
                assert!(not_found.html.contains(&back), "{}", not_found.html);
                assert!(hrefs(&not_found.html).iter().all(own));
            }
        }
    }
}
