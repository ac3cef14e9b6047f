//! The price at my quantity: the 数量 picker and the cards, 一件起批, an empty
//! result that names the nearest quantity, and the product page's stepper —
//! on a desktop (1280 px) and a phone (390 px).

use beltmart_contract::{ProductDetail, ProductList, tier_price};
use fantoccini::Locator;
use fantoccini::key::Key;

use crate::*;

const SIZES: [(u32, u32); 2] = [(1280, 800), (390, 844)];

async fn text(b: &Browser, css: &str) -> String {
    b.find(css).await.text().await.unwrap()
}

/// A shopper who wants 20: only what sells in 20 is shown, each card at its
/// tier's price with what 20 cost.
#[tokio::test]
async fn a_quantity_reprices_the_cards() {
    let _one = browser_lock().await;
    let server = shared_server();
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        b.visit(server, "/?city=yiwu").await;
        b.settled_count().await;
        b.click(".qty-picker button:nth-of-type(3)").await; // 不限, 1, 10
        b.wait_for_path("/?city=yiwu&qty=10").await;
        let input = b.find(".qty-custom input").await;
        input.clear().await.unwrap();
        input.send_keys(&format!("20{}", Key::Enter)).await.unwrap();
        b.wait_for_path("/?city=yiwu&qty=20").await;
        let shown = b.settled_count().await;
        let expected: ProductList = api(server, "/api/v1/products?city=yiwu&qty=20").await;
        assert_eq!(shown, expected.total);
        let first = &expected.items[0];
        let detail: ProductDetail = api(server, &format!("/api/v1/products/{}", first.id)).await;
        assert!(detail.moq <= 20);
        let cards = b.cards().await;
        assert_eq!(cards[0].id, first.id);
        assert_eq!(Some(cards[0].price_fen), tier_price(&detail.tiers, 20));
        let total = text(b, ".grid .card:first-child .card-total").await;
        let expected_total = beltmart_contract::format_yuan(u64::from(cards[0].price_fen) * 20);
        assert!(
            total.contains(&expected_total),
            "{total} ≠ ¥{expected_total}"
        );
        b.screenshot(&format!("quantity-{width}")).await;

        // 一件起批 is qty=1; pressing it again lets go of the quantity.
        b.click(".quick-filters .one-piece").await;
        b.wait_for_path("/?city=yiwu&qty=1").await;
        b.click(".quick-filters .one-piece").await;
        b.wait_for_path("/?city=yiwu").await;
        browser.close().await;
    }
}

/// Nothing sells in so few: the page says so and offers the nearest quantity.
#[tokio::test]
async fn too_few_pieces_offers_the_nearest_quantity() {
    let _one = browser_lock().await;
    let server = shared_server();
    let taxonomy: beltmart_contract::Taxonomy = api(server, "/api/v1/taxonomy").await;
    let mut found = None;
    for (_, city) in taxonomy.all_cities() {
        let list: ProductList =
            api(server, &format!("/api/v1/products?city={}&qty=1", city.id)).await;
        if let (0, Some(nearest)) = (list.total, list.nearest_qty) {
            found = Some((city.id.clone(), nearest));
            break;
        }
    }
    let (city, nearest) = found.expect("a city with nothing sold from one piece");
    let browser = Browser::open(390, 844).await;
    let b = &browser;
    b.visit(server, &format!("/?city={city}&qty=1")).await;
    let explained = text(b, ".notice.empty .moq-above").await;
    assert!(explained.contains('1'), "{explained}");
    b.click(".notice.empty .nearest-qty").await;
    b.wait_for_path(&format!("/?city={city}&qty={nearest}"))
        .await;
    assert!(b.settled_count().await > 0);
    browser.close().await;
}

/// The stepper starts at the catalog's quantity, lights the tier that applies,
/// says what the next tier saves, and refuses fewer than the MOQ.
#[tokio::test]
async fn the_stepper_crosses_a_tier() {
    let _one = browser_lock().await;
    let server = shared_server();
    let list: ProductList = api(server, "/api/v1/products?qty=1&per_page=100").await;
    let mut chosen = None;
    for item in &list.items {
        let detail: ProductDetail = api(server, &format!("/api/v1/products/{}", item.id)).await;
        if detail.tiers.len() >= 2 && detail.moq == 1 {
            chosen = Some(detail);
            break;
        }
    }
    let product = chosen.expect("a one-piece product with tiers");
    let second = &product.tiers[1];
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        // From the catalog at the second tier's quantity, the page starts there.
        b.visit(server, &format!("/?qty={}", second.min_qty)).await;
        b.settled_count().await;
        b.visit(server, &format!("/product/{}", product.id)).await;
        let input = b.find(".stepper input").await;
        let start = input.prop("value").await.unwrap().unwrap_or_default();
        assert_eq!(start, second.min_qty.to_string());
        let lit = text(b, ".tiers tr.current td:first-child").await;
        assert!(lit.contains(&format!("≥ {}", second.min_qty)), "{lit}");
        let total = text(b, ".stepper-total").await;
        let expected = u64::from(second.price_fen) * u64::from(second.min_qty);
        assert!(
            total.contains(&beltmart_contract::format_yuan(expected)),
            "{total}"
        );

        // One piece: the first tier lights, and the next one is a few pieces away.
        input.clear().await.unwrap();
        input.send_keys(&format!("1{}", Key::Tab)).await.unwrap();
        b.until("the first tier lit", || async {
            let lit = b
                .client
                .find(Locator::Css(".tiers tr.current td:first-child"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            lit.contains(&format!("≥ {}", product.tiers[0].min_qty))
                .then_some(())
        })
        .await;
        let next = text(b, ".stepper-next").await;
        let more = (second.min_qty - 1).to_string();
        let cheaper = beltmart_contract::format_yuan(second.price_fen);
        assert!(next.contains(&more) && next.contains(&cheaper), "{next}");
        b.screenshot(&format!("stepper-{width}")).await;

        // Zero is below any MOQ: refused, with the reason.
        let input = b.find(".stepper input").await;
        input.clear().await.unwrap();
        input.send_keys(&format!("0{}", Key::Tab)).await.unwrap();
        let refusal = text(b, ".stepper .field-error").await;
        assert!(refusal.contains(&product.moq.to_string()), "{refusal}");
        browser.close().await;
    }
}

/// A 进货单 across two factories: added from the cards, kept over a reload,
/// grouped by supplier, sent as a link another shopper opens, and downloaded.
#[tokio::test]
async fn a_shortlist_across_two_factories_travels_as_a_link() {
    let _one = browser_lock().await;
    let server = shared_server();
    let list: ProductList = api(server, "/api/v1/products?qty=20&per_page=50").await;
    let mut picked: Vec<ProductDetail> = Vec::new();
    for item in &list.items {
        let detail: ProductDetail = api(server, &format!("/api/v1/products/{}", item.id)).await;
        if picked.iter().all(|p| p.supplier != detail.supplier) {
            picked.push(detail);
        }
        if picked.len() == 2 {
            break;
        }
    }
    assert_eq!(picked.len(), 2, "two suppliers among the first results");
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        b.visit(server, "/?qty=20").await;
        b.settled_count().await;
        for product in &picked {
            let card = format!(".grid .card[data-id={}] .add-to-list", product.id);
            b.click(&card).await;
        }
        b.until("the header counts two lines", || async {
            (text(b, ".list-count").await == "2").then_some(())
        })
        .await;
        b.client.refresh().await.unwrap();
        b.click(".list-link").await;
        b.wait_for_path("/list").await;
        b.until("both suppliers' groups", || async {
            let groups = b
                .client
                .find_all(Locator::Css(".supplier-group"))
                .await
                .ok()?;
            (groups.len() == 2).then_some(())
        })
        .await;
        let expected: u64 = picked
            .iter()
            .map(|p| u64::from(tier_price(&p.tiers, 20).unwrap()) * 20)
            .sum();
        let total = text(b, ".grand-total").await;
        assert!(
            total.contains(&beltmart_contract::format_yuan(expected)),
            "{total}"
        );
        b.screenshot(&format!("shortlist-{width}")).await;

        // The CSV: a BOM for Excel, a header and a row per line.
        let csv = b
            .find(".download-csv")
            .await
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        let csv = url::Url::parse(&csv).unwrap();
        let csv = urlencoding_decode(csv.path());
        assert!(csv.contains('\u{feff}'), "{csv}");
        assert!(picked.iter().all(|p| csv.contains(&p.id)), "{csv}");

        // The shared link, opened by another shopper (a fresh profile).
        let link = b
            .find(".share-link input")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap();
        let other = Browser::open(width, height).await;
        other.client.goto(&link).await.unwrap();
        other.find(".shared-list").await;
        other
            .until("the same lines", || async {
                let lines = other
                    .client
                    .find_all(Locator::Css(".list-line"))
                    .await
                    .ok()?;
                (lines.len() == 2).then_some(())
            })
            .await;
        other.close().await;

        // Removing a line and changing a quantity are kept.
        b.click(".list-line .remove-line").await;
        b.until("one line left", || async {
            (text(b, ".list-count").await == "1").then_some(())
        })
        .await;
        browser.close().await;
    }
}

/// A `data:` URL's text, percent-decoded (encodeURIComponent leaves no `&`, `=` or `+`).
fn urlencoding_decode(text: &str) -> String {
    let pair = format!("text={text}");
    let decoded = url::form_urlencoded::parse(pair.as_bytes()).next();
    decoded
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// Two tabs show one 进货单: adding in one updates the other's header and list.
#[tokio::test]
async fn the_shortlist_is_the_same_in_every_tab() {
    let _one = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(1280, 800).await;
    let b = &browser;
    b.visit(server, "/list").await;
    b.find(".list-page .notice.empty").await;
    let list_tab = b.client.window().await.unwrap();
    let catalog_tab = b.client.new_window(true).await.unwrap().handle;
    b.client.switch_to_window(catalog_tab).await.unwrap();
    b.visit(server, "/").await;
    b.settled_count().await;
    b.click(".grid .card:first-child .add-to-list").await;
    b.client.switch_to_window(list_tab).await.unwrap();
    b.until("the other tab's line", || async {
        let lines = b.client.find_all(Locator::Css(".list-line")).await.ok()?;
        (lines.len() == 1 && text(b, ".list-count").await == "1").then_some(())
    })
    .await;
    browser.close().await;
}
