//! A throwaway PostgreSQL cluster for a test: `initdb` in a fresh folder,
//! `pg_ctl start` on a free loopback port, stopped and removed when dropped.
//! PostgreSQL refuses to run as root, so as root (CI) it runs as the
//! `postgres` user. The binaries come from `BELTMART_POSTGRES_BIN` (the test
//! command sets it) or Debian's `/usr/lib/postgresql/*/bin`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    /// `postgres://beltmart@127.0.0.1:PORT/postgres`
    pub url: String,
    port: u16,
}

/// Where `initdb` and `pg_ctl` are; `None` when PostgreSQL is not installed.
fn binaries() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("BELTMART_POSTGRES_BIN") {
        return Some(PathBuf::from(bin));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Runs a PostgreSQL program, as the `postgres` user when this process is root.
fn run(bin: &Path, program: &str, args: &[&str]) {
    let path = bin.join(program);
    let mut command = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&path);
        c
    } else {
        Command::new(&path)
    };
    let output = command.args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {}: {e}", path.display());
    });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Cluster {
    /// Starts a new cluster, or returns `None` (with a message) when
    /// PostgreSQL is not installed and the run is not CI, where it is required.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = binaries() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "PostgreSQL is not installed; scripts/test.sh installs it"
            );
            eprintln!("skipped: PostgreSQL is not installed (scripts/test.sh installs it)");
            return None;
        };
        // In the system's temporary folder, which the postgres user can reach
        // (a checkout under /root is not).
        let dir = tempfile::Builder::new()
            .prefix("beltmart-pg-")
            .tempdir()
            .unwrap()
            .keep();
        if is_root() {
            let status = Command::new("chown")
                .arg("postgres:postgres")
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success(), "chown postgres {}", dir.display());
        }
        let data = dir.join("data");
        let port = super::free_port();
        run(
            &bin,
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "--auth=trust",
                "--username=beltmart",
                "--encoding=UTF8",
                "--no-sync",
            ],
        );
        let cluster = Cluster {
            bin,
            url: format!("postgres://beltmart@127.0.0.1:{port}/postgres"),
            port,
            dir,
        };
        cluster.start_server();
        Some(cluster)
    }

    /// Starts PostgreSQL on the cluster (again, after [`Cluster::stop_server`]).
    pub fn start_server(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log");
        run(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.dir.join("data").to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
    }

    /// Stops PostgreSQL at once (`-m immediate`: as if the machine lost power).
    pub fn stop_server(&self) {
        let data = self.dir.join("data");
        run(
            &self.bin,
            "pg_ctl",
            &["-D", data.to_str().unwrap(), "-m", "immediate", "stop"],
        );
    }
}

/// The cluster a test binary's tests share, each in databases of its own;
/// stopped when the test process exits.
pub fn shared() -> Option<&'static Cluster> {
    static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
    extern "C" fn stop_shared() {
        if let Some(Some(cluster)) = SHARED.get() {
            cluster.stop();
        }
    }
    SHARED
        .get_or_init(|| {
            let cluster = Cluster::start()?;
            // SAFETY: registers a plain function, run once at exit.
            unsafe { libc::atexit(stop_shared) };
            Some(cluster)
        })
        .as_ref()
}

/// Runs `f` on a thread of its own: the synchronous `postgres` client starts a
/// runtime, which it may not do on a test's async runtime.
pub fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().unwrap())
}

impl Cluster {
    /// A new, empty database in this cluster: its URL.
    pub fn new_database(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!("test{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let url = self.url.clone();
        off_runtime(|| {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap();
        });
        self.url.replace("/postgres", &format!("/{name}"))
    }

    fn stop(&self) {
        self.stop_server();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}
