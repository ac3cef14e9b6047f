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
    console_error_panic_hook::set_once();
    // Leptos' executor starts with the mount, so the config is awaited on the plain
    // wasm-bindgen one: the app mounts only once it knows where the API is.
    wasm_bindgen_futures::spawn_local(async {
        let host = document()
            .get_element_by_id(MOUNT_ID)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let config_url = host.as_ref().and_then(|h| h.get_attribute("data-config"));
        let config_url = config_url.as_deref().unwrap_or("config.json");
        if let (Some(host), Some(embedded)) = (&host, beltmart::rendering::read_embedded()) {
            let config = serde_wasm_bindgen::from_value(embedded.config).unwrap_or_default();
            beltmart::api::set_config(config, config_url);
            if hydrate_into(host).await {
                return ready();
            }
        } else {
            beltmart::api::load_config(config_url).await;
        }
        match host {
            Some(host) => leptos::mount::mount_to(host, beltmart::app::App).forget(),
            None => leptos::mount::mount_to_body(beltmart::app::App),
        }
        ready();
    });
}

/// Says on `<html>` that the app runs (`data-beltmart="ready"`): the style
/// hides what only a page without JavaScript needs, and tests wait for it.
#[cfg(target_arch = "wasm32")]
fn ready() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-beltmart", "ready");
    }
}

/// Hydrates the page the server rendered into `host`, once its page's code is
/// here; false (and `host` emptied, for a fresh mount) if that code could not be fetched.
#[cfg(target_arch = "wasm32")]
async fn hydrate_into(host: &web_sys::HtmlElement) -> bool {
    #[cfg(feature = "split")]
    {
        let location = window().location();
        let pathname = location.pathname().unwrap_or_default();
        let page =
            beltmart::router::urls::Page::of(&pathname, beltmart::router::urls::Base::current());
        if !beltmart::app::preload(&page).await {
            host.set_text_content(None);
            return false;
        }
    }
    let hydrated = beltmart::rendering::while_hydrating(|| {
        leptos::mount::hydrate_from(host.clone(), beltmart::app::App)
    });
    hydrated.forget();
    true
}
