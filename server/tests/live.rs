//! Live updates with the real binaries: a running server picks up committed
//! imports while shoppers query it, every answer coming from exactly one
//! catalog version, and an import killed at any moment changes nothing.
//!
//! Each runs on SQLite and on PostgreSQL. The test command runs these against
//! the release server (`BELTMART_SERVER_BIN`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use beltmart_contract::{ProductDetail, ProductList};

mod support;
use support::store::{Store, TestDb, on_both_stores};
use support::{ServerProcess, server_binary};

/// Catalog version `k` of these tests: `500 + 7k` products, every one at the
/// same unit price `¥10 + k × ¥0.10`, so that any answer shows which version
/// it came from, and whether all of it came from that one.
fn version_file(dir: &Path, k: u32, products: u32) -> PathBuf {
    support::version_file(dir, k, products, |_| price_of(k))
}

fn price_of(k: u32) -> u32 {
    1000 + 10 * k
}

fn size_of(k: u32) -> u32 {
    500 + 7 * k
}

/// A catalog at version `k` in a fresh store, and a server for it.
fn serving_version(store: Store, k: u32) -> (TestDb, ServerProcess) {
    let db = TestDb::new(store);
    let output = import(&db, &version_file(&db.dir, k, size_of(k)), &[]);
    assert!(output.status.success());
    let server = ServerProcess::start(&db.db, &[]);
    (db, server)
}

fn import(db: &TestDb, file: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(server_binary())
        .arg("import")
        .args(extra)
        .arg("--db")
        .arg(&db.db)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// The version an import says it committed.
fn committed_version(output: &std::process::Output) -> String {
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{report}");
    let after = report
        .split("catalog version ")
        .nth(1)
        .expect("the report names the version");
    after.split(';').next().unwrap().trim().to_owned()
}

async fn version_served(client: &reqwest::Client, url: &str) -> String {
    let health: serde_json::Value = client
        .get(format!("{url}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    health["catalog_version"].as_str().unwrap().to_owned()
}

async fn first_page(client: &reqwest::Client, url: &str) -> ProductList {
    let response = client
        .get(format!("{url}/api/v1/products"))
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

/// Waits until the server serves `version`.
async fn wait_for_version(client: &reqwest::Client, url: &str, version: &str) {
    let started = Instant::now();
    while version_served(client, url).await != version {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server does not serve {version} after 10 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the server serves a version other than `old`; returns it and how long it took.
async fn wait_for_new_version(
    client: &reqwest::Client,
    url: &str,
    old: &str,
) -> (String, Duration) {
    let started = Instant::now();
    loop {
        let now = version_served(client, url).await;
        if now != old {
            return (now, started.elapsed());
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server still serves {old} after 10 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One shopper's loop of queries; returns the (catalog_version → k) pairs it
/// saw, panicking on any failed or torn answer.
async fn shopper(
    client: reqwest::Client,
    url: String,
    stop: Arc<AtomicBool>,
    answered: Arc<AtomicU64>,
    n: u32,
) -> Vec<(String, u32)> {
    let mut seen = Vec::new();
    let queries = [
        "",
        "sort=price_asc&per_page=50",
        "q=运动鞋1&per_page=10",
        "city=jinjiang&page=2",
        "category=shoes&sort=newest",
    ];
    let mut i = n as usize;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let query = queries[i % queries.len()];
        let response = client
            .get(format!("{url}/api/v1/products?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{query}");
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        let list: ProductList = response.json().await.unwrap();
        let k = list.items.first().map(|p| (p.price_fen - 1000) / 10);
        if let Some(k) = k {
            assert!(
                list.items.iter().all(|p| p.price_fen == price_of(k)),
                "a torn page: {:?}",
                list.items.iter().map(|p| p.price_fen).collect::<Vec<_>>()
            );
            assert!(
                list.items
                    .iter()
                    .all(|p| p.title.starts_with(&format!("第{k}版"))),
                "titles of another version"
            );
            if query.is_empty()
                || query.starts_with("city")
                || query.starts_with("category")
                || query.starts_with("sort")
            {
                assert_eq!(
                    list.total,
                    u64::from(size_of(k)),
                    "the total of another version ({query})"
                );
                let city = list
                    .facets
                    .city
                    .iter()
                    .find(|c| c.id == "jinjiang")
                    .unwrap();
                assert_eq!(
                    city.count,
                    u64::from(size_of(k)),
                    "facet counts of another version"
                );
            }
            seen.push((list.catalog_version.clone(), k));
            assert!(!etag.is_empty());
        }
        let detail = client
            .get(format!("{url}/api/v1/products/v-1"))
            .send()
            .await
            .unwrap();
        assert_eq!(detail.status(), 200);
        let detail: ProductDetail = detail.json().await.unwrap();
        assert!(
            detail
                .title
                .starts_with(&format!("第{}版", (detail.price_fen - 1000) / 10)),
            "a torn product page"
        );
        answered.fetch_add(2, Ordering::Relaxed);
    }
    seen
}

on_both_stores!(async multi_thread:
    imports_swap_in_under_load_with_every_answer_from_one_version,
    an_import_killed_at_any_moment_leaves_the_old_catalog_serving,
);

async fn imports_swap_in_under_load_with_every_answer_from_one_version(store: Store) {
    let (db, server) = serving_version(store, 0);
    let client = reqwest::Client::new();
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicU64::new(0));
    let shoppers: Vec<_> = (0..4)
        .map(|n| {
            tokio::spawn(shopper(
                client.clone(),
                server.url.clone(),
                stop.clone(),
                answered.clone(),
                n,
            ))
        })
        .collect();

    let mut versions = vec![version_served(&client, &server.url).await];
    let mut pickups = Vec::new();
    for k in 1..=5 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let file = version_file(&db.dir, k, size_of(k));
        let output = tokio::task::block_in_place(|| import(&db, &file, &[]));
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stdout)
        );
        let (now, took) =
            wait_for_new_version(&client, &server.url, versions.last().unwrap()).await;
        pickups.push(took);
        versions.push(now);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut version_of: HashMap<String, u32> = HashMap::new();
    for shopper in shoppers {
        for (version, k) in shopper
            .await
            .expect("no shopper saw a failed or torn answer")
        {
            let known = *version_of.entry(version.clone()).or_insert(k);
            assert_eq!(
                known, k,
                "catalog_version {version} answered with two contents"
            );
        }
    }
    assert!(
        version_of.len() >= 3,
        "the shoppers saw several versions: {version_of:?}"
    );
    for (k, version) in versions.iter().enumerate() {
        if let Some(&seen) = version_of.get(version) {
            assert_eq!(seen, k as u32, "{version} is version {k}");
        }
    }
    eprintln!(
        "{} answers, 0 failed; new versions served {:?} after each import committed",
        answered.load(Ordering::Relaxed),
        pickups
    );
}

async fn an_import_killed_at_any_moment_leaves_the_old_catalog_serving(store: Store) {
    let (db, server) = serving_version(store, 1);
    let client = reqwest::Client::new();
    let mut old = version_served(&client, &server.url).await;
    let first = version_file(&db.dir, 1, size_of(1));
    // A large import, long enough to be killed in the middle of.
    let big = version_file(&db.dir, 2, 40_000);
    let started = Instant::now();
    assert!(import(&db, &big, &["--dry-run"]).status.success());
    let duration = started.elapsed();

    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut kills = 0;
    // Ten real kills; an attempt whose import won the race and committed does not count.
    for attempt in 0..40 {
        if kills == 10 {
            break;
        }
        // xorshift: moments spread over the whole import, the same every run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = duration.mul_f64((seed % 1000) as f64 / 1000.0 * 0.7);
        let mut child = Command::new(server_binary())
            .args(["import", "--db"])
            .arg(&db.db)
            .arg(&big)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(at).await;
        let finished_first = child.try_wait().unwrap().is_some();
        child.kill().unwrap(); // SIGKILL (a no-op if it has finished)
        child.wait().unwrap();
        // Whatever the store now holds is what the server must come to serve.
        let stored = db.stored_version();
        wait_for_version(&client, &server.url, &stored).await;
        let list = first_page(&client, &server.url).await;
        if stored == old {
            kills += u32::from(!finished_first);
            assert_eq!(
                list.total,
                u64::from(size_of(1)),
                "kill {attempt} at {at:?}"
            );
            assert_eq!(list.items[0].price_fen, price_of(1));
        } else {
            // On a busy machine the import can commit before the kill lands: then
            // it is whole. Put the old catalog back and go on.
            assert_eq!(
                list.total, 40_000,
                "kill {attempt} at {at:?} after the commit"
            );
            assert_eq!(list.items[0].price_fen, price_of(2));
            old = committed_version(&import(&db, &first, &[]));
            wait_for_version(&client, &server.url, &old).await;
        }
    }
    assert_eq!(kills, 10, "imports kept finishing before the kill");
    // The store is intact: the next import goes through and is served.
    let output = import(&db, &big, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let (_, _) = wait_for_new_version(&client, &server.url, &old).await;
    let list = first_page(&client, &server.url).await;
    assert_eq!(list.total, 40_000);
    assert_eq!(list.items[0].price_fen, price_of(2));
}
