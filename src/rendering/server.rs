//! The server's render (feature `ssr`): a page of the app to HTML, from the
//! API answers the server gives it.
//!
//! A render asks for API paths as the browser would; the server cannot answer
//! from inside a (synchronous) render, so a render notes the paths it had no
//! answer for, and the server renders again once it has them
//! ([`Rendered::missing`]). The answers a render used are what the page embeds.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use super::Answer;

/// What one render knows and notes.
struct Scope {
    pathname: String,
    search: String,
    answers: Arc<HashMap<String, Answer>>,
    used: BTreeMap<String, Answer>,
    missing: Vec<String>,
    title: Option<String>,
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

/// What the storefront was built with; the same for every page a server renders.
struct Site {
    base: String,
    config_json: String,
}

static SITE: OnceLock<Site> = OnceLock::new();

/// Sets up rendering for the storefront a server serves: its base path
/// (`<base href>` of its index.html) and its `config.json`. Once per process:
/// later calls are ignored.
pub fn set_site(base: &str, config_json: &str) {
    let _ = SITE.set(Site {
        base: base.to_owned(),
        config_json: config_json.to_owned(),
    });
}

/// The storefront's base path (`/`, `/shop/`).
pub(crate) fn base() -> &'static str {
    &site().base
}

/// The storefront's `config.json`.
pub(crate) fn config_json() -> &'static str {
    &site().config_json
}

fn site() -> &'static Site {
    SITE.get_or_init(|| Site {
        base: "/".to_owned(),
        config_json: "{}".to_owned(),
    })
}

/// A page rendered.
pub struct Rendered {
    /// The app's HTML, to go inside the storefront's mount element.
    pub html: String,
    /// The tab's title, as the app sets it.
    pub title: Option<String>,
    /// The answers the render used, by API path: what the page embeds.
    pub used: BTreeMap<String, Answer>,
    /// API paths the render had no answer for: render again with them.
    pub missing: Vec<String>,
}

/// Renders the page at `pathname` and `search` (`?city=yiwu`, or empty) with
/// `draw` (the app's `to_html`).
pub fn render(
    pathname: &str,
    search: &str,
    answers: Arc<HashMap<String, Answer>>,
    draw: impl FnOnce() -> String,
) -> Rendered {
    SCOPE.set(Some(Scope {
        pathname: pathname.to_owned(),
        search: search.to_owned(),
        answers,
        used: BTreeMap::new(),
        missing: Vec::new(),
        title: None,
    }));
    let html = draw();
    let scope = SCOPE.take().expect("the render's scope");
    Rendered {
        html,
        title: scope.title,
        used: scope.used,
        missing: scope.missing,
    }
}

fn with_scope<T>(f: impl FnOnce(&mut Scope) -> T) -> Option<T> {
    SCOPE.with_borrow_mut(|scope| scope.as_mut().map(f))
}

/// The URL being rendered: its path and query string.
pub(crate) fn url() -> (String, String) {
    with_scope(|s| (s.pathname.clone(), s.search.clone())).unwrap_or_default()
}

/// The answer for an API path, noted as used, or as missing when there is none.
pub(crate) fn answer(path: &str) -> Option<Answer> {
    with_scope(|scope| match scope.answers.get(path) {
        Some(answer) => {
            scope.used.insert(path.to_owned(), answer.clone());
            Some(answer.clone())
        }
        None => {
            if !scope.missing.iter().any(|p| p == path) {
                scope.missing.push(path.to_owned());
            }
            None
        }
    })
    .flatten()
}

/// Notes the tab's title the page asks for.
pub(crate) fn set_title(title: String) {
    with_scope(|scope| scope.title = Some(title));
}
