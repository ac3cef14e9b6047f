//! The search box that understands (issue 15): a sentence becomes filters on
//! Enter, suggestions are walked with the keyboard, a search with no results
//! offers close ones; and the belts map opens a city's catalog. At 1280 and
//! 390 px.

use beltmart_contract::{CatalogQuery, ProductList, Suggestions, Taxonomy, Understanding};
use fantoccini::Locator;
use fantoccini::key::Key;

use crate::*;

const SIZES: [(u32, u32); 2] = [(1280, 800), (390, 844)];

fn enc(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The query the browser's URL says.
async fn url_query(b: &Browser) -> Option<CatalogQuery> {
    let url = b.client.current_url().await.ok()?;
    CatalogQuery::parse(url.query().unwrap_or("")).ok()
}

async fn search_box_value(b: &Browser) -> String {
    let value = b
        .eval("return document.getElementById('search-input').value")
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

async fn chip_labels(b: &Browser) -> Vec<String> {
    let mut labels = Vec::new();
    for chip in b
        .client
        .find_all(Locator::Css(".applied .chip"))
        .await
        .unwrap()
    {
        labels.push(chip.text().await.unwrap());
    }
    labels
}

/// Enter on a sentence: its filters become chips and the URL, the words it
/// does not know stay in the box as the keyword; the sentence is not in the URL.
#[tokio::test]
async fn a_sentence_becomes_chips_and_the_rest_stays_in_the_box() {
    let _one = browser_lock().await;
    let server = shared_server();
    let sentence = "義烏 50元以下 儿童玩具 带灯";
    let understood: Understanding = api(
        server,
        &format!("/api/v1/understand?text={}", enc(sentence)),
    )
    .await;
    let meant = CatalogQuery::parse(&understood.query).unwrap();
    assert_eq!(
        (meant.city.as_slice(), meant.q.as_str()),
        (&["yiwu".to_owned()][..], "带灯")
    );
    let expected: ProductList =
        api(server, &format!("/api/v1/products?{}", understood.query)).await;
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        b.visit(server, "/?goods_kind=white-label").await;
        b.settled_count().await;
        b.find("#search-input")
            .await
            .send_keys(&format!("{sentence}{}", Key::Enter))
            .await
            .unwrap();
        // The filters the sentence names, on top of the ones already chosen.
        let wanted = CatalogQuery {
            goods_kind: vec!["white-label".into()],
            ..meant.clone()
        };
        b.until("the understood filters in the URL", || async {
            (url_query(b).await? == wanted).then_some(())
        })
        .await;
        let url = b.path_and_query().await;
        assert!(
            !url.contains("%E5%85%83"),
            "the sentence is not in the URL: {url}"
        );
        let shown = b.settled_count().await;
        let with_white_label: ProductList =
            api(server, &format!("/api/v1/products?{}", wanted.render())).await;
        assert_eq!(shown, with_white_label.total);
        assert!(with_white_label.total <= expected.total);
        assert_eq!(search_box_value(b).await, "带灯");
        let chips = chip_labels(b).await;
        for name in ["义乌", "儿童玩具", "白牌"] {
            assert!(
                chips.iter().any(|c| c.contains(name)),
                "{name} not among {chips:?}"
            );
        }
        assert!(
            chips.iter().any(|c| c.contains("50")),
            "no price chip among {chips:?}"
        );
        b.screenshot(&format!("search-sentence-{width}")).await;

        // A chip removes its filter, and the keyword stays.
        b.click(".applied .chip[aria-label*='义乌']").await;
        b.until("the city chip removed", || async {
            let now = url_query(b).await?;
            (now.city.is_empty() && now.q == "带灯").then_some(())
        })
        .await;
        assert!(b.console_errors().await.is_empty());
        browser.close().await;
    }
}

/// Typing offers names with counts and popular titles in a listbox; the
/// arrow keys move the active option (announced through
/// aria-activedescendant), Enter applies it, Escape closes the list.
#[tokio::test]
async fn suggestions_are_walked_with_the_keyboard() {
    let _one = browser_lock().await;
    let server = shared_server();
    let offered: Suggestions = api(server, &format!("/api/v1/suggest?text={}", enc("袜"))).await;
    let first = offered.names.first().expect("a name for 袜").clone();
    let options = offered.names.len() + offered.titles.len();
    assert!(options >= 2, "{offered:?}");
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        b.visit(server, "/").await;
        b.settled_count().await;
        let input = b.find("#search-input").await;
        assert_eq!(
            input.attr("role").await.unwrap().as_deref(),
            Some("combobox")
        );
        input.send_keys("袜").await.unwrap();
        b.find("#search-suggestions:not([hidden]) [role=option]")
            .await;
        let shown = b
            .client
            .find_all(Locator::Css("#search-suggestions [role=option]"))
            .await
            .unwrap();
        assert_eq!(shown.len(), options);
        assert_eq!(
            input.attr("aria-expanded").await.unwrap().as_deref(),
            Some("true")
        );
        let first_text = shown[0].text().await.unwrap();
        assert!(
            first_text.contains(&first.count.to_string()),
            "{first_text}"
        );
        let status = b.find(".search [role=status]").await.text().await.unwrap();
        assert!(status.contains(&options.to_string()), "announced: {status}");

        let active = async || input.attr("aria-activedescendant").await.unwrap();
        input.send_keys(&Key::Down.to_string()).await.unwrap();
        assert_eq!(active().await.as_deref(), Some("search-option-0"));
        input.send_keys(&Key::Down.to_string()).await.unwrap();
        assert_eq!(active().await.as_deref(), Some("search-option-1"));
        let selected = b
            .find("#search-option-1")
            .await
            .attr("aria-selected")
            .await
            .unwrap();
        assert_eq!(selected.as_deref(), Some("true"));
        input.send_keys(&Key::Up.to_string()).await.unwrap();
        assert_eq!(active().await.as_deref(), Some("search-option-0"));
        b.screenshot(&format!("search-suggestions-{width}")).await;

        // Escape closes the list; the arrow opens it again.
        input.send_keys(&Key::Escape.to_string()).await.unwrap();
        assert_eq!(
            input.attr("aria-expanded").await.unwrap().as_deref(),
            Some("false")
        );
        input.send_keys(&Key::Down.to_string()).await.unwrap();
        assert_eq!(
            input.attr("aria-expanded").await.unwrap().as_deref(),
            Some("true")
        );
        assert_eq!(active().await.as_deref(), Some("search-option-0"));

        // Enter applies the name: its filter instead of the typed word.
        input.send_keys(&Key::Enter.to_string()).await.unwrap();
        let wanted =
            CatalogQuery::parse(&format!("{}={}", first.name.facet, first.name.id)).unwrap();
        b.until("the chosen name as a filter", || async {
            (url_query(b).await? == wanted).then_some(())
        })
        .await;
        assert_eq!(search_box_value(b).await, "");
        assert_eq!(
            input.attr("aria-expanded").await.unwrap().as_deref(),
            Some("false")
        );
        assert!(b.console_errors().await.is_empty());
        browser.close().await;
    }
}

/// A keyword that finds nothing offers the names it is close to, with counts;
/// one click searches that instead.
#[tokio::test]
async fn a_misspelt_search_offers_what_it_meant() {
    let _one = browser_lock().await;
    let server = shared_server();
    let list: ProductList = api(server, "/api/v1/products?q=sneekers").await;
    let offer = list
        .did_you_mean
        .first()
        .expect("an offer for sneekers")
        .clone();
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        b.visit(server, "/?q=sneekers").await;
        let chip = b.find(".did-you-mean .chip").await;
        let label = chip.text().await.unwrap();
        assert!(label.contains(&offer.count.to_string()), "{label}");
        chip.click().await.unwrap();
        let wanted = CatalogQuery::parse(&offer.query).unwrap();
        b.until("the offered search", || async {
            (url_query(b).await? == wanted).then_some(())
        })
        .await;
        assert_eq!(b.settled_count().await, offer.count);
        browser.close().await;
    }
}

/// The belts page leads with the map: a dot per city with coordinates, the
/// biggest for the city with the most products; clicking one opens its
/// catalog. The list stays below.
#[tokio::test]
async fn a_city_on_the_map_opens_its_catalog() {
    let _one = browser_lock().await;
    let server = shared_server();
    let taxonomy: Taxonomy = api(server, "/api/v1/taxonomy").await;
    let placed = taxonomy
        .all_cities()
        .filter(|(_, c)| c.coordinates.is_some())
        .count();
    let all: ProductList = api(server, "/api/v1/products?per_page=1").await;
    let busiest = all
        .facets
        .city
        .iter()
        .max_by_key(|c| c.count)
        .unwrap()
        .id
        .clone();
    for (width, height) in SIZES {
        let browser = Browser::open(width, height).await;
        let b = &browser;
        b.visit(server, "/belts").await;
        b.find(".belt-map .map-dot").await;
        b.find(".belt-province").await;
        let dots = b
            .client
            .find_all(Locator::Css(".belt-map .map-dot"))
            .await
            .unwrap();
        assert_eq!(dots.len(), placed);
        let map = b
            .eval(
                "const img = document.querySelector('.belt-map img');
                 const fig = document.querySelector('.belt-map').getBoundingClientRect();
                 const list = document.querySelector('.belt-province').getBoundingClientRect();
                 const sizes = [...document.querySelectorAll('.map-dot')]
                     .map(d => [d.dataset.city, d.getBoundingClientRect().width]);
                 return { loaded: img.complete && img.naturalWidth > 0, width: fig.width,
                          right: fig.right, above_list: fig.bottom <= list.top, sizes };",
            )
            .await;
        assert_eq!(map["loaded"], true, "the map image loads: {map}");
        assert!(map["right"].as_f64().unwrap() <= f64::from(width), "{map}");
        assert_eq!(map["above_list"], true, "{map}");
        let sizes = map["sizes"].as_array().unwrap();
        let size_of = |city: &str| {
            sizes
                .iter()
                .find(|s| s[0] == city)
                .map(|s| s[1].as_f64().unwrap())
                .unwrap()
        };
        let largest = sizes
            .iter()
            .map(|s| s[1].as_f64().unwrap())
            .fold(0.0, f64::max);
        assert_eq!(size_of(&busiest), largest, "{busiest} has the biggest dot");
        b.screenshot(&format!("belts-map-{width}")).await;

        // Dots of neighbouring cities overlap; click one whose centre is its own.
        let city = b
            .eval(
                "return [...document.querySelectorAll('.map-dot')].find(d => {
                     d.scrollIntoView({ block: 'center' });
                     const s = d.getBoundingClientRect();
                     return d.contains(document.elementFromPoint(s.x + s.width / 2, s.y + s.height / 2));
                 }).dataset.city;",
            )
            .await;
        let city = city.as_str().unwrap();
        b.click(&format!(".belt-map .map-dot[data-city={city}]"))
            .await;
        b.wait_for_path(&format!("/?city={city}")).await;
        let expected: ProductList = api(server, &format!("/api/v1/products?city={city}")).await;
        assert_eq!(b.settled_count().await, expected.total);
        assert!(b.console_errors().await.is_empty());
        browser.close().await;
    }
}
