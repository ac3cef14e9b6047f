//! A site owner imports while shoppers browse: with the storefront open, an
//! import adds a product and changes a price; after navigating, the shopper
//! sees both, and the facets count the new product.

use crate::*;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/catalog.jsonl");

/// The example catalog, imported into a fresh database as the README says.
fn example_catalog() -> PathBuf {
    let db = temp_db();
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(EXAMPLES)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    import_rows(&db, "replace", &rows);
    db
}

async fn city_count(b: &Browser, city: &str) -> String {
    let css = format!("label:has(input[name=city][value={city}]) .facet-count");
    b.find(&css).await.text().await.unwrap()
}

#[tokio::test]
async fn an_import_while_the_storefront_is_open_shows_after_navigating() {
    let _one = browser_lock().await;
    let db = example_catalog();
    let server = TestServer::start(db.clone(), "127.0.0.1:0");
    let browser = Browser::open(1280, 900).await;
    let b = &browser;
    b.visit(&server, "/?city=jinjiang").await;
    assert_eq!(b.settled_count().await, 30);
    assert_eq!(city_count(b, "jinjiang").await, "30");
    let before: serde_json::Value = api(&server, "/healthz").await;

    // The site owner's second import: a new price for one shoe, and a new shoe.
    let mut cheaper: serde_json::Value = api(&server, "/api/v1/products/jj-shoe-001").await;
    let moq = cheaper["moq"].clone();
    let object = cheaper.as_object_mut().unwrap();
    object.remove("price_fen");
    object.remove("images"); // the generated pictures, not the owner's
    cheaper["tiers"] = serde_json::json!([{"min_qty": moq, "price_fen": 123}]);
    let mut new = cheaper.clone();
    new["id"] = "jj-shoe-new".into();
    new["title"] = "新品 透气飞织跑鞋".into();
    new["tiers"] = serde_json::json!([{"min_qty": moq, "price_fen": 200}]);
    import_rows(&db, "upsert", &[cheaper, new]);
    b.until("the server to serve the new catalog", || async {
        let now: serde_json::Value = api(&server, "/healthz").await;
        (now["catalog_version"] != before["catalog_version"]).then_some(())
    })
    .await;

    // The shopper, still on the page, sorts by price.
    b.client
        .execute(
            "const s = document.querySelector('.sort select'); s.value = 'price_asc'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    b.wait_for_path("/?city=jinjiang&sort=price_asc").await;
    assert_eq!(b.settled_count().await, 31, "the new product is counted");
    let cards = b.cards().await;
    assert_eq!(
        (cards[0].id.as_str(), cards[0].price_fen),
        ("jj-shoe-001", 123),
        "the new price"
    );
    assert_eq!(cards[1].id, "jj-shoe-new");
    let price = b
        .find(".card[data-id=jj-shoe-001] .price")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(price, "¥1.23");
    assert_eq!(city_count(b, "jinjiang").await, "31", "the facet counts it");
    b.screenshot("live-update").await;
    browser.close().await;
}

/// A page the server rendered is kept for its catalog version: read again it is
/// the same page (a 304 to a client that has it), and after an import it shows
/// the new catalog.
#[tokio::test]
async fn a_rendered_page_follows_an_import() {
    let db = example_catalog();
    let server = TestServer::start(db.clone(), "127.0.0.1:0");
    let page = |path: &'static str| {
        let url = server.url(path);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let before = page("/product/jj-shoe-001").await;
    assert_eq!(page("/product/jj-shoe-001").await, before, "kept");
    let compressed = reqwest::Client::new()
        .get(server.url("/product/jj-shoe-001"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_eq!(compressed.headers()["vary"], "accept-encoding");
    // A CDN or browser that has it revalidates it: 304 until the page changes.
    let etag = compressed.headers()["etag"].to_str().unwrap().to_owned();
    let revalidated = |etag: String| {
        let request = reqwest::Client::new()
            .get(server.url("/product/jj-shoe-001"))
            .header("if-none-match", etag);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(revalidated(etag.clone()).await, 304);
    let version: serde_json::Value = api(&server, "/healthz").await;

    let mut renamed: serde_json::Value = api(&server, "/api/v1/products/jj-shoe-001").await;
    let object = renamed.as_object_mut().unwrap();
    object.remove("price_fen");
    object.remove("images");
    renamed["title"] = "改名 透气飞织跑鞋".into();
    import_rows(&db, "upsert", &[renamed]);
    let mut waited = 0;
    while api::<serde_json::Value>(&server, "/healthz").await["catalog_version"]
        == version["catalog_version"]
    {
        assert!(waited < 200, "the server never served the import");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    let after = page("/product/jj-shoe-001").await;
    assert!(after.contains("<title>改名 透气飞织跑鞋"), "{after}");
    assert_eq!(revalidated(etag).await, 200, "a changed page is sent again");
    assert!(!before.contains("改名"));
}
