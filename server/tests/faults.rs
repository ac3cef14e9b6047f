//! Faults while running: when the catalog database stops answering, the
//! version held keeps serving, /healthz reports the store unreachable (still
//! 200, so a load balancer keeps the server), and following resumes by itself
//! once the file is back.

use std::time::{Duration, Instant};

mod support;

async fn wait_for_status(url: &str, status: u16) -> reqwest::Response {
    let started = Instant::now();
    loop {
        let response = reqwest::get(url).await.unwrap();
        if response.status() == status {
            return response;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{url} is still {} after 10 s",
            response.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `/healthz`'s `store` once it says `want` (waiting up to 10 s); it stays 200 throughout.
async fn wait_for_store(base: &str, want: &str) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let response = reqwest::get(format!("{base}/healthz")).await.unwrap();
        assert_eq!(
            response.status(),
            200,
            "/healthz keeps the server in rotation"
        );
        let health: serde_json::Value = response.json().await.unwrap();
        if health["store"] == want {
            return health;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the store is still {} after 10 s",
            health["store"]
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// While the store does not answer, shoppers get the version held.
async fn still_serves(base: &str) {
    for path in [
        "/api/v1/products?per_page=1",
        "/api/v1/products/p1",
        "/api/v1/taxonomy",
    ] {
        let response = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn a_vanished_database_is_reported_and_service_resumes() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("c.sqlite");
    let moved = dir.path().join("moved-away.sqlite");
    let base = support::spawn_server(&["--products", "300", "--db", db.to_str().unwrap()]);
    wait_for_status(&format!("{base}/api/v1/products?per_page=1"), 200).await;
    let before = wait_for_store(&base, "reachable").await;
    assert_eq!(before["status"], "ok");

    // The file goes away (a botched deploy, a lost volume).
    std::fs::rename(&db, &moved).unwrap();
    let down = wait_for_store(&base, "unreachable").await;
    assert_eq!(down["status"], "degraded");
    assert_eq!(down["catalog_version"], before["catalog_version"]);
    still_serves(&base).await;

    // It comes back: so does following it, with nobody restarting anything.
    std::fs::rename(&moved, &db).unwrap();
    let back = wait_for_store(&base, "reachable").await;
    assert_eq!(back["status"], "ok");
    still_serves(&base).await;
}

#[tokio::test]
async fn a_locked_database_is_reported_until_the_lock_is_released() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("c.sqlite");
    let base = support::spawn_server(&["--products", "300", "--db", db.to_str().unwrap()]);
    wait_for_status(&format!("{base}/healthz"), 200).await;
    wait_for_store(&base, "reachable").await;

    // Another program takes an exclusive lock and writes (a migration, a backup tool).
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE meta SET value = value;",
        )
        .unwrap();
    wait_for_store(&base, "unreachable").await;
    still_serves(&base).await;

    holder
        .execute_batch("COMMIT; PRAGMA locking_mode = NORMAL; SELECT 1;")
        .unwrap();
    drop(holder);
    wait_for_store(&base, "reachable").await;
}

/// A bug that panics in a handler gets a 503 `unavailable` JSON answer (the
/// storefront offers a retry) instead of a dropped connection, and the server
/// goes on serving.
#[tokio::test]
async fn a_handler_that_panics_answers_503_and_the_server_goes_on() {
    let base = support::spawn_server(&["--products", "300", "--test-panic", "q=boom"]);
    let response = reqwest::get(format!("{base}/api/v1/products?q=boom"))
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "1");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(
        !body.to_string().contains("panicked"),
        "the cause goes to the log, not to the shopper: {body}"
    );
    let after = reqwest::get(format!("{base}/api/v1/products?q=shoe"))
        .await
        .unwrap();
    assert_eq!(after.status(), 200);
}
