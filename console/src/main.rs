//! Beltmart's console, in the browser at `/console`: site owners and factories
//! sign in, upload their catalog, keep their profile; owners manage people and
//! read the audit log. A build of its own (scripts/console-build.sh), so not a
//! byte of it reaches a shopper. Natively there is nothing to start.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]

mod api;
mod app;
mod inquiry_texts;
mod pages;
mod parts;
mod texts;

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
