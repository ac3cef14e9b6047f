//! 询价单 for shoppers: `POST /api/v1/inquiries` (with an `Idempotency-Key`),
//! `GET /api/v1/inquiries/{token}`, and `POST /api/v1/inquiries/{token}/{id}`
//! for what the buyer does with one inquiry. No cookie is read: the token is
//! the buyer's key, so these may be sent from the static build on another
//! origin (CORS). Every answer is private: `no-store`, `noindex`, no referrer.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Extension, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use beltmart_contract::{BuyerAction, ErrorCode, FieldProblem, InquiryStatus, NewInquiry, path};

use super::under_v1;
use crate::accounts::now;
use crate::accounts::token::{digest, is_token};
use crate::http::client::ClientAddress;
use crate::http::error::ApiError;
use crate::http::policy::{IDEMPOTENCY_KEY, keep_private};
use crate::inquiries::Inquiries;
use crate::inquiries::ids::is_public_id;
use crate::inquiries::send::{Sending, Sent};
use crate::inquiries::thread::Done;
use crate::routes::session::invalid_body_at;

/// An `Idempotency-Key`'s length: a UUID (36) fits; a key too short to be unique does not.
const KEY_CHARS: std::ops::RangeInclusive<usize> = 16..=200;

pub fn router<S: Clone + Send + Sync + 'static>(inquiries: Arc<Inquiries>) -> Router<S> {
    Router::new()
        .route(under_v1(path::INQUIRIES), post(send))
        .route(under_v1(path::INQUIRY), get(view))
        .route(under_v1(path::INQUIRY_ACTION), post(act))
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "inquiries are sent with POST and read with GET",
            )
        })
        .layer(from_fn(private))
        .with_state(inquiries)
}

/// What a buyer's link shows is theirs alone.
async fn private(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    keep_private(response.headers_mut());
    response
}

async fn send(
    State(inquiries): State<Arc<Inquiries>>,
    client: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let new: NewInquiry = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            ErrorCode::InvalidBody,
            format!("the body is not an inquiry: {e}"),
        )
    })?;
    if new.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        // A field people never see, filled: a bot. It is told nothing useful.
        return Err(ApiError::bad_request(
            ErrorCode::InvalidBody,
            "the inquiry was not sent",
        ));
    }
    let checked = inquiries
        .check(&new)
        .map_err(|fields| ApiError::bad_fields(ErrorCode::InvalidFields, fields))?;
    let sending = Sending {
        key_hash: digest(&format!("key:{key}")),
        body_hash: digest(&String::from_utf8_lossy(&body)),
        checked,
        address: client.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.0),
        now: now(),
    };
    match inquiries
        .send(sending)
        .await
        .map_err(ApiError::unavailable)?
    {
        Sent::New(sent) => Ok((StatusCode::CREATED, Json(sent)).into_response()),
        Sent::Again(sent) => Ok((StatusCode::CREATED, Json(sent)).into_response()),
        Sent::KeyReused => Err(key_reused()),
        Sent::Limited(wait) => Err(too_many(u32::try_from(wait).unwrap_or(3600))),
    }
}

pub fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::IdempotencyKeyReused,
        "this Idempotency-Key was sent with another inquiry; use a new key for a new inquiry",
    )
}

pub fn too_many(wait: u32) -> ApiError {
    ApiError {
        retry_after: Some(wait),
        ..ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyInquiries,
            "too many inquiries from here or to this contact; try again later",
        )
    }
}

pub fn key_missing() -> ApiError {
    ApiError::bad_request(
        ErrorCode::MissingIdempotencyKey,
        "send an Idempotency-Key header of 16 to 200 characters (a new UUID per inquiry), \
         and the same key again when retrying",
    )
}

pub fn not_sent(why: &str) -> ApiError {
    ApiError::bad_request(ErrorCode::InvalidBody, why)
}

pub fn closed(status: InquiryStatus) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::InquiryClosed,
        format!(
            "the inquiry is {} and takes no more of this",
            status.as_str()
        ),
    )
}

pub fn bad_fields(fields: Vec<FieldProblem>) -> ApiError {
    ApiError::bad_fields(ErrorCode::InvalidFields, fields)
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get(IDEMPOTENCY_KEY).and_then(|v| v.to_str().ok());
    match key.map(str::trim) {
        Some(key) if KEY_CHARS.contains(&key.len()) => Ok(key.to_owned()),
        _ => Err(key_missing()),
    }
}

async fn view(
    State(inquiries): State<Arc<Inquiries>>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let token = buyers_token(token)?;
    match inquiries
        .buyer_view(token)
        .await
        .map_err(ApiError::unavailable)?
    {
        Some(view) => Ok(Json(view).into_response()),
        None => Err(no_such_inquiry()),
    }
}

async fn act(
    State(inquiries): State<Arc<Inquiries>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<BuyerAction>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path((token, id))) = ids else {
        return Err(no_such_inquiry());
    };
    if !is_token(&token) || !is_public_id(&id) {
        return Err(no_such_inquiry());
    }
    let Json(action) = body.map_err(|e| invalid_body_at(e.status(), &e.body_text()))?;
    let done = inquiries.buyer_acts(token, id, action).await;
    answer(done.map_err(ApiError::unavailable)?)
}

/// An action's outcome as an answer; the console's actions answer alike.
pub fn answer(done: Done) -> Result<Response, ApiError> {
    match done {
        Done::Now(inquiry) => Ok(Json(inquiry).into_response()),
        Done::NotFound => Err(no_such_inquiry()),
        Done::Closed(status) => Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::InquiryClosed,
            format!(
                "the inquiry is {} and takes no more of this",
                status.as_str()
            ),
        )),
        Done::Bad(fields) => Err(ApiError::bad_fields(ErrorCode::InvalidFields, fields)),
    }
}

fn buyers_token(token: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    match token {
        Ok(Path(token)) if is_token(&token) => Ok(token),
        _ => Err(no_such_inquiry()),
    }
}

pub fn no_such_inquiry() -> ApiError {
    ApiError::not_found("no such inquiry")
}
