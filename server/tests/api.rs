//! API v1 end to end: the real server, over real HTTP, on a real SQLite file
//! and on a real PostgreSQL database: every test runs on both.
//!
//! One server per store with a 3 000-product catalog is shared by every test
//! (see [`shared_api`]); it runs on its own thread and runtime because each
//! `#[tokio::test]` has a runtime that ends with the test.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use beltmart_contract::{
    CatalogQuery, ErrorBody, FacetCount, Filter, PriceRange, ProductDetail, ProductList,
    ProductSummary, Taxonomy, format_yuan, is_slug, tier_price,
};
use reqwest::{Method, StatusCode, header};
use serde::de::DeserializeOwned;

mod support;
use support::store::{Store, TestDb, on_both_stores};

on_both_stores!(async multi_thread: at_a_quantity_items_are_priced_at_their_tier);
on_both_stores!(async:
    a_sentence_becomes_the_query_the_list_takes,
    typing_is_offered_names_with_counts_and_popular_titles,
    a_search_with_no_results_offers_close_ones_that_have_some,
    every_item_matches_every_filter_and_nothing_is_missed,
    facet_counts_are_disjunctive,
    sorts_order_the_whole_result,
    pages_past_the_end_are_empty,
    product_detail_agrees_with_the_list,
    taxonomy_is_complete_and_well_formed,
    bad_input_is_a_json_4xx,
    healthz_reports_the_loaded_catalog,
    unknown_filter_ids_match_nothing,
    the_same_seed_gives_the_same_catalog,
    price_histogram_counts_the_results_ignoring_price,
    relaxed_totals_are_the_totals_without_each_parameter,
    a_quantity_keeps_exactly_what_can_be_bought_in_it,
    facet_counts_at_a_quantity_are_the_totals_they_promise,
    an_empty_answer_at_a_quantity_names_the_nearest_one,
    one_belt_lists_its_factories_with_the_most_products,
);

const PRODUCTS: u64 = 3000;

/// Starts a server with a fresh catalog of [`PRODUCTS`] products (default seed) in `store`.
fn start_server(store: Store) -> String {
    let db = TestDb::new(store);
    support::spawn_server(&["--products", &PRODUCTS.to_string(), "--db", &db.db])
}

/// A client of the server every test on `store` shares.
fn shared_api(store: Store) -> Api {
    static ON_SQLITE: OnceLock<String> = OnceLock::new();
    static ON_POSTGRES: OnceLock<String> = OnceLock::new();
    let base = match store {
        Store::Sqlite => &ON_SQLITE,
        Store::Postgres => &ON_POSTGRES,
    };
    Api::new(base.get_or_init(|| start_server(store)).clone())
}

/// Percent-encodes a query value (ids need none; keywords do).
fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `a&b`, leaving out empty parts.
fn and(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("&")
}

fn count_of(facet: &[FacetCount], id: &str) -> u64 {
    facet
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("facet has no entry {id:?}"))
        .count
}

/// A client per test: a reqwest client must not outlive the runtime it was used on.
struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    fn new(base: String) -> Api {
        Api {
            client: reqwest::Client::new(),
            base,
        }
    }

    async fn send(&self, method: Method, path: &str) -> reqwest::Response {
        self.client
            .request(method, format!("{}{path}", self.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// GET `path`, which must answer 200 with JSON of type `T`.
    async fn json<T: DeserializeOwned>(&self, path: &str) -> T {
        let response = self.send(Method::GET, path).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }

    /// `method path` must fail with `status` and the API's JSON error body.
    async fn error(&self, method: Method, path: &str, status: StatusCode) -> ErrorBody {
        let response = self.send(method.clone(), path).await;
        assert_eq!(response.status(), status, "{method} {path}");
        let content_type = response.headers()[header::CONTENT_TYPE].clone();
        assert_eq!(content_type, "application/json", "{method} {path}");
        let body: ErrorBody = response.json().await.unwrap();
        assert!(!body.error.message.is_empty(), "{method} {path}: {body:?}");
        body
    }

    async fn taxonomy(&self) -> Taxonomy {
        self.json("/api/v1/taxonomy").await
    }

    async fn list(&self, query: &str) -> ProductList {
        self.json(&format!("/api/v1/products?{query}")).await
    }

    /// Every supplier's kinds, from the factory list.
    async fn supplier_kinds(&self) -> HashMap<String, Vec<String>> {
        let mut kinds = HashMap::new();
        for page in 1.. {
            let path = format!("/api/v1/suppliers?per_page=100&page={page}");
            let list: beltmart_contract::SupplierList = self.json(&path).await;
            if list.items.is_empty() {
                break;
            }
            kinds.extend(list.items.into_iter().map(|s| (s.id, s.kinds)));
        }
        kinds
    }

    async fn total(&self, query: &str) -> u64 {
        self.list(query).await.total
    }

    async fn detail(&self, id: &str) -> ProductDetail {
        self.json(&format!("/api/v1/products/{id}")).await
    }

    /// Every item of `query`, in order, paged 100 at a time until a page comes
    /// back empty. Checks that pages are full until the last, that they do not
    /// overlap, and that together they hold exactly `total` items.
    async fn all(&self, query: &str) -> Vec<ProductSummary> {
        let mut items: Vec<ProductSummary> = Vec::new();
        let mut ids = HashSet::new();
        let mut total = None;
        for page in 1.. {
            let list = self
                .list(&and(&[query, "per_page=100", &format!("page={page}")]))
                .await;
            assert_eq!((list.page, list.per_page), (page, 100), "{query}");
            let total = *total.get_or_insert(list.total);
            assert_eq!(list.total, total, "{query}: total changed on page {page}");
            let expected = (total - items.len() as u64).min(100);
            assert_eq!(list.items.len() as u64, expected, "{query}: page {page}");
            if list.items.is_empty() {
                break;
            }
            for item in list.items {
                assert!(ids.insert(item.id.clone()), "{query}: {} twice", item.id);
                items.push(item);
            }
        }
        assert_eq!(Some(items.len() as u64), total, "{query}");
        items
    }
}

/// The taxonomy, indexed for checking items against a query.
struct Vocab {
    taxonomy: Taxonomy,
    /// Leaf category → its top-level category.
    parent_of: HashMap<String, String>,
    /// Category, city or belt → (name_zh, name_en).
    names: HashMap<String, (String, String)>,
    /// Belt → its city.
    city_of: HashMap<String, String>,
    /// Supplier → its kinds (a product matches `supplier_kind` by any of them).
    kinds_of: HashMap<String, Vec<String>>,
}

impl Vocab {
    fn new(taxonomy: Taxonomy) -> Vocab {
        let mut vocab = Vocab {
            parent_of: HashMap::new(),
            names: HashMap::new(),
            city_of: HashMap::new(),
            kinds_of: HashMap::new(),
            taxonomy,
        };
        let mut name = |id: &str, zh: &str, en: &str| {
            vocab
                .names
                .insert(id.to_owned(), (zh.to_owned(), en.to_owned()))
        };
        for top in &vocab.taxonomy.categories {
            for leaf in &top.children {
                name(&leaf.id, &leaf.name_zh, &leaf.name_en);
                vocab.parent_of.insert(leaf.id.clone(), top.id.clone());
            }
        }
        for city in vocab.taxonomy.regions.iter().flat_map(|p| &p.cities) {
            name(&city.id, &city.name_zh, &city.name_en);
            for belt in &city.belts {
                name(&belt.id, &belt.name_zh, &belt.name_en);
                vocab.city_of.insert(belt.id.clone(), city.id.clone());
            }
        }
        vocab
    }

    fn is_leaf(&self, id: &str) -> bool {
        self.parent_of.contains_key(id)
    }

    /// Whether `item` satisfies every filter of `query` (written independently of the server).
    fn matches(&self, item: &ProductSummary, query: &CatalogQuery) -> bool {
        let allows = |ids: &[String], id: &str| ids.is_empty() || ids.iter().any(|i| i == id);
        let category = query.category.is_empty()
            || query
                .category
                .iter()
                .any(|c| *c == item.category || Some(c) == self.parent_of.get(&item.category));
        let keyword = query.q.to_lowercase();
        let keyword_found = keyword.is_empty()
            || item.title.to_lowercase().contains(&keyword)
            || [&item.category, &item.city, &item.belt].iter().any(|id| {
                let (zh, en) = &self.names[id.as_str()];
                zh.to_lowercase().contains(&keyword) || en.to_lowercase().contains(&keyword)
            });
        category
            && allows(&query.city, &item.city)
            && allows(&query.belt, &item.belt)
            && allows(&query.goods_kind, &item.goods_kind)
            && (query.supplier_kind.is_empty()
                || self.kinds_of[&item.supplier.id]
                    .iter()
                    .any(|k| query.supplier_kind.contains(k)))
            && allows(&query.supplier, &item.supplier.id)
            && query.price.contains(item.price_fen)
            && keyword_found
    }
}

async fn every_item_matches_every_filter_and_nothing_is_missed(store: Store) {
    let api = shared_api(store);
    let mut vocab = Vocab::new(api.taxonomy().await);
    vocab.kinds_of = api.supplier_kinds().await;
    let catalog = api.all("").await;
    assert_eq!(catalog.len() as u64, PRODUCTS);
    for item in &catalog {
        assert_eq!(vocab.city_of[&item.belt], item.city, "{item:?}");
        assert!(vocab.is_leaf(&item.category), "{item:?}");
    }

    // Filters built around real items, so each selects something.
    let sample = &catalog[0];
    let other_city = &catalog.iter().find(|i| i.city != sample.city).unwrap().city;
    let other_supplier = &catalog
        .iter()
        .find(|i| i.supplier.id != sample.supplier.id)
        .unwrap()
        .supplier
        .id;
    // Some factory has several kinds, and its products show under each.
    assert!(vocab.kinds_of.values().any(|k| k.len() > 1));
    let top = &vocab.parent_of[&sample.category];
    let keyword: String = {
        let longest_word = sample.title.split(' ').max_by_key(|w| w.chars().count());
        let chars: Vec<char> = longest_word.unwrap().chars().collect();
        chars[chars.len().saturating_sub(3)..].iter().collect()
    };
    assert!(
        !keyword.is_ascii(),
        "a Chinese keyword from {:?}",
        sample.title
    );
    let city_name_en = vocab.names[&sample.city].1.to_uppercase();
    let exact_price = format_yuan(sample.price_fen);
    let filters = [
        format!("category={}", sample.category),
        format!("category={top}"),
        format!("city={}", sample.city),
        format!("belt={}", sample.belt),
        format!("city={},{other_city}", sample.city),
        format!("goods_kind={}", sample.goods_kind),
        format!("supplier_kind={}", sample.supplier_kind),
        format!("supplier={}", sample.supplier.id),
        format!(
            "supplier={},{}&sort=price_asc",
            sample.supplier.id, other_supplier
        ),
        "price=300-".into(),
        "price=-10".into(),
        "price=10-30".into(),
        format!("price={exact_price}-{exact_price}"),
        format!("q={}", enc(&keyword)),
        format!("q={}", enc(&city_name_en)),
        format!(
            "category={top}&city={},{other_city}&goods_kind={}&price=-{exact_price}",
            sample.city, sample.goods_kind
        ),
        format!(
            "q={}&supplier_kind={}&sort=price_desc",
            enc(&keyword),
            sample.supplier_kind
        ),
    ];
    for filter in &filters {
        let query = CatalogQuery::parse(filter).unwrap();
        let found = api.all(filter).await;
        for item in &found {
            assert!(vocab.matches(item, &query), "{filter}: {item:?}");
        }
        let found: HashSet<&str> = found.iter().map(|i| i.id.as_str()).collect();
        let expected: HashSet<&str> = catalog
            .iter()
            .filter(|i| vocab.matches(i, &query))
            .map(|i| i.id.as_str())
            .collect();
        assert!(!expected.is_empty(), "{filter} selects something");
        assert_eq!(found, expected, "{filter}");
    }

    // A top-level category is the union of its leaves; cities OR together.
    let top_category = vocab.taxonomy.categories.iter().find(|c| c.id == *top);
    let mut leaf_sum = 0;
    for leaf in &top_category.unwrap().children {
        leaf_sum += api.total(&format!("category={}", leaf.id)).await;
    }
    assert_eq!(api.total(&format!("category={top}")).await, leaf_sum);
    assert_eq!(
        api.total(&format!("city={},{other_city}", sample.city))
            .await,
        api.total(&format!("city={}", sample.city)).await
            + api.total(&format!("city={other_city}")).await
    );
}

async fn facet_counts_are_disjunctive(store: Store) {
    let api = shared_api(store);
    let vocab = Vocab::new(api.taxonomy().await);

    let unfiltered = api.list("").await;
    assert_eq!(unfiltered.total, PRODUCTS);
    let facets = &unfiltered.facets;
    let sum = |facet: &[FacetCount], keep: &dyn Fn(&str) -> bool| -> u64 {
        facet.iter().filter(|f| keep(&f.id)).map(|f| f.count).sum()
    };
    assert_eq!(sum(&facets.category, &|id| vocab.is_leaf(id)), PRODUCTS);
    assert_eq!(sum(&facets.category, &|id| !vocab.is_leaf(id)), PRODUCTS);
    for facet in [&facets.city, &facets.belt, &facets.goods_kind] {
        assert_eq!(sum(facet, &|_| true), PRODUCTS);
    }
    // A product counts once for each kind of its factory.
    assert!(sum(&facets.supplier_kind, &|_| true) > PRODUCTS);
    let city_ids: Vec<&str> = facets.city.iter().map(|f| f.id.as_str()).collect();
    let taxonomy_cities: Vec<&str> = vocab
        .taxonomy
        .regions
        .iter()
        .flat_map(|p| p.cities.iter().map(|c| c.id.as_str()))
        .collect();
    assert_eq!(city_ids, taxonomy_cities, "every city is listed, in order");

    // Select the busiest city and price band; every other facet value's count
    // must be the total of the query with that value in place of (or added to)
    // the facet's own selection.
    let busiest = |facet: &[FacetCount]| facet.iter().max_by_key(|f| f.count).unwrap().id.clone();
    let city = busiest(&facets.city);
    // The busiest band within that city, so that the selection has results.
    let in_city = api.list(&format!("city={city}")).await;
    let selection = [("city", city), ("price", busiest(&in_city.facets.price))];
    let query_with = |key: &str, id: &str| {
        let others = selection.iter().filter(|(k, _)| *k != key);
        let mut parts: Vec<String> = others.map(|(k, v)| format!("{k}={v}")).collect();
        parts.push(format!("{key}={id}"));
        parts.join("&")
    };
    let selected = api.list(&query_with("city", &selection[0].1)).await;
    assert!(selected.total > 0 && selected.total < PRODUCTS);
    let f = &selected.facets;
    for (key, facet) in [
        ("city", &f.city),
        ("price", &f.price),
        ("category", &f.category),
        ("belt", &f.belt),
        ("goods_kind", &f.goods_kind),
        ("supplier_kind", &f.supplier_kind),
    ] {
        for entry in facet {
            let query = query_with(key, &entry.id);
            assert_eq!(
                entry.count,
                api.total(&query).await,
                "{key} facet vs {query}"
            );
        }
    }
    assert_eq!(count_of(&f.city, &selection[0].1), selected.total);
    assert_eq!(count_of(&f.price, &selection[1].1), selected.total);
}

async fn sorts_order_the_whole_result(store: Store) {
    let api = shared_api(store);
    let ordered = |items: &[ProductSummary], key: fn(&ProductSummary) -> u32, up: bool| {
        items.windows(2).all(|w| {
            let (a, b) = (key(&w[0]), key(&w[1]));
            if up { a <= b } else { a >= b }
        })
    };
    let price = |i: &ProductSummary| i.price_fen;
    let sales = |i: &ProductSummary| i.sales_30d;
    let catalog = api.all("sort=price_asc").await;
    assert!(ordered(&catalog, price, true));
    assert!(ordered(&api.all("sort=price_desc").await, price, false));
    assert!(ordered(&api.all("sort=sales").await, sales, false));
    let city = &catalog[0].city;
    let filtered = api.all(&format!("sort=price_desc&city={city}")).await;
    assert!(ordered(&filtered, price, false));

    let newest = api.list("sort=newest&per_page=12").await;
    let mut listed_on = Vec::new();
    for item in &newest.items {
        listed_on.push(api.detail(&item.id).await.listed_on);
    }
    assert!(listed_on.is_sorted_by(|a, b| a >= b), "{listed_on:?}");

    // Relevance with a keyword: title matches first, earlier in the title first.
    // The keyword is a category name that some titles contain and some items
    // match only through their category, so both kinds are in the result.
    let vocab = Vocab::new(api.taxonomy().await);
    let keyword = vocab
        .parent_of
        .keys()
        .map(|leaf| vocab.names[leaf].0.as_str())
        .find(|name| {
            let in_title = |i: &&ProductSummary| i.title.contains(name);
            let in_category = |i: &&ProductSummary| vocab.names[&i.category].0 == *name;
            catalog.iter().any(|i| in_title(&i) && !in_category(&i))
                && catalog.iter().any(|i| !in_title(&i) && in_category(&i))
        })
        .expect("a category name that is also in other titles");
    let found = api.all(&format!("q={}", enc(keyword))).await;
    let positions: Vec<usize> = found
        .iter()
        .map(|i| i.title.to_lowercase().find(keyword).unwrap_or(usize::MAX))
        .collect();
    assert!(positions.contains(&usize::MAX) && positions[0] != usize::MAX);
    assert!(positions.is_sorted(), "{keyword}: {positions:?}");
}

async fn pages_past_the_end_are_empty(store: Store) {
    let api = shared_api(store);
    for query in [
        "page=31&per_page=100".to_owned(),
        "page=4294967295&per_page=100".into(),
        format!("page=9999&q={}", enc("鞋")),
        "page=126&sort=price_asc".into(),
    ] {
        let list = api.list(&query).await;
        assert!(list.items.is_empty(), "{query}");
        assert!(list.total > 0, "{query}");
    }
    assert_eq!(api.total("page=31&per_page=100").await, PRODUCTS);
    // The last page holds the remainder.
    let last = api.list("per_page=7&page=429").await;
    assert_eq!((last.items.len(), last.page, last.per_page), (4, 429, 7));
    assert_eq!(api.list("per_page=100").await.items.len(), 100);
    assert_eq!(api.list("").await.items.len(), 24, "the default per_page");
    assert_eq!(api.list("page=125").await.items.len(), 24);
}

async fn one_belt_lists_its_factories_with_the_most_products(store: Store) {
    let api = shared_api(store);
    let belt = api.list("").await.items[0].belt.clone();
    // Another filter does not change the belt's header.
    let listed = api
        .list(&format!("belt={belt}&sort=price_asc&qty=2"))
        .await
        .belt_factories;
    assert!(!listed.is_empty() && listed.len() <= 8, "{listed:?}");
    let mut counts = Vec::new();
    for factory in &listed {
        let detail: beltmart_contract::SupplierDetail =
            api.json(&format!("/api/v1/suppliers/{}", factory.id)).await;
        assert_eq!(detail.profile.belt, belt, "{factory:?}");
        assert_eq!(detail.profile.name, factory.name);
        counts.push(detail.product_count);
    }
    assert!(
        counts.is_sorted_by(|a, b| a >= b),
        "most products first: {counts:?}"
    );
    let all: beltmart_contract::SupplierList = api
        .json(&format!("/api/v1/suppliers?belt={belt}&per_page=100"))
        .await;
    let most = all.items.iter().map(|s| s.product_count).max().unwrap();
    assert_eq!(counts[0], most, "the first has the most");
    // No belt, or two: no list.
    assert!(api.list("").await.belt_factories.is_empty());
    let taxonomy = api.taxonomy().await;
    let other = &taxonomy
        .all_belts()
        .find(|(_, b)| b.id != belt)
        .unwrap()
        .1
        .id;
    let two = api.list(&format!("belt={belt},{other}")).await;
    assert!(two.belt_factories.is_empty());
}

async fn product_detail_agrees_with_the_list(store: Store) {
    let api = shared_api(store);
    let taxonomy = api.taxonomy().await;
    let mut items = api.list("sort=sales&per_page=6").await.items;
    items.extend(api.list("sort=price_desc&per_page=3").await.items);
    items.extend(api.list("sort=price_asc&per_page=3").await.items);
    for item in &items {
        let detail = api.detail(&item.id).await;
        let list_view = (
            &item.id,
            &item.title,
            item.price_fen,
            item.moq,
            &item.unit,
            &item.category,
            &item.city,
            &item.belt,
            &item.goods_kind,
            item.sales_30d,
        );
        let detail_view = (
            &detail.id,
            &detail.title,
            detail.price_fen,
            detail.moq,
            &detail.unit,
            &detail.category,
            &detail.city,
            &detail.belt,
            &detail.goods_kind,
            detail.sales_30d,
        );
        assert_eq!(list_view, detail_view);

        let first = &detail.tiers[0];
        assert_eq!((first.min_qty, first.price_fen), (item.moq, item.price_fen));
        for pair in detail.tiers.windows(2) {
            assert!(pair[0].min_qty < pair[1].min_qty, "{:?}", detail.tiers);
            assert!(pair[0].price_fen > pair[1].price_fen, "{:?}", detail.tiers);
        }

        let supplier = &detail.supplier;
        assert!(!supplier.name.trim().is_empty(), "{supplier:?}");
        assert!(
            taxonomy
                .supplier_kinds
                .iter()
                .any(|k| k.id == supplier.kind)
        );
        assert_eq!(supplier.kind, item.supplier_kind);
        assert!(supplier.years > 0);
        assert!(detail.listed_on.len() == 10 && detail.listed_on.starts_with("20"));

        assert!(!detail.images.is_empty());
        assert_eq!(detail.images[0], item.image);
        for image in &detail.images {
            let response = api.send(Method::GET, image).await;
            assert_eq!(response.status(), StatusCode::OK, "{image}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], "image/jpeg");
            let picture = response.bytes().await.unwrap();
            assert!(picture.starts_with(&[0xFF, 0xD8, 0xFF]), "{image}: a JPEG");
        }
    }
}

async fn taxonomy_is_complete_and_well_formed(store: Store) {
    let api = shared_api(store);
    let t = api.taxonomy().await;
    let cities: Vec<_> = t.regions.iter().flat_map(|p| &p.cities).collect();
    let belts: Vec<_> = cities.iter().flat_map(|c| &c.belts).collect();
    let leaves: Vec<_> = t.categories.iter().flat_map(|c| &c.children).collect();
    assert!(cities.len() >= 40, "{} cities", cities.len());
    assert!(belts.len() >= 100, "{} belts", belts.len());
    assert!(leaves.len() >= 20, "{} leaves", leaves.len());
    assert!(!t.catalog_version.is_empty());

    // Category, city and belt ids share one namespace (images and keyword
    // search look names up by id); a municipality's province may share its city's id.
    let mut named: Vec<(&str, &str, &str)> = Vec::new();
    for c in t.categories.iter().chain(leaves.iter().copied()) {
        named.push((&c.id, &c.name_zh, &c.name_en));
    }
    for c in &cities {
        named.push((&c.id, &c.name_zh, &c.name_en));
    }
    for b in &belts {
        named.push((&b.id, &b.name_zh, &b.name_en));
    }
    let unique: HashSet<&str> = named.iter().map(|n| n.0).collect();
    assert_eq!(
        unique.len(),
        named.len(),
        "category, city and belt ids are unique"
    );
    for n in t.goods_kinds.iter().chain(&t.supplier_kinds) {
        named.push((&n.id, &n.name_zh, &n.name_en));
    }
    for p in &t.regions {
        named.push((&p.id, &p.name_zh, &p.name_en));
    }
    for (id, zh, en) in &named {
        assert!(is_slug(id), "{id:?} is not a lowercase slug");
        assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{id}");
    }
    for band in &t.price_bands {
        assert!(!band.name_zh.is_empty() && !band.name_en.is_empty());
        let range = PriceRange::parse(&band.id).unwrap();
        assert!(!range.is_any(), "{}", band.id);
    }
    assert!(t.categories.iter().all(|c| !c.children.is_empty()));
    assert!(leaves.iter().all(|l| l.children.is_empty()));

    let leaf_ids: HashSet<&str> = leaves.iter().map(|l| l.id.as_str()).collect();
    for belt in &belts {
        assert!(!belt.categories.is_empty(), "{}", belt.id);
        for category in &belt.categories {
            assert!(
                leaf_ids.contains(category.as_str()),
                "{}: {category}",
                belt.id
            );
        }
    }
}

async fn bad_input_is_a_json_4xx(store: Store) {
    let api = shared_api(store);
    let too_many_cities: Vec<String> = (0..51).map(|i| format!("c{i}")).collect();
    let cases = [
        ("sort=nope".to_owned(), "invalid_sort"),
        ("price=abc".into(), "invalid_price"),
        ("price=1e3-".into(), "invalid_price"),
        ("price=50-10".into(), "price_min_above_max"),
        ("per_page=0".into(), "invalid_per_page"),
        ("per_page=101".into(), "invalid_per_page"),
        ("per_page=abc".into(), "invalid_per_page"),
        ("page=-1".into(), "invalid_page"),
        ("page=0".into(), "invalid_page"),
        ("page=abc".into(), "invalid_page"),
        ("page=4294967296".into(), "invalid_page"),
        ("city=Yiwu".into(), "invalid_id"),
        ("category=shoes,%3Cscript%3E".into(), "invalid_id"),
        ("city=a&city=b".into(), "duplicate_parameter"),
        (
            format!("city={}", too_many_cities.join(",")),
            "too_many_values",
        ),
        (format!("q={}", "x".repeat(10_000)), "invalid_keyword"),
        (format!("q={}", enc(&"鞋".repeat(65))), "invalid_keyword"),
        ("q=a%00b".into(), "invalid_keyword"),
        ("qty=0".into(), "invalid_qty"),
        ("qty=-5".into(), "invalid_qty"),
        ("qty=abc".into(), "invalid_qty"),
        ("qty=1000001".into(), "invalid_qty"),
    ];
    for (query, code) in &cases {
        let path = format!("/api/v1/products?{query}");
        let body = api.error(Method::GET, &path, StatusCode::BAD_REQUEST).await;
        assert_eq!(body.error.code, *code, "{query}: {body:?}");
        assert!(body.error.message.len() < 300, "{query}: {body:?}");
    }

    let not_found = [
        "/api/v1/products/p99999999",
        "/api/v1/products/%3Cscript%3E",
        "/api/v1/products/P1",
        "/api/v1/nope",
        "/api/v1/images/p1/9",
        "/api/v1/images/p99999999/1",
    ];
    for path in not_found {
        let body = api.error(Method::GET, path, StatusCode::NOT_FOUND).await;
        assert_eq!(body.error.code, "not_found", "{path}");
    }
    for (method, path) in [
        (Method::POST, "/api/v1/products"),
        (Method::DELETE, "/api/v1/products/p1"),
    ] {
        let body = api
            .error(method, path, StatusCode::METHOD_NOT_ALLOWED)
            .await;
        assert_eq!(body.error.code, "method_not_allowed", "{path}");
    }
}

async fn healthz_reports_the_loaded_catalog(store: Store) {
    let api = shared_api(store);
    let health: serde_json::Value = api.json("/healthz").await;
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["products"], PRODUCTS, "{health}");
    let version = api.taxonomy().await.catalog_version;
    assert_eq!(health["catalog_version"], version.as_str(), "{health}");
}

async fn unknown_filter_ids_match_nothing(store: Store) {
    let api = shared_api(store);
    for query in ["city=atlantis", "category=atlantis", "belt=atlantis"] {
        let list = api.list(query).await;
        assert_eq!((list.total, list.items.len()), (0, 0), "{query}");
    }
    // The city facet ignores the city selection, so it still counts everything.
    let city = api.list("city=atlantis").await.facets.city;
    assert_eq!(city.iter().map(|f| f.count).sum::<u64>(), PRODUCTS);
}

async fn the_same_seed_gives_the_same_catalog(store: Store) {
    let query = "sort=price_asc&per_page=5";
    let first = shared_api(store).list(query).await.items;
    let second = Api::new(start_server(store)).list(query).await.items;
    assert_eq!(first.len(), 5);
    assert_eq!(first, second);
}

/// The histogram spreads the results ignoring the price filter, like the price
/// facet: its buckets cover every price once and add up to the total without price.
async fn price_histogram_counts_the_results_ignoring_price(store: Store) {
    let api = shared_api(store);
    for query in [
        "",
        "city=yiwu",
        "category=shoes&price=30-50",
        "q=%E8%A2%9C&price=-10",
    ] {
        let list = api.list(query).await;
        let without_price = CatalogQuery::parse(query)
            .unwrap()
            .with(|q| q.price = PriceRange::ANY);
        let everything = api.all(&without_price.render()).await;
        let buckets = &list.price_histogram;
        assert_eq!(buckets[0].min_fen, 0, "{query}");
        assert_eq!(
            buckets.last().unwrap().max_fen,
            None,
            "{query}: the last bucket is open"
        );
        for pair in buckets.windows(2) {
            assert_eq!(
                pair[0].max_fen,
                Some(pair[1].min_fen),
                "{query}: buckets are contiguous"
            );
        }
        for bucket in buckets {
            let inside = everything
                .iter()
                .filter(|i| {
                    i.price_fen >= bucket.min_fen && bucket.max_fen.is_none_or(|m| i.price_fen < m)
                })
                .count() as u64;
            assert_eq!(bucket.count, inside, "{query}: {bucket:?}");
        }
        assert_eq!(
            buckets.iter().map(|b| b.count).sum::<u64>(),
            everything.len() as u64,
            "{query}"
        );
    }
}

/// `relaxed` gives, for each applied parameter, the total without it: what an
/// empty result suggests dropping.
async fn relaxed_totals_are_the_totals_without_each_parameter(store: Store) {
    let api = shared_api(store);
    let query = "category=shoes&city=yiwu&goods_kind=white-label&price=10-30&q=%E9%9E%8B&qty=100";
    let list = api.list(query).await;
    let parsed = CatalogQuery::parse(query).unwrap();
    let params: Vec<&str> = list.relaxed.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        params,
        ["category", "city", "goods_kind", "price", "q", "qty"]
    );
    for relaxed in &list.relaxed {
        let without = parsed.without(Filter::from_key(&relaxed.id).unwrap());
        assert_eq!(
            relaxed.count,
            api.total(&without.render()).await,
            "without {}",
            relaxed.id
        );
    }
    assert!(
        api.list("").await.relaxed.is_empty(),
        "nothing applied, nothing to drop"
    );
}

/// `qty`: exactly the products that can be bought in that quantity, whatever
/// else the query says.
async fn a_quantity_keeps_exactly_what_can_be_bought_in_it(store: Store) {
    let api = shared_api(store);
    let catalog = api.all("").await;
    for qty in [1, 10, 49, 50, 100, 1000, 1_000_000] {
        let mut expected: Vec<&str> = catalog
            .iter()
            .filter(|p| p.moq <= qty)
            .map(|p| p.id.as_str())
            .collect();
        let found = api.all(&format!("qty={qty}")).await;
        let mut found: Vec<&str> = found.iter().map(|p| p.id.as_str()).collect();
        expected.sort_unstable();
        found.sort_unstable();
        assert_eq!(found, expected, "qty={qty}");
    }
}

/// Random queries at random quantities: every item can be bought in that
/// quantity, is priced at the tier that applies, and the price filter, the
/// price sorts and the histogram follow that price.
async fn at_a_quantity_items_are_priced_at_their_tier(store: Store) {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let api = shared_api(store);
    let facets = api.list("").await.facets;
    let ids = |counts: &[FacetCount]| -> Vec<String> {
        counts
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| c.id.clone())
            .collect()
    };
    let query = (
        prop_oneof![1u32..=20, 20u32..=200, 200u32..=2000],
        proptest::option::of(proptest::sample::select(ids(&facets.city))),
        proptest::option::of(proptest::sample::select(ids(&facets.price))),
        proptest::sample::select(vec!["price_asc", "price_desc", "sales", "relevance"]),
    );
    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&query, |(qty, city, band, sort)| {
            let mut parts = vec![format!("qty={qty}"), format!("sort={sort}")];
            parts.extend(city.map(|c| format!("city={c}")));
            parts.extend(band.map(|b| format!("price={b}")));
            let query = parts.join("&");
            tokio::task::block_in_place(|| {
                handle.block_on(check_priced_at_quantity(&api, &query, qty))
            });
            Ok(())
        })
        .unwrap();
}

async fn check_priced_at_quantity(api: &Api, query: &str, qty: u32) {
    let parsed = CatalogQuery::parse(query).unwrap();
    let list = api.list(&and(&[query, "per_page=100"])).await;
    for item in &list.items {
        assert!(item.moq <= qty, "{query}: {} has MOQ {}", item.id, item.moq);
        let tiers = api.detail(&item.id).await.tiers;
        assert_eq!(
            Some(item.price_fen),
            tier_price(&tiers, qty),
            "{query}: {}",
            item.id
        );
        assert!(
            parsed.price.contains(item.price_fen),
            "{query}: {}",
            item.id
        );
    }
    let prices: Vec<u32> = list.items.iter().map(|i| i.price_fen).collect();
    match parsed.sort.as_str() {
        "price_asc" => assert!(prices.is_sorted(), "{query}: {prices:?}"),
        "price_desc" => assert!(prices.iter().rev().is_sorted(), "{query}: {prices:?}"),
        _ => {}
    }
    // The histogram ignores the price filter: it spreads the results without it.
    let without_price = api.list(&parsed.without(Filter::Price).render()).await;
    let spread: u64 = list.price_histogram.iter().map(|b| b.count).sum();
    assert_eq!(spread, without_price.total, "{query}");
}

/// At a quantity, facet counts stay disjunctive: each value's count is the
/// total of the query with that value chosen instead.
async fn facet_counts_at_a_quantity_are_the_totals_they_promise(store: Store) {
    let api = shared_api(store);
    let base = "qty=60&price=10-30";
    let list = api.list(base).await;
    assert!(
        list.total > 0 && list.total < PRODUCTS,
        "{base}: {}",
        list.total
    );
    let f = &list.facets;
    for (key, facet) in [("city", &f.city), ("goods_kind", &f.goods_kind)] {
        for entry in facet {
            let query = format!("{base}&{key}={}", entry.id);
            assert_eq!(
                entry.count,
                api.total(&query).await,
                "{key} facet vs {query}"
            );
        }
    }
    for entry in &f.price {
        let query = format!("qty=60&price={}", entry.id);
        assert_eq!(
            entry.count,
            api.total(&query).await,
            "price facet vs {query}"
        );
    }
}

/// With `qty` and nothing to buy, the answer says the smallest quantity that
/// would give results: the lowest MOQ the other filters allow.
async fn an_empty_answer_at_a_quantity_names_the_nearest_one(store: Store) {
    let api = shared_api(store);
    let catalog = api.all("").await;
    let mut tried = 0;
    for city in api
        .list("")
        .await
        .facets
        .city
        .iter()
        .filter(|c| c.count > 0)
    {
        let in_city: Vec<&ProductSummary> = catalog.iter().filter(|p| p.city == city.id).collect();
        let lowest = in_city.iter().map(|p| p.moq).min().unwrap();
        if lowest < 2 {
            continue;
        }
        let list = api
            .list(&format!("city={}&qty={}", city.id, lowest - 1))
            .await;
        assert_eq!(list.total, 0);
        assert_eq!(list.nearest_qty, Some(lowest), "{}", city.id);
        let at_nearest = api.total(&format!("city={}&qty={lowest}", city.id)).await;
        assert!(at_nearest > 0);
        tried += 1;
    }
    let list = api.list("qty=1000000&q=nothing-is-called-this").await;
    assert_eq!(
        (list.total, list.nearest_qty),
        (0, None),
        "no MOQ helps a keyword"
    );
    let list = api.list("qty=10").await;
    assert_eq!(list.nearest_qty, None, "results: nothing to suggest");
    assert!(tried > 0, "some city has no one-piece products");
}

/// `GET /api/v1/understand`: a sentence becomes a canonical query whose list
/// answer is the one for those filters; its parts say where each word went.
async fn a_sentence_becomes_the_query_the_list_takes(store: Store) {
    use beltmart_contract::Understanding;
    let api = shared_api(store);
    let understood: Understanding = api
        .json(&format!(
            "/api/v1/understand?text={}",
            enc("義烏 50元以下 儿童玩具 带灯")
        ))
        .await;
    assert_eq!(
        understood.query,
        "q=%E5%B8%A6%E7%81%AF&category=kids-toys&city=yiwu&price=-50"
    );
    let parts: Vec<(&str, &str)> = understood
        .parts
        .iter()
        .map(|p| (p.text.as_str(), p.role.as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            ("義烏", "city"),
            ("50元以下", "price"),
            ("儿童玩具", "category"),
            ("带灯", "keyword")
        ]
    );
    let taxonomy: Taxonomy = api.json("/api/v1/taxonomy").await;
    assert_eq!(understood.catalog_version, taxonomy.catalog_version);
    let list = api
        .list("city=yiwu&category=kids-toys&price=-50&q=带灯")
        .await;
    assert_eq!(api.list(&understood.query).await.total, list.total);

    // Nothing to understand is the empty query; bad input is a 400 that says why.
    let empty: Understanding = api.json("/api/v1/understand").await;
    assert_eq!((empty.query.as_str(), empty.parts.len()), ("", 0));
    let twice = api
        .error(
            Method::GET,
            "/api/v1/understand?text=a&text=b",
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(twice.error.code, "duplicate_parameter");
    let long = format!("/api/v1/understand?text={}", enc(&"鞋".repeat(201)));
    let too_long = api.error(Method::GET, &long, StatusCode::BAD_REQUEST).await;
    assert_eq!(too_long.error.code, "invalid_keyword");
}

/// `GET /api/v1/suggest`: names the text begins (in any of their spellings)
/// with the counts the list gives them, then titles that contain it, most
/// popular first.
async fn typing_is_offered_names_with_counts_and_popular_titles(store: Store) {
    use beltmart_contract::Suggestions;
    let api = shared_api(store);
    let suggest = async |text: &str| -> Suggestions {
        api.json(&format!("/api/v1/suggest?text={}", enc(text)))
            .await
    };
    let names = |s: &Suggestions| -> Vec<String> {
        s.names
            .iter()
            .map(|n| format!("{}={}", n.name.facet, n.name.id))
            .collect()
    };
    for (typed, first) in [
        ("袜", "category=socks"),
        ("yiw", "city=yiwu"),
        ("jj", "city=jinjiang"),
        ("SNEAK", "category=sports-shoes"),
        ("運動", "category=sports-outdoor"),
    ] {
        let offered = suggest(typed).await;
        assert_eq!(
            names(&offered).first().map(String::as_str),
            Some(first),
            "{typed}: {offered:?}"
        );
        assert_eq!(offered.completes, typed);
        for name in &offered.names {
            let total = api
                .total(&format!("{}={}", name.name.facet, name.name.id))
                .await;
            assert_eq!(name.count, total, "{typed}: {name:?}");
        }
    }
    // A sentence's last word is completed when the whole is no name.
    let offered = suggest("义乌 儿").await;
    assert_eq!(offered.completes, "儿");
    assert!(
        names(&offered).contains(&"category=kids-toys".to_owned()),
        "{offered:?}"
    );

    // Titles: the first five containing the text in the catalog's default
    // (most popular first) order.
    let offered = suggest("袜").await;
    let popular: Vec<String> = api
        .all("")
        .await
        .into_iter()
        .filter(|p| p.title.contains('袜'))
        .take(5)
        .map(|p| p.title)
        .collect();
    let titles: Vec<String> = offered.titles.iter().map(|t| t.title.clone()).collect();
    assert_eq!(titles, popular);
    let taxonomy = api.taxonomy().await;
    assert_eq!(offered.catalog_version, taxonomy.catalog_version);

    let nothing = suggest("qqqqxz").await;
    assert!(nothing.names.is_empty() && nothing.titles.is_empty());
    let long = format!("/api/v1/suggest?text={}", enc(&"鞋".repeat(201)));
    let too_long = api.error(Method::GET, &long, StatusCode::BAD_REQUEST).await;
    assert_eq!(too_long.error.code, "invalid_keyword");
}

/// With a keyword and no results the list offers, most results first, a
/// misspelt word read as the name it is close to, or a word left out; each
/// offer's count is what its query gives. With results, nothing is offered.
async fn a_search_with_no_results_offers_close_ones_that_have_some(store: Store) {
    let api = shared_api(store);
    for (keyword, offered_query) in [
        ("sneekers", "category=sports-shoes"),
        ("运动靴", "category=sports-shoes"),
        ("jinjaing", "city=jinjiang"),
        ("袜子 qqqq", "q=%E8%A2%9C%E5%AD%90"),
    ] {
        let list = api.list(&format!("q={}", enc(keyword))).await;
        assert_eq!(list.total, 0, "{keyword}");
        assert!(!list.did_you_mean.is_empty(), "{keyword}: nothing offered");
        let queries: Vec<&str> = list.did_you_mean.iter().map(|d| d.query.as_str()).collect();
        assert!(queries.contains(&offered_query), "{keyword}: {queries:?}");
        let counts: Vec<u64> = list.did_you_mean.iter().map(|d| d.count).collect();
        assert!(counts.is_sorted_by(|a, b| a >= b), "{keyword}: {counts:?}");
        for offer in &list.did_you_mean {
            assert!(offer.count > 0);
            assert!(keyword.split(' ').any(|w| w == offer.word), "{offer:?}");
            assert_eq!(api.total(&offer.query).await, offer.count, "{offer:?}");
        }
    }
    // The other filters stay as they were.
    let list = api.list(&format!("city=yiwu&q={}", enc("sneekers"))).await;
    for offer in &list.did_you_mean {
        assert!(offer.query.contains("city=yiwu"), "{offer:?}");
    }
    let found = api.list(&format!("q={}", enc("袜子"))).await;
    assert!(found.total > 0 && found.did_you_mean.is_empty());
}
