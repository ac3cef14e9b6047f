//! A factory's page, as a shopper reaches it: from a product to its factory,
//! who vouched for each fact and when, how it compares with its belt, its
//! products in the catalog's filters, and back. The server renders it (with
//! `Organization` JSON-LD) and answers an unknown factory with the 404 page.

use beltmart_contract::{ProductList, SupplierDetail};
use fantoccini::Locator;

use crate::*;

const SIZES: [(u32, u32); 2] = [(1280, 800), (390, 844)];

/// Every fact's evidence, certificate and audit of a profile, and how many have expired.
fn evidence_counts(factory: &SupplierDetail) -> (usize, usize) {
    let p = &factory.profile;
    let f = &p.facts;
    let evidence: Vec<bool> = [
        f.staff.as_ref().map(|x| x.evidence.expired),
        f.workshop_m2.as_ref().map(|x| x.evidence.expired),
        f.annual_capacity.as_ref().map(|x| x.evidence.expired),
        f.main_categories.as_ref().map(|x| x.evidence.expired),
    ]
    .into_iter()
    .flatten()
    .chain(p.certificates.iter().map(|c| c.evidence.expired))
    .chain(p.audits.iter().map(|a| a.evidence.expired))
    .collect();
    let expired = evidence.iter().filter(|&&e| e).count();
    (evidence.len(), expired)
}

#[tokio::test]
async fn from_a_product_to_its_factory_its_facts_its_products_and_back() {
    let _one = browser_lock().await;
    let server = shared_server();
    // A 专精特新 factory: audited, with a certificate number.
    let list: ProductList = api(server, "/api/v1/products?supplier_kind=specialized").await;
    let product = &list.items[0];
    let id = &product.supplier.id;
    let factory: SupplierDetail = api(server, &format!("/api/v1/suppliers/{id}")).await;
    let certificate = &factory.profile.certificates[0];
    let (facts, expired) = evidence_counts(&factory);
    for size in SIZES {
        let browser = Browser::open(size.0, size.1).await;
        let b = &browser;
        b.visit(server, &format!("/product/{}", product.id)).await;
        b.click(".supplier .button").await;
        b.wait_for_path(&format!("/factory/{id}")).await;
        let heading = b.find(".factory-header h1").await.text().await.unwrap();
        assert_eq!(heading, factory.profile.name);
        let kinds = b.find(".factory-kinds").await.text().await.unwrap();
        assert!(kinds.contains("专精特新"), "{kinds}");
        let evidence = b.client.find_all(Locator::Css(".evidence")).await.unwrap();
        assert_eq!(evidence.len(), facts, "one evidence line per fact");
        let marks = b
            .client
            .find_all(Locator::Css(".expired-mark"))
            .await
            .unwrap();
        assert_eq!(marks.len(), expired, "every expired fact is marked");
        let text = b.find(".factory-facts").await.text().await.unwrap();
        assert!(text.contains(&certificate.number), "{text}");
        assert!(text.contains(&certificate.evidence.as_of), "{text}");
        let peers = b.find(".factory-peers").await.text().await.unwrap();
        if let Some(pct) = factory.peers.cheaper_than_pct {
            assert!(peers.contains(&format!("{pct}%")), "{peers}");
        }
        let shown = (factory.product_count as usize).min(8);
        b.until("the factory's cards", || async {
            let cards = b
                .client
                .find_all(Locator::Css(".factory-products .card"))
                .await
                .ok()?;
            (cards.len() == shown).then_some(())
        })
        .await;
        b.screenshot(&format!("factory-{}", size.0)).await;

        b.click(".factory-all").await;
        b.wait_for_path(&format!("/?supplier={id}")).await;
        assert_eq!(b.settled_count().await, factory.product_count);
        let chip = b.find(".applied .chip").await.text().await.unwrap();
        assert!(
            chip.contains(&factory.profile.name),
            "the chip names the factory: {chip}"
        );
        b.client.back().await.unwrap();
        b.wait_for_path(&format!("/factory/{id}")).await;
        b.find(".factory-header h1").await;
        let errors = b.console_errors().await;
        assert!(errors.is_empty(), "{errors:?}");
        browser.close().await;
    }
}

#[tokio::test]
async fn a_factory_page_is_html_for_search_engines_and_an_unknown_one_is_404() {
    let server = shared_server();
    let list: ProductList = api(server, "/api/v1/products?per_page=1").await;
    let id = &list.items[0].supplier.id;
    let response = reqwest::get(server.url(&format!("/factory/{id}")))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("\"@type\":\"Organization\""), "{html}");
    assert!(html.contains(&format!("/factory/{id}\"")), "canonical");
    assert!(
        html.contains("class=\"factory-header\""),
        "rendered, not the shell"
    );
    let missing = reqwest::get(server.url("/factory/no-such-factory"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_belt_lists_its_factories_searchable_by_name_and_kind() {
    use beltmart_contract::SupplierList;
    let _one = browser_lock().await;
    let server = shared_server();
    let list: ProductList = api(server, "/api/v1/products?per_page=1").await;
    let belt = &list.items[0].belt;
    let factories: SupplierList = api(server, &format!("/api/v1/suppliers?belt={belt}")).await;
    let first = &factories.items[0];
    let in_belt: ProductList = api(server, &format!("/api/v1/products?belt={belt}")).await;
    let listed: Vec<&str> = in_belt
        .belt_factories
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert!(!listed.is_empty());
    for size in SIZES {
        let browser = Browser::open(size.0, size.1).await;
        let b = &browser;
        b.visit(server, &format!("/?belt={belt}")).await;
        // The header lists the factories with the most products, as the API orders them.
        let links = b
            .client
            .find_all(Locator::Css(".belt-factories a"))
            .await
            .unwrap();
        let mut names = Vec::new();
        for link in links {
            names.push(link.text().await.unwrap());
        }
        assert_eq!(names, listed);
        b.click(".belt-factories a").await;
        b.wait_for_path(&format!("/factory/{}", in_belt.belt_factories[0].id))
            .await;
        b.client.back().await.unwrap();
        b.wait_for_path(&format!("/?belt={belt}")).await;
        b.click(".belt-all").await;
        b.wait_for_path(&format!("/factories?belt={belt}")).await;
        let names = b
            .until("the belt's factories", || async {
                let rows = b
                    .client
                    .find_all(Locator::Css(".factory-name"))
                    .await
                    .ok()?;
                let mut names = Vec::new();
                for row in rows {
                    names.push(row.text().await.ok()?);
                }
                (names.len() == factories.items.len()).then_some(names)
            })
            .await;
        // Most products first, as the API orders them.
        let expected: Vec<&str> = factories.items.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, expected);
        b.screenshot(&format!("factories-{}", size.0)).await;

        // By name: a part of the first factory's name finds it.
        let part: String = first.name.chars().skip(2).take(2).collect();
        let input = b.find("#factory-q").await;
        input.send_keys(&part).await.unwrap();
        b.click(".factory-search button").await;
        b.until("the name search", || async {
            let url = b.path_and_query().await;
            url.contains("q=").then_some(())
        })
        .await;
        let found = b.find(".factory-rows").await.text().await.unwrap();
        assert!(found.contains(&first.name), "{found}");
        b.click(".factory-name").await;
        b.until("a factory page", || async {
            b.path_and_query()
                .await
                .starts_with("/factory/")
                .then_some(())
        })
        .await;
        browser.close().await;
    }
}
