//! Catalog text is data, never markup: titles and supplier names carrying
//! script, event-handler and `javascript:` payloads are shown as text and
//! nothing they carry runs.

use crate::*;

const TITLE: &str =
    r#"<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2"> 运动鞋"#;
const SUPPLIER: &str = "javascript:window.__pwned = 3";

/// A catalog whose first product carries the payloads, put there by a real
/// import (which takes any text: it is data, escaped where it is shown).
fn poisoned_catalog() -> PathBuf {
    let db = temp_db();
    drop(beltmart_server::catalog::Catalog::open(&db, 2026, PRODUCTS.parse().unwrap()).unwrap());
    let row = serde_json::json!({
        "id": "p1", "title": TITLE, "category": "sports-shoes", "city": "jinjiang",
        "belt": "jinjiang-sports-shoes", "unit": "双", "moq": 10,
        "tiers": [{"min_qty": 10, "price_fen": 5900}], "goods_kind": "white-label",
        "supplier": {"name": SUPPLIER, "kind": "source-factory", "years": 3},
    });
    import_rows(&db, "upsert", &[row]);
    db
}

#[tokio::test]
async fn catalog_text_is_shown_as_text_and_never_runs() {
    let _one = browser_lock().await;
    let server = TestServer::start(poisoned_catalog(), "127.0.0.1:0");
    let browser = Browser::open(1280, 800).await;
    let b = &browser;

    b.visit(&server, "/?q=script").await;
    assert!(b.settled_count().await >= 1);
    let title = b
        .find(".card[data-id=p1] .card-title")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(title, TITLE, "the title is shown as the text it is");

    b.click(".card[data-id=p1] a").await;
    let heading = b.find(".product-info h1").await.text().await.unwrap();
    assert_eq!(heading, TITLE);
    let supplier = b.find(".supplier-name").await;
    assert_eq!(supplier.text().await.unwrap(), SUPPLIER);
    assert_eq!(
        supplier.tag_name().await.unwrap(),
        "p",
        "a supplier name is never a link"
    );

    let outcome = b
        .eval(
            "return [typeof window.__pwned, document.querySelectorAll('.beltmart script').length,
                     document.querySelectorAll('.beltmart img[src=x]').length,
                     document.querySelectorAll('.beltmart a[href^=javascript]').length]",
        )
        .await;
    assert_eq!(
        outcome,
        serde_json::json!(["undefined", 0, 0, 0]),
        "nothing from the catalog ran"
    );
    browser.close().await;
}
