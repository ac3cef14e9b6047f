//! Whatever arrives, the server answers sensibly and keeps serving: a huge URL,
//! a body, a crowd or a slow answer each get a JSON error, not a hang.

use std::sync::OnceLock;

use beltmart_contract::ErrorBody;
use reqwest::{StatusCode, header};

mod support;

/// A server allowing two requests at once and 800 ms per request, where
/// `slow=` queries take 600 ms and `stuck=` ones 2 s (the hidden test hook).
fn server() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        support::spawn_server(&[
            "--products",
            "300",
            "--max-concurrent",
            "2",
            "--request-timeout-ms",
            "800",
            "--test-delay",
            "slow=600",
            "--test-delay",
            "stuck=2000",
        ])
    })
}

/// The crowd and timeout tests use the two slots: one at a time.
static SLOTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn expect_error(
    response: reqwest::Response,
    status: StatusCode,
    code: &str,
) -> reqwest::header::HeaderMap {
    assert_eq!(response.status(), status);
    let headers = response.headers().clone();
    let body: ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, code);
    assert!(!body.error.message.is_empty());
    headers
}

#[tokio::test]
async fn a_huge_url_is_414_json() {
    let q = "a".repeat(40_000);
    let response = reqwest::get(format!("{}/api/v1/products?q={q}", server()))
        .await
        .unwrap();
    expect_error(response, StatusCode::URI_TOO_LONG, "uri_too_long").await;
}

#[tokio::test]
async fn a_body_is_413_json() {
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/api/v1/products", server()))
        .body(vec![b'x'; 10_000])
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn a_crowd_gets_503_with_retry_after_not_a_queue() {
    let _slots = SLOTS.lock().await;
    let base = server();
    let slow = || reqwest::get(format!("{base}/api/v1/products?q=slow"));
    let (a, b, c) = tokio::join!(slow(), slow(), async {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        slow().await
    });
    let statuses = [a.unwrap().status(), b.unwrap().status()];
    assert_eq!(statuses, [StatusCode::OK, StatusCode::OK], "two fit");
    let headers = expect_error(c.unwrap(), StatusCode::SERVICE_UNAVAILABLE, "overloaded").await;
    assert_eq!(headers[header::RETRY_AFTER], "1");
    // And it serves again once the crowd has gone.
    let after = reqwest::get(format!("{base}/api/v1/products?per_page=1"))
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_slow_answer_times_out_with_503() {
    let _slots = SLOTS.lock().await;
    let response = reqwest::get(format!("{}/api/v1/products?q=stuck", server()))
        .await
        .unwrap();
    let headers = expect_error(response, StatusCode::SERVICE_UNAVAILABLE, "timeout").await;
    assert_eq!(headers[header::RETRY_AFTER], "1");
}
