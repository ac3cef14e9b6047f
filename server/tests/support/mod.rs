//! Starting the real server for the HTTP tests.

use std::path::PathBuf;

use clap::Parser;

/// A fresh folder under target/tmp for a test's catalog (so catalogs never pile
/// up in /tmp), kept for the life of the test process.
pub fn temp_dir() -> PathBuf {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .keep()
}

/// Starts `beltmart-server` with `flags` on a free loopback port, on a thread
/// and runtime of its own (each `#[tokio::test]` runtime ends with its test),
/// and returns its base URL once it listens. Without `--db` the catalog goes in
/// a fresh folder; without `--dist` there is no storefront.
#[allow(dead_code)] // not every test binary starts a server in-process
pub fn spawn_server(flags: &[&str]) -> String {
    let db = temp_dir().join("c.sqlite");
    let mut args = vec!["beltmart-server", "--addr", "127.0.0.1:0"];
    if !flags.contains(&"--db") {
        args.extend(["--db", db.to_str().unwrap()]);
    }
    if !flags.contains(&"--dist") {
        args.extend(["--dist", "/nonexistent"]);
    }
    args.extend(flags);
    let config = beltmart_server::Config::parse_from(args);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let bound = beltmart_server::bind(&config).await.expect("server starts");
            sender.send(format!("http://{}", bound.addr)).unwrap();
            bound.serve(std::future::pending()).await.unwrap();
        });
    });
    receiver
        .recv()
        .expect("the server thread reports its address")
}
