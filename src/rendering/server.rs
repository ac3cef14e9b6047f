//! The server's render (feature `ssr`): a page of the app to HTML, from the
//! API answers the server gives it.
//!
//! A render asks for API paths as the browser would; the server cannot answer
//! from inside a (synchronous) render, so a render notes the paths it had no
//! answer for, and the server renders again once it has them
//! ([`Rendered::missing`]). The answers a render used are what the page embeds.
//!
//! What a render knows (its site, its URL, its answers) and notes travels in
//! the context of the render's reactive owner, not in process globals: one
//! process may render pages of several storefronts, each with its own base.
//! Everything that reads it runs inside that owner (components, their memos,
//! and the futures of their `Suspend`s, which keep the owner they were made in).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use hydration_context::SsrSharedContext;
use leptos::prelude::*;

use super::Answer;

/// What a storefront was built with; the same for every page a server renders of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    base: Arc<str>,
    config_json: Arc<str>,
}

impl Site {
    /// The storefront whose base path is `base` (`<base href>` of its
    /// index.html, `/` or `/shop/`) and whose `config.json` is `config_json`.
    pub fn new(base: &str, config_json: &str) -> Site {
        Site {
            base: base.into(),
            config_json: config_json.into(),
        }
    }
}

impl Default for Site {
    /// At the site's root, with the default configuration.
    fn default() -> Site {
        Site::new("/", "{}")
    }
}

/// What one render knows, and what it notes.
struct Scope {
    site: Site,
    pathname: String,
    search: String,
    answers: Arc<HashMap<String, Answer>>,
    notes: Mutex<Notes>,
}

/// What a render notes as it goes.
#[derive(Default)]
struct Notes {
    used: BTreeMap<String, Answer>,
    missing: Vec<String>,
    title: Option<String>,
}

impl Scope {
    fn notes(&self) -> MutexGuard<'_, Notes> {
        // A render that panicked is given up; its notes are not read.
        self.notes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The render's scope, in the context of its owner.
#[derive(Clone)]
struct InRender(Arc<Scope>);

fn scope() -> Option<Arc<Scope>> {
    use_context::<InRender>().map(|InRender(scope)| scope)
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

/// Renders the page of `site` at `pathname` and `search` (`?city=yiwu`, or
/// empty) with `draw` (the app's `to_html`), inside a reactive owner of its own.
pub fn render(
    site: &Site,
    pathname: &str,
    search: &str,
    answers: Arc<HashMap<String, Answer>>,
    draw: impl FnOnce() -> String,
) -> Rendered {
    let scope = Arc::new(Scope {
        site: site.clone(),
        pathname: pathname.to_owned(),
        search: search.to_owned(),
        answers,
        notes: Mutex::default(),
    });
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let html = owner.with(|| {
        provide_context(InRender(Arc::clone(&scope)));
        draw()
    });
    drop(owner);
    let notes = std::mem::take(&mut *scope.notes());
    Rendered {
        html,
        title: notes.title,
        used: notes.used,
        missing: notes.missing,
    }
}

/// The storefront being rendered; outside a render, one at the root.
fn site() -> Site {
    scope().map(|s| s.site.clone()).unwrap_or_default()
}

/// The base path (`/`, `/shop/`) of the storefront being rendered.
pub(crate) fn base() -> String {
    site().base.to_string()
}

/// The `config.json` of the storefront being rendered.
pub(crate) fn config_json() -> String {
    site().config_json.to_string()
}

/// The URL being rendered: its path and query string.
pub(crate) fn url() -> (String, String) {
    scope()
        .map(|s| (s.pathname.clone(), s.search.clone()))
        .unwrap_or_default()
}

/// The answer for an API path, noted as used, or as missing when there is none.
pub(crate) fn answer(path: &str) -> Option<Answer> {
    let scope = scope()?;
    let mut notes = scope.notes();
    match scope.answers.get(path) {
        Some(answer) => {
            notes.used.insert(path.to_owned(), answer.clone());
            Some(answer.clone())
        }
        None => {
            if !notes.missing.iter().any(|p| p == path) {
                notes.missing.push(path.to_owned());
            }
            None
        }
    }
}

/// Notes the tab's title the page asks for.
pub(crate) fn set_title(title: String) {
    if let Some(scope) = scope() {
        scope.notes().title = Some(title);
    }
}
