//! Start-up faults, with the real binary: a catalog file that is not a usable
//! Beltmart catalog stops the server at once with a message that names the file
//! and the fix; a missing one is created; a missing SPA leaves the API serving.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn start(db: &Path, dist: &Path) -> std::process::Child {
    start_with(db, dist, &[])
}

fn start_with(db: &Path, dist: &Path, flags: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_beltmart-server"))
        .args(flags)
        .args(["--addr", "127.0.0.1:0", "--products", "200", "--db"])
        .arg(db)
        .arg("--dist")
        .arg(dist)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The server must refuse `db` quickly, saying which file and what to do.
fn refuses(db: &Path, why: &str) {
    let started = Instant::now();
    let output = start(db, Path::new("/nonexistent"))
        .wait_with_output()
        .unwrap();
    assert!(!output.status.success(), "{why}: the server started");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{why}: took too long to refuse"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(db.to_str().unwrap()),
        "{why}: the message names the file: {stderr}"
    );
    assert!(
        stderr.contains("delete it") || stderr.contains("newer beltmart-server"),
        "{why}: the message says the fix: {stderr}"
    );
}

#[test]
fn unusable_catalog_files_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();

    let corrupt = dir.path().join("corrupt.sqlite");
    std::fs::write(
        &corrupt,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    refuses(&corrupt, "random bytes");

    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    refuses(&empty, "an empty file");

    let foreign = dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT);")
        .unwrap();
    refuses(&foreign, "another program's database");

    let newer = dir.path().join("newer.sqlite");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA application_id = 1113943156; PRAGMA user_version = 99;")
        .unwrap();
    refuses(&newer, "a catalog from a newer server");
}

/// The URL the server prints once it listens.
fn listening_url(server: &mut std::process::Child) -> String {
    let mut stdout = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    url
}

/// SIGTERM: the request in flight completes, new ones are refused, exit 0 soon.
#[test]
fn sigterm_finishes_requests_in_flight_and_exits_cleanly() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("c.sqlite");
    let mut server = start_with(
        &db,
        Path::new("/nonexistent"),
        &["--test-delay", "slow=1500"],
    );
    let url = listening_url(&mut server);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let in_flight = tokio::spawn(reqwest::get(format!("{url}api/v1/products?q=slow")));
        tokio::time::sleep(Duration::from_millis(400)).await;
        let status = Command::new("kill")
            .args(["-TERM", &server.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            reqwest::get(format!("{url}healthz")).await.is_err(),
            "no new connections after SIGTERM"
        );
        let answer = in_flight
            .await
            .unwrap()
            .expect("the request in flight is answered");
        assert_eq!(answer.status(), 200);
    });
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn a_missing_catalog_is_created_and_a_missing_spa_leaves_the_api_serving() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let db = dir.path().join("new/catalog.sqlite");
    let mut server = start(&db, &dir.path().join("no-dist"));
    let url = listening_url(&mut server);
    assert!(db.exists(), "the catalog was created");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let health = reqwest::get(format!("{url}healthz")).await.unwrap();
        assert_eq!(health.status(), 200);
        let page = reqwest::get(&url).await.unwrap();
        assert_eq!(page.status(), 503);
        assert!(
            page.text().await.unwrap().contains("trunk build --release"),
            "/ says how to build the SPA"
        );
    });
    server.kill().unwrap();
    server.wait().unwrap();
}
