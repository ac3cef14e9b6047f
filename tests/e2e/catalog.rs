//! The first capability: filter by clicking, URL as state, product page, errors.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fantoccini::Locator;

use crate::*;

/// Picks a category, then a city, then a price band by clicking, the values
/// with the most results at each step so the test holds for any catalog.
#[tokio::test]
async fn filter_by_clicking_then_reload_back_and_product_page() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    let browser = Browser::open(1280, 900).await;
    let b = &browser;
    b.visit(server, "/").await;
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
    // Past the first five cities, it is behind "更多 (N)".
    if province.cities.iter().position(|c| c.id == city).unwrap() >= 5 {
        b.click(&format!("[data-group='{}'] button.more", province.id))
            .await;
    }
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
    b.click(".grid .card-link").await;
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
    b.click(".grid .card-link").await;
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
    let skeletons = b
        .eval("return document.querySelectorAll('.results .skeleton').length")
        .await;
    assert_eq!(
        skeletons, 0,
        "nothing is loading for a link that fetches nothing"
    );
    b.click(".results .notice-error a").await;
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
    // A change before the app has hydrated the page is plain HTML's: nothing happens.
    b.visit(&server, "/?sort=sales").await;
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

/// A host that serves the built SPA and passes API calls on to `upstream`,
/// except that catalog queries answer 500 while `failing` is set.
fn start_failing_api(upstream: String, failing: Arc<AtomicBool>) -> std::net::SocketAddr {
    let api = move |uri: axum::http::Uri| {
        let (upstream, failing) = (upstream.clone(), failing.clone());
        async move {
            let json = [("content-type", "application/json")];
            if failing.load(Ordering::SeqCst) && uri.path() == "/api/v1/products" {
                let body =
                    r#"{"error":{"code":"internal","message":"the catalog engine crashed"}}"#;
                return (
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    json,
                    body.as_bytes().to_vec(),
                );
            }
            let answer = reqwest::get(format!("{upstream}{uri}")).await.unwrap();
            let status = http::StatusCode::from_u16(answer.status().as_u16()).unwrap();
            (status, json, answer.bytes().await.unwrap().to_vec())
        }
    };
    spawn_host(
        axum::Router::new()
            .route("/api/{*rest}", axum::routing::get(api))
            .fallback_service(tower_http::services::ServeDir::new(dist())),
    )
}

/// An API answering 500: the shopper is told in their language, with the
/// error's code (never the server's English message), keeps the filters, and
/// retry recovers once the API answers again.
#[tokio::test]
async fn an_api_error_is_explained_and_retry_recovers() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let failing = Arc::new(AtomicBool::new(true));
    let host = start_failing_api(server.url(""), failing.clone());
    let browser = Browser::open(390, 844).await;
    let b = &browser;
    b.client
        .goto(&format!("http://{host}/?city=yiwu"))
        .await
        .unwrap();
    let notice = b.find(".results .notice-error").await.text().await.unwrap();
    assert!(
        notice.contains("服务器出错了") && notice.contains("500 internal"),
        "{notice}"
    );
    assert!(
        !notice.contains("crashed"),
        "no English in the Chinese UI: {notice}"
    );
    assert_eq!(
        b.path_and_query().await,
        "/?city=yiwu",
        "the filter is kept"
    );

    failing.store(false, Ordering::SeqCst);
    b.click(".results .notice-error button").await;
    let expected: ProductList = api(server, "/api/v1/products?city=yiwu").await;
    assert_eq!(b.settled_count().await, expected.total);
    assert!(
        b.client
            .find(Locator::Css(".results .notice-error"))
            .await
            .is_err(),
        "the error is gone"
    );
    browser.close().await;
}

/// Offline: the shopper is told the device is offline, and retry recovers once it is back.
#[tokio::test]
async fn offline_is_said_plainly_and_retry_recovers() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(390, 844).await;
    let b = &browser;
    b.visit(server, "/").await;
    b.settled_count().await;
    b.set_offline(true).await;
    b.click("button[data-facet=goods_kind][data-value=white-label]")
        .await;
    let notice = b.find(".results .notice-error").await.text().await.unwrap();
    assert!(notice.contains("离线"), "{notice}");
    assert_eq!(
        b.path_and_query().await,
        "/?goods_kind=white-label",
        "the choice is kept"
    );
    b.set_offline(false).await;
    b.click(".results .notice-error button").await;
    let expected: ProductList = api(server, "/api/v1/products?goods_kind=white-label").await;
    assert_eq!(b.settled_count().await, expected.total);
    browser.close().await;
}

/// The 进货单's code is a WASM chunk fetched when first shown: offline, the
/// page says so with a retry (the app goes on), and back online the retry
/// shows it. (The product page's chunk is fetched ahead, a few seconds in.)
#[tokio::test]
async fn a_page_whose_code_cannot_be_fetched_says_so_and_retry_recovers() {
    let _one_browser = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(390, 844).await;
    let b = &browser;
    b.visit(server, "/").await;
    b.settled_count().await;
    b.set_offline(true).await;
    b.click(".list-link").await;
    let notice = b.find("main .notice-error").await.text().await.unwrap();
    assert!(notice.contains("离线"), "{notice}");
    assert_eq!(b.path_and_query().await, "/list");
    b.set_offline(false).await;
    b.click("main .notice-error button").await;
    b.find(".list-page").await;
    // The app is alive: the header still navigates.
    b.click(".nav-link[href$='belts']").await;
    b.find(".belt-map .map-dot").await;
    // A phone fetches the product page's chunk when a finger touches a card,
    // not unasked (a wide screen does, 3 s after start).
    b.visit(server, "/").await;
    b.settled_count().await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let fetched = "return performance.getEntriesByType('resource').some(e => e.name.includes('split_product_page'))";
    assert_eq!(b.eval(fetched).await, false, "fetched unasked on a phone");
    b.eval(
        "document.querySelector('.card-link').dispatchEvent(\
         new PointerEvent('pointerdown', { bubbles: true, pointerType: 'touch' }))",
    )
    .await;
    b.until(
        "the product page's chunk to be fetched on touch",
        || async { (b.eval(fetched).await == true).then_some(()) },
    )
    .await;
    browser.close().await;
}

/// A slow API: past the server's request timeout the shopper gets a message and
/// a retry instead of an endless wait, and the chosen filter stays.
#[tokio::test]
async fn a_slow_api_ends_in_a_message_with_retry() {
    let _one_browser = browser_lock().await;
    let server = TestServer::start_with(
        temp_db(),
        "127.0.0.1:0",
        &[
            "--request-timeout-ms",
            "1000",
            "--test-delay",
            "price=10-30=3000",
        ],
    );
    let browser = Browser::open(1280, 800).await;
    let b = &browser;
    b.visit(&server, "/").await;
    b.settled_count().await;
    b.click("input[name=price][value='10-30']").await;
    let notice = b.find(".results .notice-error").await.text().await.unwrap();
    assert!(notice.contains("服务器正忙"), "{notice}");
    assert_eq!(
        b.path_and_query().await,
        "/?price=10-30",
        "the choice is kept"
    );
    b.find(".results .notice-error button").await;
    browser.close().await;
}

/// A mouse resting on a filter fetches its results; the click then shows
/// them without asking the API again.
#[tokio::test]
async fn a_filter_the_mouse_rests_on_is_fetched_before_the_click() {
    let _one = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(1280, 900).await;
    let b = &browser;
    b.visit(server, "/").await;
    let band = b
        .eval("return document.querySelector('input[name=price]:not([disabled])').value")
        .await;
    let band = band.as_str().expect("a price band to choose").to_owned();
    let checkbox = format!("input[name=price][value=\"{band}\"]");
    let asked_for_band = |requests: &[String]| {
        requests
            .iter()
            .filter(|r| r.contains(&format!("price={band}")))
            .count()
    };
    assert_eq!(asked_for_band(&b.api_requests().await), 0);

    b.rest_pointer_on(
        &format!("label:has(> {checkbox})"),
        Duration::from_millis(300),
    )
    .await;
    let fetched = b
        .until("the band's results to be fetched ahead", || async {
            let requests = b.api_requests().await;
            (asked_for_band(&requests) == 1).then_some(requests.len())
        })
        .await;

    b.click(&checkbox).await;
    b.until("the band in the URL", || async {
        b.path_and_query().await.contains(&band).then_some(())
    })
    .await;
    let total = b.settled_count().await;
    assert!(total > 0, "the band has results");
    assert_eq!(
        b.api_requests().await.len(),
        fetched,
        "the click asked the API nothing more"
    );
}

/// Pictures shown before come back from the page's memory, even after a
/// garbage collection: the browser loads none of them again (from its disk
/// cache, a task each and a slower frame) when a shopper goes back to them.
#[tokio::test]
async fn pictures_shown_before_are_not_loaded_again() {
    let _one = browser_lock().await;
    let server = shared_server();
    let browser = Browser::open(1280, 900).await;
    let b = &browser;
    b.visit(server, "/").await;
    let loaded = "return [...document.querySelectorAll('.grid img')]\
                  .filter(i => i.complete && i.naturalWidth > 0).map(i => i.currentSrc)";
    let first_page: Vec<String> = b
        .until("the first row's pictures", || async {
            let loaded: Vec<String> = serde_json::from_value(b.eval(loaded).await).unwrap();
            (loaded.len() >= 4).then_some(loaded)
        })
        .await;
    let band = b
        .eval("return document.querySelector('input[name=price]:not([disabled])').value")
        .await;
    let band = band.as_str().expect("a price band to choose");
    let checkbox = format!("input[name=price][value=\"{band}\"]");
    b.click(&checkbox).await;
    b.until("the band's pictures", || async {
        let shown: Vec<String> = serde_json::from_value(b.eval(loaded).await).unwrap();
        (shown.len() >= 4 && shown.iter().all(|p| !first_page.contains(p))).then_some(())
    })
    .await;
    b.client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             gc(); setTimeout(() => { gc(); performance.clearResourceTimings(); done(); }, 100);",
            vec![],
        )
        .await
        .unwrap();

    b.click(&checkbox).await;
    b.until("the first page's pictures again", || async {
        let shown: Vec<String> = serde_json::from_value(b.eval(loaded).await).unwrap();
        first_page.iter().all(|p| shown.contains(p)).then_some(())
    })
    .await;
    let fetched: Vec<String> = serde_json::from_value(
        b.eval("return performance.getEntriesByType('resource').map(e => e.name)")
            .await,
    )
    .unwrap();
    let again: Vec<_> = first_page.iter().filter(|p| fetched.contains(p)).collect();
    assert!(again.is_empty(), "pictures loaded again: {again:?}");
}
