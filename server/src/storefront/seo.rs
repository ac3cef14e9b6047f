//! What search engines read besides the pages: `robots.txt`, and sitemaps of
//! the storefront's pages (the catalog of each category and belt that has
//! products, the belt directory, every product), split into a sitemap index
//! past 50 000 URLs as the sitemaps protocol requires.

use std::fmt::Write;
use std::net::SocketAddr;

use axum::extract::{Extension, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use beltmart_contract::{CatalogQuery, ErrorCode, Facet, page};

use crate::catalog::Catalog;
use crate::http::error::ApiError;

/// The sitemaps protocol's limit of URLs per file.
pub const URLS_PER_SITEMAP: usize = 50_000;

pub const ROBOTS: &str = "/robots.txt";
pub const SITEMAP: &str = "/sitemap.xml";
/// One part of a split sitemap: `/sitemaps/1.xml`.
pub const SITEMAP_PART: &str = "/sitemaps/{part}";

/// Where the storefront is, for absolute URLs (robots.txt, the sitemap, each
/// page's canonical URL): `--public-url`; else the request's host when
/// `--allowed-hosts` lists it (other hosts are refused before this, 400);
/// else the address the server listens on. Never a host a client merely
/// sends: one such request would poison what every crawler reads from a cache.
#[derive(Clone)]
pub struct PublicUrl {
    fixed: Option<String>,
    allowed: Vec<String>,
    listening: String,
}

impl PublicUrl {
    pub fn new(
        public_url: Option<&str>,
        allowed_hosts: &[String],
        listening: SocketAddr,
    ) -> PublicUrl {
        PublicUrl {
            fixed: public_url.map(|url| url.trim_end_matches('/').to_owned()),
            allowed: allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
            listening: format!("http://{listening}"),
        }
    }

    pub(crate) fn of(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.fixed {
            return url.clone();
        }
        match host_of(headers).filter(|host| self.allows(host)) {
            Some(host) => format!("http://{host}"),
            None => self.listening.clone(),
        }
    }

    /// Whether `host` is one `--allowed-hosts` lists (none: every host is
    /// answered, and none is used for a URL).
    pub fn allows(&self, host: &str) -> bool {
        self.allowed
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }

    /// Whether requests must name an allowed host.
    pub fn checks_hosts(&self) -> bool {
        !self.allowed.is_empty()
    }
}

/// With `--allowed-hosts`, a request naming another host (or none) is 400
/// `invalid_host`, as Django's `ALLOWED_HOSTS` does.
pub async fn known_hosts_only(
    State(public): State<PublicUrl>,
    request: Request,
    next: Next,
) -> Response {
    // A load balancer's health check names whatever address it uses.
    let health = request.uri().path() == beltmart_contract::path::HEALTH;
    let named = host_of(request.headers()).is_some_and(|h| public.allows(h));
    if !public.checks_hosts() || health || named {
        return next.run(request).await;
    }
    ApiError::bad_request(
        ErrorCode::InvalidHost,
        "this server does not answer for that host (--allowed-hosts)",
    )
    .into_response()
}

/// The request's `Host`, when it is one.
pub fn host_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| is_host(h))
}

/// A host and port as a Host header carries them, nothing else (no path, no markup).
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

pub async fn robots(Extension(public): Extension<PublicUrl>, headers: HeaderMap) -> Response {
    let base = public.of(&headers);
    let body = format!(
        "User-agent: *\nAllow: /\nDisallow: /api/\nAllow: /api/v1/images/\nDisallow: {}\nDisallow: {}\nDisallow: {}\nDisallow: {}\n\nSitemap: {base}{SITEMAP}\n",
        page::LIST,
        page::INQUIRE,
        page::INQUIRY,
        page::MY_INQUIRIES,
    );
    text(body, "text/plain; charset=utf-8")
}

/// The sitemap, or with more than [`URLS_PER_SITEMAP`] pages the index of its parts.
pub async fn sitemap(
    Extension(catalog): Extension<std::sync::Arc<Catalog>>,
    Extension(public): Extension<PublicUrl>,
    headers: HeaderMap,
) -> Response {
    let base = public.of(&headers);
    let pages = SitePages::of(&catalog);
    let parts = pages.len().div_ceil(URLS_PER_SITEMAP);
    if parts <= 1 {
        return xml(url_set(&base, pages.paths(0, URLS_PER_SITEMAP)));
    }
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in 1..=parts {
        let loc = escape(&format!("{base}/sitemaps/{part}.xml"));
        let _ = writeln!(body, "<sitemap><loc>{loc}</loc></sitemap>");
    }
    body.push_str("</sitemapindex>\n");
    xml(body)
}

/// One part of a split sitemap, numbered from 1.
pub async fn sitemap_part(
    Extension(catalog): Extension<std::sync::Arc<Catalog>>,
    Extension(public): Extension<PublicUrl>,
    Path(part): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let no_such_part = || ApiError::not_found(format!("no sitemap part {part}"));
    let number: usize = part
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .filter(|&n| n >= 1)
        .ok_or_else(no_such_part)?;
    let pages = SitePages::of(&catalog);
    let start = (number - 1)
        .checked_mul(URLS_PER_SITEMAP)
        .filter(|&start| start < pages.len())
        .ok_or_else(no_such_part)?;
    let base = public.of(&headers);
    Ok(xml(url_set(&base, pages.paths(start, URLS_PER_SITEMAP))))
}

/// Every page worth a search engine's visit, as paths: the catalog, the belt
/// directory, each category and belt with products, then each product. The
/// product paths are made only for the part of the sitemap asked for.
struct SitePages<'a> {
    listings: Vec<String>,
    catalog: &'a Catalog,
}

impl<'a> SitePages<'a> {
    fn of(catalog: &'a Catalog) -> SitePages<'a> {
        let facets = catalog
            .index
            .search(&CatalogQuery::default(), crate::catalog::image_url)
            .facets;
        let with_products = |facet: Facet| {
            facets
                .counts(facet)
                .iter()
                .filter(|c| c.count > 0)
                .map(move |c| {
                    let mut query = CatalogQuery::default();
                    query.values_mut(facet).push(c.id.clone());
                    page::catalog(&query)
                })
        };
        let mut listings = vec![
            page::catalog(&CatalogQuery::default()),
            page::BELTS.to_owned(),
        ];
        listings.extend(with_products(Facet::Category));
        listings.extend(with_products(Facet::Belt));
        // Factories with products (one with none is `noindex`).
        let index = &catalog.index;
        let factories = catalog.factories.ids();
        let selling = factories.filter(|id| index.product_count(id).unwrap_or(0) > 0);
        listings.extend(selling.map(page::factory));
        SitePages { listings, catalog }
    }

    fn len(&self) -> usize {
        self.listings.len() + self.catalog.index.len()
    }

    /// The paths from the `start`th, at most `count` of them.
    fn paths(&self, start: usize, count: usize) -> impl Iterator<Item = String> + '_ {
        let products = start.saturating_sub(self.listings.len());
        self.listings
            .iter()
            .skip(start)
            .cloned()
            .chain(self.catalog.index.ids().skip(products).map(page::product))
            .take(count)
    }
}

fn url_set(base: &str, paths: impl Iterator<Item = String>) -> String {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        let _ = writeln!(
            body,
            "<url><loc>{}</loc></url>",
            escape(&format!("{base}{path}"))
        );
    }
    body.push_str("</urlset>\n");
    body
}

/// A URL as XML text (the codec's `&` between parameters, above all).
fn escape(url: &str) -> String {
    url.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn xml(body: String) -> Response {
    text(body, "application/xml; charset=utf-8")
}

fn text(body: String, content_type: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}
