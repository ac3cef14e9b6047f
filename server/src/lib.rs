//! Beltmart's reference API server: API v1 over a SQLite or PostgreSQL catalog, plus the
//! built SPA from `dist/`. `main.rs` only parses flags and calls [`bind`].
//!
//! Its layers, lowest first (each uses only those below it; tools/checks/tests/layering.rs checks):
//! `domain` (a product, the built-in taxonomy), `pictures` (a site owner's pictures checked and resized), `engine` (the search index of one
//! catalog version), `understand` (what a shopper's sentence means) and `sample` (the generated sample catalog), `store` (SQLite and
//! PostgreSQL behind one seam), `catalog` (the live version a server answers from) and
//! `files` (import and export), `http` (transport and cross-cutting layers: connections,
//! limits, errors, caching headers, answer caches), `storefront` (pages rendered on the
//! server, SEO), `routes` (the API's handlers and its OpenAPI document), `cli`.

pub mod accounts;
pub mod catalog;
pub mod cli;
mod domain;
mod engine;
pub mod files;
mod http;
pub mod inquiries;
pub mod notify;
pub mod pictures;
mod progress;
pub mod routes;
mod sample;
pub mod store;
mod storefront;
pub mod understand;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

use catalog::LiveCatalog;
use http::connections::{self, ConnectionLimits};
use http::metrics::{self, Metrics};
use store::{Seed, StoreAt};

/// Flags, each with an environment variable, as documented in the README.
#[derive(clap::Parser, Clone, Debug)]
#[command(
    name = "beltmart-server",
    version,
    about = "Beltmart API server and storefront"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "BELTMART_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The catalog: a SQLite file, or a PostgreSQL URL (`postgres://user@host/db`)
    /// that several servers share; created with the sample catalog when missing.
    /// A running server follows it: an import that commits is served within 2 seconds.
    #[arg(long, env = "BELTMART_DB", default_value = "data/beltmart.sqlite")]
    pub db: StoreAt,
    /// The built SPA (`trunk build --release` writes it).
    #[arg(long, env = "BELTMART_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Other origins allowed to call the API from a browser, comma-separated
    /// (`https://shop.example.com`). Empty: same origin only.
    #[arg(long, env = "BELTMART_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Other origins the storefront served here may call, for its
    /// Content-Security-Policy (when its config.json points at an API elsewhere).
    #[arg(long, env = "BELTMART_CONNECT_SRC", value_delimiter = ',')]
    pub connect_src: Vec<String>,
    /// Where product images may come from besides this server (CSP img-src),
    /// comma-separated, e.g. `https://img.example.com,https://bucket.oss-cn-hangzhou.aliyuncs.com`.
    #[arg(long, env = "BELTMART_IMG_SRC", value_delimiter = ',')]
    pub img_src: Vec<String>,
    /// Who may embed these pages in a frame (CSP frame-ancestors), e.g.
    /// `'self' https://partner.example.com`.
    #[arg(long, env = "BELTMART_FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,
    /// Products in a newly created sample catalog (up to 1 000 000).
    #[arg(long, env = "BELTMART_PRODUCTS", default_value_t = 20_000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub products: u32,
    /// Seed of a newly created sample catalog: the same seed gives the same catalog.
    #[arg(long, env = "BELTMART_SEED", default_value_t = 2026)]
    pub seed: u64,
    /// Requests answered at once; more get 503 with Retry-After instead of waiting in a queue.
    #[arg(long, env = "BELTMART_MAX_CONCURRENT", default_value_t = 256)]
    pub max_concurrent: usize,
    /// Longest a request may take before it is answered 503 (milliseconds).
    #[arg(long, env = "BELTMART_REQUEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub request_timeout_ms: u64,
    /// Where shoppers reach the storefront (`https://www.example.com`), for the
    /// absolute URLs of robots.txt, the sitemap and each page, and the origin the
    /// console's requests must come from; by default the listening address.
    #[arg(long, env = "BELTMART_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The hosts this server answers for (`shop.example.com,www.shop.example.com`), as
    /// Django's ALLOWED_HOSTS: other hosts get 400, and without --public-url absolute
    /// URLs use the request's host from this list. Empty: every host is answered, and
    /// absolute URLs never come from a request (--public-url, else the listening address).
    #[arg(long, env = "BELTMART_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Connections open at once (lowered to what the open-file limit leaves room
    /// for); past it, a new connection closes the oldest idle one.
    #[arg(long, env = "BELTMART_MAX_CONNECTIONS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Longest a connection may take to send a request's headers, and may stay
    /// idle between requests, before it is closed (seconds).
    #[arg(long, env = "BELTMART_IDLE_TIMEOUT_S", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout_s: u64,
    /// Memory for recent catalog answers (MB), so that repeated queries skip the engine, and as
    /// much again for rendered pages; 0 turns both off.
    #[arg(long, env = "BELTMART_ANSWER_CACHE_MB", default_value_t = 64)]
    pub answer_cache_mb: usize,
    /// Minutes a console session may stay unused before it ends.
    #[arg(long, env = "BELTMART_SESSION_IDLE_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub session_idle_minutes: u32,
    /// Hours a console session lasts at most, however busy.
    #[arg(long, env = "BELTMART_SESSION_HOURS", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(1..=720))]
    pub session_hours: u32,
    /// The largest catalog file a console upload may send (MB).
    #[arg(long, env = "BELTMART_UPLOAD_LIMIT_MB", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub upload_limit_mb: u32,
    /// Proxies (CIDRs or addresses, comma-separated) whose `X-Forwarded-For` names the
    /// client, for the limits counted per address. Others' headers are ignored.
    #[arg(long, env = "BELTMART_TRUSTED_PROXIES", value_delimiter = ',',
          value_parser = http::client::proxy)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Days a 询价单 buyer's contact details are kept (then deleted; the inquiry stays).
    #[arg(long, env = "BELTMART_INQUIRY_RETENTION_DAYS", default_value_t = 365,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub inquiry_retention_days: u32,
    /// Where 询价单 emails are sent from: `smtp://host:25`, `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtps://user:password@host` (TLS). Never logged.
    #[arg(long, env = "BELTMART_SMTP_URL")]
    pub smtp_url: Option<notify::Secret>,
    /// The sender of those emails: `Beltmart <noreply@example.com>`.
    #[arg(long, env = "BELTMART_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Where every 询价单 event is POSTed as JSON (the site owner's endpoint).
    #[arg(long, env = "BELTMART_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The key of the webhook's `X-Beltmart-Signature` (HMAC-SHA256 of the body). Never logged.
    #[arg(long, env = "BELTMART_WEBHOOK_SECRET")]
    pub webhook_secret: Option<notify::Secret>,
    /// Where to serve Prometheus metrics (`GET /metrics`), e.g. `127.0.0.1:9100`:
    /// an address of its own, never the public one. None: no metrics served.
    #[arg(long, env = "BELTMART_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Log lines as text for people, or `json`: one JSON object a line, for log collectors.
    #[arg(long, env = "BELTMART_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Testing only: `NEEDLE=MS` delays requests whose query contains NEEDLE (repeatable).
    /// Only in builds with the `test-delay` feature (tests), never in release binaries.
    #[cfg(feature = "test-delay")]
    #[arg(long = "test-delay", env = "BELTMART_TEST_DELAY", hide = true, value_parser = http::test_delay::parse)]
    pub test_delays: Vec<http::test_delay::TestDelay>,
    /// Testing only: `NEEDLE=MS` delays the API answers a rendered page asks for
    /// in-process whose query contains NEEDLE (repeatable).
    #[cfg(feature = "test-delay")]
    #[arg(long = "test-delay-embedded", hide = true, value_parser = http::test_delay::parse)]
    pub test_embedded_delays: Vec<http::test_delay::TestDelay>,
    /// Testing only: requests whose query contains NEEDLE panic in their handler (repeatable).
    #[cfg(feature = "test-delay")]
    #[arg(long = "test-panic", hide = true)]
    pub test_panics: Vec<String>,
}

impl Config {
    /// Where notifications go.
    pub fn channels(&self) -> notify::Channels {
        notify::Channels {
            smtp_url: self.smtp_url.clone(),
            mail_from: self.mail_from.clone(),
            webhook_url: self.webhook_url.clone(),
            webhook_secret: self.webhook_secret.clone(),
        }
    }
}

/// How log lines are written (`--log-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// A server with its catalog loaded and its ports bound, ready to serve.
pub struct Bound {
    pub addr: SocketAddr,
    /// Where `/metrics` is served, when `--metrics-addr` asks for it.
    pub metrics_addr: Option<SocketAddr>,
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    metrics: Metrics,
    app: Router,
    catalog: Arc<LiveCatalog>,
    limits: ConnectionLimits,
}

/// Opens (or creates) the catalog and binds the address.
pub async fn bind(config: &Config) -> anyhow::Result<Bound> {
    let (db, seed) = (
        config.db.clone(),
        Seed::Sample {
            seed: config.seed,
            products: config.products,
        },
    );
    let open_files = connections::raise_open_files_limit();
    let limits = ConnectionLimits::new(
        config.max_connections as usize,
        std::time::Duration::from_secs(config.idle_timeout_s),
        open_files,
    );
    tracing::debug!(
        open_files,
        max_connections = limits.max_connections,
        "connection limits"
    );
    let catalog = tokio::task::spawn_blocking(move || LiveCatalog::open(&db, seed)).await??;
    let listener = TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    let metrics_listener = match config.metrics_addr {
        Some(at) => Some(
            TcpListener::bind(at)
                .await
                .with_context(|| format!("cannot listen on {at} for metrics"))?,
        ),
        None => None,
    };
    let metrics_addr = match &metrics_listener {
        Some(listener) => Some(listener.local_addr()?),
        None => None,
    };
    let catalog = Arc::new(catalog);
    let metrics = Metrics::new(catalog.clone());
    let channels = config.channels();
    if channels.email() || channels.webhook() {
        notify::spawn(config.db.clone(), notify::Deliverer::new(&channels)?);
    }
    Ok(Bound {
        addr,
        metrics_addr,
        listener,
        metrics_listener,
        app: routes::app(catalog.clone(), config, addr, &metrics),
        metrics,
        catalog,
        limits,
    })
}

impl Bound {
    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let health = tokio::spawn(follow_store(self.catalog));
        let metrics = self.metrics_listener.map(|listener| {
            let served = metrics::serve(listener, self.metrics.clone(), std::future::pending());
            tokio::spawn(served)
        });
        let open = self.metrics.open_connections.clone();
        let served = connections::serve(self.listener, self.app, self.limits, open, shutdown).await;
        health.abort();
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        served
    }
}

/// Follows the store: PostgreSQL's commits are loaded as soon as they are
/// announced; a SQLite file is asked for its version twice a second. Either
/// way an outage is noticed within a second, service goes on from the version
/// held, and following resumes by itself once the store is back.
async fn follow_store(catalog: Arc<LiveCatalog>) {
    loop {
        let catalog = catalog.clone();
        let _ = tokio::task::spawn_blocking(move || {
            catalog.follow(std::time::Duration::from_millis(500))
        })
        .await;
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
