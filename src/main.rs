fn main() {
    console_error_panic_hook::set_once();
    // Leptos' executor starts with the mount, so the config is awaited on the plain
    // wasm-bindgen one: the app mounts only once it knows where the API is.
    wasm_bindgen_futures::spawn_local(async {
        beltmart::api::load_config().await;
        leptos::mount::mount_to_body(beltmart::app::App);
    });
}
