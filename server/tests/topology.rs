//! The several-machine topology of docs/deploy.md, on this machine: PostgreSQL,
//! three replicas behind haproxy, nginx in front as a caching CDN that honours
//! the API's `Cache-Control` and `ETag`. Shoppers' queries run through nginx
//! the whole time, and not one may fail while the catalog is imported, every
//! replica is restarted in turn (SIGTERM, start again), a replica starts in
//! the middle of an import, and PostgreSQL restarts.
//!
//! `scripts/topology.sh` runs it against the release server and writes the
//! figures into docs/deploy.md; the test command runs it as a test.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;
use support::postgres::Cluster;
use support::{ServerProcess, free_port};

/// Products in each imported catalog version.
const PRODUCTS: u32 = 20_000;
/// Shoppers querying at once through the CDN.
const SHOPPERS: usize = 6;

/// A Debian program the topology needs: required in CI, else the test is skipped.
fn program(name: &str) -> Option<PathBuf> {
    let path = Path::new("/usr/sbin").join(name);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} is not installed; scripts/test.sh installs it"
    );
    eprintln!("skipped: {name} is not installed (scripts/test.sh installs it)");
    None
}

/// A child process stopped when dropped: asked first (SIGTERM, so that nginx's
/// master stops its workers too, which a SIGKILL would leave running, holding
/// the test's output open), killed if it lingers.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        // SAFETY: signals our own child, which has not been reaped.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        for _ in 0..50 {
            if self.0.try_wait().is_ok_and(|done| done.is_some()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One `beltmart-server` on a fixed port, so that haproxy finds it again after a restart.
struct Replica {
    port: u16,
    /// Where its `/metrics` is served (`--metrics-addr`).
    metrics_port: u16,
    db: String,
    process: Option<ServerProcess>,
}

impl Replica {
    fn start(port: u16, db: &str) -> Replica {
        let mut replica = Replica {
            port,
            metrics_port: free_port(),
            db: db.to_owned(),
            process: None,
        };
        replica.start_again();
        replica
    }

    /// Starts the server and returns once it listens (its catalog loaded).
    fn start_again(&mut self) {
        let metrics_addr = format!("127.0.0.1:{}", self.metrics_port);
        self.process = Some(ServerProcess::start_on(
            self.port,
            &self.db,
            &["--products", "1", "--metrics-addr", &metrics_addr],
        ));
    }

    /// SIGTERM, and waits for the graceful exit (in-flight requests finished).
    fn terminate(&mut self) -> Duration {
        let started = Instant::now();
        let status = self.process.take().expect("running").terminate();
        assert!(status.success(), "a graceful stop exits 0: {status}");
        started.elapsed()
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Its metrics, as Prometheus scrapes them.
    async fn metrics(&self, client: &reqwest::Client) -> String {
        let url = format!("http://127.0.0.1:{}/metrics", self.metrics_port);
        let response = client.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    }
}

/// The sum of a metric's samples whose line starts with `series` (a name and some labels).
fn total(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .filter(|line| line.starts_with(series))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

const DEPLOY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy");

/// deploy/haproxy.cfg, as docs/deploy.md has a site owner use it, on this test's ports.
fn haproxy_config(port: u16, replicas: &[Replica]) -> String {
    let documented = std::fs::read_to_string(format!("{DEPLOY}/haproxy.cfg")).unwrap();
    let mut config: String = documented
        .lines()
        .filter(|line| !line.trim_start().starts_with("server "))
        .map(|line| line.replace("127.0.0.1:8080", &format!("127.0.0.1:{port}")) + "\n")
        .collect();
    for (n, replica) in replicas.iter().enumerate() {
        config += &format!("    server r{n} 127.0.0.1:{} check\n", replica.port);
    }
    config
}

/// deploy/nginx-cdn.conf in a whole nginx.conf of this test's: its ports and folders.
fn nginx_config(dir: &Path, port: u16, upstream: u16) -> String {
    let d = dir.display();
    let documented = std::fs::read_to_string(format!("{DEPLOY}/nginx-cdn.conf")).unwrap();
    let cdn = documented
        .replace("/var/cache/nginx/beltmart", &format!("{d}/cache"))
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("127.0.0.1:8080", &format!("127.0.0.1:{upstream}"));
    // As root, nginx's workers drop to nobody, who cannot write the cache here.
    // SAFETY: geteuid has no preconditions.
    let user = if unsafe { libc::geteuid() } == 0 {
        "user root;"
    } else {
        ""
    };
    format!(
        "{user}
daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{cdn}
}}
"
    )
}

/// Catalog version `k`: [`PRODUCTS`] products at several prices.
fn version_file(dir: &Path, k: u32) -> PathBuf {
    support::version_file(dir, k, PRODUCTS, |n| 1000 + 10 * k + n % 500)
}

/// Imports a file; returns the committed version and how long the import took.
fn import(db: &str, file: &Path) -> (String, Duration) {
    let started = Instant::now();
    let output = Command::new(support::server_binary())
        .args(["import", "--db", db])
        .arg(file)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let version = report
        .split("catalog version ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the report names the version");
    (version.to_owned(), started.elapsed())
}

async fn health(client: &reqwest::Client, replica: &str) -> serde_json::Value {
    client
        .get(format!("{replica}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Waits until every replica serves `version`; how long that took.
async fn all_serve(client: &reqwest::Client, replicas: &[Replica], version: &str) -> Duration {
    let started = Instant::now();
    for replica in replicas {
        while health(client, &replica.url()).await["catalog_version"] != version {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{} does not serve {version}",
                replica.url()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    started.elapsed()
}

/// What the shoppers saw during one phase.
#[derive(Default)]
struct Seen {
    latencies: Vec<Duration>,
    failures: Vec<String>,
    cache_hits: usize,
}

struct Load {
    phase: AtomicUsize,
    seen: Mutex<Vec<Seen>>,
    stop: AtomicBool,
}

/// One shopper: list pages, filters, keywords and product pages through the CDN.
async fn shopper(cdn: String, load: Arc<Load>, n: usize) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut i = n * 7919;
    while !load.stop.load(Ordering::Relaxed) {
        i += 1;
        let path = match i % 4 {
            0 => format!("/api/v1/products?page={}", i % 40 + 1),
            1 => format!(
                "/api/v1/products?city=jinjiang&sort=price_asc&page={}",
                i % 20 + 1
            ),
            2 => format!("/api/v1/products?q=运动鞋{}", i % 300),
            _ => format!("/api/v1/products/v-{}", i % PRODUCTS as usize + 1),
        };
        let started = Instant::now();
        let outcome = client.get(format!("{cdn}{path}")).send().await;
        let phase = load.phase.load(Ordering::Relaxed);
        let mut seen = load.seen.lock().unwrap();
        let seen = &mut seen[phase];
        match outcome {
            Ok(response) if response.status() == 200 => {
                seen.latencies.push(started.elapsed());
                if response
                    .headers()
                    .get("x-cache")
                    .is_some_and(|v| v == "HIT")
                {
                    seen.cache_hits += 1;
                }
            }
            Ok(response) => seen.failures.push(format!("{path}: {}", response.status())),
            Err(err) => seen.failures.push(format!("{path}: {err}")),
        }
    }
}

struct Figures {
    phases: Vec<(&'static str, Duration, Seen)>,
    events: Vec<String>,
}

impl Figures {
    fn table(&self) -> String {
        let mut out = String::from(
            "| phase | seconds | requests | failed | req/s | p50 | p99 | CDN hits |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        for (name, took, seen) in &self.phases {
            let mut sorted = seen.latencies.clone();
            sorted.sort();
            let at = |q: f64| {
                sorted
                    .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
                    .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
            };
            let total = seen.latencies.len() + seen.failures.len();
            out += &format!(
                "| {name} | {:.1} | {total} | {} | {:.0} | {:.1} ms | {:.1} ms | {:.0}% |\n",
                took.as_secs_f64(),
                seen.failures.len(),
                total as f64 / took.as_secs_f64(),
                at(0.5),
                at(0.99),
                100.0 * seen.cache_hits as f64 / total.max(1) as f64
            );
        }
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_shopper_sees_a_failure_through_imports_restarts_and_a_postgres_restart() {
    let (Some(haproxy), Some(nginx)) = (program("haproxy"), program("nginx")) else {
        return;
    };
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let dir = support::temp_dir();
    let db = cluster.url.clone();
    let client = reqwest::Client::new();

    // The catalog: version 0 imported before the replicas start.
    let files: Vec<PathBuf> = (0..4).map(|k| version_file(&dir, k)).collect();
    let (first, _) = tokio::task::block_in_place(|| import(&db, &files[0]));
    let mut replicas: Vec<Replica> = (0..3).map(|_| Replica::start(free_port(), &db)).collect();
    let (lb, cdn) = (free_port(), free_port());
    std::fs::write(dir.join("haproxy.cfg"), haproxy_config(lb, &replicas)).unwrap();
    let _haproxy = Running(
        Command::new(haproxy)
            .args(["-db", "-q", "-f"])
            .arg(dir.join("haproxy.cfg"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    std::fs::write(dir.join("nginx.conf"), nginx_config(&dir, cdn, lb)).unwrap();
    let _nginx = Running(
        Command::new(nginx)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .spawn()
            .unwrap(),
    );
    let cdn = format!("http://127.0.0.1:{cdn}");
    let started = Instant::now();
    while !client
        .get(format!("{cdn}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx → haproxy → replicas"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    all_serve(&client, &replicas, &first).await;

    // A client naming a foreign host poisons nothing the next one reads.
    let robots = format!("{cdn}/robots.txt");
    let foreign = client
        .get(&robots)
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert!(!foreign.text().await.unwrap().contains("evil.example"));
    let next = client
        .get(&robots)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !next.contains("evil.example") && next.contains("Sitemap: http://127.0.0.1:"),
        "{next}"
    );

    // The CDN honours Cache-Control (s-maxage=1) and revalidates with the ETag.
    let path = format!("{cdn}/api/v1/products?city=jinjiang&per_page=3");
    let cache_status = |r: &reqwest::Response| r.headers()["x-cache"].to_str().unwrap().to_owned();
    let fresh = client.get(&path).send().await.unwrap();
    let etag = fresh.headers()["etag"].clone();
    assert_eq!(
        cache_status(&client.get(&path).send().await.unwrap()),
        "HIT"
    );
    // nginx keeps whole seconds: a 1 s lifetime ends within 2 s.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        cache_status(&client.get(&path).send().await.unwrap()),
        "REVALIDATED"
    );
    let not_modified = client
        .get(&path)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        not_modified.status(),
        304,
        "the CDN answers If-None-Match from its copy"
    );

    let load = Arc::new(Load {
        phase: AtomicUsize::new(0),
        // One more than the phases: what arrives after the last one ends.
        seen: Mutex::new((0..7).map(|_| Seen::default()).collect()),
        stop: AtomicBool::new(false),
    });
    let shoppers: Vec<_> = (0..SHOPPERS)
        .map(|n| tokio::spawn(shopper(cdn.clone(), load.clone(), n)))
        .collect();
    let mut events = Vec::new();
    let mut phase_started = Instant::now();
    let mut took = Vec::new();
    let mut next_phase = |load: &Load, took: &mut Vec<Duration>| {
        took.push(phase_started.elapsed());
        phase_started = Instant::now();
        load.phase.fetch_add(1, Ordering::Relaxed);
    };

    // 0: steady.
    tokio::time::sleep(Duration::from_secs(3)).await;
    next_phase(&load, &mut took);

    // 1: an import.
    let (v1, import_took) = tokio::task::block_in_place(|| import(&db, &files[1]));
    let pickup = all_serve(&client, &replicas, &v1).await;
    events.push(format!(
        "import of {PRODUCTS} products: {:.1} s; all 3 replicas served it {:.0} ms after the import returned",
        import_took.as_secs_f64(),
        pickup.as_secs_f64() * 1000.0
    ));
    tokio::time::sleep(Duration::from_secs(1)).await;
    next_phase(&load, &mut took);
    // Each replica's metrics show the import it loaded and the shoppers it served.
    let mut served = 0.0;
    for replica in &replicas {
        let metrics = replica.metrics(&client).await;
        assert!(
            metrics.contains(&format!("beltmart_catalog_info{{version=\"{v1}\"}} 1")),
            "{metrics}"
        );
        assert_eq!(
            total(&metrics, "beltmart_catalog_loads_total"),
            1.0,
            "{metrics}"
        );
        assert_eq!(
            total(&metrics, "beltmart_catalog_load_duration_seconds_count"),
            1.0
        );
        assert_eq!(total(&metrics, "beltmart_store_reachable"), 1.0);
        served += total(
            &metrics,
            "beltmart_http_requests_total{route=\"/api/v1/products\",status=\"200\"}",
        );
    }
    assert!(
        served > 0.0,
        "the replicas' metrics count no catalog requests"
    );
    events.push(format!(
        "the replicas' /metrics: the import loaded by each, {served} catalog requests served"
    ));

    // 2: a rolling restart.
    for replica in &mut replicas {
        let drained = replica.terminate();
        let restarted = Instant::now();
        replica.start_again();
        events.push(format!(
            "replica :{} stopped in {:.0} ms (SIGTERM) and served again {:.0} ms after starting",
            replica.port,
            drained.as_secs_f64() * 1000.0,
            restarted.elapsed().as_secs_f64() * 1000.0
        ));
        // haproxy checks every 200 ms: let it see the replica back before the next goes.
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    next_phase(&load, &mut took);

    // 3: a replica starts in the middle of an import, and loads one whole version.
    let importing = {
        let (db, file) = (db.clone(), files[2].clone());
        std::thread::spawn(move || import(&db, &file))
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    replicas[2].terminate();
    replicas[2].start_again();
    let late = health(&client, &replicas[2].url()).await;
    let (v2, _) = importing.join().unwrap();
    let version = late["catalog_version"].as_str().unwrap();
    assert!(version == v1 || version == v2, "{late}");
    assert_eq!(late["products"], PRODUCTS, "one whole version: {late}");
    let pickup = all_serve(&client, &replicas, &v2).await;
    events.push(format!(
        "a replica started during an import loaded {} whole ({} products); all served the import {:.0} ms after it returned",
        if version == v1 { "the version before it" } else { "the imported version" },
        late["products"],
        pickup.as_secs_f64() * 1000.0
    ));
    tokio::time::sleep(Duration::from_millis(600)).await;
    next_phase(&load, &mut took);

    // 4: PostgreSQL restarts; replicas serve what they hold, then follow again.
    let restart = Instant::now();
    cluster.stop_server();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let during = health(&client, &replicas[0].url()).await;
    assert_eq!(during["store"], "unreachable", "{during}");
    cluster.start_server();
    let down_for = restart.elapsed();
    let started = Instant::now();
    for replica in &replicas {
        while health(&client, &replica.url()).await["store"] != "reachable" {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{} does not reconnect",
                replica.url()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let reconnected = started.elapsed();
    let (v3, _) = tokio::task::block_in_place(|| import(&db, &files[3]));
    let pickup = all_serve(&client, &replicas, &v3).await;
    assert!(pickup < Duration::from_secs(2), "{pickup:?}");
    events.push(format!(
        "PostgreSQL down for {:.1} s; replicas reconnected {:.0} ms after it was back, and served the next import {:.0} ms after it returned",
        down_for.as_secs_f64(),
        reconnected.as_secs_f64() * 1000.0,
        pickup.as_secs_f64() * 1000.0
    ));
    next_phase(&load, &mut took);

    // 5: steady again.
    tokio::time::sleep(Duration::from_secs(2)).await;
    next_phase(&load, &mut took);
    load.stop.store(true, Ordering::Relaxed);
    for shopper in shoppers {
        shopper.await.unwrap();
    }

    let names = [
        "steady",
        "import",
        "rolling restart of 3 replicas",
        "a replica starts during an import",
        "PostgreSQL restart, then an import",
        "steady again",
    ];
    let seen = std::mem::take(&mut *load.seen.lock().unwrap());
    let figures = Figures {
        phases: names
            .into_iter()
            .zip(took)
            .zip(seen)
            .map(|((n, t), s)| (n, t, s))
            .collect(),
        events,
    };
    let table = figures.table();
    eprintln!("{table}\n{}", figures.events.join("\n"));
    let failures: HashMap<&str, &Vec<String>> = figures
        .phases
        .iter()
        .filter(|(_, _, s)| !s.failures.is_empty())
        .map(|(n, _, s)| (*n, &s.failures))
        .collect();
    assert!(failures.is_empty(), "shoppers saw failures: {failures:#?}");
    if let Some(doc) = std::env::var_os("BELTMART_TOPOLOGY_DOC") {
        write_figures(Path::new(&doc), &figures);
    }
}

/// Replaces the figures between the markers in docs/deploy.md.
fn write_figures(doc: &Path, figures: &Figures) {
    const BEGIN: &str = "<!-- topology figures: scripts/topology.sh writes from here -->";
    const END: &str = "<!-- topology figures end -->";
    let text = std::fs::read_to_string(doc).unwrap();
    let (before, rest) = text.split_once(BEGIN).expect("the begin marker");
    let (_, after) = rest.split_once(END).expect("the end marker");
    let events: String = figures.events.iter().map(|e| format!("- {e}\n")).collect();
    let today = Command::new("date").arg("+%Y-%m-%d").output().unwrap();
    let measured = format!(
        "{BEGIN}\nMeasured {} on this 2-core machine, everything on one box ({SHOPPERS} shoppers \
         querying nginx without pause; {PRODUCTS} products per version; release server):\n\n{}\n{events}{END}",
        String::from_utf8_lossy(&today.stdout).trim(),
        figures.table()
    );
    std::fs::write(doc, format!("{before}{measured}{after}")).unwrap();
    eprintln!("wrote the figures into {}", doc.display());
}
