//! PostgreSQL as the store (`--db postgres://…`), against a real throwaway
//! cluster: one set of catalog semantics, two stores. A server on PostgreSQL
//! answers every query exactly as a server on SQLite with the same catalog
//! does, a second server on the same database serves the same version, and a
//! change committed to the database reaches both.

mod support;

use beltmart_contract::{ProductDetail, ProductList, Taxonomy};
use support::postgres::Cluster;
use support::spawn_server;

const PRODUCTS: &str = "3000";

/// Queries across every parameter, sort and page shape.
const QUERIES: &[&str] = &[
    "",
    "city=yiwu,jinjiang",
    "category=shoes&price=30-50",
    "belt=jinjiang-sports-shoes&sort=price_asc",
    "goods_kind=white-label&supplier_kind=source-factory&sort=sales",
    "q=袜&sort=relevance",
    "q=socks&city=yiwu",
    "qty=20&city=yiwu&sort=price_desc",
    "qty=1&price=-10",
    "sort=newest&page=3&per_page=50",
    "price=300-&page=2",
];

async fn get<T: serde::de::DeserializeOwned>(url: String) -> T {
    let response = reqwest::get(&url).await.unwrap();
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.json().await.unwrap()
}

/// A list answer without what differs between two servers by nature.
fn comparable(mut list: ProductList) -> ProductList {
    list.took_ms = 0.0;
    list
}

#[tokio::test]
async fn a_server_on_postgres_answers_as_one_on_sqlite() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let on_postgres = spawn_server(&["--products", PRODUCTS, "--db", &cluster.url]);
    let on_sqlite = spawn_server(&["--products", PRODUCTS]);

    let taxonomy: Taxonomy = get(format!("{on_postgres}/api/v1/taxonomy")).await;
    assert_eq!(
        taxonomy,
        get::<Taxonomy>(format!("{on_sqlite}/api/v1/taxonomy")).await
    );
    for query in QUERIES {
        let path = format!("/api/v1/products?{query}");
        let from_postgres = comparable(get(format!("{on_postgres}{path}")).await);
        let from_sqlite = comparable(get(format!("{on_sqlite}{path}")).await);
        assert_eq!(from_postgres, from_sqlite, "{path}");
        eprintln!("{path}: {} products, the same on both", from_sqlite.total);
    }
    for id in ["p1", "p42", "p3000"] {
        let path = format!("/api/v1/products/{id}");
        let detail: ProductDetail = get(format!("{on_postgres}{path}")).await;
        assert_eq!(detail, get(format!("{on_sqlite}{path}")).await, "{path}");
    }

    // A replica started later on the same database serves the same version.
    let replica = spawn_server(&["--products", "5", "--db", &cluster.url]);
    let again: Taxonomy = get(format!("{replica}/api/v1/taxonomy")).await;
    assert_eq!(again.catalog_version, taxonomy.catalog_version);
    let everything: ProductList = get(format!("{replica}/api/v1/products")).await;
    assert_eq!(everything.total, 3000, "the replica did not seed again");

    // A change committed to the database reaches both servers by itself.
    let url = cluster.url.clone();
    tokio::task::spawn_blocking(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        client
            .batch_execute(
                "BEGIN;
                 UPDATE products SET title = '晋江 新款跑鞋' WHERE id = 'p1';
                 UPDATE meta SET value = 'test-2' WHERE key = 'catalog_version';
                 COMMIT;",
            )
            .unwrap();
    })
    .await
    .unwrap();
    for server in [&on_postgres, &replica] {
        let mut waited = 0;
        loop {
            let detail: ProductDetail = get(format!("{server}/api/v1/products/p1")).await;
            if detail.title == "晋江 新款跑鞋" {
                break;
            }
            // Bounded: servers check the store twice a second.
            assert!(waited < 50, "{server} still serves the old p1 after 5 s");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            waited += 1;
        }
        let taxonomy: Taxonomy = get(format!("{server}/api/v1/taxonomy")).await;
        assert_eq!(taxonomy.catalog_version, "test-2");
    }
}

async fn health(server: &str) -> serde_json::Value {
    let response = reqwest::get(format!("{server}/healthz")).await.unwrap();
    assert_eq!(
        response.status(),
        200,
        "/healthz keeps {server} in rotation"
    );
    response.json().await.unwrap()
}

/// Waits up to `limit` for every server's `/healthz` to satisfy `done`; how long it took.
async fn wait_for_all(
    servers: &[String],
    limit: std::time::Duration,
    done: impl Fn(&serde_json::Value) -> bool,
) -> std::time::Duration {
    let started = std::time::Instant::now();
    for server in servers {
        loop {
            let now = health(server).await;
            if done(&now) {
                break;
            }
            assert!(started.elapsed() < limit, "{server} after {limit:?}: {now}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
    started.elapsed()
}

fn import(db: &str, file: &str) -> std::process::Output {
    std::process::Command::new(support::server_binary())
        .args(["import", "--db", db, file])
        .output()
        .unwrap()
}

/// While PostgreSQL is down, replicas keep serving the version they hold and
/// say so without leaving a load balancer's rotation; an import fails with a
/// message; once PostgreSQL is back they follow again by themselves, and a
/// committed import is served by all of them within 2 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_serve_through_an_outage_and_follow_again() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let replicas = [
        spawn_server(&["--products", "500", "--db", &cluster.url]),
        spawn_server(&["--products", "500", "--db", &cluster.url]),
    ];
    let version = health(&replicas[0]).await["catalog_version"].clone();
    let second = std::time::Duration::from_secs(1);

    cluster.stop_server();
    wait_for_all(&replicas, 3 * second, |h| h["store"] == "unreachable").await;
    for replica in &replicas {
        let now = health(replica).await;
        assert_eq!(now["status"], "degraded");
        assert_eq!(now["catalog_version"], version, "the version held");
        let list: ProductList = get(format!("{replica}/api/v1/products?city=yiwu")).await;
        assert!(list.total > 0);
        let _: ProductDetail = get(format!("{replica}/api/v1/products/p7")).await;
    }
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/catalog.jsonl");
    let url = cluster.url.clone();
    let refused = tokio::task::spawn_blocking(move || import(&url, examples))
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        said.contains("cannot connect to PostgreSQL at postgres://beltmart@127.0.0.1")
            && said.contains("Nothing was changed."),
        "{said}"
    );

    cluster.start_server();
    wait_for_all(&replicas, 10 * second, |h| h["store"] == "reachable").await;
    let url = cluster.url.clone();
    let output = tokio::task::spawn_blocking(move || import(&url, examples))
        .await
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report = String::from_utf8_lossy(&output.stdout);
    let committed = report
        .split("catalog version ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the report names the version")
        .to_owned();
    let took = wait_for_all(&replicas, 2 * second, |h| h["catalog_version"] == committed).await;
    eprintln!("both replicas serve {committed} {took:?} after the import returned");
    let list: ProductList = get(format!("{}/api/v1/products", replicas[1])).await;
    assert_eq!(list.total, 200, "the example catalog");
}

/// One buyer's 询价单 for product `p{n + 1}`, under key `n`: the status and the answer.
async fn send_inquiry(server: String, n: u32) -> Option<(u16, serde_json::Value)> {
    let body = serde_json::json!({
        "lines": [{ "product": format!("p{}", n + 1), "quantity": 100 + n }],
        "buyer": { "name": "买家", "wechat": format!("buyer_{n:04}") },
    });
    let response = reqwest::Client::new()
        .post(format!("{server}/api/v1/inquiries"))
        .header("idempotency-key", format!("kill-nine-test-key-{n:06}"))
        .json(&body)
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.ok()?))
}

/// A replica killed (SIGKILL) while buyers send, and another one they retry
/// with: every inquiry is there once, every notification of one is delivered,
/// none twice under two event ids. While PostgreSQL is down, sending answers
/// 503 with `Retry-After`, and the same key goes through once it is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inquiries_through_a_killed_replica_and_an_outage_are_neither_lost_nor_doubled() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let hooks = support::receivers::WebhookReceiver::start(0);
    let hook_url = hooks.url();
    let flags = ["--products", "500", "--webhook-url", &hook_url];
    let buyers = 15;
    let first = support::ServerProcess::start(&cluster.url, &flags);
    let (answered, mut answers_in) = tokio::sync::mpsc::unbounded_channel();
    for n in 0..buyers {
        let (answered, url) = (answered.clone(), first.url.clone());
        tokio::spawn(async move { answered.send(send_inquiry(url, n).await) });
    }
    drop(answered);
    // Killed (SIGKILL) as soon as the first buyer has her answer: the rest are mid-way.
    let mut before_kill = 0;
    while let Some(sent) = answers_in.recv().await {
        if matches!(sent, Some((201, _))) {
            before_kill += 1;
            break;
        }
    }
    drop(first);
    while let Some(sent) = answers_in.recv().await {
        before_kill += u32::from(matches!(sent, Some((201, _))));
    }
    eprintln!("{before_kill} of {buyers} inquiries were answered before the kill");
    let second = support::ServerProcess::start(&cluster.url, &flags);
    let mut answers = Vec::new();
    for n in 0..buyers {
        let (status, answer) = send_inquiry(second.url.clone(), n).await.unwrap();
        assert_eq!(status, 201, "{answer}");
        answers.push(answer);
    }
    for (n, answer) in answers.iter().enumerate() {
        let again = send_inquiry(second.url.clone(), n as u32).await.unwrap();
        assert_eq!(&again.1, answer, "the same key, the same answer");
    }
    let url = cluster.url.clone();
    let stored: i64 = support::postgres::off_runtime(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        client
            .query_one("SELECT count(*) FROM inquiries", &[])
            .unwrap()
            .get(0)
    });
    assert_eq!(
        stored,
        i64::from(buyers),
        "{before_kill} went through before the kill"
    );
    let hooks_got = tokio::task::spawn_blocking(move || {
        hooks.wait_for(buyers as usize, std::time::Duration::from_secs(20))
    })
    .await
    .unwrap();
    let mut events: Vec<String> = hooks_got
        .iter()
        .filter_map(|h| h.header("x-beltmart-event").map(str::to_owned))
        .collect();
    events.sort();
    events.dedup();
    assert_eq!(events.len(), buyers as usize, "one event per inquiry");

    cluster.stop_server();
    let while_down = || async {
        reqwest::Client::new()
            .post(format!("{}/api/v1/inquiries", second.url))
            .header("idempotency-key", "sent-while-postgres-is-down-01")
            .json(&serde_json::json!({
                "lines": [{ "product": "p400", "quantity": 100 }],
                "buyer": { "name": "买家", "wechat": "buyer_down" },
            }))
            .send()
            .await
            .unwrap()
    };
    let down = while_down().await;
    assert_eq!(down.status().as_u16(), 503);
    assert!(down.headers().contains_key("retry-after"));
    cluster.start_server();
    let mut status = 0;
    for _ in 0..50 {
        let back = while_down().await;
        status = back.status().as_u16();
        if status == 201 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(status, 201, "sent once PostgreSQL is back");
}
