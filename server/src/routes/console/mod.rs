//! `/api/v1/console/…`: what signed-in site owners and factories do. Every
//! route needs a session (401 otherwise), answers `no-store`, and refuses
//! state-changing requests from another site's pages. A factory reaches only
//! its own supplier's things; anything else is 404, as if it did not exist.

mod export;
mod imports;
mod inquiries;
mod people;
mod profile;
mod scratch;

pub use imports::upload_too_large;

/// What only the site's owner may change (an example for the API's document).
pub fn owner_only() -> ApiError {
    profile::owner_only_because("certificates and audits are set by the site's owner".into())
}

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, get_service, post};
use beltmart_contract::{ErrorCode, page, path};
use tower_http::services::ServeDir;

use std::sync::Arc;

use super::session::Sessions;
use crate::accounts::audit::{self, Action, Entry};
use crate::accounts::now;
use crate::catalog::LiveCatalog;
use crate::http::error::ApiError;
use crate::http::origin::{AllowedOrigins, same_origin_only};
use crate::http::policy;
use crate::inquiries::Inquiries;
use crate::store::StoreAt;

#[derive(Clone)]
pub struct Console {
    pub sessions: Sessions,
    /// The version served, for profiles and for waiting until a change is served.
    pub catalog: Arc<LiveCatalog>,
    pub db: StoreAt,
    /// The largest upload read (bytes).
    pub upload_bytes: u64,
    pub inquiries: Arc<Inquiries>,
}

/// The console's pages and files, from the build in `dist/console/`
/// (scripts/console-build.sh): `/console` and `/console/setup` are its page
/// (`no-store`, `noindex`), the rest its files.
pub fn pages<S: Clone + Send + Sync + 'static>(dist: &std::path::Path) -> Router<S> {
    let page = dist.join("console").join("index.html");
    let serve_page = move || {
        let page = page.clone();
        async move { console_page(&page).await }
    };
    let files = get_service(ServeDir::new(dist).precompressed_br().precompressed_gzip())
        .layer(from_fn(policy::static_caching));
    Router::new()
        .route(page::CONSOLE, get(serve_page.clone()))
        .route(page::CONSOLE_SETUP, get(serve_page))
        .route("/console/{file}", files)
}

async fn console_page(page: &std::path::Path) -> Response {
    let Ok(html) = tokio::fs::read_to_string(page).await else {
        return ApiError::not_found("the console is not built (scripts/console-build.sh)")
            .into_response();
    };
    let mut response = Html(html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

impl Console {
    /// Appends to the audit log what `actor` did to `subject`.
    async fn log(
        &self,
        actor: String,
        action: Action,
        subject: String,
        detail: String,
    ) -> Result<(), ApiError> {
        self.sessions
            .accounts
            .run(move |records, _| {
                let entry = Entry {
                    actor: &actor,
                    action,
                    subject: &subject,
                    detail: &detail,
                };
                audit::append(records, now(), &entry)
            })
            .await
            .map_err(ApiError::unavailable)
    }
}

pub fn router<S: Clone + Send + Sync + 'static>(
    console: Console,
    allowed: AllowedOrigins,
) -> Router<S> {
    Router::new()
        .route(
            super::under_v1(path::CONSOLE_IMPORTS),
            post(imports::upload),
        )
        .route(super::under_v1(path::CONSOLE_EXPORT), get(export::download))
        .route(
            super::under_v1(path::CONSOLE_PEOPLE),
            get(people::list).post(people::invite).patch(people::change),
        )
        .route(super::under_v1(path::CONSOLE_AUDIT), get(people::audit_log))
        .route(
            super::under_v1(path::CONSOLE_SUPPLIER),
            get(profile::show).patch(profile::edit),
        )
        .route(
            super::under_v1(path::CONSOLE_INQUIRIES),
            get(inquiries::list),
        )
        .route(super::under_v1(path::CONSOLE_INQUIRY), get(inquiries::one))
        .route(
            super::under_v1(path::CONSOLE_INQUIRY_QUOTE),
            post(inquiries::quote),
        )
        .route(
            super::under_v1(path::CONSOLE_INQUIRY_MESSAGES),
            post(inquiries::message),
        )
        .route(
            super::under_v1(path::CONSOLE_INQUIRY_SPAM),
            post(inquiries::spam),
        )
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "see GET /api/v1/openapi.json for the console's methods",
            )
        })
        .layer(from_fn_with_state(allowed, same_origin_only))
        .layer(from_fn(policy::no_store))
        .with_state(console)
}
