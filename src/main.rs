//! The storefront's start in the browser; natively there is nothing to start
//! (the server renders pages through the library, feature `ssr`).
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The element Beltmart lives in: a host page gives one (`<div id="beltmart">`),
/// and so does a page the server rendered; without one Beltmart owns the whole page.
const MOUNT_ID: &str = "beltmart";

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the console: for developers' builds (`trunk serve`).
    // In a release build it would cost every shopper's first load 1.1 KB brotli
    // (the message formatting it keeps); a panic there is still an error, with
    // its stack, in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Leptos' executor starts with the mount, so the config is awaited on the plain
    // wasm-bindgen one: the app mounts only once it knows where the API is.
    wasm_bindgen_futures::spawn_local(async {
        let host = document()
            .get_element_by_id(MOUNT_ID)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let config_url = host.as_ref().and_then(|h| h.get_attribute("data-config"));
        let config_url = config_url.as_deref().unwrap_or("config.json");
        if let Some(root) = host.clone().or_else(|| document().body()) {
            beltmart::api::keep_pictures_loaded_in(&root);
        }
        if !hydrated(host.as_ref(), config_url).await {
            match host {
                Some(host) => leptos::mount::mount_to(host, beltmart::app::App).forget(),
                None => leptos::mount::mount_to_body(beltmart::app::App),
            }
        }
        // A task later: a hydrated page builds what hydration deferred a task
        // after it (`rendering::use_built_after_hydration`); ready means all of it.
        set_timeout(ready, std::time::Duration::ZERO);
    });
}

/// The client-rendered build (index.html's) renders afresh.
#[cfg(all(target_arch = "wasm32", not(feature = "hydrate")))]
async fn hydrated(_: Option<&web_sys::HtmlElement>, config_url: &str) -> bool {
    beltmart::api::load_config(config_url).await;
    false
}

/// The build that hydrates (ssr.html's): a page the server rendered into
/// `host` is hydrated once its page's code is here, with the config it embeds.
/// False if there is no such page, or that code could not be fetched (`host`
/// is then emptied, for a fresh mount).
#[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
async fn hydrated(host: Option<&web_sys::HtmlElement>, config_url: &str) -> bool {
    let (Some(host), Some(embedded)) = (host, beltmart::rendering::read_embedded()) else {
        beltmart::api::load_config(config_url).await;
        return false;
    };
    let config = beltmart::api::from_js(embedded.config).unwrap_or_default();
    beltmart::api::set_config(config, config_url);
    #[cfg(feature = "split")]
    let page = {
        let location = window().location();
        let pathname = location.pathname().unwrap_or_default();
        beltmart::router::urls::Page::of(&pathname, &beltmart::router::urls::Base::current())
    };
    #[cfg(feature = "split")]
    if !beltmart::app::preload(&page).await {
        host.set_text_content(None);
        return false;
    }
    let hydrated = beltmart::rendering::while_hydrating(|| {
        leptos::mount::hydrate_from(host.clone(), beltmart::app::App)
    });
    hydrated.forget();
    // The catalog's filter panel comes from a chunk of its own, after the
    // hydration: beside the results, the page is ready once it is here (and
    // built, a task later); in a phone's drawer, it is fetched when it opens.
    #[cfg(feature = "split")]
    if page == beltmart::router::urls::Page::Catalog && panel_beside_results() {
        beltmart::pages::catalog::fetch_panel_code().await;
    }
    true
}

#[cfg(all(target_arch = "wasm32", feature = "hydrate", feature = "split"))]
fn panel_beside_results() -> bool {
    let media = window().match_media(beltmart::pages::catalog::BESIDE_RESULTS);
    media.ok().flatten().is_none_or(|m| m.matches())
}

/// Says on `<html>` that the app runs (`data-beltmart="ready"`): tests wait for it.
#[cfg(target_arch = "wasm32")]
fn ready() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-beltmart", "ready");
    }
}
