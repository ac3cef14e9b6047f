//! Pages the server renders: what a client without JavaScript reads (the same
//! first page of results as the API, tier prices, JSON-LD, a canonical URL
//! that ignores parameter order, honest status codes), and the app hydrating
//! them in Chromium with no warnings and no second request for their data.

use beltmart_contract::{ProductDetail, ProductList, Taxonomy, format_yuan};
use serde_json::json;

use super::*;

const SIZES: [(u32, u32); 2] = [(1280, 900), (390, 844)];

/// A page as a client without JavaScript gets it: status and HTML.
async fn page(server: &TestServer, path: &str) -> (u16, String) {
    let response = reqwest::get(server.url(path)).await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The values of `attribute` on elements of `class`, in document order.
fn attributes(html: &str, class: &str, attribute: &str) -> Vec<String> {
    html.split('<')
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>')?];
            tag.contains(&format!("class=\"{class}\"")).then_some(())?;
            value_of(tag, attribute)
        })
        .collect()
}

/// The value of `attribute` in an element's start tag.
fn value_of(tag: &str, attribute: &str) -> Option<String> {
    let name = format!(" {attribute}=\"");
    let at = tag.find(&name)? + name.len();
    Some(tag[at..at + tag[at..].find('"')?].replace("&amp;", "&"))
}

fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap())
        .collect()
}

fn of_type<'a>(items: &'a [serde_json::Value], kind: &str) -> &'a serde_json::Value {
    items
        .iter()
        .find(|item| item["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {items:?}"))
}

fn link(html: &str, rel: &str) -> String {
    let at = html.find(&format!("<link rel=\"{rel}\"")).expect(rel);
    value_of(&html[at..at + html[at..].find('>').unwrap()], "href").unwrap()
}

fn noindex(html: &str) -> bool {
    html.contains("<meta name=\"robots\" content=\"noindex\" />")
}

#[tokio::test]
async fn a_plain_client_reads_the_first_page_of_results() {
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let category = busiest(&all.facets.category, |_| true);
    let query = format!("category={category}&sort=price_asc");
    let expected: ProductList = api(server, &format!("/api/v1/products?{query}")).await;
    let (status, html) = page(server, &format!("/?{query}")).await;
    assert_eq!(status, 200);
    let ids: Vec<String> = expected.items.iter().map(|p| p.id.clone()).collect();
    assert_eq!(attributes(&html, "card", "data-id"), ids);
    assert!(html.contains("page=2"), "pagination links");
    assert!(!noindex(&html));
    // Reordered parameters name the same page.
    let (_, reordered) = page(server, &format!("/?sort=price_asc&category={category}")).await;
    assert_eq!(link(&html, "canonical"), server.url(&format!("/?{query}")));
    assert_eq!(link(&reordered, "canonical"), link(&html, "canonical"));
    let items = json_ld(&html);
    let list = of_type(&items, "ItemList");
    assert_eq!(list["numberOfItems"], expected.total);
    assert_eq!(list["itemListElement"][0]["name"], expected.items[0].title);
    assert_eq!(
        of_type(&items, "BreadcrumbList")["itemListElement"][0]["position"],
        1
    );
}

#[tokio::test]
async fn a_product_page_carries_its_tiers_and_json_ld() {
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let id = &all.items[0].id;
    let product: ProductDetail = api(server, &format!("/api/v1/products/{id}")).await;
    let (status, html) = page(server, &format!("/product/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<title>{}", product.title)), "title");
    for tier in &product.tiers {
        assert!(html.contains(&format_yuan(tier.price_fen)), "tier {tier:?}");
    }
    let items = json_ld(&html);
    let offer = &of_type(&items, "Product")["offers"];
    let prices = product.tiers.iter().map(|t| t.price_fen);
    assert_eq!(offer["@type"], "AggregateOffer");
    assert_eq!(
        offer["lowPrice"],
        format_yuan(prices.clone().min().unwrap())
    );
    assert_eq!(offer["highPrice"], format_yuan(prices.max().unwrap()));
    assert_eq!(
        of_type(&items, "BreadcrumbList")["itemListElement"][2]["name"],
        product.title
    );
    assert_eq!(
        link(&html, "canonical"),
        server.url(&format!("/product/{id}"))
    );
    assert!(html.contains("<meta property=\"og:type\" content=\"product\" />"));
}

#[tokio::test]
async fn what_is_not_there_says_so() {
    let server = shared_server();
    let (status, html) = page(server, "/no-such-page").await;
    assert_eq!((status, noindex(&html)), (404, true));
    let (status, html) = page(server, "/product/no-such-product").await;
    assert_eq!((status, noindex(&html)), (404, true));
    let (status, html) = page(server, "/?q=zzqqzzqq").await;
    assert_eq!((status, noindex(&html)), (200, true));
    let (status, html) = page(server, "/belts").await;
    assert_eq!((status, noindex(&html)), (200, false));
}

#[tokio::test]
async fn the_sitemap_lists_pages_that_render() {
    let server = shared_server();
    let (status, xml) = page(server, "/sitemap.xml").await;
    assert_eq!(status, 200);
    let document = roxmltree::Document::parse(&xml).expect("the sitemap parses");
    let locs: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let kinds = ["/?category=", "/?belt=", "/belts", "/product/"];
    for kind in kinds {
        let loc = locs.iter().find(|l| l.contains(kind)).expect(kind);
        let path = loc.strip_prefix(&server.url("")).unwrap_or(loc);
        let (status, html) = page(server, &format!("/{}", path.trim_start_matches('/'))).await;
        assert_eq!(status, 200, "{loc}");
        assert_eq!(
            link(&html, "canonical"),
            *loc,
            "the sitemap names canonical URLs"
        );
    }
}

#[tokio::test]
async fn hydration_keeps_the_page_and_asks_for_nothing_again() {
    let _one = browser_lock().await;
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let category = busiest(&all.facets.category, |_| true);
    let other = busiest(&all.facets.category, |c| c != category);
    let product = &all.items[0].id;
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        for path in [
            format!("/?category={category}"),
            format!("/product/{product}"),
            "/belts".into(),
        ] {
            b.visit(server, &path).await;
            assert_eq!(
                b.api_requests().await,
                Vec::<String>::new(),
                "{path} at {width}px"
            );
            let log = b.log().await;
            let bad: Vec<_> = log
                .iter()
                .filter(|(level, message)| level == "SEVERE" || message.contains("ydrat"))
                .collect();
            assert!(bad.is_empty(), "{path} at {width}px: {bad:?}");
            let name = path
                .trim_start_matches('/')
                .split(['/', '?'])
                .next()
                .unwrap_or_default();
            b.screenshot(&format!(
                "ssr-{}-{width}",
                if name.is_empty() { "catalog" } else { name }
            ))
            .await;
        }
        // The hydrated catalog is the app: a filter updates the results in place.
        b.visit(server, &format!("/?category={category}")).await;
        let before = b.settled_count().await;
        // Hydration leaves the server's filter panel as it is, and the app
        // builds its own in its place: on a phone, once the drawer opens.
        let as_rendered = "return document.querySelectorAll('.filters-as-rendered').length";
        let phone = width < 500;
        assert_eq!(
            b.eval(as_rendered).await,
            json!(u8::from(phone)),
            "{width}px"
        );
        if phone {
            b.open_drawer().await;
            assert_eq!(
                b.eval(as_rendered).await,
                json!(0),
                "{width}px, drawer open"
            );
        }
        let options = format!(
            "return document.querySelectorAll('input[name=category][value={other}]').length"
        );
        assert_eq!(b.eval(&options).await, json!(1), "one panel at {width}px");
        b.click(&format!("input[name=category][value={other}]"))
            .await;
        if phone {
            b.click(".drawer-apply").await;
        }
        b.wait_for_path(&format!("/?category={category},{other}"))
            .await;
        assert!(b.settled_count().await > before);
        assert_eq!(
            b.eval("return performance.getEntriesByType('navigation').length")
                .await,
            1
        );
        browser.close().await;
    }
}

/// With JavaScript off, the filters are a form: ticking two categories, a
/// city behind its province's "更多" and a price, and submitting, lands on the
/// canonical URL of that query, with its results.
#[tokio::test]
async fn without_javascript_the_filters_are_a_form() {
    let _one = browser_lock().await;
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let first = busiest(&all.facets.category, |_| true);
    let second = busiest(&all.facets.category, |c| c != first);
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    let has_products = |id: &str| all.facets.city.iter().any(|c| c.id == id && c.count > 0);
    let (province, city) = taxonomy
        .regions
        .iter()
        .find_map(|p| {
            let hidden = p.cities.iter().skip(5).find(|c| has_products(&c.id));
            hidden.map(|c| (p.id.clone(), c.id.clone()))
        })
        .expect("a province with more than five cities, one with products past the fifth");
    let browser = Browser::open_without_javascript(1280, 900).await;
    let b = &browser;
    b.client.goto(&server.url("/?sort=sales")).await.unwrap();
    b.click(&format!("input[name=category][value={first}]"))
        .await;
    b.click(&format!("input[name=category][value={second}]"))
        .await;
    // Provinces and their "更多" open without the app.
    let group = format!("details[data-group={province}]");
    b.click(&format!("{group} > summary")).await;
    b.click(&format!("{group} .more-cities > summary")).await;
    b.click(&format!("input[name=city][value={city}]")).await;
    b.find("input[name=price_max]")
        .await
        .send_keys("50")
        .await
        .unwrap();
    b.click("#filter-form button[type=submit]").await;
    let at = b
        .until("the form's canonical URL", || async {
            let at = b.path_and_query().await;
            at.contains("price=-50").then_some(at)
        })
        .await;
    let query = at.strip_prefix("/?").unwrap();
    let read = beltmart_contract::CatalogQuery::parse(query).unwrap();
    let mut categories = read.category.clone();
    categories.sort();
    let mut chosen = vec![first, second];
    chosen.sort();
    assert_eq!((categories, read.sort.as_str()), (chosen, "sales"));
    assert_eq!(read.city, vec![city]);
    assert_eq!(read.render(), query, "canonical");
    let expected: ProductList = api(server, &format!("/api/v1/products?{query}")).await;
    b.screenshot("no-js-filtered-1280").await;
    let ids: Vec<String> = b.cards().await.into_iter().map(|c| c.id).collect();
    let expected_ids: Vec<String> = expected.items.iter().map(|p| p.id.clone()).collect();
    assert_eq!(ids, expected_ids);
    // A product page and back are plain links.
    b.click(".grid .card .card-link").await;
    b.find(".tiers").await;
    // The search box is a GET form to the catalog, from any page.
    let search = b.find("#search-input").await;
    search.send_keys("杯\u{e007}").await.unwrap();
    b.wait_for_path("/?q=%E6%9D%AF").await;
    browser.close().await;
}

/// On a phone without JavaScript the filters are behind a link to them: it
/// shows the panel, whose form then filters.
#[tokio::test]
async fn without_javascript_a_phone_reaches_the_filters() {
    let _one = browser_lock().await;
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let category = busiest(&all.facets.category, |_| true);
    let browser = Browser::open_without_javascript(390, 844).await;
    let b = &browser;
    b.client.goto(&server.url("/?sort=sales")).await.unwrap();
    // A click on a hidden element fails (asking whether it is displayed needs JavaScript).
    let checkbox = format!("input[name=category][value={category}]");
    let hidden = b.find(&checkbox).await.click().await;
    assert!(hidden.is_err(), "the panel is closed at first");
    // Followed, ticked and sent by keys: on a page with a fragment and no
    // JavaScript, chromedriver's clicks wait forever for the page to settle.
    let link = b.find(".filters-link").await.attr("href").await.unwrap();
    assert_eq!(link.as_deref(), Some("/?sort=sales#filters"));
    b.client.goto("about:blank").await.unwrap();
    b.client.goto(&server.url(&link.unwrap())).await.unwrap();
    b.screenshot("no-js-filters-390").await;
    let keys = |css: String, keys: &'static str| async move {
        let element = b.find(&css).await;
        let sent = element.send_keys(keys).await;
        sent.unwrap_or_else(|e| panic!("{css} takes no keys (hidden?): {e}"));
    };
    keys(checkbox, " ").await;
    keys("#filter-form button[type=submit]".into(), "\u{e007}").await;
    let at = b
        .until("the chosen category's URL", || async {
            let at = b.path_and_query().await;
            at.contains("category=").then_some(at)
        })
        .await;
    assert_eq!(at, format!("/?category={category}&sort=sales"));
    browser.close().await;
}

/// Catalog version `k` of the swap test: every title says `第{k}版`.
fn version_rows(k: u32) -> Vec<serde_json::Value> {
    (1..=30)
        .map(|n| {
            json!({
                "id": format!("v-{n}"), "title": format!("第{k}版 运动鞋{n}"),
                "category": "sports-shoes", "city": "jinjiang", "belt": "jinjiang-sports-shoes",
                "unit": "双", "moq": 1, "tiers": [{ "min_qty": 1, "price_fen": 1000 + k }],
                "goods_kind": "white-label",
                "supplier": { "name": format!("晋江第{k}厂"), "kind": "source-factory" }
            })
        })
        .collect()
}

/// Every answer a page embeds, by API path: `(status, body)`.
fn embedded(html: &str) -> serde_json::Map<String, serde_json::Value> {
    let start = format!("id=\"{}\">", beltmart::rendering::EMBEDDED_ID);
    let at = html.find(&start).expect("the page embeds its answers") + start.len();
    let json = &html[at..at + html[at..].find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    data["answers"].as_object().unwrap().clone()
}

/// Checks that a page embeds answers of one catalog version, and that every
/// title in them is of that version (`versions`: version → k); the version.
async fn one_version(
    html: &str,
    path: &str,
    versions: &std::sync::Mutex<std::collections::HashMap<String, u32>>,
) -> String {
    let answers = embedded(html);
    let in_page: std::collections::BTreeSet<&str> = answers
        .values()
        .filter_map(|answer| answer["body"]["catalog_version"].as_str())
        .collect();
    assert_eq!(in_page.len(), 1, "{path} embeds versions {in_page:?}");
    let version = in_page.first().unwrap().to_string();
    // Imports commit before their version is noted: wait for it.
    let k = loop {
        if let Some(&k) = versions.lock().unwrap().get(&version) {
            break k;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let titles = answers.values().flat_map(|answer| {
        let body = &answer["body"];
        let items = body["items"].as_array().cloned().unwrap_or_default();
        items
            .into_iter()
            .chain([body.clone()])
            .filter_map(|item| item["title"].as_str().map(str::to_owned))
    });
    for title in titles {
        let of_k = format!("第{k}版");
        assert!(
            title.starts_with(&of_k),
            "{path} of {version} embeds {title}"
        );
    }
    version
}

/// Pages rendered while imports swap the catalog as fast as the server follows
/// them (twice a second), by four shoppers at once asking for pages never
/// rendered before (so each is rendered, not read from the page cache), some
/// with an embedded answer held back 600 ms so that a swap falls between the
/// answers a page asks for: each embeds answers of one version only, the
/// version whose titles they show.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_page_embeds_one_catalog_version_while_imports_swap_them() {
    let db = temp_db();
    let held_back = ["--test-delay-embedded", "per_page=7=600"];
    let mut server = TestServer::start_with(db.clone(), "127.0.0.1:0", &held_back);
    let versions = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
    let first = import_rows(&db, "replace", &version_rows(1));
    versions.lock().unwrap().insert(first.clone(), 1);
    while !page(&server, "/").await.1.contains("第1版 运动鞋") {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let importer = {
        let (db, versions) = (db.clone(), versions.clone());
        std::thread::spawn(move || {
            for k in 2..=8 {
                let version = import_rows(&db, "replace", &version_rows(k));
                versions.lock().unwrap().insert(version, k);
                std::thread::sleep(Duration::from_millis(400));
            }
        })
    };
    let importer = std::sync::Arc::new(importer);
    let shoppers = (0..4).map(|shopper| {
        let (url, versions, importer) = (server.url(""), versions.clone(), importer.clone());
        tokio::spawn(async move {
            let mut seen = std::collections::BTreeSet::new();
            let mut n = 0;
            while !importer.is_finished() {
                n += 1;
                let path = match shopper {
                    0 if n % 3 == 0 => format!("/?per_page=7&page={n}"),
                    0 => format!("/?per_page={}", 1 + n % 100),
                    1 => format!("/?city=jinjiang&per_page={}", 1 + n % 100),
                    2 => format!("/?q=%E8%BF%90%E5%8A%A8%E9%9E%8B&per_page={}", 1 + n % 100),
                    _ => format!("/product/v-{}?n={n}", 1 + n % 30),
                };
                let response = reqwest::get(format!("{url}{path}")).await.unwrap();
                assert_eq!(response.status(), 200, "{path}");
                let html = response.text().await.unwrap();
                seen.insert(one_version(&html, &path, &versions).await);
            }
            (n, seen)
        })
    });
    let (mut pages, mut seen) = (0, std::collections::BTreeSet::new());
    for shopper in shoppers.collect::<Vec<_>>() {
        let (n, versions) = shopper.await.unwrap();
        pages += n;
        seen.extend(versions);
    }
    server.stop();
    assert!(
        seen.len() >= 4,
        "pages rendered from {} versions only",
        seen.len()
    );
    eprintln!(
        "{pages} pages rendered from {} catalog versions, each embedding one",
        seen.len()
    );
}
