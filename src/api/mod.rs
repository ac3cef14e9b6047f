//! The only place that does HTTP: the runtime config, API v1 calls, and
//! [`Remote`], a value that follows a reactive API path.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Deref;
#[cfg(not(feature = "ssr"))]
use std::sync::OnceLock;

use beltmart_contract::{CatalogQuery, DEFAULT_PER_PAGE, ErrorBody, MAX_PER_PAGE, Picture};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use web_sys::{AbortController, AbortSignal};

mod ahead;
#[cfg(not(feature = "ssr"))]
mod from_js;
mod pictures;
pub use ahead::{prefetch, prefetch_list};
#[cfg(not(feature = "ssr"))]
pub use from_js::from_js;
pub use pictures::keep_pictures_loaded_in;

/// `config.json` beside `index.html`: what a site owner changes without rebuilding.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RuntimeConfig {
    /// Where the API lives (`https://api.example.com`); empty means the page's own origin.
    pub api_base: String,
    /// `zh` or `en`, for shoppers who have not chosen one.
    pub default_lang: Option<String>,
    /// Products per page when the URL does not say (1–100).
    pub page_size: Option<u32>,
    /// Where the storefront's own files are: the folder `config.json` was
    /// read from (a host page that embeds Beltmart is elsewhere).
    #[serde(skip)]
    pub assets: String,
}

/// The page's configuration: one storefront per page.
#[cfg(not(feature = "ssr"))]
static CONFIG: OnceLock<RuntimeConfig> = OnceLock::new();

/// The runtime configuration; the defaults until [`load_config`] has run.
#[cfg(not(feature = "ssr"))]
pub fn config() -> impl Deref<Target = RuntimeConfig> {
    CONFIG.get_or_init(RuntimeConfig::default)
}

/// The configuration of the storefront being rendered, as the server read
/// it: one server may render several.
#[cfg(feature = "ssr")]
pub fn config() -> impl Deref<Target = RuntimeConfig> {
    let json = crate::rendering::server::config_json();
    Box::new(parse_json::<RuntimeConfig>(&json).unwrap_or_default())
}

/// Reads the runtime config (`config.json`, relative to `<base href>`, unless a
/// host page names another); a missing or broken file falls back to the
/// defaults with a console warning, never a blank page.
#[cfg(not(feature = "ssr"))]
pub async fn load_config(url: &str) {
    let loaded = async {
        match fetch_text(url, None).await {
            Ok((200..=299, body)) => parse_json(&body),
            Ok((status, _)) => Err(format!("HTTP {status}")),
            Err(()) => Err("unreachable".to_owned()),
        }
    };
    let config = loaded.await.unwrap_or_else(|err| {
        leptos::logging::warn!("Beltmart: config.json not loaded ({err}); using the defaults");
        RuntimeConfig::default()
    });
    set_config(config, url);
}

/// Uses `config`, read from `url` (or embedded in a page rendered with the one there).
#[cfg(not(feature = "ssr"))]
pub fn set_config(mut config: RuntimeConfig, url: &str) {
    config.api_base = config.api_base.trim_end_matches('/').to_owned();
    config.assets = url
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder)
        .to_owned();
    let _ = CONFIG.set(config);
}

/// The URL of one of the storefront's own files (`china-map.svg`).
pub fn asset_url(file: &str) -> String {
    match config().assets.as_str() {
        "" => file.to_owned(),
        folder => format!("{folder}/{file}"),
    }
}

/// The page size to ask for: the URL's, or the site's default when the URL has none.
pub fn effective_per_page(query: &CatalogQuery) -> u32 {
    match config().page_size {
        Some(size) if query.per_page == DEFAULT_PER_PAGE => size.clamp(1, MAX_PER_PAGE),
        _ => query.per_page,
    }
}

/// A product card picture's share of the screen (its `sizes`): half a
/// phone's width, a column on a desktop.
pub const CARD_SIZES: &str = "(max-width: 640px) 50vw, 250px";

/// A stored picture's `srcset` in `ext` (`webp`, `jpg`): each width's URL.
pub fn srcset(picture: &Picture, ext: &str) -> String {
    let each = picture.widths.iter().map(|w| {
        let url = api_url(&format!("{}-{w}.{ext}", picture.src));
        format!("{url} {w}w")
    });
    each.collect::<Vec<_>>().join(", ")
}

/// An absolute or same-origin URL for an API path (`/api/v1/...`).
pub fn api_url(path: &str) -> String {
    match path.strip_prefix('/') {
        Some(_) => format!("{}{path}", config().api_base),
        None => path.to_owned(),
    }
}

pub use beltmart_contract::path::{TAXONOMY, product as product_path, supplier as supplier_path};

/// The API path of a catalog view, at the site's page size.
pub fn products_path(query: &CatalogQuery) -> String {
    let sized = CatalogQuery {
        per_page: effective_per_page(query),
        ..query.clone()
    };
    beltmart_contract::path::products(&sized)
}

/// Why a request failed, in the terms the UI explains it.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchError {
    /// No answer: the network or the server is down.
    Unreachable,
    /// The API answered with an error body.
    Api {
        status: u16,
        code: String,
        message: String,
    },
    /// The answer was not what API v1 promises.
    Invalid(String),
}

impl FetchError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, FetchError::Api { status: 404, .. })
    }
}

/// Recent answers by path, so back, forward and a return from a product page
/// show the list at once instead of refetching it.
struct RecentAnswers {
    entries: VecDeque<(String, f64, String)>,
}

const RECENT_ANSWERS: usize = 24;
/// Long enough for going back and forth, short enough to pick up catalog changes.
const RECENT_ANSWER_MS: f64 = 60_000.0;

thread_local! {
    static RECENT: RefCell<RecentAnswers> =
        const { RefCell::new(RecentAnswers { entries: VecDeque::new() }) };
}

fn recent_answer(path: &str) -> Option<String> {
    let now = js_sys::Date::now();
    RECENT.with_borrow(|r| {
        r.entries
            .iter()
            .find(|(p, at, _)| p == path && now - at < RECENT_ANSWER_MS)
            .map(|(_, _, body)| body.clone())
    })
}

/// Forgets every remembered answer: after an import, they are of an old catalog.
pub fn forget_recent_answers() {
    RECENT.with_borrow_mut(|r| r.entries.clear());
}

fn remember_answer(path: &str, body: &str) {
    RECENT.with_borrow_mut(|r| {
        r.entries.retain(|(p, _, _)| p != path);
        if r.entries.len() == RECENT_ANSWERS {
            r.entries.pop_front();
        }
        r.entries
            .push_back((path.to_owned(), js_sys::Date::now(), body.to_owned()));
    });
}

/// JSON through the browser's own parser: serde_json's parser and number
/// formatting would add kilobytes to the WASM.
#[cfg(not(feature = "ssr"))]
fn parse_json<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(body).map_err(|_| "not JSON".to_owned())?;
    from_js(value).map_err(|e| e.to_string())
}

/// On the server, serde_json.
#[cfg(feature = "ssr")]
fn parse_json<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    serde_json::from_str(body).map_err(|e| e.to_string())
}

fn decode<T: DeserializeOwned>(body: &str) -> Result<T, FetchError> {
    parse_json(body).map_err(FetchError::Invalid)
}

/// What an answer with `status` and `body` means: the value, or the API's error.
fn outcome<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, FetchError> {
    if (200..300).contains(&status) {
        return decode(body);
    }
    Err(match parse_json::<ErrorBody>(body) {
        Ok(body) => FetchError::Api {
            status,
            code: body.error.code,
            message: body.error.message,
        },
        Err(_) => FetchError::Api {
            status,
            code: "http".into(),
            message: format!("HTTP {status}"),
        },
    })
}

/// An answer's status and body, or `Err` when none came (network down, aborted).
type Answer = Result<(u16, String), ()>;

/// GETs `url`. The body is read as text: decoding goes through the browser's
/// JSON parser (see [`parse_json`]), not gloo-net's serde_json.
async fn fetch_text(url: &str, signal: Option<&AbortSignal>) -> Answer {
    let response = gloo_net::http::Request::get(url)
        .abort_signal(signal)
        .send()
        .await
        .map_err(drop)?;
    let text = response.text().await.map_err(drop)?;
    Ok((response.status(), text))
}

/// GETs an API path: its value (a 2xx answer is remembered for a while), or why not.
async fn get<T: DeserializeOwned>(
    path: &str,
    controller: &AbortController,
) -> Result<T, FetchError> {
    let answer = match ahead::prefetched(path) {
        Some(coming) => coming.await,
        None => fetch_text(&api_url(path), Some(&controller.signal())).await,
    };
    let (status, body) = answer.map_err(|()| FetchError::Unreachable)?;
    if (200..300).contains(&status) {
        remember_answer(path, &body);
    }
    outcome(status, &body)
}

/// GETs one API path once (not following anything), for pages that load a
/// set of things, such as the 进货单's products.
pub async fn fetch_json<T: DeserializeOwned>(path: &str) -> Result<T, FetchError> {
    let controller = AbortController::new().map_err(|_| FetchError::Unreachable)?;
    get(path, &controller).await
}

/// What a sentence typed into the search box means, as a catalog query.
pub async fn understand(text: &str) -> Result<CatalogQuery, FetchError> {
    /// Only the query: the parts would be code the storefront does not use.
    #[derive(Deserialize)]
    struct Understood {
        query: String,
    }
    let understood: Understood = fetch_json(&beltmart_contract::path::understand(text)).await?;
    // The query itself says what is wrong with it; the error's words would be code.
    CatalogQuery::parse(&understood.query).map_err(|_| FetchError::Invalid(understood.query))
}

/// The request a [`Remote`] waits for: its number, and the way to abort it.
#[derive(Default)]
struct Flight {
    /// Counts requests; an answer counts only if no newer request was made since.
    generation: u64,
    controller: Option<AbortController>,
}

impl Flight {
    /// Aborts the request in flight and makes any answer to it stale.
    fn cancel(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
        self.generation += 1;
    }

    /// Supersedes the request in flight with a new one.
    fn start(&mut self) -> Option<(u64, AbortController)> {
        self.cancel();
        let controller = AbortController::new().ok()?;
        self.controller = Some(controller.clone());
        Some((self.generation, controller))
    }
}

/// The latest answer for a reactive API path. While the next answer loads, the
/// previous value stays; a superseded request is aborted, and an answer that
/// arrives after a newer request was made is dropped.
pub struct Remote<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<T>>,
    pub error: RwSignal<Option<FetchError>>,
    pub loading: RwSignal<bool>,
    retry: Trigger,
}

impl<T: Send + Sync + 'static> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Remote<T> {}

impl<T: Send + Sync + 'static> Remote<T> {
    /// Requests the current path again (the retry button).
    pub fn retry(&self) {
        self.retry.notify();
    }
}

/// Follows `path`: whenever it changes (or `retry` is called) the new path is
/// fetched. `None` means there is nothing to fetch. A page the server rendered
/// starts with the answer it was rendered from, without fetching it again.
pub fn remote<T>(path: impl Fn() -> Option<String> + 'static) -> Remote<T>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let remote = Remote {
        value: RwSignal::new(None),
        error: RwSignal::new(None),
        loading: RwSignal::new(false),
        retry: Trigger::new(),
    };
    let mut embedded = untrack(&path).and_then(|path| start_with_embedded(remote, &path));
    let flight = StoredValue::new_local(Flight::default());
    // A page that goes away takes its requests with it: no answer lands after unmount.
    on_cleanup(move || {
        flight.try_update_value(Flight::cancel);
    });
    Effect::new(move |_| {
        remote.retry.track();
        let Some(path) = path() else { return };
        if embedded.take().is_some_and(|start| start == path) {
            return;
        }
        // A remembered answer shows at once; it also supersedes any request in flight.
        if let Some(Ok(value)) = recent_answer(&path).map(|body| decode::<T>(&body)) {
            flight.update_value(Flight::cancel);
            remote.value.set(Some(value));
            remote.error.set(None);
            remote.loading.set(false);
            return;
        }
        let Some((this, controller)) = flight.try_update_value(Flight::start).flatten() else {
            return;
        };
        remote.loading.set(true);
        spawn_local(async move {
            let result = get::<T>(&path, &controller).await;
            let current = flight.try_with_value(|f| f.generation == this);
            if current != Some(true) {
                return;
            }
            match result {
                Ok(value) => {
                    remote.value.try_set(Some(value));
                    remote.error.try_set(None);
                }
                Err(err) => {
                    remote.error.try_set(Some(err));
                }
            }
            remote.loading.try_set(false);
        });
    });
    remote
}

/// Gives `remote` the answer for `path` the page was rendered with, if there is
/// one: the path it started with.
fn start_with_embedded<T>(remote: Remote<T>, path: &str) -> Option<String>
where
    T: DeserializeOwned + Send + Sync + 'static,
{
    let answer = crate::rendering::embedded_answer(path)?;
    match outcome::<T>(answer.status, &answer.body) {
        Ok(value) => {
            #[cfg(not(feature = "ssr"))]
            remember_answer(path, &answer.body);
            remote.value.set(Some(value));
        }
        Err(error) => remote.error.set(Some(error)),
    }
    Some(path.to_owned())
}
