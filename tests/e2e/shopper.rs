//! The shopper experience: facets that behave, price help, keyword search,
//! quick filters, applied chips, belts, the phone drawer, calm loading,
//! English, keyboard use — on a desktop (1280 px) and a phone (390 px).

use beltmart_contract::{CatalogQuery, ProductList, Taxonomy};
use fantoccini::Locator;
use fantoccini::key::Key;

use crate::*;

const DESKTOP: (u32, u32) = (1280, 800);
const PHONE: (u32, u32) = (390, 844);

async fn open(size: (u32, u32)) -> Browser {
    Browser::open(size.0, size.1).await
}

/// On a phone the filters live in the drawer: open it first.
async fn open_filters(b: &Browser, size: (u32, u32)) {
    if size == PHONE {
        b.open_drawer().await;
    }
}

async fn apply_filters(b: &Browser, size: (u32, u32)) {
    if size == PHONE {
        b.click(".drawer-apply").await;
    }
}

async fn texts_of(b: &Browser, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in b.client.find_all(Locator::Css(css)).await.unwrap() {
        out.push(el.text().await.unwrap());
    }
    out
}

/// Several cities in one facet (OR); the chosen city keeps its place; zero-count values are
/// disabled, not hidden; a long province shows "更多 (N)"; the filter box finds cities.
#[tokio::test]
async fn facets_behave_on_desktop_and_phone() {
    let _one = browser_lock().await;
    let server = shared_server();
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, "/").await;
        b.settled_count().await;
        open_filters(b, size).await;

        // The filter box: Chinese or pinyin.
        let search = b.find(".facet-search input").await;
        search.send_keys("义乌").await.unwrap();
        b.find("input[name=city][value=yiwu]").await;
        search.clear().await.unwrap();
        search.send_keys("yiwu").await.unwrap();
        b.find("input[name=city][value=yiwu]").await;
        search.clear().await.unwrap();

        // Two cities of the busiest province: OR within the facet.
        let all: ProductList = api(server, "/api/v1/products").await;
        let busiest_province = taxonomy
            .regions
            .iter()
            .max_by_key(|p| {
                p.cities
                    .iter()
                    .map(|c| all.facets.city.iter().find(|f| f.id == c.id).unwrap().count)
                    .sum::<u64>()
            })
            .unwrap();
        assert!(
            busiest_province.cities.len() > 5,
            "the busiest province is long enough to fold"
        );
        b.click(&format!(
            "[data-group='{}'] .group-toggle",
            busiest_province.id
        ))
        .await;
        let more = b
            .find(&format!("[data-group='{}'] .more", busiest_province.id))
            .await;
        let more_text = more.text().await.unwrap();
        assert!(
            more_text.contains(&format!("({})", busiest_province.cities.len() - 5)),
            "{more_text}"
        );
        let (first, second) = (
            &busiest_province.cities[0].id,
            &busiest_province.cities[1].id,
        );
        let names_before = texts_of(b, ".filters .facet-label").await;
        b.click(&format!("input[name=city][value='{first}']")).await;
        b.click(&format!("input[name=city][value='{second}']"))
            .await;
        apply_filters(b, size).await;
        b.wait_for_path(&format!("/?city={first},{second}")).await;
        let shown = b.settled_count().await;
        let expected: ProductList =
            api(server, &format!("/api/v1/products?city={first},{second}")).await;
        assert_eq!(shown, expected.total);
        for card in b.cards().await {
            assert!(card.city == *first || card.city == *second, "{card:?}");
        }
        open_filters(b, size).await;
        // Nothing moved: the same options in the same order, the chosen ones still there.
        let names_after = texts_of(b, ".filters .facet-label").await;
        let common = names_before.len().min(names_after.len());
        assert_eq!(names_before[..common], names_after[..common]);
        assert!(
            b.find(&format!("input[name=city][value='{first}']"))
                .await
                .is_selected()
                .await
                .unwrap()
        );
        // Categories with no products in these cities are disabled, still listed.
        let mut disabled = Vec::new();
        for input in b
            .client
            .find_all(Locator::Css(".filters input[name=category]:disabled"))
            .await
            .unwrap()
        {
            disabled.push(input.attr("value").await.unwrap().unwrap());
        }
        let zero_top_level: Vec<String> = expected
            .facets
            .category
            .iter()
            .filter(|c| c.count == 0 && taxonomy.categories.iter().any(|t| t.id == c.id))
            .map(|c| c.id.clone())
            .collect();
        assert!(!zero_top_level.is_empty());
        assert_eq!(
            disabled, zero_top_level,
            "every zero-count category is disabled, none hidden"
        );
        b.screenshot(&format!("facets-{}", size.0)).await;
        browser.close().await;
    }
}

/// Bands with counts, sensible custom inputs, and the histogram with the chosen range.
#[tokio::test]
async fn price_bands_inputs_and_histogram() {
    let _one = browser_lock().await;
    let server = shared_server();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, "/").await;
        b.settled_count().await;
        open_filters(b, size).await;
        let bars = b
            .client
            .find_all(Locator::Css(".histogram .bar"))
            .await
            .unwrap();
        assert!(bars.len() > 5, "a histogram of the prices is drawn");
        let band_counts = texts_of(b, "label:has(input[name=price]) .facet-count").await;
        assert!(
            band_counts.iter().all(|c| c.parse::<u64>().is_ok()),
            "every band has a count: {band_counts:?}"
        );

        let inputs = b
            .client
            .find_all(Locator::Css(".price-range input"))
            .await
            .unwrap();
        inputs[0].send_keys("50").await.unwrap();
        inputs[1].send_keys("10").await.unwrap();
        b.click(".price-range button").await;
        let problem = b.find(".filters .field-error").await.text().await.unwrap();
        assert!(!problem.is_empty());
        assert_eq!(
            b.path_and_query().await,
            "/",
            "a wrong range changes nothing"
        );

        inputs[0].clear().await.unwrap();
        inputs[0].send_keys("10").await.unwrap();
        inputs[1].clear().await.unwrap();
        inputs[1].send_keys("30.5").await.unwrap();
        b.click(".price-range button").await;
        apply_filters(b, size).await;
        b.wait_for_path("/?price=10-30.5").await;
        b.settled_count().await;
        for card in b.cards().await {
            assert!((1000..=3050).contains(&card.price_fen), "{card:?}");
        }
        open_filters(b, size).await;
        let chosen = b
            .client
            .find_all(Locator::Css(".histogram .bar.chosen"))
            .await
            .unwrap();
        assert!(!chosen.is_empty(), "the chosen range is highlighted");
        browser.close().await;
    }
}

/// Typing searches after a pause, keeps the filters, and relevance puts title matches first.
#[tokio::test]
async fn keyword_search_is_debounced_and_combined() {
    let _one = browser_lock().await;
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let city = busiest(&all.facets.city, |_| true);
    let in_city: ProductList = api(server, &format!("/api/v1/products?city={city}")).await;
    // A two-character word from a real title in that city.
    let word: String = in_city.items[0]
        .title
        .split(' ')
        .find(|w| w.chars().count() >= 2)
        .unwrap()
        .chars()
        .take(2)
        .collect();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, &format!("/?city={city}")).await;
        b.settled_count().await;
        b.find("#search-input")
            .await
            .send_keys(&word)
            .await
            .unwrap();
        let query = CatalogQuery {
            q: word.clone(),
            city: vec![city.clone()],
            ..Default::default()
        };
        b.until("the keyword in the URL", || async {
            let url = b.client.current_url().await.ok()?;
            let parsed = CatalogQuery::parse(url.query().unwrap_or("")).ok()?;
            (parsed == query).then_some(())
        })
        .await;
        let shown = b.settled_count().await;
        let expected: ProductList =
            api(server, &format!("/api/v1/products?{}", query.render())).await;
        assert_eq!(shown, expected.total);
        assert!(
            expected.items[0].title.contains(&word),
            "a title match comes first"
        );
        for card in b.cards().await {
            assert_eq!(card.city, city);
        }
        browser.close().await;
    }
}

/// Quick filters above the list, applied-filter chips with one-tap removal and "清除全部",
/// and a result count announced to screen readers.
#[tokio::test]
async fn quick_filters_and_applied_chips() {
    let _one = browser_lock().await;
    let server = shared_server();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, "/?city=yiwu").await;
        b.settled_count().await;
        b.click("button[data-facet=goods_kind][data-value=white-label]")
            .await;
        b.wait_for_path("/?city=yiwu&goods_kind=white-label").await;
        b.click("button[data-facet=supplier_kind][data-value=source-factory]")
            .await;
        b.wait_for_path("/?city=yiwu&goods_kind=white-label&supplier_kind=source-factory")
            .await;
        let shown = b.settled_count().await;
        let expected: ProductList = api(
            server,
            "/api/v1/products?city=yiwu&goods_kind=white-label&supplier_kind=source-factory",
        )
        .await;
        assert_eq!(shown, expected.total);
        let pressed = b
            .find("button[data-facet=goods_kind][data-value=white-label]")
            .await;
        assert_eq!(
            pressed.attr("aria-pressed").await.unwrap().as_deref(),
            Some("true")
        );
        let live = b.find(".result-count").await;
        assert_eq!(
            live.attr("aria-live").await.unwrap().as_deref(),
            Some("polite")
        );

        let chips = texts_of(b, ".applied .chip").await;
        assert_eq!(chips.len(), 3, "{chips:?}");
        assert!(chips[0].contains("义乌"), "{chips:?}");
        b.click(".applied li:first-child .chip").await;
        b.wait_for_path("/?goods_kind=white-label&supplier_kind=source-factory")
            .await;
        b.click(".applied .clear-all").await;
        b.wait_for_path("/").await;
        browser.close().await;
    }
}

/// /belts lists every belt with its products; one opens the catalog with the belt's header.
#[tokio::test]
async fn belts_page_and_belt_header() {
    let _one = browser_lock().await;
    let server = shared_server();
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    let belts: Vec<_> = taxonomy
        .regions
        .iter()
        .flat_map(|p| &p.cities)
        .flat_map(|c| &c.belts)
        .collect();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, "/").await;
        b.click(".nav-link").await;
        b.wait_for_path("/belts").await;
        b.until("every belt listed with its count", || async {
            let links = b.client.find_all(Locator::Css(".belt-link")).await.ok()?;
            let last = links.last()?.text().await.ok()?;
            (links.len() == belts.len() && last.contains('·')).then_some(())
        })
        .await;
        b.screenshot(&format!("belts-{}", size.0)).await;
        let belt = &belts[0];
        b.click(".belt-link").await;
        b.wait_for_path(&format!("/?belt={}", belt.id)).await;
        let header = b.find(".belt-header h1").await.text().await.unwrap();
        assert_eq!(header, belt.name_zh);
        let stats = b
            .find(".belt-header .belt-stats")
            .await
            .text()
            .await
            .unwrap();
        assert!(stats.contains(&belt.factories.to_string()), "{stats}");
        browser.close().await;
    }
}

/// On a phone the drawer collects changes, shows the live count for them, and
/// reloads the list only when the shopper taps "显示 N 件商品"; nothing scrolls
/// sideways and every control is a comfortable tap.
#[tokio::test]
async fn phone_drawer_counts_live_and_applies_once() {
    let _one = browser_lock().await;
    let server = shared_server();
    let all: ProductList = api(server, "/api/v1/products").await;
    let category = busiest(&all.facets.category, |id| {
        all.facets.category.iter().position(|c| c.id == id).unwrap() < 12
    });
    let browser = open(PHONE).await;
    let b = &browser;
    b.visit(server, "/").await;
    let before = b.settled_count().await;
    let width: serde_json::Value = b
        .eval("return [document.documentElement.scrollWidth, window.innerWidth]")
        .await;
    assert!(
        width[0].as_f64() <= width[1].as_f64(),
        "nothing scrolls sideways: {width}"
    );

    b.open_drawer().await;
    b.click(&format!("input[name=category][value='{category}']"))
        .await;
    let expected: ProductList = api(server, &format!("/api/v1/products?category={category}")).await;
    let apply = b
        .until("the live count", || async {
            let text = b
                .client
                .find(Locator::Css(".drawer-apply"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            text.contains(&expected.total.to_string()).then_some(text)
        })
        .await;
    assert!(apply.contains("显示"), "{apply}");
    assert_eq!(
        b.path_and_query().await,
        "/",
        "nothing reloads until the shopper applies"
    );
    assert_eq!(
        b.find(".result-count")
            .await
            .text()
            .await
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>(),
        before.to_string()
    );

    // Tap targets in the drawer are at least 44 px high.
    let small: serde_json::Value = b
        .eval(
            "return [...document.querySelectorAll('.filters.open button, .filters.open label.facet-option, .filters.open input[type=search]')]
                .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                .map(e => e.className + ':' + e.getBoundingClientRect().height)",
        )
        .await;
    assert_eq!(small, serde_json::json!([]), "controls under 44 px");
    b.screenshot("drawer-390").await;

    b.click(".drawer-apply").await;
    b.wait_for_path(&format!("/?category={category}")).await;
    assert_eq!(b.settled_count().await, expected.total);
    assert!(
        b.client.find(Locator::Css(".filters.open")).await.is_err(),
        "the drawer closed"
    );
    browser.close().await;
}

/// An empty result suggests which filter to drop, with its count.
#[tokio::test]
async fn empty_results_suggest_what_to_drop() {
    let _one = browser_lock().await;
    let server = shared_server();
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    // A belt and a category it does not make: nothing matches.
    let belt = &taxonomy.regions[0].cities[0].belts[0];
    let other = taxonomy
        .categories
        .iter()
        .flat_map(|c| &c.children)
        .find(|l| !belt.categories.contains(&l.id))
        .unwrap();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, &format!("/?category={}&belt={}", other.id, belt.id))
            .await;
        assert_eq!(b.settled_count().await, 0);
        let suggestion = b.find(".empty .suggestion").await;
        let text = suggestion.text().await.unwrap();
        let without_category: ProductList =
            api(server, &format!("/api/v1/products?belt={}", belt.id)).await;
        let without_belt: ProductList =
            api(server, &format!("/api/v1/products?category={}", other.id)).await;
        let best = without_category.total.max(without_belt.total);
        assert!(text.contains(&format!("({best})")), "{text}");
        suggestion.click().await.unwrap();
        assert_eq!(b.settled_count().await, best);
        browser.close().await;
    }
}

/// English: a switch, remembered, `<html lang>` follows; prices stay ¥ with two decimals.
#[tokio::test]
async fn english_is_remembered() {
    let _one = browser_lock().await;
    let server = shared_server();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, "/").await;
        b.settled_count().await;
        b.click(".lang-switch").await;
        b.until("English", || async {
            let lang = b.eval("return document.documentElement.lang").await;
            (lang == "en").then_some(())
        })
        .await;
        // The cards follow the switch, without a reload.
        b.until("cards in English", || async {
            let moq = b
                .eval("return document.querySelector('.card-moq').textContent")
                .await;
            moq.as_str()?.starts_with("MOQ").then_some(())
        })
        .await;
        b.client.refresh().await.unwrap();
        b.settled_count().await;
        assert_eq!(b.eval("return document.documentElement.lang").await, "en");
        let count = b.find(".result-count").await.text().await.unwrap();
        assert!(count.contains("products"), "{count}");
        let price = b.find(".card .price").await.text().await.unwrap();
        assert!(
            price.starts_with('¥') && price.split('.').nth(1).is_some_and(|d| d.len() == 2),
            "{price}"
        );
        b.click(".lang-switch").await;
        browser.close().await;
    }
}

/// Keyboard only: Tab reaches a filter, Space ticks it, and the focus is visible.
#[tokio::test]
async fn filters_work_from_the_keyboard() {
    let _one = browser_lock().await;
    let server = shared_server();
    let browser = open(DESKTOP).await;
    let b = &browser;
    b.visit(server, "/").await;
    b.settled_count().await;
    let first = b.find("input[name=category]:not(:disabled)").await;
    let value = first.attr("value").await.unwrap().unwrap();
    b.eval(&format!(
        "document.querySelector(\"input[name=category][value='{value}']\").focus(); return 0"
    ))
    .await;
    let outline = b
        .eval("return getComputedStyle(document.activeElement).outlineStyle")
        .await;
    assert_ne!(outline, "none", "the focused control shows a focus ring");
    first.send_keys(" ").await.unwrap();
    b.wait_for_path(&format!("/?category={value}")).await;
    first.send_keys(&Key::Tab.to_string()).await.unwrap();
    browser.close().await;
}

/// Back and forward restore where the shopper had scrolled to.
#[tokio::test]
async fn back_restores_the_scroll_position() {
    let _one = browser_lock().await;
    let server = shared_server();
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;
        b.visit(server, "/?per_page=48").await;
        b.settled_count().await;
        b.eval("window.scrollTo(0, 1500); return 0").await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let card = b.eval("return [...document.querySelectorAll('.grid .card-link')].find(a => a.getBoundingClientRect().top > 0).getAttribute('href')").await;
        b.click(&format!(
            ".grid .card-link[href='{}']",
            card.as_str().unwrap()
        ))
        .await;
        b.find(".product-info h1").await;
        b.client.back().await.unwrap();
        let y = b
            .until("the scroll position back", || async {
                let y = b.eval("return window.scrollY").await.as_f64()?;
                ((y - 1500.0).abs() < 50.0).then_some(y)
            })
            .await;
        assert!(y > 1000.0);
        browser.close().await;
    }
}

/// Calm loading: skeleton cards on the first load, the previous results kept
/// with a progress bar while the next load runs, and a slow older answer that
/// arrives after a newer one never replaces it.
#[tokio::test]
async fn loading_is_calm_and_a_late_answer_never_wins() {
    let _one = browser_lock().await;
    let server = TestServer::start_with(
        temp_db(),
        "127.0.0.1:0",
        &[
            "--test-delay",
            "sort=newest=1500",
            "--test-delay",
            "price=10-30=2500",
        ],
    );
    for size in [DESKTOP, PHONE] {
        let browser = open(size).await;
        let b = &browser;

        // The server renders a first visit with its results; the catalog shows
        // a skeleton when the app opens it with nothing yet (from another page).
        b.visit(&server, "/belts").await;
        b.eval("history.pushState(null, '', '/?sort=newest'); dispatchEvent(new PopStateEvent('popstate'))")
            .await;
        b.find(".grid.skeleton .placeholder").await;
        let first = b.settled_count().await;
        assert!(
            b.client
                .find(fantoccini::Locator::Css(".grid.skeleton"))
                .await
                .is_err()
        );

        b.visit(&server, "/").await;
        b.settled_count().await;
        let expected: ProductList = api(&server, "/api/v1/products?price=30-50").await;
        if size == PHONE {
            // In the drawer the live count is what loads: a late count must not win either.
            open_filters(b, size).await;
            b.click("input[name=price][value='10-30']").await;
            b.click("input[name=price][value='30-50']").await;
            let wanted = expected.total.to_string();
            let apply_count = || async {
                let text = b
                    .client
                    .find(fantoccini::Locator::Css(".drawer-apply"))
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                Some(
                    text.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>(),
                )
            };
            b.until("the newer count", || async {
                (apply_count().await? == wanted).then_some(())
            })
            .await;
            tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
            assert_eq!(
                apply_count().await.unwrap(),
                wanted,
                "the older count replaced the newer one"
            );
            apply_filters(b, size).await;
        } else {
            let before = b.cards().await;
            b.click("input[name=price][value='10-30']").await;
            // The slow answer is on its way: the old cards stay, the bar shows progress.
            b.find(".loading-bar.active").await;
            let during = b.cards().await;
            assert_eq!(
                during.iter().map(|c| &c.id).collect::<Vec<_>>(),
                before.iter().map(|c| &c.id).collect::<Vec<_>>()
            );
            // A newer choice answers first …
            b.click("input[name=price][value='30-50']").await;
        }
        b.wait_for_path("/?price=30-50").await;
        let shown = b.settled_count().await;
        // … and still stands after the older answer would have arrived.
        tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
        assert_eq!(b.path_and_query().await, "/?price=30-50");
        assert_eq!(shown, expected.total);
        assert_eq!(b.settled_count().await, expected.total);
        for card in b.cards().await {
            assert!(
                (3000..=5000).contains(&card.price_fen),
                "{card:?} is from the older answer"
            );
        }
        assert!(first > 0);
        browser.close().await;
    }
}
