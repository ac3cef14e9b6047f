//! `/api/v1/console/…`: what signed-in site owners and factories do. Every
//! route needs a session (401 otherwise), answers `no-store`, and refuses
//! state-changing requests from another site's pages. A factory reaches only
//! its own supplier's things; anything else is 404, as if it did not exist.

mod imports;

pub use imports::upload_too_large;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::post;
use beltmart_contract::{ErrorCode, path};

use super::session::Sessions;
use crate::http::error::ApiError;
use crate::http::origin::{AllowedOrigins, same_origin_only};
use crate::http::policy;
use crate::store::StoreAt;

#[derive(Clone)]
pub struct Console {
    pub sessions: Sessions,
    pub db: StoreAt,
    /// The largest upload read (bytes).
    pub upload_bytes: u64,
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
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "an upload is a POST",
            )
        })
        .layer(from_fn_with_state(allowed, same_origin_only))
        .layer(from_fn(policy::no_store))
        .with_state(console)
}
