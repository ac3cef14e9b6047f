//! Testing only: hold back chosen requests, so an end-to-end test can make an
//! older answer arrive after a newer one (the storefront must not let it win),
//! or make them panic, as a bug would (the server must still answer).
//! Off unless `--test-delay` is given; the flag is hidden from `--help`, and it
//! exists only in builds with the `test-delay` feature (this crate's tests and
//! the root crate's end-to-end tests turn it on; release binaries do not have it).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Requests whose query string contains `needle` wait `delay` before being answered.
#[derive(Clone, Debug)]
pub struct TestDelay {
    needle: String,
    delay: Duration,
}

/// Parses `NEEDLE=MILLISECONDS`, e.g. `price=10-30=1500`: the last `=` splits.
pub fn parse(text: &str) -> Result<TestDelay, String> {
    let (needle, ms) = text
        .rsplit_once('=')
        .ok_or("expected NEEDLE=MILLISECONDS")?;
    let ms: u64 = ms
        .parse()
        .map_err(|_| format!("{ms:?} is not a number of milliseconds"))?;
    Ok(TestDelay {
        needle: needle.to_owned(),
        delay: Duration::from_millis(ms),
    })
}

pub async fn hold_back(
    State(delays): State<Vec<TestDelay>>,
    request: Request,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    if let Some(rule) = delays.iter().find(|d| query.contains(&d.needle)) {
        tokio::time::sleep(rule.delay).await;
    }
    next.run(request).await
}

/// Panics on requests whose query string contains one of `needles`.
pub async fn panic_on(
    State(needles): State<Vec<String>>,
    request: Request,
    next: Next,
) -> Response {
    let query = request.uri().query().unwrap_or_default();
    if let Some(needle) = needles.iter().find(|n| query.contains(n.as_str())) {
        panic!("--test-panic {needle}");
    }
    next.run(request).await
}
