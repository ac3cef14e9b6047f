//! The query engine alone (no HTTP), at 10 000, 100 000 and 1 000 000 products:
//! filters, facets, keywords, every sort and deep pages.
//!
//!   cargo bench -p beltmart-server --bench engine
//!
//! `BELTMART_BENCH_SIZES=10000,100000` picks the catalog sizes. Catalogs are
//! generated once into `target/bench-catalogs/` (the same sample data as the
//! server's `--products N`) and reused by later runs.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use beltmart_contract::CatalogQuery;
use beltmart_server::catalog::{Catalog, image_url};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Each query a shopper's click can send, by what it exercises.
const QUERIES: &[(&str, &str)] = &[
    ("all", ""),
    ("one_city", "city=yiwu"),
    ("category_and_band", "category=shoes&price=30-50"),
    (
        "cities_leaf_sorted",
        "city=jinjiang,putian&category=sports-shoes&sort=price_asc",
    ),
    ("belt", "belt=yiwu-socks"),
    (
        "kinds",
        "goods_kind=brand-alternative&supplier_kind=source-factory",
    ),
    ("keyword_zh", "q=%E8%BF%90%E5%8A%A8%E9%9E%8B"),
    ("keyword_en_city", "q=socks&city=yiwu"),
    ("sort_sales", "sort=sales"),
    ("sort_newest", "sort=newest"),
    ("sort_price_desc", "price=300-&sort=price_desc"),
    ("deep_page", "category=home-living&page=200&per_page=48"),
    ("qty_city", "qty=20&city=yiwu"),
    ("qty_band_price_asc", "qty=100&price=10-30&sort=price_asc"),
];

fn catalog_sizes() -> Vec<u32> {
    std::env::var("BELTMART_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .expect("BELTMART_BENCH_SIZES lists numbers")
        })
        .collect()
}

fn open_catalog(products: u32) -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-catalogs");
    std::fs::create_dir_all(&dir).expect("target/ is writable");
    Catalog::open(&dir.join(format!("{products}.sqlite")), 2026, products)
        .expect("the bench catalog opens")
}

fn engine(c: &mut Criterion) {
    for products in catalog_sizes() {
        let catalog = open_catalog(products);
        let mut group = c.benchmark_group(format!("search/{products}"));
        for (name, query) in QUERIES {
            let query = CatalogQuery::parse(query).expect("bench queries are valid");
            group.bench_with_input(BenchmarkId::from_parameter(name), &query, |b, query| {
                b.iter(|| black_box(catalog.index.search(query, image_url)))
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = engine
}
criterion_main!(benches);
