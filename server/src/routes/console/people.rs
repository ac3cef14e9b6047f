//! The owner's pages of people and of the audit log: who has an account, who
//! is signed in where, inviting, disabling, enabling and resetting, and who
//! did what. To a factory these routes do not exist (404).

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use beltmart_contract::{
    AuditEntry, AuditPage, ErrorCode, Invite, People, Person, PersonChange, PersonChanged, Role,
    SignedIn,
};
use serde::Deserialize;

use super::Console;
use crate::accounts::people::{self, By, NewAccount, Refusal};
use crate::accounts::sessions::Session;
use crate::accounts::{audit, now};
use crate::http::error::ApiError;
use crate::routes::session::{invalid_body_at, session_of};

/// Entries on a page of the audit log.
const AUDIT_PAGE: i64 = 100;

/// The owner's session; a factory's is told there is no such thing.
async fn owner(console: &Console, headers: &HeaderMap) -> Result<Session, ApiError> {
    let session = session_of(&console.sessions, headers).await?;
    match session.account.role {
        Role::Owner => Ok(session),
        Role::Factory => Err(ApiError::not_found("no such API endpoint")),
    }
}

pub async fn list(
    State(console): State<Console>,
    headers: HeaderMap,
) -> Result<Json<People>, ApiError> {
    owner(&console, &headers).await?;
    let (accounts, sessions) = console
        .sessions
        .accounts
        .run(|records, _| Ok((people::list(records)?, people::sessions(records)?)))
        .await
        .map_err(ApiError::unavailable)?;
    let people = accounts
        .into_iter()
        .map(|(account, _)| {
            let status = match (account.disabled, account.has_password()) {
                (true, _) => "disabled",
                (false, true) => "active",
                (false, false) => "invited",
            };
            let sessions = (sessions.iter())
                .filter(|(email, ..)| *email == account.email)
                .map(|(_, client, since, seen)| SignedIn {
                    client: client.clone(),
                    since: *since,
                    seen: *seen,
                })
                .collect();
            Person {
                email: account.email,
                role: account.role,
                supplier: account.supplier,
                status: status.into(),
                sessions,
            }
        })
        .collect();
    Ok(Json(People { people }))
}

pub async fn invite(
    State(console): State<Console>,
    headers: HeaderMap,
    body: Result<Json<Invite>, JsonRejection>,
) -> Result<Json<PersonChanged>, ApiError> {
    let session = owner(&console, &headers).await?;
    let Json(invite) = body.map_err(|e| invalid_body_at(e.status(), &e.body_text()))?;
    let actor = session.account.email;
    let added = console
        .sessions
        .accounts
        .run(move |records, lifetimes| {
            let new = NewAccount {
                email: &invite.email,
                role: invite.role,
                supplier: invite.supplier.as_deref(),
                password: None,
            };
            people::add(
                records,
                &new,
                lifetimes,
                By {
                    actor: &actor,
                    at: now(),
                },
            )
        })
        .await
        .map_err(ApiError::unavailable)?
        .map_err(refused)?;
    Ok(Json(PersonChanged {
        email: added.account.email,
        setup_link: added.setup_token.as_deref().map(people::setup_path),
    }))
}

pub async fn change(
    State(console): State<Console>,
    headers: HeaderMap,
    body: Result<Json<PersonChange>, JsonRejection>,
) -> Result<Json<PersonChanged>, ApiError> {
    let session = owner(&console, &headers).await?;
    let Json(change) = body.map_err(|e| invalid_body_at(e.status(), &e.body_text()))?;
    let actor = session.account.email;
    let changed = console
        .sessions
        .accounts
        .run(move |records, lifetimes| {
            let by = By {
                actor: &actor,
                at: now(),
            };
            let email = change.email.as_str();
            Ok(match change.action.as_str() {
                "disable" => people::set_disabled(records, email, true, by)?.map(|a| (a, None)),
                "enable" => people::set_disabled(records, email, false, by)?.map(|a| (a, None)),
                "reset" => people::reset(records, email, lifetimes, by)?.map(|(a, t)| (a, Some(t))),
                _ => return Ok(Err(None)),
            }
            .map_err(Some))
        })
        .await
        .map_err(ApiError::unavailable)?;
    match changed {
        Ok((account, token)) => Ok(Json(PersonChanged {
            email: account.email,
            setup_link: token.as_deref().map(people::setup_path),
        })),
        Err(Some(refusal)) => Err(refused(refusal)),
        Err(None) => Err(invalid_body_at(
            StatusCode::BAD_REQUEST,
            "action is disable, enable or reset",
        )),
    }
}

fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::NoSuchAccount => ApiError::not_found(refusal.to_string()),
        _ => ApiError::bad_request(ErrorCode::InvalidChange, refusal.to_string()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Before {
    before: Option<i64>,
}

pub async fn audit_log(
    State(console): State<Console>,
    headers: HeaderMap,
    query: Result<Query<Before>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    owner(&console, &headers).await?;
    let Query(Before { before }) =
        query.map_err(|e| invalid_body_at(StatusCode::BAD_REQUEST, &e.body_text()))?;
    let before = before.unwrap_or(i64::MAX);
    let logged = console
        .sessions
        .accounts
        .run(move |records, _| audit::page(records, before, AUDIT_PAGE + 1))
        .await
        .map_err(ApiError::unavailable)?;
    let more = logged.len() as i64 > AUDIT_PAGE;
    let entries: Vec<AuditEntry> = logged.into_iter().take(AUDIT_PAGE as usize).collect();
    let next = entries.last().map(|e| e.id).filter(|_| more);
    Ok(Json(AuditPage { entries, next }))
}
