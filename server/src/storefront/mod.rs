//! The storefront's pages rendered on the server (Leptos SSR, the app's own
//! components): `/`, `/belts`, `/product/{id}` and the not-found page arrive
//! as HTML with their data, which the WASM then hydrates. The page asks for
//! API paths as the browser would; they are answered in-process by the API
//! router and embedded, so hydration fetches none of them again.

mod head;
pub mod seo;
mod template;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use beltmart::rendering::{self, Answer, server::Rendered};
use beltmart::router::urls::{Base, Page, catalog_href_in};
use beltmart_contract::{CatalogQuery, PRICE_MAX_FIELD, PRICE_MIN_FIELD};
use tower::ServiceExt;

pub use template::Template;

use crate::catalog::Catalog;
use crate::catalog::LiveCatalog;
use crate::http::answers::{Answer as Compressed, AnswerCache, Weighed};
use crate::http::policy::{self as http_policy, InlineStyles};
use seo::PublicUrl;

/// How many times a page may be rendered to learn the API paths it needs: each
/// render may ask for paths that the answers to the previous ones lead to.
const RENDERS: usize = 3;
/// An API answer larger than this is not embedded in a page.
const MAX_ANSWER: usize = 4 << 20;

/// The page the server renders pages into: index.html's copy that starts the
/// WASM build which hydrates (scripts/spa-wasm.sh).
pub const SSR_HTML: &str = "ssr.html";

#[derive(Clone)]
pub struct Storefront {
    /// `None` for a build without ssr.html: every page is then the shell.
    template: Option<Arc<Template>>,
    /// index.html as built, for the pages the browser renders.
    shell: Bytes,
    /// `config.json` as the storefront's files have it, embedded in each page.
    config_json: Arc<serde_json::Value>,
    /// The API, called in-process.
    api: Router,
    /// The catalog whose current version each page is rendered from.
    catalog: Arc<LiveCatalog>,
    /// Pages rendered, by catalog version and URL.
    pages: Arc<AnswerCache<RenderedPage>>,
    /// What names this build of the pages (ssr.html and the config), for their ETags.
    build: Arc<str>,
    public: PublicUrl,
    base: Base,
    /// What its pages are rendered with: the base and the config.
    site: rendering::server::Site,
    /// The API paths each recent URL's render asked for: a URL rendered before
    /// is rendered once, with its answers fetched first.
    plans: Arc<quick_cache::sync::Cache<String, Arc<[String]>>>,
}

/// URLs whose API paths are remembered (the least used go first).
const PLANS: usize = 4096;

impl Storefront {
    /// The storefront of `dist`, whose pages ask `api`; `None` if `dist` has no index.html.
    pub fn new(
        dist: &std::path::Path,
        api: Router,
        catalog: Arc<LiveCatalog>,
        public: PublicUrl,
        pages: AnswerCache<RenderedPage>,
    ) -> Option<Storefront> {
        let shell: Bytes = std::fs::read_to_string(dist.join("index.html"))
            .ok()?
            .into();
        let ssr_html = std::fs::read_to_string(dist.join(SSR_HTML)).unwrap_or_default();
        let template = Template::parse(&ssr_html);
        if template.is_none() {
            let dist = dist.display();
            tracing::warn!("{dist} has no {SSR_HTML}: every page is rendered by the browser");
        }
        let config_json: serde_json::Value = std::fs::read_to_string(dist.join("config.json"))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_else(|| serde_json::json!({}));
        let config_text = config_json.to_string();
        let build = http_policy::etag_of(format!("{ssr_html}\0{config_text}").as_bytes());
        let base = template.as_ref().map_or("/", |t| t.base.as_str());
        Some(Storefront {
            shell,
            base: Base::new(base),
            site: rendering::server::Site::new(base, &config_text),
            template: template.map(Arc::new),
            config_json: Arc::new(config_json),
            api,
            catalog,
            pages: Arc::new(pages),
            build: build.to_str().unwrap_or_default().into(),
            public,
            plans: Arc::new(quick_cache::sync::Cache::new(PLANS)),
        })
    }

    /// The answer to an API path, as the browser would get it, from the
    /// page's catalog version.
    async fn ask(&self, catalog: &Arc<Catalog>, path: &str) -> Answer {
        let mut request = Request::get(path)
            .body(Body::empty())
            .expect("an API path is a URI");
        request.extensions_mut().insert(catalog.clone());
        let response = self.api.clone().oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), MAX_ANSWER).await;
        match body.map(|b| String::from_utf8(Vec::from(b))) {
            Ok(Ok(body)) => Answer { status, body },
            _ => Answer {
                status: 503,
                body: String::new(),
            },
        }
    }

    /// Renders a page until it has every answer it asks for; `None` if the
    /// render panicked (a bug), logged.
    async fn render(
        &self,
        catalog: &Arc<Catalog>,
        pathname: &str,
        search: &str,
    ) -> Option<Rendered> {
        let url = format!("{pathname}{search}");
        let plan = self.plans.get(&url).unwrap_or_default();
        // Shared with each render, not copied: the render has let go of it
        // by the time the next answers go in.
        let mut answers = Arc::new(HashMap::new());
        for path in plan.iter() {
            let answer = self.ask(catalog, path).await;
            Arc::make_mut(&mut answers).insert(path.clone(), answer);
        }
        let mut rendered = render_once(&self.site, pathname, search, &answers)?;
        for _ in 1..RENDERS {
            if rendered.missing.is_empty() {
                break;
            }
            for path in std::mem::take(&mut rendered.missing) {
                let answer = self.ask(catalog, &path).await;
                Arc::make_mut(&mut answers).insert(path, answer);
            }
            rendered = render_once(&self.site, pathname, search, &answers)?;
        }
        self.plans
            .insert(url, rendered.used.keys().cloned().collect());
        Some(rendered)
    }

    /// The page at `uri` in `template`; `None` if its render panicked.
    async fn render_page(
        &self,
        catalog: &Arc<Catalog>,
        template: &Template,
        page: &Page,
        uri: &Uri,
        public: &str,
        key: &str,
    ) -> Option<Arc<RenderedPage>> {
        let search = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        let rendered = self.render(catalog, uri.path(), &search).await?;
        let head = head::tags(&rendered, page, public, &self.base, &search);
        let body = format!(
            "<div id=\"beltmart\">{}</div><script type=\"application/json\" id=\"{}\">{}</script>",
            rendered.html,
            rendering::EMBEDDED_ID,
            self.embedded(&rendered)
        );
        let html = template.page(&head, &body).into_bytes();
        Some(Arc::new(RenderedPage {
            status: status_of(page, &rendered),
            styles: InlineStyles::of(&rendered.html),
            etag: http_policy::etag_of(format!("{}\0{key}", self.build).as_bytes()),
            html: Compressed::new(html),
        }))
    }

    /// The shell, which the browser renders: what a page gets when the server cannot render it.
    fn shell(&self) -> Response {
        let mut response = Html(self.shell.clone()).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        response
    }

    /// What the page embeds for hydration: the config and the answers it used.
    fn embedded(&self, rendered: &Rendered) -> String {
        use std::fmt::Write;
        // The API's own JSON, as it is: parsed only to be sure it is JSON.
        let is_json = |body: &str| serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok();
        let mut data = format!("{{\"config\":{},\"answers\":{{", self.config_json);
        for (n, (path, answer)) in rendered.used.iter().enumerate() {
            let body = if is_json(&answer.body) {
                &answer.body
            } else {
                "null"
            };
            let path = serde_json::Value::from(path.as_str());
            let comma = if n == 0 { "" } else { "," };
            let _ = write!(
                data,
                "{comma}{path}:{{\"status\":{},\"body\":{body}}}",
                answer.status
            );
        }
        data.push_str("}}");
        // Inside <script>, `</script>` or `<!--` in a string would end or bend it.
        data.replace('<', "\\u003c")
    }
}

/// A page of the storefront, rendered. The 进货单 is the shopper's own, kept
/// in their browser: the server has nothing to render it with, and sends the
/// app's shell, which renders it there.
pub async fn page(State(front): State<Storefront>, request: Request) -> Response {
    let uri = request.uri();
    let page = Page::of(uri.path(), &front.base);
    let Some(template) = front.template.clone().filter(|_| page != Page::List) else {
        return front.shell();
    };
    if page == Page::Catalog
        && let Some(canonical) = filter_form_target(&front.base, uri.query())
    {
        return Redirect::to(&canonical).into_response();
    }
    let public = front.public.of(request.headers());
    // A page is what its URL and origin (in its links) make of one catalog
    // version: every answer it embeds is of that version, and it is kept with
    // it, rendered once.
    let catalog = front.catalog.current();
    let key = format!("{}\0{public}{uri}", catalog.version());
    let render = async {
        let rendered = front.render_page(&catalog, &template, &page, uri, &public, &key);
        rendered.await.ok_or(())
    };
    match front
        .pages
        .get_or_make(catalog.version(), &key, render)
        .await
    {
        Ok(rendered) => rendered.response(request.headers()),
        Err(()) => front.shell(),
    }
}

/// A page as it is sent, compressed once.
pub struct RenderedPage {
    status: StatusCode,
    html: Arc<Compressed>,
    /// Its validator: a CDN or browser that has the page revalidates it for a 304.
    /// Named, not hashed from the page (which says how long its answers took).
    etag: HeaderValue,
    /// Its `style` attributes, which its response's CSP allows.
    styles: InlineStyles,
}

impl Weighed for RenderedPage {
    fn size(&self) -> usize {
        self.html.size() + self.styles.0.iter().map(String::len).sum::<usize>()
    }
}

impl RenderedPage {
    fn response(&self, request_headers: &HeaderMap) -> Response {
        let found = self.status == StatusCode::OK;
        let mut response = if found && http_policy::has_current(request_headers, &self.etag) {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = self
                .html
                .response(request_headers, "text/html; charset=utf-8");
            *response.status_mut() = self.status;
            response.extensions_mut().insert(self.styles.clone());
            response
        };
        if found {
            let etag = self.etag.clone();
            response.headers_mut().insert(header::ETAG, etag);
        }
        // The page carries catalog data: revalidated like index.html, never kept stale.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        response
    }
}

/// Where the filters' plain form (a page without JavaScript) leads: its
/// submission read as a query, at its canonical URL. `None` for a query the
/// codec reads as it is, or one the form could not have sent.
fn filter_form_target(base: &Base, query: Option<&str>) -> Option<String> {
    let query = query?;
    let from_form = CatalogQuery::from_form(query).ok()?;
    let fields = [PRICE_MIN_FIELD, PRICE_MAX_FIELD];
    let has_fields = form_urlencoded::parse(query.as_bytes()).any(|(k, _)| fields.contains(&&*k));
    (has_fields || CatalogQuery::parse(query).is_err()).then(|| catalog_href_in(base, &from_form))
}

/// One render; a panic in it is a bug, logged, and the shopper gets the shell.
fn render_once(
    site: &rendering::server::Site,
    pathname: &str,
    search: &str,
    answers: &Arc<HashMap<String, Answer>>,
) -> Option<Rendered> {
    let answers = Arc::clone(answers);
    let draw = beltmart::app::to_html;
    let render = || rendering::server::render(site, pathname, search, answers, draw);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(render)) {
        Ok(rendered) => Some(rendered),
        Err(_) => {
            tracing::error!(
                path = pathname,
                "the page's render panicked; sent the shell instead"
            );
            None
        }
    }
}

/// The not-found page's 404, and an answer's error as the page's own (a product
/// that is not there is a 404 page).
fn status_of(page: &Page, rendered: &Rendered) -> StatusCode {
    if *page == Page::NotFound {
        return StatusCode::NOT_FOUND;
    }
    rendered
        .used
        .values()
        .map(|answer| answer.status)
        .filter(|&status| status >= 400)
        .max()
        .and_then(|status| StatusCode::from_u16(status).ok())
        .unwrap_or(StatusCode::OK)
}
