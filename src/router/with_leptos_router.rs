//! The same routing API over leptos_router 0.8, built only with the
//! `leptos-router` feature: it exists to measure what leptos_router would
//! cost the first load (docs/perf.md, section 1b), not to ship.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use super::urls::Base;
use super::{Location, NavigateOptions, PageViews};

/// Starts routing: leptos_router's `<Router>` around the app.
#[component]
pub fn RouterRoot<C: IntoView + 'static>(children: TypedChildren<C>) -> impl IntoView {
    let children = children.into_inner();
    let base = Base::current().prefix().to_owned();
    view! { <Router base>{children()}</Router> }
}

pub fn use_location() -> Location {
    let location = leptos_router::hooks::use_location();
    Location {
        pathname: location.pathname,
        search: location.search,
    }
}

pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone {
    let navigate = leptos_router::hooks::use_navigate();
    move |href, options| {
        let options = leptos_router::NavigateOptions {
            resolve: false,
            replace: options.replace,
            scroll: options.scroll,
            ..Default::default()
        };
        navigate(href, options)
    }
}

/// The pages, matched by leptos_router's `<Routes>`.
#[component]
pub fn Pages<C, O, N>(views: PageViews<C, O, N>) -> impl IntoView
where
    C: IntoView + 'static,
    O: IntoView + 'static,
    N: IntoView + 'static,
{
    view! {
        <Routes fallback=views.not_found>
            <Route path=path!("/") view=views.catalog />
            <Route path=path!("/belts") view=views.chunked />
            <Route path=path!("/list") view=views.chunked />
            <Route path=path!("/product/:id") view=views.chunked />
            <Route path=path!("/factory/:id") view=views.chunked />
            <Route path=path!("/factories") view=views.chunked />
        </Routes>
    }
}
