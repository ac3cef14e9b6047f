//! robots.txt and the sitemaps, from the real server over HTTP: every product,
//! category and belt with products is listed once, in the codec's canonical
//! form, and past 50 000 URLs the sitemap becomes an index of parts.

mod support;

use std::collections::HashSet;

use beltmart_contract::{Facet, ProductList, Taxonomy};

const PUBLIC: &str = "https://shop.example.com";

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn json<T: serde::de::DeserializeOwned>(url: &str) -> T {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

/// The `<loc>`s of a sitemap or sitemap index.
fn locations(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap().replace("&amp;", "&"))
        .collect()
}

/// What a sitemap of `server` should list.
async fn expected_pages(server: &str) -> HashSet<String> {
    let taxonomy: Taxonomy = json(&format!("{server}/api/v1/taxonomy")).await;
    let all: ProductList = json(&format!("{server}/api/v1/products?per_page=1")).await;
    let has_products = |facet: Facet, id: &str| all.facets.count(facet, id).unwrap_or(0) > 0;
    let mut pages: HashSet<String> = [format!("{PUBLIC}/"), format!("{PUBLIC}/belts")].into();
    for category in taxonomy.all_categories() {
        if has_products(Facet::Category, &category.id) {
            pages.insert(format!("{PUBLIC}/?category={}", category.id));
        }
    }
    for (_, belt) in taxonomy.all_belts() {
        if has_products(Facet::Belt, &belt.id) {
            pages.insert(format!("{PUBLIC}/?belt={}", belt.id));
        }
    }
    let mut page = 1;
    loop {
        let list: ProductList = json(&format!(
            "{server}/api/v1/products?sort=newest&per_page=100&page={page}"
        ))
        .await;
        if list.items.is_empty() {
            break;
        }
        pages.extend(
            list.items
                .iter()
                .map(|p| format!("{PUBLIC}/product/{}", p.id)),
        );
        page += 1;
    }
    // Every factory with products has its page (one with none is `noindex`).
    for page in 1.. {
        let url = format!("{server}/api/v1/suppliers?per_page=100&page={page}");
        let list: beltmart_contract::SupplierList = json(&url).await;
        if list.items.is_empty() {
            break;
        }
        let selling = list.items.iter().filter(|f| f.product_count > 0);
        pages.extend(selling.map(|f| format!("{PUBLIC}/factory/{}", f.id)));
    }
    pages
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_off_the_api_and_names_the_sitemap() {
    let server = support::spawn_server(&["--products", "50", "--public-url", PUBLIC]);
    let (status, robots) = get(&format!("{server}/robots.txt")).await;
    assert_eq!(status, 200);
    assert!(robots.contains("Disallow: /api/\n"), "{robots}");
    // A buyer's private page and the pages kept in the browser are not for search engines.
    assert!(robots.contains("Disallow: /inquiry\n"), "{robots}");
    assert!(robots.contains("Allow: /api/v1/images/\n"), "{robots}");
    assert!(
        robots.contains(&format!("Sitemap: {PUBLIC}/sitemap.xml\n")),
        "{robots}"
    );
}

#[tokio::test]
async fn the_sitemap_lists_every_product_category_belt_and_factory_with_products_once() {
    let server = support::spawn_server(&["--products", "3000", "--public-url", PUBLIC]);
    let (status, sitemap) = get(&format!("{server}/sitemap.xml")).await;
    assert_eq!(status, 200);
    assert!(sitemap.contains("<urlset"), "one file below 50 000 URLs");
    let listed = locations(&sitemap);
    let unique: HashSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "a URL listed twice");
    assert_eq!(unique, expected_pages(&server).await);
}

#[tokio::test]
async fn past_50_000_urls_the_sitemap_is_an_index_of_parts() {
    let server = support::spawn_server(&["--products", "50000", "--public-url", PUBLIC]);
    let (_, index) = get(&format!("{server}/sitemap.xml")).await;
    assert!(index.contains("<sitemapindex"), "{}", &index[..200]);
    let parts = locations(&index);
    assert_eq!(
        parts,
        [
            format!("{PUBLIC}/sitemaps/1.xml"),
            format!("{PUBLIC}/sitemaps/2.xml")
        ]
    );
    let mut listed = Vec::new();
    for part in 1..=2 {
        let (status, xml) = get(&format!("{server}/sitemaps/{part}.xml")).await;
        assert_eq!(status, 200);
        let urls = locations(&xml);
        assert!(urls.len() <= 50_000, "part {part} has {} URLs", urls.len());
        listed.extend(urls);
    }
    assert!(listed.len() > 50_000);
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a URL in two parts");
    assert!(listed.contains(&format!("{PUBLIC}/product/p50000")));
    for missing in ["3.xml", "0.xml", "one.xml", "18446744073709551615.xml"] {
        let (status, body) = get(&format!("{server}/sitemaps/{missing}")).await;
        assert_eq!(status, 404, "{missing}");
        assert!(body.contains("\"not_found\""), "{body}");
    }
}

/// robots.txt as a client naming `host` gets it: status, body, ETag.
async fn robots_for(server: &str, host: &str) -> (u16, String, String) {
    let response = reqwest::Client::new()
        .get(format!("{server}/robots.txt"))
        .header("host", host)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get("etag")
        .map_or(String::new(), |e| e.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), etag)
}

#[tokio::test]
async fn a_foreign_host_never_becomes_a_url() {
    // No --public-url: URLs name the listening address, whatever Host a client sends.
    let server = support::spawn_server(&["--products", "50"]);
    let (status, robots, _) = robots_for(&server, "evil.example").await;
    assert_eq!(status, 200);
    assert!(
        robots.contains(&format!("Sitemap: {server}/sitemap.xml")),
        "{robots}"
    );
    assert!(!robots.contains("evil"), "{robots}");

    // --allowed-hosts: those hosts get URLs of their own, each with its own ETag; others 400.
    let server = support::spawn_server(&[
        "--products",
        "50",
        "--allowed-hosts",
        "shop.example,www.shop.example",
    ]);
    let (_, shop, shop_tag) = robots_for(&server, "shop.example").await;
    assert!(
        shop.contains("Sitemap: http://shop.example/sitemap.xml"),
        "{shop}"
    );
    let (_, www, www_tag) = robots_for(&server, "WWW.shop.example").await;
    assert!(
        www.contains("Sitemap: http://WWW.shop.example/sitemap.xml")
            || www.contains("http://www.shop.example"),
        "{www}"
    );
    assert_ne!(shop_tag, www_tag, "an ETag names its host");
    let (status, refused, _) = robots_for(&server, "evil.example").await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.contains("invalid_host"), "{refused}");
    let health = reqwest::Client::new()
        .get(format!("{server}/healthz"))
        .header("host", "10.0.0.7:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(
        health.status(),
        200,
        "a load balancer's check names an address"
    );
}
