//! `/api/v1/console/inquiries…`: a factory's inbox of 询价单 and its answers
//! (quotes, messages, spam). A factory sees and touches only its own; any
//! other inquiry is 404 to it. The owner sees every factory's.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use beltmart_contract::{FactoryMessage, Inbox, InquiryStatus, Quote};
use serde::Deserialize;

use super::Console;
use crate::http::error::ApiError;
use crate::inquiries::ids::is_public_id;
use crate::inquiries::inbox::Filter;
use crate::inquiries::thread::FactoryAction;
use crate::routes::inquiries::{answer, no_such_inquiry};
use crate::routes::session::{invalid_body_at, session_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxParams {
    status: Option<String>,
    q: Option<String>,
    page: Option<u32>,
}

pub async fn list(
    State(console): State<Console>,
    headers: HeaderMap,
    params: Result<Query<InboxParams>, QueryRejection>,
) -> Result<Json<Inbox>, ApiError> {
    let session = session_of(&console.sessions, &headers).await?;
    let Query(params) =
        params.map_err(|e| invalid_body_at(StatusCode::BAD_REQUEST, &e.body_text()))?;
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(InquiryStatus::parse(text).ok_or_else(|| {
            invalid_body_at(
                StatusCode::BAD_REQUEST,
                "status is new, answered, accepted, declined, closed, spam or withdrawn",
            )
        })?),
    };
    let search = params.q.filter(|q| !q.trim().is_empty());
    if search.as_ref().is_some_and(|q| q.chars().count() > 100) {
        return Err(invalid_body_at(
            StatusCode::BAD_REQUEST,
            "q is at most 100 characters",
        ));
    }
    let filter = Filter {
        status,
        search,
        page: params.page.unwrap_or(1).clamp(1, 10_000),
    };
    let scope = session.account.supplier;
    let inbox = console.inquiries.inbox(scope, filter).await;
    Ok(Json(inbox.map_err(ApiError::unavailable)?))
}

pub async fn one(
    State(console): State<Console>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let session = session_of(&console.sessions, &headers).await?;
    let id = known(id)?;
    let scope = session.account.supplier;
    match console
        .inquiries
        .open(scope, id)
        .await
        .map_err(ApiError::unavailable)?
    {
        Some(inquiry) => Ok(axum::response::IntoResponse::into_response(Json(inquiry))),
        None => Err(no_such_inquiry()),
    }
}

pub async fn quote(
    State(console): State<Console>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Quote>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(quote) = body.map_err(|e| invalid_body_at(e.status(), &e.body_text()))?;
    act(&console, &headers, id, FactoryAction::Quote(quote)).await
}

pub async fn message(
    State(console): State<Console>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<FactoryMessage>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(message) = body.map_err(|e| invalid_body_at(e.status(), &e.body_text()))?;
    act(&console, &headers, id, FactoryAction::Message(message.text)).await
}

pub async fn spam(
    State(console): State<Console>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    act(&console, &headers, id, FactoryAction::Spam).await
}

async fn act(
    console: &Console,
    headers: &HeaderMap,
    id: String,
    action: FactoryAction,
) -> Result<Response, ApiError> {
    let session = session_of(&console.sessions, headers).await?;
    let id = known(id)?;
    let scope = session.account.supplier;
    let done = console.inquiries.factory_acts(scope, id, action).await;
    answer(done.map_err(ApiError::unavailable)?)
}

/// Only an id that could be one is looked up.
fn known(id: String) -> Result<String, ApiError> {
    match is_public_id(&id) {
        true => Ok(id),
        false => Err(no_such_inquiry()),
    }
}
