//! The router and its handlers: thin, typed, every failure an [`ApiError`].

pub(crate) mod console;
pub mod inquiries;
pub mod openapi;
pub mod session;

use std::sync::Arc;
use std::time::Duration;

use crate::understand as understanding;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use beltmart_contract::{CatalogQuery, ErrorCode, SupplierQuery, is_slug, path};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::Config;
use crate::accounts::{Accounts, Lifetimes};
use crate::catalog::{Catalog, LiveCatalog, PictureShelf};
use crate::http::answers::{Answer, AnswerCache};
use crate::http::client::{self, TrustedProxies};
use crate::http::error::{self, ApiError, FailureLog};
use crate::http::limits::{self, Limits};
use crate::http::metrics::{self, Metrics};
use crate::http::origin::AllowedOrigins;
use crate::http::policy::{self as http_policy, SecurityHeaders};
use crate::inquiries::Inquiries;
use crate::inquiries::notices::Notices;
use crate::sample::pictures;
use crate::storefront::{self, Storefront, seo};

/// What every handler may use: the live catalog and its recent answers.
#[derive(Clone)]
struct AppState {
    catalog: Arc<LiveCatalog>,
    answers: Arc<AnswerCache>,
    pictures: Arc<PictureShelf>,
    /// For the factories' answer records on their pages.
    inquiries: Arc<Inquiries>,
}
/// The catalog version one request is answered from, from start to end.
type Version = Extension<Arc<Catalog>>;

/// An API v1 path as the router nested under `/api/v1` sees it.
fn under_v1(full: &'static str) -> &'static str {
    full.strip_prefix(path::API_V1).expect("an API v1 path")
}

fn under_api(full: &'static str) -> &'static str {
    full.strip_prefix("/api").expect("an API path")
}

pub fn app(
    catalog: Arc<LiveCatalog>,
    config: &Config,
    listening: std::net::SocketAddr,
    metrics: &Metrics,
) -> Router {
    let cache_bytes = config.answer_cache_mb << 20;
    let channels = config.channels();
    let notices = Notices {
        email: channels.email(),
        webhook: channels.webhook(),
        site: config.public_url.as_deref().map_or_else(
            || format!("http://{listening}"),
            |url| url.trim_end_matches('/').to_owned(),
        ),
    };
    let inquiries = Inquiries::new(
        config.db.clone(),
        catalog.clone(),
        config.inquiry_retention_days,
        notices,
    );
    let state = AppState {
        catalog: catalog.clone(),
        answers: Arc::new(AnswerCache::new(cache_bytes, metrics.cache_tally("api"))),
        pictures: Arc::new(PictureShelf::new(config.db.clone(), cache_bytes)),
        inquiries: inquiries.clone(),
    };
    let api = Router::new()
        .route(under_v1(path::TAXONOMY), get(taxonomy))
        .route(under_v1(path::UNDERSTAND), get(understand))
        .route(under_v1(path::SUGGEST), get(suggest))
        .route(under_v1(path::PRODUCTS), get(products))
        .route(under_v1(path::PRODUCT), get(product))
        .route(under_v1(path::SUPPLIERS), get(suppliers))
        .route(under_v1(path::SUPPLIER), get(supplier))
        .route(under_v1(path::IMAGE), get(image))
        .route(under_v1(path::PICTURE), get(picture))
        .route(under_v1(path::OPENAPI), get(openapi_json))
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "the shopper API only answers GET",
            )
        })
        .layer(from_fn(http_policy::api_caching))
        .layer(from_fn_with_state(inquiries.clone(), answers_salt))
        .layer(from_fn_with_state(state.clone(), require_catalog));
    let lifetimes = Lifetimes {
        session_idle: i64::from(config.session_idle_minutes) * 60,
        session_max: i64::from(config.session_hours) * 3600,
        ..Lifetimes::default()
    };
    let sessions = session::Sessions {
        accounts: Accounts::new(config.db.clone(), lifetimes),
        cookie: session::SessionCookie::new(config.public_url.as_deref()),
    };
    let allowed = AllowedOrigins::new(config.public_url.as_deref(), listening);
    let console = console::router(
        console::Console {
            sessions: sessions.clone(),
            catalog: catalog.clone(),
            db: config.db.clone(),
            upload_bytes: u64::from(config.upload_limit_mb) << 20,
            inquiries: inquiries.clone(),
        },
        allowed.clone(),
    );
    let inquiries = inquiries::router(inquiries);
    let sessions = session::router(sessions, allowed);
    let public_url = seo::PublicUrl::new(
        config.public_url.as_deref(),
        &config.allowed_hosts,
        listening,
    );
    // For search engines; answered from the pinned catalog version, cached like the API.
    let seo = Router::new()
        .route(seo::ROBOTS, get(seo::robots))
        .route(seo::SITEMAP, get(seo::sitemap))
        .route(seo::SITEMAP_PART, get(seo::sitemap_part))
        .layer(Extension(public_url.clone()))
        .layer(from_fn(http_policy::api_caching))
        .layer(from_fn_with_state(state.clone(), require_catalog));
    let index_html = config.dist.join("index.html");
    // The storefront's pages ask the API in-process, as the browser would over HTTP.
    let api_in_process = Router::new()
        .nest(path::API_V1, api.clone())
        .with_state(state.clone());
    // Test builds only: hold back an answer a page embeds (a version swap in between).
    #[cfg(feature = "test-delay")]
    let api_in_process = api_in_process.layer(from_fn_with_state(
        config.test_embedded_delays.clone(),
        crate::http::test_delay::hold_back,
    ));
    let pages = AnswerCache::new(cache_bytes, metrics.cache_tally("pages"));
    let hosts = public_url.clone();
    let spa = match Storefront::new(&config.dist, api_in_process, catalog, public_url, pages) {
        // Every path that is not a file is a page of the storefront, rendered here.
        Some(storefront) => {
            let pages = Router::new()
                .fallback(storefront::page)
                .with_state(storefront);
            let files = ServeDir::new(&config.dist)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false)
                .fallback(pages);
            Router::new()
                .fallback_service(files)
                .layer(from_fn(http_policy::static_caching))
        }
        None => Router::new().fallback(no_spa_built),
    };
    let app = Router::new()
        // Anything under /api that no route takes is a JSON 404, never the SPA's page.
        .nest(
            "/api",
            Router::new()
                .nest(
                    under_api(path::API_V1),
                    api.merge(sessions).merge(console).merge(inquiries),
                )
                .fallback(no_such_endpoint),
        )
        .route("/api/", get(no_such_endpoint))
        .route(
            path::HEALTH,
            get(healthz).layer(from_fn(http_policy::no_store)),
        )
        .merge(seo)
        .merge(console::pages(&config.dist))
        .merge(spa);
    // Test builds only (the `test-delay` feature): hold back chosen requests.
    #[cfg(feature = "test-delay")]
    let app = app
        .layer(from_fn_with_state(
            config.test_panics.clone(),
            crate::http::test_delay::panic_on,
        ))
        .layer(from_fn_with_state(
            config.test_delays.clone(),
            crate::http::test_delay::hold_back,
        ));
    // A bug that panics answers 503 `unavailable` (the shopper may retry),
    // logged with its message below, instead of dropping the connection.
    let trusted = TrustedProxies::new(&config.trusted_proxies);
    app.layer(from_fn_with_state(hosts, seo::known_hosts_only))
        .layer(from_fn_with_state(trusted, client::identify))
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(from_fn_with_state(
            Limits::new(
                config.max_concurrent,
                Duration::from_millis(config.request_timeout_ms),
            ),
            limits::enforce,
        ))
        .layer(http_policy::cors(&config.cors_origins))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            SecurityHeaders::new(
                &[index_html, config.dist.join(storefront::SSR_HTML)],
                config,
            ),
            http_policy::security_headers,
        ))
        // Server-side failures (5xx) are logged once per request, here; the trace
        // layer only logs what never became a response status (a body stream's error).
        .layer(from_fn_with_state(
            FailureLog::default(),
            error::log_failures,
        ))
        .layer(from_fn_with_state(metrics.clone(), metrics::count))
        .layer(
            TraceLayer::new_for_http()
                // The path without a buyer's token; no query, headers or body.
                .make_span_with(|request: &axum::extract::Request| {
                    let path = error::loggable(request.uri().path());
                    tracing::debug_span!("request", method = %request.method(), path)
                })
                .on_failure(
                    |class: ServerErrorsFailureClass, latency: Duration, _: &tracing::Span| {
                        if let ServerErrorsFailureClass::Error(error) = class {
                            tracing::error!(%error, ?latency, "response failed");
                        }
                    },
                ),
        )
        .with_state(state)
}

/// Pins the request to the current catalog version, so that a swap while it
/// runs changes nothing in its answer; a request already pinned (the
/// storefront's, asked in-process for a page) keeps its page's version. While
/// the store of record does not answer, the version held keeps serving: it is
/// a whole, committed version, and shoppers are better served by it than by errors.
async fn require_catalog(
    State(state): State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.extensions().get::<Arc<Catalog>>().is_none() {
        request.extensions_mut().insert(state.catalog.current());
    }
    next.run(request).await
}

/// A factory page depends on its answer records too: their count is part of its ETag.
async fn answers_salt(
    State(inquiries): State<Arc<Inquiries>>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // Nested under /api/v1, the router sees the path without it.
    if request
        .uri()
        .path()
        .starts_with(&format!("{}/", under_v1(path::SUPPLIERS)))
    {
        let salt = inquiries.answers_counted_at().to_string();
        request.extensions_mut().insert(http_policy::EtagSalt(salt));
    }
    next.run(request).await
}

async fn no_such_endpoint() -> ApiError {
    ApiError::not_found("no such API endpoint; see /api/v1/products and /api/v1/taxonomy")
}

async fn taxonomy(
    State(state): State<AppState>,
    Extension(catalog): Version,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    // Every page asks for it: serialised and compressed once per version.
    kept(&state, &catalog, path::TAXONOMY, &request_headers, || {
        Ok(&catalog.taxonomy)
    })
    .await
}

/// The JSON answer kept under `key` with this version's answers (catalog
/// queries by their canonical form, which never starts with a `/`; the
/// others by their API path), made by `make` the first time it is asked for.
async fn kept<T: serde::Serialize>(
    state: &AppState,
    catalog: &Catalog,
    key: &str,
    request_headers: &HeaderMap,
    make: impl FnOnce() -> Result<T, ApiError>,
) -> Result<Response, ApiError> {
    let made = async move {
        let json = serde_json::to_vec(&make()?).map_err(ApiError::unavailable)?;
        Ok::<_, ApiError>(Answer::new(json))
    };
    let answer = state
        .answers
        .get_or_make(catalog.version(), key, made)
        .await?;
    Ok(answer.response(request_headers, "application/json"))
}

/// `?text=…`: what the sentence means, read with this version's names.
async fn understand(
    Extension(catalog): Version,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let text = sentence_of(query.as_deref().unwrap_or(""))?;
    let understood = understanding::understand(&text, &catalog.lexicon);
    Ok(Json(understood.answer(&text, catalog.version())).into_response())
}

/// `?text=…`: names and titles to offer while the shopper types it.
async fn suggest(
    Extension(catalog): Version,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let text = sentence_of(query.as_deref().unwrap_or(""))?;
    Ok(Json(catalog.suggest(&text)).into_response())
}

/// The `text` parameter (other parameters are ignored; none is the empty sentence).
pub(crate) fn sentence_of(query: &str) -> Result<String, ApiError> {
    let mut texts = form_urlencoded::parse(query.as_bytes()).filter(|(key, _)| key == "text");
    let text = texts
        .next()
        .map(|(_, text)| text.into_owned())
        .unwrap_or_default();
    if texts.next().is_some() {
        return Err(ApiError::bad_request(
            ErrorCode::DuplicateParameter,
            "`text` is given more than once",
        ));
    }
    if text.chars().count() > understanding::MAX_SENTENCE_CHARS {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidKeyword,
            format!(
                "`text` is longer than {} characters",
                understanding::MAX_SENTENCE_CHARS
            ),
        ));
    }
    Ok(text)
}

async fn products(
    State(state): State<AppState>,
    Extension(catalog): Version,
    RawQuery(query): RawQuery,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let query = CatalogQuery::parse(query.as_deref().unwrap_or(""))?;
    // The canonical form, so that `?page=1&city=yiwu` and `?city=yiwu` share an answer.
    kept(&state, &catalog, &query.render(), &request_headers, || {
        let mut list = catalog.index.search(&query, crate::catalog::image_url);
        list.catalog_version = catalog.version().to_owned();
        if list.total == 0 {
            list.did_you_mean = catalog.did_you_mean(&query);
        }
        Ok(list)
    })
    .await
}

async fn product(
    Extension(catalog): Version,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = known_id(id.map(|Path(id)| id))?;
    match catalog.product(&id) {
        Some(product) => Ok(Json(product).into_response()),
        None => Err(no_such_product(&id)),
    }
}

/// The factory list: filtered in memory (a catalog has thousands of
/// factories, not millions), kept with the answers like a catalog page.
async fn suppliers(
    State(state): State<AppState>,
    Extension(catalog): Version,
    RawQuery(query): RawQuery,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let query = SupplierQuery::parse(query.as_deref().unwrap_or(""))?;
    let key = path::suppliers(&query);
    kept(&state, &catalog, &key, &request_headers, || {
        Ok(catalog.suppliers(&query))
    })
    .await
}

async fn supplier(
    State(state): State<AppState>,
    Extension(catalog): Version,
    id: Result<Path<String>, PathRejection>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = known_id(id.map(|Path(id)| id))?;
    // Kept per catalog version and per count of the answer records it shows.
    let answers = state.inquiries.answer_record(&id).await;
    let counted_at = state.inquiries.answers_counted_at();
    let key = format!("{}#answers-{counted_at}", path::supplier(&id));
    kept(&state, &catalog, &key, &request_headers, || {
        let mut detail = (catalog.supplier(&id))
            .ok_or_else(|| ApiError::not_found(format!("there is no supplier {id:?}")))?;
        detail.answers = answers;
        Ok(detail)
    })
    .await
}

async fn image(
    Extension(catalog): Version,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((id, view)) = path.map_err(|_| ApiError::not_found("no such image"))?;
    let view: u32 = match view.as_str() {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        _ => return Err(ApiError::not_found("no such image")),
    };
    let product = catalog
        .index
        .get(&id, crate::catalog::image_url)
        .ok_or_else(|| no_such_product(&id))?;
    let picture = pictures::product_jpeg(&product.category, view);
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            // Images depend only on the product, which a catalog version never changes.
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        axum::body::Bytes::from_owner(picture),
    )
        .into_response())
}

/// A stored picture at one width: `{name}-{width}.webp` or `.jpg`. Only what
/// the catalog version shows is looked for in the store; its URL never
/// changes, so browsers and CDNs keep it for good.
async fn picture(
    State(state): State<AppState>,
    Extension(catalog): Version,
    file: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let no_such = || ApiError::not_found("no such picture");
    let Path(file) = file.map_err(|_| no_such())?;
    let (name, width, encoding) = variant_file(&file).ok_or_else(no_such)?;
    if !catalog.index.pictures().has_width(name, width) {
        return Err(no_such());
    }
    let bytes = state
        .pictures
        .variant(name, width, encoding)
        .await
        .map_err(ApiError::unavailable)?
        .ok_or_else(no_such)?;
    Ok((
        [
            (header::CONTENT_TYPE, encoding.content_type()),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        bytes,
    )
        .into_response())
}

/// `{name}-{width}.{webp|jpg}`, exactly as the API writes it.
fn variant_file(file: &str) -> Option<(&str, u32, crate::pictures::Encoding)> {
    let (stem, extension) = file.rsplit_once('.')?;
    let (name, width) = stem.split_once('-')?;
    let digits = !width.is_empty() && width.len() <= 5 && width.bytes().all(|b| b.is_ascii_digit());
    let canonical = digits && !width.starts_with('0');
    let encoding = crate::pictures::Encoding::from_extension(extension)?;
    (crate::pictures::is_name(name) && canonical).then_some((name, width.parse().ok()?, encoding))
}

/// Answered from the last check of the store (at most a second old), never by
/// asking it now: a store that hangs must not take the health check, and with
/// it the replica, out of a load balancer's rotation while it still serves.
async fn healthz(State(state): State<AppState>) -> Response {
    let reachable = state.catalog.is_available();
    let current = state.catalog.current();
    let body = Health {
        status: if reachable {
            HealthStatus::Ok
        } else {
            HealthStatus::Degraded
        },
        store: if reachable {
            StoreHealth::Reachable
        } else {
            StoreHealth::Unreachable
        },
        products: current.index.len() as u64,
        catalog_version: current.version().to_owned(),
    };
    Json(body).into_response()
}

/// `GET /healthz`: 200 whenever the server serves a catalog.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: HealthStatus,
    /// Whether the store of record answered its last check (twice a second).
    pub store: StoreHealth,
    /// Products in the catalog version being served.
    pub products: u64,
    /// The catalog version being served.
    pub catalog_version: String,
}

/// `ok`; `degraded` while the store does not answer: the version held is
/// served, imports cannot commit and new versions are not loaded.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Degraded,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StoreHealth {
    Reachable,
    Unreachable,
}

/// `GET /api/v1/openapi.json`: the document built in `openapi.rs`.
async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::json(),
    )
        .into_response()
}

/// Answers `/` and every other page while `dist/` has no built SPA.
async fn no_spa_built() -> (StatusCode, Html<&'static str>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(
            "<!doctype html><meta charset=utf-8><title>Beltmart: SPA not built</title>\
             <h1>The Beltmart API is running, but the storefront is not built</h1>\
             <p>Build it with <code>trunk build --release</code> (or run <code>scripts/run.sh</code>), \
             or point <code>--dist</code> / <code>BELTMART_DIST</code> at a built <code>dist/</code> folder.</p>\
             <p>The API is at <a href=\"/api/v1/products\">/api/v1/products</a>.</p>",
        ),
    )
}

fn known_id(id: Result<String, PathRejection>) -> Result<String, ApiError> {
    match id {
        Ok(id) if is_slug(&id) => Ok(id),
        _ => Err(ApiError::not_found(
            "no such product: product ids look like p1234",
        )),
    }
}

fn no_such_product(id: &str) -> ApiError {
    ApiError::not_found(format!("no product with id {id:?}"))
}
