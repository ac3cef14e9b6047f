//! The one error type of the API: every failure becomes a JSON body
//! `{ "error": { "code", "message" } }` with a 4xx or 503 status and
//! `Cache-Control: no-store`.
//!
//! Errors flow one way: handlers and layers build an [`ApiError`] (constructors
//! never log), its response carries a [`Failure`] extension with the code and
//! the underlying cause, and one layer, [`log_failures`], logs server-side
//! failures once per request, folding a run of identical ones into a summary.
//! The cause goes to the log only, never to the shopper.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use beltmart_contract::{ErrorBody, ErrorCode, ErrorDetail, FieldProblem, QueryError};

/// What `Retry-After` says on every busy or unavailable answer, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 1;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    /// For people; sent to the client.
    pub message: String,
    /// What went wrong underneath, for the log only; never sent to the client.
    pub cause: Option<String>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u32>,
    /// A body's bad fields, all of them.
    pub fields: Vec<FieldProblem>,
}

/// Why the server could not take a request right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Busy {
    /// More requests in flight than `--max-concurrent`.
    Overloaded,
    /// The answer took longer than `--request-timeout-ms`.
    Timeout,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            cause: None,
            retry_after: None,
            fields: Vec::new(),
        }
    }

    /// 400 `code` naming every bad field of a body.
    pub fn bad_fields(code: ErrorCode, fields: Vec<FieldProblem>) -> Self {
        let message = match fields.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} fields are not right; see fields", many.len()),
        };
        ApiError {
            fields,
            ..ApiError::bad_request(code, message)
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// The server is saturated or the answer too slow: 503 `overloaded` or
    /// `timeout` with `Retry-After`, so clients and CDNs back off instead of hammering.
    pub fn busy(why: Busy) -> Self {
        let (code, message) = match why {
            Busy::Overloaded => (
                ErrorCode::Overloaded,
                "the server is busy; try again in a moment",
            ),
            Busy::Timeout => (ErrorCode::Timeout, "the answer took too long; try again"),
        };
        ApiError {
            retry_after: Some(RETRY_AFTER_SECONDS),
            ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
        }
    }

    /// The catalog database failed: 503 `unavailable` with `Retry-After`; the
    /// shopper can retry. `cause` goes to the log (through [`log_failures`]), not
    /// to the shopper.
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        ApiError {
            // `#`: an anyhow error with its whole chain of causes (a database error says why).
            cause: Some(format!("{cause:#}")),
            retry_after: Some(RETRY_AFTER_SECONDS),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                "the catalog is temporarily unavailable; try again shortly",
            )
        }
    }
}

/// What a handler that panicked answers: 503 `unavailable`, the panic's
/// message going to the log (through [`log_failures`]) and not to the shopper.
pub fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    ApiError::unavailable(format!("a handler panicked: {message}")).into_response()
}

impl From<QueryError> for ApiError {
    fn from(err: QueryError) -> Self {
        ApiError::bad_request(err.error_code(), err.to_string())
    }
}

/// A response extension on every [`ApiError`] answer: what [`log_failures`] logs.
#[derive(Clone, Debug)]
pub struct Failure {
    pub code: ErrorCode,
    pub cause: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().into(),
                message: self.message,
                fields: self.fields,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        // An error is about this moment: no cache (a browser or a CDN) may keep it.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(Failure {
            code: self.code,
            cause: self.cause,
        });
        response
    }
}

/// The state of [`log_failures`]: the last failure logged and how many
/// identical ones have been held back since.
#[derive(Clone)]
pub struct FailureLog {
    last: Arc<Mutex<Option<Run>>>,
    /// Some failures are held back and not yet summarised (checked without the lock).
    pending: Arc<AtomicBool>,
    /// How long a run of identical failures is folded into one summary line.
    quiet_for: Duration,
}

impl Default for FailureLog {
    fn default() -> Self {
        FailureLog::new(Duration::from_secs(10))
    }
}

struct Run {
    status: StatusCode,
    code: ErrorCode,
    cause: Option<String>,
    since: Instant,
    held_back: u64,
}

/// 503 without a cause: the server refused to take the request (`overloaded`,
/// `timeout`), a warning; anything else is an error.
fn is_busy(status: StatusCode, cause: Option<&str>) -> bool {
    status == StatusCode::SERVICE_UNAVAILABLE && cause.is_none()
}

impl Run {
    fn same(&self, status: StatusCode, failure: &Failure) -> bool {
        self.status == status && self.code == failure.code && self.cause == failure.cause
    }

    /// Says how many identical failures were held back, if any.
    fn summarise(&self) {
        if self.held_back == 0 {
            return;
        }
        let (status, code, repeated) = (self.status.as_u16(), self.code.as_str(), self.held_back);
        let seconds = self.since.elapsed().as_secs();
        let cause = self.cause.as_deref().unwrap_or("-");
        let message = "the same failure again, not logged one by one";
        if is_busy(self.status, self.cause.as_deref()) {
            tracing::warn!(status, code, repeated, seconds, "{message}");
        } else {
            tracing::error!(status, code, cause, repeated, seconds, "{message}");
        }
    }
}

impl FailureLog {
    pub fn new(quiet_for: Duration) -> FailureLog {
        FailureLog {
            last: Arc::default(),
            pending: Arc::default(),
            quiet_for,
        }
    }

    /// Logs `failure`, unless it repeats the last one within `quiet_for`.
    fn record(&self, status: StatusCode, failure: &Failure, path: &str) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(run) = last.as_mut().filter(|run| run.same(status, failure))
            && run.since.elapsed() < self.quiet_for
        {
            run.held_back += 1;
            self.pending.store(true, Ordering::Relaxed);
            return;
        }
        if let Some(run) = last.take() {
            run.summarise();
        }
        let (code, cause) = (failure.code.as_str(), failure.cause.as_deref());
        if is_busy(status, cause) {
            tracing::warn!(
                status = status.as_u16(),
                code,
                path,
                "request refused: busy"
            );
        } else {
            let cause = cause.unwrap_or("-");
            tracing::error!(
                status = status.as_u16(),
                code,
                cause,
                path,
                "request failed"
            );
        }
        *last = Some(Run {
            status,
            code: failure.code,
            cause: failure.cause.clone(),
            since: Instant::now(),
            held_back: 0,
        });
    }

    /// Once a run of held-back failures is older than `quiet_for`, says how
    /// many there were, even when no failure follows (the outage is over).
    fn settle(&self) {
        if !self.pending.load(Ordering::Relaxed) {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if last
            .as_ref()
            .is_some_and(|run| run.since.elapsed() >= self.quiet_for)
        {
            if let Some(run) = last.take() {
                run.summarise();
            }
            self.pending.store(false, Ordering::Relaxed);
        }
    }
}

/// A request's path as logs may show it: a buyer's private token (the
/// segment after `/api/v1/inquiries/`, or after a page's `/inquiry/`) is a
/// secret, and never written down.
pub fn loggable(path: &str) -> String {
    let api = format!("{}/", beltmart_contract::path::INQUIRIES);
    if let Some(rest) = path.strip_prefix(&api) {
        let after = rest.find('/').map_or("", |at| &rest[at..]);
        return format!("{api}{{token}}{after}");
    }
    let page = format!("{}/", beltmart_contract::page::INQUIRY);
    match path.find(&page) {
        Some(at) => format!("{}{{token}}", &path[..at + page.len()]),
        None => path.to_owned(),
    }
}

/// Logs each server-side failure (5xx) once per request, with its code and the
/// cause carried by the [`Failure`] extension: `warn` when the server is busy
/// (`overloaded`, `timeout`), `error` otherwise. During an outage every request
/// fails the same way: the first is logged, identical ones in the next 10 s are
/// counted and summarised in one line.
pub async fn log_failures(State(log): State<FailureLog>, request: Request, next: Next) -> Response {
    let path = loggable(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !status.is_server_error() {
        log.settle();
        return response;
    }
    match response.extensions().get::<Failure>() {
        Some(failure) => log.record(status, failure, &path),
        // Not an API error: the "storefront not built" page (503, said at
        // start) or something unexpected, which is always worth a line.
        None if status != StatusCode::SERVICE_UNAVAILABLE => {
            tracing::error!(status = status.as_u16(), path, "request failed");
        }
        None => {}
    }
    response
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use axum::Router;
    use axum::body::Body;
    use axum::middleware::from_fn_with_state;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    /// Everything logged, as text.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn lines(&self, needle: &str) -> Vec<String> {
            let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
            text.lines()
                .filter(|l| l.contains(needle))
                .map(str::to_owned)
                .collect()
        }
    }

    fn app(log: FailureLog) -> Router {
        Router::new()
            .route(
                "/down",
                get(|| async { ApiError::unavailable("disk I/O error at /srv/catalog.sqlite") }),
            )
            .route("/busy", get(|| async { ApiError::busy(Busy::Overloaded) }))
            .route(
                "/missing",
                get(|| async { ApiError::not_found("no such thing") }),
            )
            .route("/ok", get(|| async { "ok" }))
            .layer(from_fn_with_state(log, log_failures))
    }

    #[test]
    fn a_buyers_token_never_reaches_a_log() {
        let token = "wBu1F89biDmuyQhpdHd_pSwN1QIiQ21VsCOAGS_121U";
        assert_eq!(
            loggable(&format!("/api/v1/inquiries/{token}/p52xpuzv7133fg9a")),
            "/api/v1/inquiries/{token}/p52xpuzv7133fg9a"
        );
        assert_eq!(
            loggable(&format!("/api/v1/inquiries/{token}")),
            "/api/v1/inquiries/{token}"
        );
        assert_eq!(loggable("/api/v1/inquiries"), "/api/v1/inquiries");
        assert_eq!(loggable("/api/v1/products/p1"), "/api/v1/products/p1");
        assert_eq!(
            loggable(&format!("/shop/inquiry/{token}")),
            "/shop/inquiry/{token}"
        );
        assert!(!loggable(&format!("/inquiry/{token}")).contains(token));
        assert_eq!(loggable("/inquiry"), "/inquiry");
    }

    async fn get_status(app: &Router, path: &str) -> (StatusCode, Response) {
        let request = axum::http::Request::get(path).body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        (response.status(), response)
    }

    #[test]
    fn an_outage_is_logged_once_then_summarised_and_the_cause_stays_private() {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .with_writer({
                let captured = captured.clone();
                move || captured.clone()
            })
            .finish();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        tracing::subscriber::with_default(subscriber, || {
            runtime.block_on(async {
                let app = app(FailureLog::new(Duration::from_millis(300)));
                for _ in 0..5 {
                    let (status, response) = get_status(&app, "/down").await;
                    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
                    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
                    let body = axum::body::to_bytes(response.into_body(), 4096)
                        .await
                        .unwrap();
                    let body = String::from_utf8(body.to_vec()).unwrap();
                    assert!(body.contains("\"unavailable\""), "{body}");
                    assert!(
                        !body.contains("disk"),
                        "the cause is for the log only: {body}"
                    );
                }
                assert_eq!(get_status(&app, "/missing").await.0, StatusCode::NOT_FOUND);
                let failed = captured.lines("request failed");
                assert_eq!(failed.len(), 1, "{failed:?}");
                assert!(failed[0].contains("ERROR") && failed[0].contains("code=\"unavailable\""));
                assert!(failed[0].contains("disk I/O error"), "{failed:?}");
                assert!(captured.lines("the same failure again").is_empty());

                // The outage ends: once the window has passed, the held-back count is said.
                tokio::time::sleep(Duration::from_millis(350)).await;
                assert_eq!(get_status(&app, "/ok").await.0, StatusCode::OK);
                let summary = captured.lines("the same failure again");
                assert_eq!(summary.len(), 1, "{summary:?}");
                assert!(summary[0].contains("repeated=4"), "{summary:?}");

                // A crowd is a warning, not an error; 4xx are not logged at all.
                let (status, response) = get_status(&app, "/busy").await;
                assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
                assert_eq!(response.headers()[header::RETRY_AFTER], "1");
                let busy = captured.lines("busy");
                assert_eq!(busy.len(), 1, "{busy:?}");
                assert!(busy[0].contains("WARN") && busy[0].contains("overloaded"));
                assert!(captured.lines("not_found").is_empty());
            })
        });
    }
}
