//! The OpenAPI document: the committed copy (`docs/openapi.json`) is what the
//! code generates, the server serves it, and schemathesis, run against the
//! real server over HTTP with that document, finds nothing wrong.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

fn committed_copy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json")
}

/// `BELTMART_BLESS=1 cargo test -p beltmart-server --test openapi` rewrites the copy.
#[test]
fn the_committed_copy_is_what_the_code_generates() {
    let generated = beltmart_server::routes::openapi::json();
    let path = committed_copy();
    if std::env::var_os("BELTMART_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, generated).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json differs from the document the code generates (GET /api/v1/openapi.json).\n\
         Regenerate it with:\n\n    BELTMART_BLESS=1 cargo test -p beltmart-server --test openapi\n\n\
         then review and commit the change (docs/api.md)."
    );
}

#[tokio::test]
async fn the_server_serves_the_document() {
    let base = support::spawn_server(&["--products", "50"]);
    let response = reqwest::get(format!("{base}/api/v1/openapi.json"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.headers().contains_key("etag"));
    let body = response.text().await.unwrap();
    assert_eq!(body, beltmart_server::routes::openapi::json());
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/products",
        "/api/v1/products/{id}",
        "/api/v1/taxonomy",
        "/api/v1/understand",
        "/api/v1/images/{id}/{view}",
        "/healthz",
        "/api/v1/openapi.json",
    ] {
        assert!(
            doc["paths"][path]["get"].is_object(),
            "{path} is documented"
        );
    }
}

/// Where schemathesis is: `BELTMART_SCHEMATHESIS` (scripts/test.sh installs it
/// into target/venv and sets it). Unset: skipped with a message, except in CI.
fn schemathesis() -> Option<PathBuf> {
    match std::env::var_os("BELTMART_SCHEMATHESIS") {
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(
                path.exists(),
                "BELTMART_SCHEMATHESIS is {}, which does not exist; scripts/test.sh installs it",
                path.display()
            );
            Some(path)
        }
        None if std::env::var_os("CI").is_some() => panic!(
            "BELTMART_SCHEMATHESIS is not set, and CI must run schemathesis: scripts/test.sh \
             installs it (ensure_schemathesis in scripts/tools.sh) and sets it"
        ),
        None => {
            eprintln!(
                "SKIPPED schemathesis_finds_nothing_wrong: BELTMART_SCHEMATHESIS is not set. \
                 Run scripts/test.sh, or: source scripts/tools.sh && ensure_schemathesis && \
                 BELTMART_SCHEMATHESIS=$PWD/target/venv/bin/schemathesis cargo test -p \
                 beltmart-server --test openapi"
            );
            None
        }
    }
}

/// schemathesis generates requests from the document (valid and invalid
/// input, boundaries, examples) and checks each answer against it: never a
/// 5xx, only documented statuses, content types, headers and body shapes.
#[test]
fn schemathesis_finds_nothing_wrong() {
    let Some(schemathesis) = schemathesis() else {
        return;
    };
    let base = support::spawn_server(&["--products", "300"]);
    let workdir = support::temp_dir();
    let mut child = Command::new(&schemathesis)
        .arg("run")
        .arg(format!("{base}/api/v1/openapi.json"))
        .args(["--url", &base])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,\
             response_schema_conformance,response_headers_conformance",
            "--max-examples",
            "30",
            "--seed",
            "2026",
            "--generation-database",
            "none",
            "--request-timeout",
            "10",
            // One worker: with two threads, hypothesis parses lambdas' source
            // concurrently, which CPython 3.11.7's `ast` cannot do ("AST
            // constructor recursion depth mismatch", cpython#106905).
            "--workers",
            "1",
            "--no-color",
        ])
        // Its files (if any) go to a scratch folder, not the work tree.
        .current_dir(&workdir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", schemathesis.display()));
    // Read its output on threads so a full pipe cannot stall it.
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(240) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "schemathesis ran for more than 4 minutes:\n{}",
                stdout.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    println!("{stdout}");
    assert!(
        status.success(),
        "schemathesis found problems ({status}):\n{stdout}\n{stderr}"
    );
}
