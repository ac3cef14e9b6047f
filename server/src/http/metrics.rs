//! What an operator watches, in Prometheus' text format: requests by route
//! and status with their latency, the answer caches' hits and misses, the
//! catalog being served (version, products, loads), open connections and
//! whether the store answers. Served only on `--metrics-addr`, never on the
//! public address ([`serve`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use beltmart_contract::path;
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};
use tokio::net::TcpListener;

use crate::catalog::LiveCatalog;

/// Each route a request can take, as its label: a fixed set, so that no
/// request can add series (paths with ids are their templates).
const ROUTES: [&str; 10] = [
    path::PRODUCTS,
    path::PRODUCT,
    path::IMAGE,
    path::TAXONOMY,
    path::UNDERSTAND,
    path::SUGGEST,
    path::OPENAPI,
    path::HEALTH,
    "/robots.txt",
    "/sitemap.xml",
];

/// Latency buckets, in seconds: 0.5 ms to about 8 s.
const LATENCY_BUCKETS: [f64; 15] = [
    0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048,
    4.096, 8.192,
];

/// The registry and the metrics the server updates as it works.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    catalog: Arc<LiveCatalog>,
    requests: IntCounterVec,
    latency: HistogramVec,
    cache_hits: IntCounterVec,
    cache_misses: IntCounterVec,
    /// Set as connections open and close.
    pub open_connections: IntGauge,
    catalog_version: IntGaugeVec,
    products: IntGauge,
    /// Counted by the catalog as it loads ([`LiveCatalog::on_load`]).
    loads: IntCounter,
    load_seconds: Histogram,
    store_reachable: IntGauge,
}

/// A cache's two counters, registered under its name.
#[derive(Clone)]
pub struct CacheTally {
    pub hits: IntCounter,
    pub misses: IntCounter,
}

impl Default for CacheTally {
    /// Counters of their own, registered nowhere (a cache no one watches).
    fn default() -> CacheTally {
        let counter = |name| IntCounter::new(name, name).expect("a valid name");
        CacheTally {
            hits: counter("hits"),
            misses: counter("misses"),
        }
    }
}

impl Metrics {
    pub fn new(catalog: Arc<LiveCatalog>) -> Metrics {
        let metrics = Metrics {
            requests: counters(
                "beltmart_http_requests_total",
                "Requests answered, by route and status.",
                &["route", "status"],
            ),
            latency: HistogramVec::new(
                HistogramOpts::new(
                    "beltmart_http_request_duration_seconds",
                    "Time to answer a request (its headers), by route.",
                )
                .buckets(LATENCY_BUCKETS.to_vec()),
                &["route"],
            )
            .expect("a valid metric"),
            cache_hits: counters(
                "beltmart_answer_cache_hits_total",
                "Answers served from a cache (api: catalog answers, pages: rendered pages), \
                 waits for an answer being made included.",
                &["cache"],
            ),
            cache_misses: counters(
                "beltmart_answer_cache_misses_total",
                "Answers made because the cache had none.",
                &["cache"],
            ),
            open_connections: gauge("beltmart_open_connections", "Client connections open."),
            catalog_version: IntGaugeVec::new(
                Opts::new(
                    "beltmart_catalog_info",
                    "The catalog version being served (its label; always 1).",
                ),
                &["version"],
            )
            .expect("a valid metric"),
            products: gauge(
                "beltmart_catalog_products",
                "Products in the catalog version being served.",
            ),
            loads: IntCounter::new(
                "beltmart_catalog_loads_total",
                "New catalog versions loaded since start (each import that commits is one).",
            )
            .expect("a valid metric"),
            load_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "beltmart_catalog_load_duration_seconds",
                    "Time to load a committed import and swap it in.",
                )
                .buckets(vec![0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]),
            )
            .expect("a valid metric"),
            store_reachable: gauge(
                "beltmart_store_reachable",
                "1 while the store of record answered its last check (twice a second), else 0.",
            ),
            registry: Registry::new(),
            catalog,
        };
        metrics.register_all();
        let (loads, load_seconds) = (metrics.loads.clone(), metrics.load_seconds.clone());
        metrics.catalog.on_load(Box::new(move |took| {
            loads.inc();
            load_seconds.observe(took.as_secs_f64());
        }));
        metrics
    }

    fn register_all(&self) {
        let collectors: [Box<dyn prometheus::core::Collector>; 10] = [
            Box::new(self.requests.clone()),
            Box::new(self.latency.clone()),
            Box::new(self.cache_hits.clone()),
            Box::new(self.cache_misses.clone()),
            Box::new(self.open_connections.clone()),
            Box::new(self.catalog_version.clone()),
            Box::new(self.products.clone()),
            Box::new(self.loads.clone()),
            Box::new(self.load_seconds.clone()),
            Box::new(self.store_reachable.clone()),
        ];
        for collector in collectors {
            self.registry.register(collector).expect("each name once");
        }
    }

    /// The counters of the cache named `name` (`api`, `pages`).
    pub fn cache_tally(&self, name: &str) -> CacheTally {
        CacheTally {
            hits: self.cache_hits.with_label_values(&[name]),
            misses: self.cache_misses.with_label_values(&[name]),
        }
    }

    /// Counts a request and its time.
    fn observe(&self, path: &str, status: u16, took: Duration) {
        let route = route_of(path);
        let status = status.to_string();
        self.requests.with_label_values(&[route, &status]).inc();
        self.latency
            .with_label_values(&[route])
            .observe(took.as_secs_f64());
    }

    /// The text Prometheus scrapes, with the catalog's figures as they are now.
    fn scrape(&self) -> String {
        let current = self.catalog.current();
        self.catalog_version.reset();
        self.catalog_version
            .with_label_values(&[current.version()])
            .set(1);
        self.products.set(current.index.len() as i64);
        self.store_reachable
            .set(i64::from(self.catalog.is_available()));
        let mut text = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut text)
            .expect("writing to memory");
        String::from_utf8(text).expect("the text format is UTF-8")
    }
}

fn counters(name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    IntCounterVec::new(Opts::new(name, help), labels).expect("a valid metric")
}

fn gauge(name: &str, help: &str) -> IntGauge {
    IntGauge::new(name, help).expect("a valid metric")
}

/// The route label of a request's path: one of [`ROUTES`] (an id matches its
/// `{…}` segment), else `api_other`, `sitemap`, `file` (a name with an
/// extension) or `page`.
pub fn route_of(path: &str) -> &'static str {
    let segments: Vec<&str> = path.split('/').collect();
    let matches = |route: &str| {
        let template: Vec<&str> = route.split('/').collect();
        template.len() == segments.len()
            && template
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
    };
    if let Some(route) = ROUTES.into_iter().find(|route| matches(route)) {
        return route;
    }
    let last = segments.last().copied().unwrap_or_default();
    match () {
        _ if path == "/api" || path.starts_with("/api/") => "api_other",
        _ if path.starts_with("/sitemaps/") => "/sitemaps/{part}",
        _ if last.contains('.') => "file",
        _ => "page",
    }
}

/// The layer that counts every request the public address answers.
pub async fn count(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    metrics.observe(&path, response.status().as_u16(), started.elapsed());
    response
}

/// Serves `GET /metrics` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    metrics: Metrics,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new()
        .route("/metrics", get(scrape))
        .with_state(metrics);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

async fn scrape(State(metrics): State<Metrics>) -> Response {
    let content_type = (header::CONTENT_TYPE, prometheus::TEXT_FORMAT);
    ([content_type], metrics.scrape()).into_response()
}

#[cfg(test)]
mod tests {
    use super::route_of;

    #[test]
    fn every_path_has_a_route_from_a_fixed_set() {
        assert_eq!(route_of("/api/v1/products"), "/api/v1/products");
        assert_eq!(route_of("/api/v1/products/p12"), "/api/v1/products/{id}");
        assert_eq!(route_of("/api/v1/products/"), "api_other");
        assert_eq!(
            route_of("/api/v1/images/p1/2"),
            "/api/v1/images/{id}/{view}"
        );
        assert_eq!(route_of("/api/v2/anything"), "api_other");
        assert_eq!(route_of("/healthz"), "/healthz");
        assert_eq!(route_of("/sitemaps/3.xml"), "/sitemaps/{part}");
        assert_eq!(route_of("/beltmart-1a2b.wasm"), "file");
        assert_eq!(route_of("/product/p12"), "page");
        assert_eq!(route_of("/"), "page");
    }
}
