//! Faults while running: when the catalog database stops answering, the API
//! says so with 503 and Retry-After, /healthz reports it, and service resumes
//! by itself once the file is back.

use std::time::{Duration, Instant};

use beltmart_contract::ErrorBody;

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

#[tokio::test]
async fn a_vanished_database_is_reported_and_service_resumes() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("c.sqlite");
    let moved = dir.path().join("moved-away.sqlite");
    let base = support::spawn_server(&["--products", "300", "--db", db.to_str().unwrap()]);
    let products = format!("{base}/api/v1/products?per_page=1");
    wait_for_status(&products, 200).await;

    // The file goes away (a botched deploy, a lost volume).
    std::fs::rename(&db, &moved).unwrap();
    let down = wait_for_status(&products, 503).await;
    assert_eq!(down.headers()["retry-after"], "1");
    let body: ErrorBody = down.json().await.unwrap();
    assert_eq!(body.error.code, "unavailable");
    wait_for_status(&format!("{base}/healthz"), 503).await;
    wait_for_status(&format!("{base}/api/v1/products/p1"), 503).await;

    // It comes back: so does the service, with nobody restarting anything.
    std::fs::rename(&moved, &db).unwrap();
    wait_for_status(&products, 200).await;
    wait_for_status(&format!("{base}/healthz"), 200).await;
    wait_for_status(&format!("{base}/api/v1/products/p1"), 200).await;
}

#[tokio::test]
async fn a_locked_database_is_reported_until_the_lock_is_released() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("c.sqlite");
    let base = support::spawn_server(&["--products", "300", "--db", db.to_str().unwrap()]);
    let health = format!("{base}/healthz");
    wait_for_status(&health, 200).await;

    // Another program takes an exclusive lock and writes (a migration, a backup tool).
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE meta SET value = value;",
        )
        .unwrap();
    wait_for_status(&health, 503).await;
    wait_for_status(&format!("{base}/api/v1/taxonomy"), 503).await;

    holder
        .execute_batch("COMMIT; PRAGMA locking_mode = NORMAL; SELECT 1;")
        .unwrap();
    drop(holder);
    wait_for_status(&health, 200).await;
    wait_for_status(&format!("{base}/api/v1/taxonomy"), 200).await;
}
