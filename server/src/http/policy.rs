//! How responses may be cached, shared across origins and framed: ETags and
//! Cache-Control for the API, long-lived caching for hashed assets, CORS from
//! the allowlist, and the security headers with a Content-Security-Policy that
//! lets the WASM storefront run and nothing else.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::Config;
use crate::catalog::Catalog;

/// API answers change when an import commits, and site owners expect a new
/// price on screen within seconds: browsers revalidate every time (a 304
/// against the ETag, no body), shared caches (a CDN) keep an answer for one
/// second, which absorbs bursts of the same query.
pub const API_CACHE: &str = "public, max-age=0, s-maxage=1";
/// Errors and health must never be served from a cache.
pub const NO_STORE: &str = "no-store";
/// Trunk puts a content hash in these names, so they never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// index.html and config.json name the current release and API: revalidate every time.
const REVALIDATE: &str = "no-cache";

/// The allowlist from `--cors-origins`: none means same origin only (no CORS
/// headers at all); `*` allows any origin.
/// The header a sender names its submission by, so that sending it again changes nothing.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

pub fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .collect();
    let allow = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    CorsLayer::new()
        .allow_origin(allow)
        // POST for 询价单 sent from a page on another origin (the static build on a CDN);
        // the console refuses other origins itself, and no credentials are ever allowed.
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([
            header::IF_NONE_MATCH,
            header::CONTENT_TYPE,
            HeaderName::from_static(IDEMPOTENCY_KEY),
        ])
        .expose_headers([header::ETAG, header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(3600))
}

/// A validator for one API answer: the catalog version and the request.
/// The host is part of it: an answer with absolute URLs differs by host
/// (`--allowed-hosts`), and a cache must never revalidate one host's with another's.
/// What else than the catalog version an answer depends on (a factory page's
/// answer records, counted apart): part of its ETag, so a revalidation sees it change.
#[derive(Clone, Debug)]
pub struct EtagSalt(pub String);

fn etag(catalog_version: &str, request: &Request) -> HeaderValue {
    let salt = request.extensions().get::<EtagSalt>().map(|s| s.0.as_str());
    let catalog_version = match salt {
        Some(salt) => format!("{catalog_version}+{salt}"),
        None => catalog_version.to_owned(),
    };
    let uri = request.uri();
    let query = uri.query().unwrap_or_default();
    let host = request
        .headers()
        .get(header::HOST)
        .map_or(&b""[..], |h| h.as_bytes());
    let host = String::from_utf8_lossy(host);
    etag_of(format!("{catalog_version}\0{host}\0{}\0{query}", uri.path()).as_bytes())
}

/// What a buyer's private link shows is hers alone: no cache keeps it, no
/// search engine lists it, and no link on it tells another site where it was.
pub fn keep_private(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
}

/// A validator for what `identity` names (an API answer: the version and the
/// request; a rendered page: the build, the version and the URL), the same on
/// every replica.
pub fn etag_of(identity: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(identity);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    // Weak: the bytes differ by Content-Encoding, the answer does not.
    HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex is a valid header value")
}

/// Whether a request's `If-None-Match` already has the current `tag` (or any, `*`).
pub fn has_current(request_headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let asked = precondition(request_headers.get(header::IF_NONE_MATCH), tag);
    !matches!(asked, Precondition::None)
}

/// What an `If-None-Match` header asks for.
enum Precondition {
    None,
    /// One of the listed tags is this answer's: it can be 304 without running the query
    /// (tags are only issued with successful answers, and answers depend only on the
    /// version and the request).
    Tag,
    /// `*`: any current answer. Only a successful answer exists; an error is not one.
    Any,
}

fn precondition(if_none_match: Option<&HeaderValue>, tag: &HeaderValue) -> Precondition {
    let Some(Ok(candidates)) = if_none_match.map(HeaderValue::to_str) else {
        return Precondition::None;
    };
    // If-None-Match compares weakly (RFC 9110 §13.1.2): `W/` does not matter.
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let tag = opaque(tag.to_str().unwrap_or_default());
    let candidates: Vec<String> = candidates.split(',').map(opaque).collect();
    if candidates.contains(&tag) {
        Precondition::Tag
    } else if candidates.iter().any(|c| c == "*") {
        Precondition::Any
    } else {
        Precondition::None
    }
}

fn not_modified(tag: HeaderValue) -> Response {
    (
        StatusCode::NOT_MODIFIED,
        [
            (header::ETAG, tag),
            (header::CACHE_CONTROL, HeaderValue::from_static(API_CACHE)),
        ],
    )
        .into_response()
}

/// API GETs: `304 Not Modified` when the client already has this answer,
/// otherwise the answer with its ETag and Cache-Control; errors are never cached.
pub async fn api_caching(request: Request, next: Next) -> Response {
    let catalog = request.extensions().get::<Arc<Catalog>>().cloned();
    let Some(catalog) =
        catalog.filter(|_| request.method() == Method::GET || request.method() == Method::HEAD)
    else {
        return next.run(request).await;
    };
    let tag = etag(catalog.version(), &request);
    let asked = precondition(request.headers().get(header::IF_NONE_MATCH), &tag);
    if matches!(asked, Precondition::Tag) {
        return not_modified(tag);
    }
    let mut response = next.run(request).await;
    let success = response.status().is_success();
    if success && matches!(asked, Precondition::Any) {
        return not_modified(tag);
    }
    let headers = response.headers_mut();
    if success {
        headers.insert(header::ETAG, tag);
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(API_CACHE));
    } else {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    response
}

/// `/healthz` is about now: never cached.
pub async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    response
}

/// Whether a file name carries trunk's content hash: `main-0123456789abcdef.css`,
/// `beltmart-0123456789abcdef_bg.wasm`.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The storefront's files: hashed assets for a year, everything else
/// (index.html, config.json, the SPA fallback) revalidated every time.
pub async fn static_caching(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let policy = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// The security headers, computed once at start.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    csp_text: Arc<str>,
}

/// The `style` attributes of a page the server rendered (the app's `style:`
/// values, such as the bars of the price histogram): that response alone
/// allows them, each by its hash.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InlineStyles(pub Vec<String>);

impl InlineStyles {
    /// The distinct `style` attribute values in `html`, unescaped.
    pub fn of(html: &str) -> InlineStyles {
        let mut styles: Vec<String> = html
            .split(" style=\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"'))
            .map(|(value, _)| unescape(value))
            .collect();
        styles.sort();
        styles.dedup();
        InlineStyles(styles)
    }
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text);
    format!(
        " 'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

impl SecurityHeaders {
    /// `pages` are the built pages (index.html, ssr.html): their inline bootstrap scripts are allowed
    /// by their hashes, so no `'unsafe-inline'` is needed. From the config:
    /// `connect_src`, the other origins the storefront may call (an API
    /// elsewhere), which may also serve images; `img_src`, where product images
    /// may come from (a CDN, a bucket); `frame_ancestors`, who may embed the pages.
    pub fn new(pages: &[PathBuf], config: &Config) -> SecurityHeaders {
        let pages: Vec<String> = pages
            .iter()
            .map(|page| std::fs::read_to_string(page).unwrap_or_default())
            .collect();
        let hashes: String = pages
            .iter()
            .flat_map(|page| inline_scripts(page))
            .map(sha256_source)
            .collect();
        let sources = |origins: &[String]| -> String {
            origins
                .iter()
                .map(|o| o.trim())
                .filter(|o| !o.is_empty())
                .map(|o| format!(" {o}"))
                .collect()
        };
        let (others, images) = (sources(&config.connect_src), sources(&config.img_src));
        let frame_ancestors = &config.frame_ancestors;
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data:{others}{images}; connect-src 'self'{others}; font-src 'self'; base-uri 'self'; \
             form-action 'self'; object-src 'none'; frame-ancestors {frame_ancestors}"
        );
        SecurityHeaders {
            csp: HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            csp_text: csp.into(),
        }
    }

    /// The policy for a response with `styles` in its HTML.
    fn csp_with(&self, styles: &InlineStyles) -> HeaderValue {
        if styles.0.is_empty() {
            return self.csp.clone();
        }
        let hashes: String = styles.0.iter().map(|s| sha256_source(s)).collect();
        let csp = self.csp_text.replacen(
            "style-src 'self'",
            &format!("style-src 'self' 'unsafe-hashes'{hashes}"),
            1,
        );
        HeaderValue::from_str(&csp).unwrap_or_else(|_| self.csp.clone())
    }
}

/// The bodies of `<script>` elements without a `src`.
fn inline_scripts(page: &str) -> impl Iterator<Item = &str> {
    page.split("<script").skip(1).filter_map(|rest| {
        let (attributes, after) = rest.split_once('>')?;
        let (body, _) = after.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

pub async fn security_headers(
    State(security): State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let styles = response.extensions_mut().remove::<InlineStyles>();
    let csp = security.csp_with(&styles.unwrap_or_default());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A page that says less (a buyer's private link: none) keeps its own.
    if !headers.contains_key(header::REFERRER_POLICY) {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("/shop/beltmart-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/main-9cda98c5c65c7c44.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/config.json"));
        assert!(!is_hashed_asset("/product/p-12"));
    }

    #[test]
    fn finds_each_style_attribute_once_unescaped() {
        let html = r#"<i style="height: 40%"></i><i style="height: 40%"></i><b style="a:&quot;x&quot;"></b>"#;
        let styles = InlineStyles::of(html);
        assert_eq!(styles.0, ["a:\"x\"", "height: 40%"]);
    }

    #[test]
    fn finds_inline_scripts_only() {
        let page = r#"<script type="module">boot()</script><script src="/x.js"></script>"#;
        assert_eq!(inline_scripts(page).collect::<Vec<_>>(), ["boot()"]);
    }

    #[test]
    fn if_none_match_lists_and_star() {
        let tag = HeaderValue::from_static("\"abc\"");
        let asked = |h: &'static str| precondition(Some(&HeaderValue::from_static(h)), &tag);
        assert!(matches!(asked("\"x\", \"abc\""), Precondition::Tag));
        assert!(matches!(asked("W/\"abc\""), Precondition::Tag));
        assert!(matches!(asked("*"), Precondition::Any));
        assert!(matches!(asked("\"abd\""), Precondition::None));
        assert!(matches!(precondition(None, &tag), Precondition::None));
    }
}
