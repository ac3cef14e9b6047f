//! Starting the real server for the HTTP tests.

use std::path::{Path, PathBuf};

#[allow(dead_code)] // not every test binary uses PostgreSQL
pub mod postgres;
#[allow(dead_code)] // only the inquiries' tests receive notifications
pub mod receivers;
#[allow(dead_code)] // only the console's tests sign in
pub mod site;
#[allow(dead_code, unused_imports, unused_macros)] // nor runs on both stores
pub mod store;

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

/// The server binary the process tests run: `BELTMART_SERVER_BIN` when set
/// (the test command points it at the release build), else this build's.
#[allow(dead_code)]
pub fn server_binary() -> PathBuf {
    std::env::var_os("BELTMART_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_beltmart-server")))
}

/// `beltmart-server` as its own process, stopped when dropped.
#[allow(dead_code)]
pub struct ServerProcess {
    child: std::process::Child,
    pub url: String,
}

#[allow(dead_code)]
impl ServerProcess {
    /// Serves the catalog at `db` (no storefront) on a free port.
    pub fn start(db: impl AsRef<std::ffi::OsStr>, flags: &[&str]) -> ServerProcess {
        ServerProcess::start_in_shell("", db, flags)
    }

    /// As [`ServerProcess::start`], on a given port (to start it again there).
    pub fn start_on(port: u16, db: impl AsRef<std::ffi::OsStr>, flags: &[&str]) -> ServerProcess {
        ServerProcess::spawn("", port, db.as_ref(), flags)
    }

    /// As [`ServerProcess::start`], after the shell commands `setup`
    /// (`ulimit -n 1024`, say) in the shell that then becomes the server.
    pub fn start_in_shell(
        setup: &str,
        db: impl AsRef<std::ffi::OsStr>,
        flags: &[&str],
    ) -> ServerProcess {
        ServerProcess::spawn(setup, 0, db.as_ref(), flags)
    }

    fn spawn(setup: &str, port: u16, db: &std::ffi::OsStr, flags: &[&str]) -> ServerProcess {
        use std::io::BufRead;
        let addr = format!("127.0.0.1:{port}");
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{setup}\nexec \"$0\" \"$@\""))
            .arg(server_binary())
            .args(["--addr", &addr, "--dist", "/nonexistent", "--db"])
            .arg(db)
            .args(flags)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "the server did not start: {line:?}"
        );
        ServerProcess { child, url }
    }

    /// SIGTERM, as systemd stops a service; waits for the exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        // SAFETY: signals our own child, which has not been reaped.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        self.child.wait().unwrap()
    }
}

/// A loopback port free now (for a server that must come back on the same one).
#[allow(dead_code)]
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Catalog version `k` as an import file: `products` products `v-1…`, each
/// titled `第{k}版 运动鞋{n}` and priced `price(n)` fen, so that any answer
/// shows which version it came from.
#[allow(dead_code)]
pub fn version_file(dir: &Path, k: u32, products: u32, price: impl Fn(u32) -> u32) -> PathBuf {
    let rows: String = (1..=products)
        .map(|n| {
            format!(
                "{{\"id\":\"v-{n}\",\"title\":\"第{k}版 运动鞋{n}\",\"category\":\"sports-shoes\",\"city\":\"jinjiang\",\
                 \"belt\":\"jinjiang-sports-shoes\",\"unit\":\"双\",\"moq\":1,\"tiers\":[{{\"min_qty\":1,\"price_fen\":{}}}],\
                 \"goods_kind\":\"white-label\",\"supplier\":{{\"name\":\"晋江第{k}厂\",\"kind\":\"source-factory\"}}}}\n",
                price(n)
            )
        })
        .collect();
    let path = dir.join(format!("v{k}-{products}.jsonl"));
    std::fs::write(&path, rows).unwrap();
    path
}
