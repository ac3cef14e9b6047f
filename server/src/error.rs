//! The one error type of the API: every failure becomes a JSON body
//! `{ "error": { "code", "message" } }` with a 4xx or 503 status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use beltmart_contract::{ErrorBody, ErrorDetail, QueryError};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
        }
    }

    /// The database failed: the shopper can retry; the details go to the log.
    pub fn unavailable(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "catalog database error");
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: "the catalog is temporarily unavailable; try again shortly".into(),
        }
    }
}

impl From<QueryError> for ApiError {
    fn from(err: QueryError) -> Self {
        ApiError::bad_request(err.code(), err.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.into(),
                message: self.message,
            },
        };
        (self.status, Json(body)).into_response()
    }
}
