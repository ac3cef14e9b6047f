//! End to end: the release build of the SPA (`dist/`, from `trunk build --release`)
//! served by the real server over a real SQLite catalog, driven in headless
//! Chromium through chromedriver, as a shopper would use it. This file is the
//! harness; the scenarios are in the modules.
#![cfg(not(target_arch = "wasm32"))]

mod accessibility;
mod catalog;
mod console;
mod factory;
mod live_update;
mod perf;
mod photos;
mod quantity;
mod safety;
mod search;
mod server_render;
mod shopper;
mod static_site;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use beltmart_contract::{FacetCount, PriceRange, ProductList, Taxonomy};
use clap::Parser;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::sync::{Mutex, MutexGuard};

pub const PRODUCTS: &str = "3000";
pub const WAIT: Duration = Duration::from_secs(15);

pub fn dist() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").exists(),
        "no built SPA in {}: run `trunk build --release` first (scripts/test.sh does)",
        dist.display()
    );
    dist
}

/// A server with its own runtime on its own thread, so it outlives each test's runtime.
pub struct TestServer {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start(db: PathBuf, addr: &str) -> TestServer {
        TestServer::start_with(db, addr, &[])
    }

    /// Starts a server with more flags.
    pub fn start_with(db: PathBuf, addr: &str, flags: &[&str]) -> TestServer {
        let dist = dist();
        let mut args = vec![
            "beltmart-server",
            "--addr",
            addr,
            "--db",
            db.to_str().unwrap(),
        ];
        args.extend(["--dist", dist.to_str().unwrap(), "--products", PRODUCTS]);
        args.extend(flags);
        let config = beltmart_server::Config::parse_from(args);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let bound = beltmart_server::bind(&config).await.expect("server starts");
                ready_tx.send(bound.addr).unwrap();
                bound
                    .serve(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let addr = ready_rx
            .recv_timeout(Duration::from_secs(120))
            .expect("server ready");
        TestServer {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn temp_db() -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    dir.join("catalog.sqlite")
}

/// Imports `rows` (JSON Lines objects) into the catalog at `db` with the real
/// importer, as `beltmart-server import --mode MODE` would, and expects success;
/// the version it committed.
pub fn import_rows(db: &std::path::Path, mode: &str, rows: &[serde_json::Value]) -> String {
    use beltmart_server::{files::import, store::StoreAt};
    let file = db.with_extension(format!("{}.jsonl", rows.len()));
    let lines: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let options = import::Options {
        db: StoreAt::Sqlite(db.to_owned()),
        mode: if mode == "upsert" {
            import::Mode::Upsert
        } else {
            import::Mode::Replace
        },
        dry_run: false,
        format: None,
        encoding: Default::default(),
        taxonomy: None,
        suppliers: None,
        file: Some(file),
        images: None,
        fetch_images: false,
        scope: None,
        label: None,
    };
    let report = import::run(&options).expect("the import runs");
    assert!(report.is_ok(), "{report}");
    report.committed.expect("a committed version")
}

/// The server every test but the outage test shares: one catalog, created once.
pub fn shared_server() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(|| TestServer::start(temp_db(), "127.0.0.1:0"))
}

/// Serves `app` on a port of its own from its own thread, so that it outlives
/// each test's runtime; returns the address.
pub fn spawn_host(app: axum::Router) -> SocketAddr {
    let (ready, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            ready.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    address.recv().unwrap()
}

/// One Chromium at a time: the machine has two cores.
pub async fn browser_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::const_new(());
    LOCK.lock().await
}

pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    pub async fn open(width: u32, height: u32) -> Browser {
        Browser::open_with(width, height, &[]).await
    }

    /// A browser with JavaScript off: what the server's HTML alone does.
    pub async fn open_without_javascript(width: u32, height: u32) -> Browser {
        Browser::open_with(width, height, &["--blink-settings=scriptEnabled=false"]).await
    }

    async fn open_with(width: u32, height: u32, more_args: &[&str]) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver runs (scripts/test.sh installs it)");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:loggingPrefs".into(),
            serde_json::json!({ "browser": "ALL" }),
        );
        caps.insert(
            "goog:chromeOptions".into(),
{
                let mut options = serde_json::json!({ "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", format!("--window-size={width},{height}"),
                    // A test can collect the page's garbage (`gc()`), as a browser does when it likes.
                    "--js-flags=--expose-gc",
                ]});
                options["args"]
                    .as_array_mut()
                    .unwrap()
                    .extend(more_args.iter().map(|a| serde_json::json!(a)));
                // Headless windows have a minimum width; a phone is emulated instead.
                if width < 500 {
                    options["mobileEmulation"] =
                        serde_json::json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 2 } });
                }
                options
            },
        );
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(err) if started.elapsed() < WAIT => {
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => panic!("cannot start Chromium through chromedriver: {err}"),
            }
        };
        Browser { client, driver }
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// Opens an app path and waits for its results (or page) to settle.
    /// The server renders the page; a shopper's clicks before the app has
    /// hydrated it are plain HTML's, so the scenarios wait for the app.
    pub async fn visit(&self, server: &TestServer, path: &str) {
        self.client.goto(&server.url(path)).await.unwrap();
        self.until_ready().await;
    }

    /// Waits until the app runs (hydrated, or mounted on a static host).
    pub async fn until_ready(&self) {
        let script = "return document.documentElement.dataset.beltmart === 'ready'";
        self.until("the app to start", || async {
            self.eval(script).await.as_bool().filter(|ready| *ready)
        })
        .await;
    }

    /// Runs a script in the page and returns its value.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}: {script}"))
    }

    /// The browser log so far, as (level, message); reading it empties it.
    pub async fn log(&self) -> Vec<(String, String)> {
        let log = self
            .client
            .issue_cmd(ChromeCommand {
                path: "se/log",
                body: r#"{"type":"browser"}"#,
            })
            .await
            .unwrap();
        log.as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                let text = |key: &str| entry[key].as_str().unwrap_or_default().to_owned();
                (text("level"), text("message"))
            })
            .collect()
    }

    /// The page's console errors so far (chromedriver's browser log).
    pub async fn console_errors(&self) -> Vec<String> {
        self.log()
            .await
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect()
    }

    /// Takes the browser off the network, or back on.
    pub async fn set_offline(&self, offline: bool) {
        let body = if offline {
            r#"{"network_conditions":{"offline":true,"latency":0,"download_throughput":-1,"upload_throughput":-1}}"#
        } else {
            r#"{"network_conditions":{"offline":false,"latency":0,"download_throughput":-1,"upload_throughput":-1}}"#
        };
        self.client
            .issue_cmd(ChromeCommand {
                path: "chromium/network_conditions",
                body,
            })
            .await
            .unwrap();
    }

    /// Writes a screenshot when BELTMART_SCREENSHOTS names a folder (for the README and for looking).
    pub async fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("BELTMART_SCREENSHOTS") {
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png).unwrap();
        }
    }

    /// Waits for `css` to match, then returns it.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Opens a phone's filter drawer, and waits for the app's own panel: the
    /// server's stays until the panel's code has come.
    pub async fn open_drawer(&self) {
        self.click(".filters-toggle").await;
        self.find(".filters.open").await;
        self.until_app_panel().await;
    }

    /// Waits until the app's filter panel has replaced the server's, which
    /// stays (and can be clicked) until the panel's code has come.
    pub async fn until_app_panel(&self) {
        let servers = "return document.querySelectorAll('.filters-as-rendered').length";
        self.until("the app's filter panel", || async {
            (self.eval(servers).await == serde_json::json!(0)).then_some(())
        })
        .await;
    }

    /// Moves the real pointer onto `css` and keeps it there for `rest`.
    pub async fn rest_pointer_on(&self, css: &str, rest: Duration) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let element = self.find(css).await;
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Pause { duration: rest });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("moving the pointer onto {css}: {e}"));
    }

    /// The API requests the page has made since it loaded (not pictures).
    pub async fn api_requests(&self) -> Vec<String> {
        let script = "return performance.getEntriesByType('resource')\
                      .map(e => e.name).filter(n => n.includes('/api/v1/') && !n.includes('/images/'))";
        serde_json::from_value(self.eval(script).await).unwrap()
    }

    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    pub async fn path_and_query(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Polls `check` until it gives `Some`, failing with `what` after the wait.
    pub async fn until<T, F, Fut>(&self, what: &str, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let started = Instant::now();
        loop {
            if let Some(value) = check().await {
                return value;
            }
            assert!(started.elapsed() < WAIT, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the app's path and query are `expected`.
    pub async fn wait_for_path(&self, expected: &str) {
        let started = Instant::now();
        loop {
            let now = self.path_and_query().await;
            if now == expected {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "timed out waiting for {expected}; the browser is at {now}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the results for the current URL are on screen, and returns
    /// the count the page announces.
    pub async fn settled_count(&self) -> u64 {
        self.until("results to settle", || async {
            let busy = self
                .client
                .find(Locator::Css(".results"))
                .await
                .ok()?
                .attr("aria-busy")
                .await
                .ok()??;
            if busy != "false" {
                return None;
            }
            let text = self
                .client
                .find(Locator::Css(".result-count"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .await
    }

    /// The data attributes of every card on screen.
    pub async fn cards(&self) -> Vec<Card> {
        let mut cards = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(".grid .card"))
            .await
            .unwrap()
        {
            let attr = |name: &'static str| {
                let el = el.clone();
                async move { el.attr(name).await.unwrap().unwrap_or_default() }
            };
            cards.push(Card {
                id: attr("data-id").await,
                category: attr("data-category").await,
                city: attr("data-city").await,
                price_fen: attr("data-price-fen").await.parse().unwrap(),
            });
        }
        cards
    }
}

/// One of chromedriver's own commands (console log, network conditions), POSTed
/// to `session/{id}/{path}`.
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: &'static str,
}

impl fantoccini::wd::WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_owned()))
    }
}

#[derive(Debug)]
pub struct Card {
    pub id: String,
    pub category: String,
    pub city: String,
    pub price_fen: u32,
}

pub async fn api<T: serde::de::DeserializeOwned>(server: &TestServer, path: &str) -> T {
    reqwest::get(server.url(path))
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub fn busiest(counts: &[FacetCount], allowed: impl Fn(&str) -> bool) -> String {
    counts
        .iter()
        .filter(|c| allowed(&c.id))
        .max_by_key(|c| c.count)
        .map(|c| c.id.clone())
        .expect("a value with results")
}
