//! Accessibility as axe-core checks it: no violation on the catalog, a product
//! page, the belts page and a 进货单 with a line in it, on a desktop (1280 px)
//! and a phone (390 px), once the app has started on each; and on the catalog
//! as the browser renders it, not the server. axe-core is npm's (`ensure_axe`
//! in scripts/tools.sh puts it in `.tools/`).

use beltmart_contract::ProductList;
use fantoccini::Locator;

use crate::*;

const SIZES: [(u32, u32); 2] = [(1280, 800), (390, 844)];

/// axe-core's script, as `ensure_axe` installs it.
fn axe_source() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: scripts/test.sh installs axe-core (ensure_axe in scripts/tools.sh)",
            path.display()
        )
    })
}

/// Runs axe-core (every rule it runs by default) on the page as it is now:
/// its violations, each as a line naming the page, the rule, its impact and
/// the first few elements it found.
async fn violations(b: &Browser, axe: &str, page: &str) -> Vec<String> {
    // Through the driver, not a `<script>` in the page, whose CSP allows no
    // inline script: the driver's scripts are not the page's.
    b.client
        .execute(axe, vec![])
        .await
        .unwrap_or_else(|e| panic!("axe-core does not load in {page}: {e}"));
    let run = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
            .then(results => done(results.violations.map(v =>
                `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s): ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
            .catch(error => done([`axe-core failed: ${error}`]));
    "#;
    let found = b
        .client
        .execute_async(run, vec![])
        .await
        .unwrap_or_else(|e| panic!("axe-core does not run in {page}: {e}"));
    let found: Vec<String> = serde_json::from_value(found).unwrap();
    found.into_iter().map(|v| format!("{page}: {v}")).collect()
}

#[tokio::test]
async fn pages_have_no_axe_core_violations_on_desktop_and_phone() {
    let _one = browser_lock().await;
    let server = shared_server();
    let axe = axe_source();
    let list: ProductList = api(server, "/api/v1/products").await;
    let product = format!("/product/{}", list.items[0].id);
    let mut found = Vec::new();
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        let at = |path: &str| format!("{path} at {width} px");

        b.visit(server, "/").await;
        b.settled_count().await;
        if width >= 1000 {
            // Beside the results, the app's filter panel replaces the server's.
            b.until_app_panel().await;
        }
        found.extend(violations(b, &axe, &at("/")).await);

        b.visit(server, &product).await;
        b.find(".product-info h1").await;
        found.extend(violations(b, &axe, &at(&product)).await);
        // The 进货单 gets a line from the product page.
        b.click(".product-info .add-to-list").await;
        b.until("the header to count one line", || async {
            let count = b.client.find(Locator::Css(".list-count")).await.ok()?;
            (count.text().await.ok()? == "1").then_some(())
        })
        .await;

        b.visit(server, "/belts").await;
        b.find(".belt-map .map-dot").await;
        b.find(".belt-province").await;
        found.extend(violations(b, &axe, &at("/belts")).await);

        // The browser renders the 进货单 (index.html's build), and so the
        // catalog it goes back to.
        b.visit(server, "/list").await;
        b.find(".list-line").await;
        found.extend(violations(b, &axe, &at("/list")).await);
        b.eval("window.stayed = true").await;
        b.click(".brand").await;
        b.wait_for_path("/").await;
        b.settled_count().await;
        let stayed = b.eval("return window.stayed === true").await;
        assert_eq!(
            stayed,
            serde_json::json!(true),
            "the app went to the catalog itself"
        );
        found.extend(violations(b, &axe, &at("/ (rendered in the browser)")).await);
        browser.close().await;
    }
    assert!(
        found.is_empty(),
        "axe-core found violations:\n{}",
        found.join("\n")
    );
}
