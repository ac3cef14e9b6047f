use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The element a host page gives Beltmart (`<div id="beltmart">`); without one
/// Beltmart owns the whole page.
const MOUNT_ID: &str = "beltmart";

fn main() {
    console_error_panic_hook::set_once();
    // Leptos' executor starts with the mount, so the config is awaited on the plain
    // wasm-bindgen one: the app mounts only once it knows where the API is.
    wasm_bindgen_futures::spawn_local(async {
        let host = document()
            .get_element_by_id(MOUNT_ID)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let config_url = host.as_ref().and_then(|h| h.get_attribute("data-config"));
        beltmart::api::load_config(config_url.as_deref().unwrap_or("config.json")).await;
        match host {
            Some(host) => leptos::mount::mount_to(host, beltmart::app::App).forget(),
            None => leptos::mount::mount_to_body(beltmart::app::App),
        }
    });
}
