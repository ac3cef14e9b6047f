//! Bounds on what one request may ask of the server, so that whatever arrives
//! it keeps serving: a long URL, a body, a slow answer or a crowd each get a
//! clear JSON error instead of memory, a hang or an unbounded queue.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use beltmart_contract::{ErrorCode, path};

use super::error::{ApiError, Busy};

/// Far longer than any real catalog link (50 ids in each of five lists fit).
pub const MAX_URI_BYTES: usize = 16 * 1024;
/// Shoppers only GET; the console's JSON (an email and a password) is short.
/// A longer body is a mistake or an attack.
pub const MAX_BODY_BYTES: u64 = 4096;
/// A 询价单 of 100 lines, each with a note, and a long message, with room to spare.
pub const MAX_INQUIRY_BYTES: u64 = 256 * 1024;

#[derive(Clone)]
pub struct Limits {
    in_flight: Arc<Semaphore>,
    timeout: Duration,
}

impl Limits {
    pub fn new(max_concurrent: usize, timeout: Duration) -> Limits {
        Limits {
            in_flight: Arc::new(Semaphore::new(max_concurrent.max(1))),
            timeout,
        }
    }
}

/// 414: the URL (`uri_len` bytes) is longer than [`MAX_URI_BYTES`].
pub fn uri_too_long(uri_len: usize) -> ApiError {
    let message = format!("the URL has {uri_len} bytes; at most {MAX_URI_BYTES} are accepted");
    ApiError::new(StatusCode::URI_TOO_LONG, ErrorCode::UriTooLong, message)
}

/// 413: the request's body is longer than `limit` (or sent in chunks, of no known length).
pub fn payload_too_large(limit: u64) -> ApiError {
    let message = format!(
        "this request's body is limited to {limit} bytes, with a Content-Length; \
         the catalog's GET requests take none"
    );
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        message,
    )
}

pub async fn enforce(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let uri_len = request.uri().to_string().len();
    if uri_len > MAX_URI_BYTES {
        return uri_too_long(uri_len).into_response();
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    // An upload is streamed to its own limit (routes/console/imports.rs).
    let upload = request.uri().path() == path::CONSOLE_IMPORTS;
    let limit = match request.uri().path() == path::INQUIRIES {
        true => MAX_INQUIRY_BYTES,
        false => MAX_BODY_BYTES,
    };
    if !upload && (chunked || declared.is_some_and(|n| n > limit)) {
        return payload_too_large(limit).into_response();
    }
    // Saturated: say so at once rather than queue without bound.
    let Ok(_permit) = limits.in_flight.clone().try_acquire_owned() else {
        return ApiError::busy(Busy::Overloaded).into_response();
    };
    if upload {
        // No time limit: an import that began runs to its end, and its answer says what it did.
        return next.run(request).await;
    }
    match tokio::time::timeout(limits.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::busy(Busy::Timeout).into_response(),
    }
}
