//! Click to painted results, measured in the page with performance.now():
//! not a test of speed (timings are not asserted), a measurement the bench
//! runs against a release server it started (`scripts/bench.sh`):
//!
//!   BELTMART_PERF_URL=http://127.0.0.1:18790/ BELTMART_PERF_OUT=target/bench/click.json \
//!     cargo test -p beltmart --test e2e -- --ignored --exact perf::click_to_paint

use std::time::Duration;

use serde_json::json;

use crate::*;

/// Clicks a facet option and resolves, once the new results are in the DOM
/// and the frame after it has been painted, with the milliseconds it took and
/// whether the answer came over the network (the results went busy) or from
/// the SPA's recent answers.
const CLICK_AND_TIME: &str = r#"
const [css, done] = [arguments[0], arguments[arguments.length - 1]];
const results = document.querySelector('.results');
const count = () => document.querySelector('.result-count')?.textContent;
const before = count();
let fetched = false;
const observer = new MutationObserver(() => {
  if (results.getAttribute('aria-busy') === 'true') fetched = true;
  if (results.getAttribute('aria-busy') === 'false' && count() !== before) {
    observer.disconnect();
    const dom = performance.now() - start;
    // rAF runs just before the paint; a task queued from it runs just after.
    requestAnimationFrame(() => setTimeout(() => done({ ms: performance.now() - start, dom, fetched })));
  }
});
observer.observe(document.querySelector('.beltmart'), { subtree: true, childList: true, attributes: true, characterData: true });
const start = performance.now();
document.querySelector(css).click();
"#;

/// How long the bench's pointer rests on an option before clicking it, in
/// the pass that uses a mouse as a shopper does: less than the time between
/// hover and click that instant.page reports for people (about 300 ms).
const HOVER: Duration = Duration::from_millis(150);

#[tokio::test]
#[ignore = "a measurement for scripts/bench.sh, against a server it starts"]
async fn click_to_paint() {
    let url = std::env::var("BELTMART_PERF_URL").expect("BELTMART_PERF_URL: the storefront");
    let out = std::env::var("BELTMART_PERF_OUT").expect("BELTMART_PERF_OUT: where to write");
    let rounds: usize = std::env::var("BELTMART_PERF_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let browser = Browser::open(1280, 800).await;
    let b = &browser;
    let mut samples = Vec::new();
    // Two passes, each on a fresh page and its own cities: clicks with no
    // pointer on the option first (a script's click, as keyboard or
    // assistive tech would), then as a mouse does, resting on it first.
    for hover in [None, Some(HOVER)] {
        let cities = open_cities(b, &url).await;
        let cities = match hover {
            None => &cities[..cities.len() / 2],
            Some(_) => &cities[cities.len() / 2..],
        };
        // Each round turns every city on and off again: new queries in the first
        // round, answers the SPA remembers in the later ones.
        for round in 0..rounds {
            for city in cities {
                for _on_then_off in 0..2 {
                    let css = format!("input[name=city][value=\"{city}\"]");
                    if let Some(rest) = hover {
                        b.rest_pointer_on(&format!("label:has(> {css})"), rest)
                            .await;
                    }
                    let timing = b
                        .client
                        .execute_async(CLICK_AND_TIME, vec![json!(css)])
                        .await
                        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
                    samples.push(json!({
                        "round": round, "city": city, "ms": timing["ms"], "dom_ms": timing["dom"],
                        "fetched": timing["fetched"], "hover_ms": hover.map_or(0, |h| h.as_millis()),
                    }));
                }
            }
        }
    }
    std::fs::write(&out, serde_json::to_vec_pretty(&samples).unwrap()).unwrap();
    browser.close().await;
}

/// Loads the catalog, opens the first province and its "更多" as a shopper
/// would, and returns up to twenty of its cities that can be chosen.
async fn open_cities(b: &Browser, url: &str) -> Vec<String> {
    // A fresh visit: the groups a shopper opened before are remembered.
    b.client.goto(url).await.unwrap();
    b.eval("localStorage.clear(); sessionStorage.clear()").await;
    b.client.goto(url).await.unwrap();
    b.settled_count().await;
    // Clicking the server's panel while the app's replaces it finds stale elements.
    b.until_app_panel().await;
    b.eval("document.querySelector('.facet-search').closest('.filter').querySelector('.group-toggle').click()")
        .await;
    b.click(".facet-search ~ .group .more").await;
    b.find("input[name=city]").await;
    let cities: Vec<String> = serde_json::from_value(
        b.eval(
            "return [...document.querySelectorAll('input[name=city]:not([disabled])')]\
             .slice(0, 20).map(i => i.value)",
        )
        .await,
    )
    .unwrap();
    assert!(
        cities.len() >= 10,
        "the catalog page lists cities: {cities:?}"
    );
    cities
}
