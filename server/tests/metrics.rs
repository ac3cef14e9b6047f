//! What an operator sees: `/metrics` on its own address only, in a format
//! `promtool check metrics` accepts, counting requests, the answer cache and
//! the catalog's loads; concurrent identical queries after an import made
//! once; and `--log-format json` writing one JSON object a line.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

mod support;
use support::{free_port, server_binary, spawn_server, temp_dir, version_file};

/// A sample of the text format: the value of `name` with exactly these labels.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().unwrap())
        .unwrap_or(0.0)
}

async fn scrape(metrics: &str) -> String {
    let response = reqwest::get(format!("{metrics}/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    response.text().await.unwrap()
}

/// promtool (Debian's `prometheus` package): scripts/test.sh installs it. Missing:
/// skipped with a message, except in CI.
fn promtool() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("promtool"))
            .find(|path| path.exists())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "promtool is missing, and CI must check the metrics with it: scripts/test.sh installs it"
        );
        eprintln!(
            "SKIPPED promtool check metrics: promtool is missing (apt-get install prometheus)"
        );
    }
    found
}

fn promtool_accepts(text: &str) {
    let Some(promtool) = promtool() else { return };
    let mut check = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    check
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = check.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "promtool check metrics:\n{}{}\n{text}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_only() {
    let port = free_port().to_string();
    let metrics_addr = format!("127.0.0.1:{port}");
    let api = spawn_server(&["--metrics-addr", &metrics_addr, "--products", "300"]);
    let metrics = format!("http://{metrics_addr}");
    for path in [
        "/api/v1/products?city=yiwu",
        "/api/v1/products?city=yiwu",
        "/nope/x.js",
    ] {
        reqwest::get(format!("{api}{path}")).await.unwrap();
    }
    reqwest::get(format!("{api}/api/v1/products/p1"))
        .await
        .unwrap();

    let text = scrape(&metrics).await;
    let requests = r#"beltmart_http_requests_total{route="/api/v1/products",status="200"}"#;
    assert_eq!(value(&text, requests), 2.0, "{text}");
    let by_id = r#"beltmart_http_requests_total{route="/api/v1/products/{id}",status="200"}"#;
    assert_eq!(value(&text, by_id), 1.0, "{text}");
    let latency = r#"beltmart_http_request_duration_seconds_count{route="/api/v1/products"}"#;
    assert_eq!(value(&text, latency), 2.0, "{text}");
    assert_eq!(
        value(&text, r#"beltmart_answer_cache_misses_total{cache="api"}"#),
        1.0
    );
    assert_eq!(
        value(&text, r#"beltmart_answer_cache_hits_total{cache="api"}"#),
        1.0
    );
    assert_eq!(value(&text, "beltmart_catalog_products"), 300.0);
    assert_eq!(value(&text, "beltmart_store_reachable"), 1.0);
    assert!(value(&text, "beltmart_open_connections") >= 0.0);
    assert!(text.contains("beltmart_catalog_info{version=\""), "{text}");
    promtool_accepts(&text);

    // The public address has no such page: the API answers its own paths only.
    let public = reqwest::get(format!("{api}/metrics")).await.unwrap();
    assert_ne!(public.status(), 200);
    assert!(
        !public
            .text()
            .await
            .unwrap()
            .contains("beltmart_http_requests_total")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_an_import_identical_concurrent_queries_run_the_engine_once() {
    let dir = temp_dir();
    let db = dir.join("c.sqlite");
    let metrics_addr = format!("127.0.0.1:{}", free_port());
    let db_path = db.to_str().unwrap();
    let flags = [
        "--db",
        db_path,
        "--metrics-addr",
        &metrics_addr,
        "--products",
        "300",
    ];
    let api = spawn_server(&flags);
    let metrics = format!("http://{metrics_addr}");

    let file = version_file(&dir, 2, 40, |n| 1000 + n);
    let import = Command::new(server_binary())
        .args(["import", "--db"])
        .arg(&db)
        .arg(&file)
        .output()
        .unwrap();
    assert!(import.status.success(), "{import:?}");
    // The server follows the file twice a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while value(&scrape(&metrics).await, "beltmart_catalog_products") != 40.0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the import was not loaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let before = scrape(&metrics).await;
    assert_eq!(value(&before, "beltmart_catalog_loads_total"), 1.0);
    assert_eq!(
        value(&before, "beltmart_catalog_load_duration_seconds_count"),
        1.0
    );

    let query = format!("{api}/api/v1/products?q=%E8%BF%90%E5%8A%A8%E9%9E%8B&sort=price_desc");
    let asks = (0..32).map(|_| tokio::spawn(reqwest::get(query.clone())));
    for ask in asks.collect::<Vec<_>>() {
        assert_eq!(ask.await.unwrap().unwrap().status(), 200);
    }
    let after = scrape(&metrics).await;
    let misses = r#"beltmart_answer_cache_misses_total{cache="api"}"#;
    let hits = r#"beltmart_answer_cache_hits_total{cache="api"}"#;
    assert_eq!(
        value(&after, misses) - value(&before, misses),
        1.0,
        "{after}"
    );
    assert_eq!(value(&after, hits) - value(&before, hits), 31.0, "{after}");
}

#[test]
fn json_logs_are_one_object_a_line() {
    let dir = temp_dir();
    let mut server = Command::new(server_binary())
        .args([
            "--addr",
            "127.0.0.1:0",
            "--dist",
            "/nonexistent",
            "--log-format",
            "json",
        ])
        .args(["--products", "100", "--db"])
        .arg(dir.join("c.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("Beltmart is running at"), "{line}");
    server.kill().unwrap();
    let stderr = server.wait_with_output().unwrap().stderr;
    let text = String::from_utf8(stderr).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in lines {
        let object: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(object["level"].is_string(), "{line}");
        assert!(object["fields"]["message"].is_string(), "{line}");
    }
}
