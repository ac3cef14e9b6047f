//! The app's router: three pages under a base path, links that are plain `<a>`,
//! and the History API. It replaces leptos_router, whose generality (nested
//! routes, params, forms, resolution) the app does not use; docs/perf.md has
//! the two builds' sizes side by side.

use leptos::prelude::*;

mod last_catalog;
#[cfg(not(feature = "leptos-router"))]
mod own;
pub mod urls;
#[cfg(feature = "leptos-router")]
mod with_leptos_router;

pub use last_catalog::{LastCatalogUrl, provide_last_catalog_url};
#[cfg(not(feature = "leptos-router"))]
pub use own::{Pages, RouterRoot, use_location, use_navigate};
use urls::{Base, Page};
#[cfg(feature = "leptos-router")]
pub use with_leptos_router::{Pages, RouterRoot, use_location, use_navigate};

/// What each kind of page shows: the catalog, the pages whose code is a
/// chunk of its own (product, factory, belts, 进货单: one view that loads the
/// current page's), and the not-found page. Each has its own view type rather
/// than an `AnyView`: with hydration, every `AnyView` carries an async
/// hydration of all it holds, which the app never uses and the first load
/// would pay for; and every kind of view more is code in the first load.
pub struct PageViews<C, O, N> {
    pub catalog: fn() -> C,
    pub chunked: fn() -> O,
    pub not_found: fn() -> N,
}

impl<C, O, N> Clone for PageViews<C, O, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C, O, N> Copy for PageViews<C, O, N> {}

/// The browser's location, as signals.
#[derive(Clone, Copy)]
pub struct Location {
    /// The whole path, base included: `/shop/product/p1`.
    pub pathname: Memo<String>,
    /// The query string with its `?`, or empty.
    pub search: Memo<String>,
}

#[derive(Clone, Copy, Debug)]
pub struct NavigateOptions {
    /// Scroll to the top, as a new page does.
    pub scroll: bool,
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            scroll: true,
            replace: false,
        }
    }
}

/// The current page; its kind changes only when the shopper goes to another kind of page.
pub fn use_page() -> Memo<Page> {
    let location = use_location();
    Memo::new(move |_| Page::of(&location.pathname.get(), &Base::current()))
}
