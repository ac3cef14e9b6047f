//! `/api/v1/session`: signing in and out of the console, and setting a
//! password through a one-time link. Every answer is `no-store`; every
//! state-changing request must come from this site's own pages
//! ([`same_origin_only`]).

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use beltmart_contract::{ErrorCode, SessionInfo, SetPassword, SignIn, path};

use crate::accounts::password::Weak;
use crate::accounts::sessions::{self, Attempt, LinkRefused, Refused, Session, Started};
use crate::accounts::{Accounts, now};
use crate::http::client::ClientAddress;
use crate::http::error::ApiError;
use crate::http::origin::{AllowedOrigins, same_origin_only};
use crate::http::policy;

/// How the session cookie is named and marked.
#[derive(Clone, Copy, Debug)]
pub struct SessionCookie {
    /// Over https (`--public-url https://…`): `Secure` and the `__Host-` prefix,
    /// which browsers only accept from a secure origin, for the whole host.
    secure: bool,
}

impl SessionCookie {
    pub fn new(public_url: Option<&str>) -> SessionCookie {
        SessionCookie {
            secure: public_url.is_some_and(|url| url.starts_with("https://")),
        }
    }

    pub fn name(self) -> &'static str {
        match self.secure {
            true => "__Host-beltmart-session",
            false => "beltmart-session",
        }
    }

    /// `Set-Cookie` for a new session, kept by the browser for `max_age` seconds at most.
    fn set(self, token: &str, max_age: i64) -> HeaderValue {
        self.header(token, max_age)
    }

    /// `Set-Cookie` that makes the browser forget the session.
    fn clear(self) -> HeaderValue {
        self.header("", 0)
    }

    fn header(self, value: &str, max_age: i64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let cookie = format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
            self.name()
        );
        HeaderValue::from_str(&cookie).expect("a token is a header value")
    }

    /// The session token a request's `Cookie` header holds, if any.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value.to_owned())
    }
}

#[derive(Clone)]
pub struct Sessions {
    pub accounts: Arc<Accounts>,
    pub cookie: SessionCookie,
}

pub fn router<S: Clone + Send + Sync + 'static>(
    sessions: Sessions,
    allowed: AllowedOrigins,
) -> Router<S> {
    Router::new()
        .route(
            super::under_v1(path::SESSION),
            get(who).post(sign_in).delete(sign_out),
        )
        .route(super::under_v1(path::SESSION_PASSWORD), post(set_password))
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "the session answers GET, POST and DELETE; setting a password, POST",
            )
        })
        .layer(from_fn_with_state(allowed, same_origin_only))
        .layer(from_fn(policy::no_store))
        .with_state(sessions)
}

/// The session a request's cookie names, or 401 `signed_out`.
pub async fn session_of(sessions: &Sessions, headers: &HeaderMap) -> Result<Session, ApiError> {
    let Some(token) = sessions.cookie.read(headers) else {
        return Err(signed_out());
    };
    let at = now();
    sessions
        .accounts
        .run(move |records, lifetimes| sessions::current(records, &token, lifetimes, at))
        .await
        .map_err(ApiError::unavailable)?
        .ok_or_else(signed_out)
}

pub(crate) fn signed_out() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::SignedOut,
        "not signed in, or the session has ended; sign in again",
    )
}

async fn who(State(sessions): State<Sessions>, headers: HeaderMap) -> Result<Response, ApiError> {
    match session_of(&sessions, &headers).await {
        Ok(session) => Ok(Json(session.account.info()).into_response()),
        // A cookie that names no live session is forgotten, too.
        Err(err) if sessions.cookie.read(&headers).is_some() => {
            let mut response = err.into_response();
            forget(&mut response, sessions.cookie);
            Ok(response)
        }
        Err(err) => Err(err),
    }
}

async fn sign_in(
    State(sessions): State<Sessions>,
    client: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(SignIn { email, password }) = body.map_err(invalid_body)?;
    let address = client.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.0);
    let user_agent = user_agent(&headers);
    // Whatever session this browser had ends: a sign-in always gets a new cookie.
    let previous = sessions.cookie.read(&headers);
    let at = now();
    let outcome = sessions
        .accounts
        .run_hashing(move |records, lifetimes| {
            let old = match previous {
                Some(token) => sessions::current(records, &token, lifetimes, at)?,
                None => None,
            };
            if let Some(old) = old {
                sessions::sign_out(records, &old, false, at)?;
            }
            let attempt = Attempt {
                email: &email,
                password: &password,
                address,
                user_agent: &user_agent,
            };
            sessions::sign_in(records, &attempt, at)
        })
        .await
        .map_err(ApiError::unavailable)?;
    match outcome {
        Ok(started) => Ok(signed_in(&sessions, started)),
        Err(Refused::Wrong) => Err(wrong_credentials()),
        Err(Refused::Throttled(seconds)) => Err(too_many_attempts(seconds)),
    }
}

async fn sign_out(
    State(sessions): State<Sessions>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let everywhere = match query.as_deref() {
        None | Some("") => false,
        Some("everywhere=true") => true,
        Some(_) => {
            return Err(invalid_body_at(
                StatusCode::BAD_REQUEST,
                "signing out takes no parameter but everywhere=true",
            ));
        }
    };
    if let Ok(session) = session_of(&sessions, &headers).await {
        let at = now();
        sessions
            .accounts
            .run(move |records, _| sessions::sign_out(records, &session, everywhere, at))
            .await
            .map_err(ApiError::unavailable)?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    forget(&mut response, sessions.cookie);
    Ok(response)
}

async fn set_password(
    State(sessions): State<Sessions>,
    headers: HeaderMap,
    body: Result<Json<SetPassword>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(SetPassword { token, password }) = body.map_err(invalid_body)?;
    let user_agent = user_agent(&headers);
    let at = now();
    let outcome = sessions
        .accounts
        .run_hashing(move |records, _| {
            sessions::set_password(records, &token, &password, &user_agent, at)
        })
        .await
        .map_err(ApiError::unavailable)?;
    match outcome {
        Ok(started) => Ok(signed_in(&sessions, started)),
        Err(LinkRefused::Invalid) => Err(invalid_link()),
        Err(LinkRefused::Weak(weak)) => Err(weak_password(weak)),
    }
}

pub(crate) fn wrong_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::WrongCredentials,
        "the email or the password is wrong",
    )
}

pub(crate) fn too_many_attempts(seconds: i64) -> ApiError {
    ApiError {
        retry_after: Some(u32::try_from(seconds).unwrap_or(u32::MAX)),
        ..ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
            format!("too many failed sign-ins; try again in {seconds} s"),
        )
    }
}

pub(crate) fn invalid_link() -> ApiError {
    ApiError::bad_request(
        ErrorCode::InvalidLink,
        "this link has been used, replaced or has expired; ask for a new one",
    )
}

pub(crate) fn weak_password(weak: Weak) -> ApiError {
    ApiError::bad_request(ErrorCode::WeakPassword, weak.explain())
}

/// A body the endpoint cannot read, with the status axum chose (400, 413, 415, 422).
pub(crate) fn invalid_body_at(status: StatusCode, why: &str) -> ApiError {
    ApiError::new(
        status,
        ErrorCode::InvalidBody,
        format!("the body is not the JSON expected: {why}"),
    )
}

/// 200 with who is signed in, and the new session's cookie.
fn signed_in(sessions: &Sessions, started: Started) -> Response {
    let max_age = sessions.accounts.lifetimes.session_max;
    let mut response = Json::<SessionInfo>(started.info).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        sessions.cookie.set(&started.token, max_age),
    );
    response
}

fn forget(response: &mut Response, cookie: SessionCookie) {
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie.clear());
}

fn user_agent(headers: &HeaderMap) -> String {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok());
    agent.unwrap_or_default().to_owned()
}

fn invalid_body(rejection: JsonRejection) -> ApiError {
    ApiError::new(
        rejection.status(),
        ErrorCode::InvalidBody,
        format!(
            "the body is not the JSON expected: {}",
            rejection.body_text()
        ),
    )
}
