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
