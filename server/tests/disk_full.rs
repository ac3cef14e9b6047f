//! A disk that fills during an import: the import fails and says why, the
//! catalog stays as it was and keeps serving, and the next import that fits
//! succeeds. The catalog lives on a 4 MB tmpfs, which needs root to mount:
//! the test command runs as root in CI and sets BELTMART_ROOT_TESTS=1 to make
//! this test mandatory there; elsewhere it says it was skipped.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use beltmart_contract::ProductList;

mod support;
use support::{ServerProcess, server_binary};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/catalog.jsonl");

/// Unmounts the small disk when the test ends, however it ends.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then(|| SmallDisk(dir.to_owned()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn import(db: &Path, file: &str, mode: &str) -> Output {
    Command::new(server_binary())
        .args(["import", "--mode", mode, "--db"])
        .arg(db)
        .arg(file)
        .output()
        .unwrap()
}

/// How many products the server's catalog has.
async fn total(url: &str) -> u64 {
    let list: ProductList = reqwest::get(format!("{url}/api/v1/products"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.total
}

#[tokio::test]
async fn a_full_disk_fails_the_import_and_the_catalog_keeps_serving() {
    let dir = support::temp_dir();
    let Some(disk) = SmallDisk::mount(&dir.join("small")) else {
        assert!(
            std::env::var_os("BELTMART_ROOT_TESTS").is_none(),
            "BELTMART_ROOT_TESTS is set but a tmpfs cannot be mounted"
        );
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    };
    let db = disk.0.join("catalog.sqlite");
    assert!(import(&db, EXAMPLES, "replace").status.success());
    let server = ServerProcess::start(&db, &[]);
    let health = || async {
        let h: serde_json::Value = reqwest::get(format!("{}/healthz", server.url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        h["catalog_version"].as_str().unwrap().to_owned()
    };
    let before = health().await;

    // 40 000 products (about 15 MB in the database) do not fit on 4 MB.
    let example = std::fs::read_to_string(EXAMPLES).unwrap();
    let first = example.lines().next().unwrap();
    let big: String = (0..40_000)
        .map(|n| first.replacen("\"jj-shoe-001\"", &format!("\"big-{n}\""), 1) + "\n")
        .collect();
    let big_file = dir.join("big.jsonl");
    std::fs::write(&big_file, big).unwrap();
    let output = import(&db, big_file.to_str().unwrap(), "replace");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the import fit on 4 MB?");
    assert!(
        said.contains("full") && said.contains("Nothing was changed"),
        "{said}"
    );

    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(health().await, before, "the old catalog still serves");
    assert_eq!(total(&server.url).await, 200);

    // With room again (a small upsert), imports work.
    let one = dir.join("one.jsonl");
    std::fs::write(&one, first.replacen("-001\"", "-901\"", 1)).unwrap();
    let output = import(&db, one.to_str().unwrap(), "upsert");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let started = std::time::Instant::now();
    while health().await == before {
        assert!(
            started.elapsed().as_secs() < 10,
            "the server never moved on"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(total(&server.url).await, 201);
    drop(server);
}
