//! End to end: the release build of the SPA (`dist/`, from `trunk build --release`)
//! served by the real server over a real SQLite catalog, driven in headless
//! Chromium through chromedriver, as a shopper would use it.
#![cfg(not(target_arch = "wasm32"))]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use beltmart_contract::{FacetCount, PriceRange, ProductList, Taxonomy};
use clap::Parser;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::sync::{Mutex, MutexGuard};

const PRODUCTS: &str = "3000";
const WAIT: Duration = Duration::from_secs(15);

fn dist() -> PathBuf {
    let dist = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").exists(),
        "no built SPA in {}: run `trunk build --release` first (scripts/test.sh does)",
        dist.display()
    );
    dist
}

/// A server with its own runtime on its own thread, so it outlives each test's runtime.
struct TestServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    fn start(db: PathBuf, addr: &str) -> TestServer {
        let config = beltmart_server::Config::parse_from([
            "beltmart-server",
            "--addr",
            addr,
            "--db",
            db.to_str().unwrap(),
            "--dist",
            dist().to_str().unwrap(),
            "--products",
            PRODUCTS,
        ]);
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

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn stop(&mut self) {
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

fn temp_db() -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    dir.join("catalog.sqlite")
}

/// The server every test but the outage test shares: one catalog, created once.
fn shared_server() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(|| TestServer::start(temp_db(), "127.0.0.1:0"))
}

/// One Chromium at a time: the machine has two cores.
async fn browser_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::const_new(());
    LOCK.lock().await
}

struct Browser {
    client: Client,
    driver: Child,
}

impl Browser {
    async fn open(width: u32, height: u32) -> Browser {
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
            "goog:chromeOptions".into(),
            serde_json::json!({ "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", format!("--window-size={width},{height}"),
            ]}),
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

    async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// Waits for `css` to match, then returns it.
    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    async fn path_and_query(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Polls `check` until it gives `Some`, failing with `what` after the wait.
    async fn until<T, F, Fut>(&self, what: &str, mut check: F) -> T
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

    /// Waits until the results for the current URL are on screen, and returns
    /// the count the page announces.
    async fn settled_count(&self) -> u64 {
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
    async fn cards(&self) -> Vec<Card> {
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

#[derive(Debug)]
struct Card {
    id: String,
    category: String,
    city: String,
    price_fen: u32,
}

async fn api<T: serde::de::DeserializeOwned>(server: &TestServer, path: &str) -> T {
    reqwest::get(server.url(path))
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn busiest(counts: &[FacetCount], allowed: impl Fn(&str) -> bool) -> String {
    counts
        .iter()
        .filter(|c| allowed(&c.id))
        .max_by_key(|c| c.count)
        .map(|c| c.id.clone())
        .expect("a value with results")
}

/// Picks a category, then a city, then a price band by clicking, the values
/// with the most results at each step so the test holds for any catalog.
#[tokio::test]
async fn filter_by_clicking_then_reload_back_and_product_page() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    let browser = Browser::open(1280, 900).await;
    let b = &browser;
    b.client.goto(&server.url("/")).await.unwrap();
    let all: u64 = b.settled_count().await;
    assert_eq!(all, PRODUCTS.parse::<u64>().unwrap());

    // Category: the top-level one with the most products.
    let none: ProductList = api(server, "/api/v1/products").await;
    let top = busiest(&none.facets.category, |id| {
        taxonomy.categories.iter().any(|c| c.id == id)
    });
    b.click(&format!("input[name=category][value='{top}']"))
        .await;
    b.until("category in the URL", || async {
        b.path_and_query()
            .await
            .contains(&format!("category={top}"))
            .then_some(())
    })
    .await;
    b.settled_count().await;

    // City: open its province, then tick it.
    let with_category: ProductList = api(server, &format!("/api/v1/products?category={top}")).await;
    let city = busiest(&with_category.facets.city, |_| true);
    let province = taxonomy
        .regions
        .iter()
        .find(|p| p.cities.iter().any(|c| c.id == city))
        .unwrap();
    b.click(&format!("[data-group='{}'] .group-toggle", province.id))
        .await;
    b.click(&format!("input[name=city][value='{city}']")).await;
    b.settled_count().await;

    // Price band.
    let with_city: ProductList = api(
        server,
        &format!("/api/v1/products?category={top}&city={city}"),
    )
    .await;
    let band = busiest(&with_city.facets.price, |_| true);
    b.click(&format!("input[name=price][value='{band}']")).await;
    let shown = b.settled_count().await;

    let expected_url = format!("/?category={top}&city={city}&price={band}");
    assert_eq!(b.path_and_query().await, expected_url);
    let expected: ProductList = api(
        server,
        &format!("/api/v1/products?category={top}&city={city}&price={band}"),
    )
    .await;
    assert_eq!(
        shown, expected.total,
        "the count on screen is the API's total"
    );
    let leaves: Vec<&str> = taxonomy
        .categories
        .iter()
        .find(|c| c.id == top)
        .unwrap()
        .children
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    let range = PriceRange::parse(&band).unwrap();
    let cards = b.cards().await;
    assert_eq!(cards.len() as u64, expected.total.min(24));
    for card in &cards {
        assert!(
            leaves.contains(&card.category.as_str()),
            "{card:?} is not in {top}"
        );
        assert_eq!(card.city, city, "{card:?}");
        assert!(range.contains(card.price_fen), "{card:?} is not in {band}");
    }

    // Reload: the same view.
    b.client.refresh().await.unwrap();
    assert_eq!(b.settled_count().await, shown);
    assert_eq!(b.path_and_query().await, expected_url);
    for (name, value) in [("category", &top), ("city", &city), ("price", &band)] {
        let checkbox = b
            .find(&format!("input[name={name}][value='{value}']"))
            .await;
        assert!(
            checkbox.is_selected().await.unwrap(),
            "{name}={value} is still ticked after reload"
        );
    }

    // Back and forward walk through the filter history.
    b.client.back().await.unwrap();
    b.until("back to category and city", || async {
        (b.path_and_query().await == format!("/?category={top}&city={city}")).then_some(())
    })
    .await;
    assert_eq!(b.settled_count().await, with_city.total);
    b.client.forward().await.unwrap();
    b.until("forward to the band", || async {
        (b.path_and_query().await == expected_url).then_some(())
    })
    .await;
    assert_eq!(b.settled_count().await, shown);

    // Open the first product, then come back to the same list.
    let first = &cards[0];
    let title = b
        .find(".grid .card .card-title")
        .await
        .text()
        .await
        .unwrap();
    b.click(".grid .card a").await;
    b.until("the product page", || async {
        (b.path_and_query().await == format!("/product/{}", first.id)).then_some(())
    })
    .await;
    let heading = b.find(".product-info h1").await.text().await.unwrap();
    assert_eq!(heading, title);
    let tiers = b
        .client
        .find_all(Locator::Css(".tiers tbody tr"))
        .await
        .unwrap();
    assert!(!tiers.is_empty(), "tiered prices are shown");
    assert!(b.find(".supplier-name").await.text().await.unwrap().len() > 2);
    b.client.back().await.unwrap();
    b.until("back on the list", || async {
        (b.path_and_query().await == expected_url).then_some(())
    })
    .await;
    assert_eq!(b.settled_count().await, shown);

    // The product page's own link back keeps the filters too.
    b.click(".grid .card a").await;
    b.click(".back-link").await;
    b.until("back link to the list", || async {
        (b.path_and_query().await == expected_url).then_some(())
    })
    .await;
    assert_eq!(b.settled_count().await, shown);
    browser.close().await;
}

#[tokio::test]
async fn sort_and_pages_live_in_the_url() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(390, 844).await;
    let b = &browser;
    b.client
        .goto(&server.url("/?sort=price_asc&page=2"))
        .await
        .unwrap();
    b.settled_count().await;
    let expected: ProductList = api(server, "/api/v1/products?sort=price_asc&page=2").await;
    let ids: Vec<String> = b.cards().await.into_iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        expected
            .items
            .iter()
            .map(|i| i.id.clone())
            .collect::<Vec<_>>()
    );
    b.click(".pagination a.next").await;
    b.until("page 3", || async {
        (b.path_and_query().await == "/?sort=price_asc&page=3").then_some(())
    })
    .await;
    browser.close().await;
}

#[tokio::test]
async fn bad_links_and_unknown_pages_explain_themselves() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(390, 844).await;
    let b = &browser;

    b.client.goto(&server.url("/?price=50-10")).await.unwrap();
    let notice = b.find(".results .notice-error").await.text().await.unwrap();
    assert!(
        notice.contains("50.00"),
        "the notice says what is wrong: {notice}"
    );
    b.click(".results .notice-error button").await;
    b.until("filters reset", || async {
        (b.path_and_query().await == "/").then_some(())
    })
    .await;

    b.client.goto(&server.url("/no/such/page")).await.unwrap();
    b.find(".not-found h1").await;
    b.click(".not-found a").await;
    b.until("home", || async {
        (b.path_and_query().await == "/").then_some(())
    })
    .await;

    b.client
        .goto(&server.url("/product/p99999999"))
        .await
        .unwrap();
    b.find(".product-page .notice a").await;
    browser.close().await;
}

/// The API goes away mid-visit: the shopper is told, the filters stay, and
/// "retry" recovers once the API is back.
#[tokio::test]
async fn api_outage_shows_error_and_retry_recovers() {
    let _one_browser = browser_lock().await;
    let db = temp_db();
    let mut server = TestServer::start(db.clone(), "127.0.0.1:0");
    let addr = server.addr;
    let browser = Browser::open(1280, 900).await;
    let b = &browser;
    b.client.goto(&server.url("/?sort=sales")).await.unwrap();
    let all = b.settled_count().await;

    server.stop();
    b.client.execute("const s = document.querySelector('.sort select'); s.value = 'price_asc'; s.dispatchEvent(new Event('change'));", vec![]).await.unwrap();
    let notice = b.find(".results .notice-error").await.text().await.unwrap();
    assert!(!notice.is_empty());
    assert_eq!(
        b.path_and_query().await,
        "/?sort=price_asc",
        "the shopper's choice is kept"
    );

    let _back = TestServer::start(db, &addr.to_string());
    b.click(".results .notice-error button").await;
    assert_eq!(b.settled_count().await, all);
    b.until("the error to go", || async {
        b.client
            .find(Locator::Css(".results .notice-error"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    browser.close().await;
}
