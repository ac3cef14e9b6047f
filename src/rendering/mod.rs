//! Where a page is rendered. The server renders it to HTML with the API
//! answers it needs ([`server`], feature `ssr`) and embeds those answers; in the
//! browser the app then hydrates that HTML: its first render must be the
//! server's, so that render reads the embedded answers instead of fetching,
//! and leaves what only the browser knows (stored choices, the screen's
//! width) to after hydration.

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;

/// Whether the app runs in the browser: false on the server and while
/// hydrating, true from the first effect on. What only a page without
/// JavaScript needs (the filters' submit button) goes once it is true.
#[derive(Clone, Copy)]
struct Started(ReadSignal<bool>);

pub fn provide_started() {
    let (started, set_started) = signal(false);
    Effect::new(move |_| set_started.set(true));
    provide_context(Started(started));
}

pub fn use_started() -> Signal<bool> {
    use_context::<Started>().map_or_else(|| Signal::from(true), |s| s.0.into())
}

/// True once what hydration left as the server rendered it may be built by
/// the app: at once in a fresh render; after a hydration, one task later, so
/// that the hydration's task ends (the browser paints and takes input) before
/// more is built. Never on the server.
pub fn use_built_after_hydration() -> Signal<bool> {
    if !like_server() {
        return Signal::from(true);
    }
    let (built, set_built) = signal(false);
    #[cfg(not(feature = "ssr"))]
    set_timeout(
        move || {
            set_built.try_set(true);
        },
        std::time::Duration::ZERO,
    );
    #[cfg(feature = "ssr")]
    let _ = set_built;
    built.into()
}

/// A WASM chunk (feature `split`: a page, the filter panel) that did not
/// arrive: the network went away.
pub struct ChunkNotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkNotLoaded
    }
}

/// The id of the `<script type="application/json">` the server embeds: the
/// runtime config and the answers the page was rendered from.
pub const EMBEDDED_ID: &str = "beltmart-data";

/// Whether this build renders, or hydrates, pages the server rendered: the
/// parts only such a page needs (its filter form for a browser without
/// JavaScript) are left out of the client-rendered build.
pub const SERVER_RENDERED: bool = cfg!(any(feature = "ssr", feature = "hydrate"));

/// An API answer a page was rendered from.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    /// The JSON body.
    pub body: String,
}

#[cfg(not(feature = "ssr"))]
mod browser;
#[cfg(not(feature = "ssr"))]
pub use browser::{Embedded, embedded_answer, like_server, read_embedded, while_hydrating};

/// The answer a page starts with for `path`, when it was rendered with one.
#[cfg(feature = "ssr")]
pub fn embedded_answer(path: &str) -> Option<Answer> {
    server::answer(path)
}

/// Whether this render must come out as the server's does: true on the
/// server, and in the browser while it hydrates. Such a render starts from
/// what a first visit on a wide screen sees; stored choices and the real
/// screen come in after it.
#[cfg(feature = "ssr")]
pub fn like_server() -> bool {
    true
}
