//! Our own router: the History API, link clicks under the base, and a page
//! per path.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::urls::{Base, Page};
use super::{Location, NavigateOptions, PageViews, use_page};

#[derive(Clone, Copy)]
struct Router {
    url: RwSignal<(String, String)>,
    /// Derived from `url` once, for every page and component that reads it.
    location: Location,
}

#[cfg(feature = "ssr")]
fn browser_url() -> (String, String) {
    crate::rendering::server::url()
}

#[cfg(not(feature = "ssr"))]
fn browser_url() -> (String, String) {
    let location = window().location();
    (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    )
}

/// Starts following the browser's location (back and forward, and clicks on
/// links under the base path) for everything inside it.
#[component]
pub fn RouterRoot<C: IntoView + 'static>(children: TypedChildren<C>) -> impl IntoView {
    provide_router();
    children.into_inner()()
}

fn provide_router() {
    let url = RwSignal::new(browser_url());
    let router = Router {
        url,
        location: Location {
            pathname: Memo::new(move |_| url.with(|(path, _)| path.clone())),
            search: Memo::new(move |_| url.with(|(_, search)| search.clone())),
        },
    };
    provide_context(router);
    let on_history = window_event_listener(leptos::ev::popstate, move |_| {
        router.url.set(browser_url());
    });
    let on_click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(href) = app_link(&ev) {
            ev.prevent_default();
            go(router, &href, NavigateOptions::default());
        }
    });
    // The app lives as long as the page.
    std::mem::forget((on_history, on_click));
}

/// The URL of a plain left click on a link to a page of this app, if it is one:
/// not a new tab or a download, not another origin, not outside the base path,
/// and not a jump within the page (`#main`), which the browser does best.
fn app_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    let opens_elsewhere = link
        .get_attribute("target")
        .is_some_and(|t| !t.is_empty() && t != "_self");
    if opens_elsewhere || link.has_attribute("download") {
        return None;
    }
    let here = window().location();
    let url = web_sys::Url::new_with_base(&link.get_attribute("href")?, &here.href().ok()?).ok()?;
    let in_app = url.origin() == here.origin().ok()? && Base::current().contains(&url.pathname());
    let same_page = url.pathname() == here.pathname().ok()?
        && url.search() == here.search().ok()?
        && !url.hash().is_empty();
    (in_app && !same_page).then(|| format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}

fn go(router: Router, href: &str, options: NavigateOptions) {
    let Ok(history) = window().history() else {
        return;
    };
    let moved = match options.replace {
        true => history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href)),
        false => history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href)),
    };
    if moved.is_err() {
        // Not this origin: leave it to the browser.
        let _ = window().location().set_href(href);
        return;
    }
    router.url.set(browser_url());
    if options.scroll {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

pub fn use_location() -> Location {
    expect_context::<Router>().location
}

/// Goes to an app URL (a path under the base, with its query).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone {
    let router = expect_context::<Router>();
    move |href, options| go(router, href, options)
}

/// Shows the page for the current path; a new product id updates the product
/// page in place instead of building it again.
#[component]
pub fn Pages<C, O, N>(views: PageViews<C, O, N>) -> impl IntoView
where
    C: IntoView + 'static,
    O: IntoView + 'static,
    N: IntoView + 'static,
{
    use leptos::either::EitherOf3;
    let PageViews {
        catalog,
        chunked,
        not_found,
    } = views;
    let page = use_page();
    let kind = Memo::new_with_compare(
        move |_| page.get(),
        |old, new| match (old, new) {
            (Some(old), Some(new)) => !old.same_kind(new),
            _ => true,
        },
    );
    move || match kind.get() {
        Page::Catalog => EitherOf3::A(catalog()),
        Page::Product(_) | Page::Factory(_) | Page::Factories | Page::Belts | Page::List => {
            EitherOf3::B(chunked())
        }
        Page::NotFound => EitherOf3::C(not_found()),
    }
}
