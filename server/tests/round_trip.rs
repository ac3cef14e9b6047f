//! Round trip, as a property: for any valid catalog, export → import into an
//! empty database → export gives identical output, products and suppliers,
//! through JSON Lines and through CSV alike, on SQLite and on PostgreSQL.

use std::path::Path;

use beltmart_server::files::formats::{Encoding, Format};
use beltmart_server::files::{export, import};
use proptest::prelude::*;
use serde_json::{Value, json};

mod support;
use support::store::{Store, TestDb, on_both_stores};

/// (city, belt, its leaf categories) of the built-in taxonomy.
fn belts() -> Vec<(String, String, Vec<String>)> {
    let path = format!("{}/data/taxonomy.json", env!("CARGO_MANIFEST_DIR"));
    let taxonomy: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for province in taxonomy["regions"].as_array().unwrap() {
        for city in province["cities"].as_array().unwrap() {
            for belt in city["belts"].as_array().unwrap() {
                let leaves = belt["categories"].as_array().unwrap();
                out.push((
                    city["id"].as_str().unwrap().to_owned(),
                    belt["id"].as_str().unwrap().to_owned(),
                    leaves
                        .iter()
                        .map(|c| c.as_str().unwrap().to_owned())
                        .collect(),
                ));
            }
        }
    }
    out
}

/// Text a site owner might type, commas, quotes and separators included.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 鞋袜玩具童装,\"'|:;<>&=+@#%()（）【】—·]{1,40}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn product(belts: Vec<(String, String, Vec<String>)>) -> impl Strategy<Value = Value> {
    let tiers = (
        1u32..500,
        1u32..5_000_000,
        prop::collection::vec((2u32..10, 80u32..99), 0..4),
    );
    (
        "[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}",
        text(),
        text(),
        prop::sample::select(belts),
        any::<prop::sample::Index>(),
        tiers,
        (prop::option::of(0u32..100_000), prop::option::of(10_957u32..20_000), 0u32..40),
        prop::collection::vec("(https://img\\.example\\.com|/images)/[a-z0-9]{1,8}\\.(jpg|webp)(\\?w=[0-9]{2,3}&q=8)?", 0..3),
        (0usize..3, 0usize..4),
    )
        .prop_map(|(id, title, supplier, (city, belt, leaves), leaf, (moq, price, steps), (sales, day, years), images, (goods, kind))| {
            let mut tiers = vec![json!({"min_qty": moq, "price_fen": price})];
            let (mut qty, mut fen) = (moq, price);
            for (times, percent) in steps {
                let (next_qty, next_fen) = (qty * times, fen * percent / 100);
                if next_fen == 0 || next_fen >= fen {
                    break;
                }
                (qty, fen) = (next_qty, next_fen);
                tiers.push(json!({"min_qty": qty, "price_fen": fen}));
            }
            let goods = ["factory-brand", "white-label", "brand-alternative"][goods];
            let kind = ["source-factory", "specialized", "brand-oem", "large-factory"][kind];
            let mut row = json!({
                "id": id, "title": title.trim(), "category": leaf.get(&leaves), "city": city, "belt": belt,
                "unit": "件", "moq": moq, "tiers": tiers,
                "goods_kind": goods,
                "supplier": {"name": supplier.trim(), "kind": kind, "years": years},
                "images": images,
            });
            if let Some(sales) = sales {
                row["sales_30d"] = json!(sales);
            }
            if let Some(day) = day {
                // Days since 1970 as a date, through the server's own formatter.
                let date = chrono_free_date(day);
                row["listed_on"] = json!(date);
            }
            row
        })
}

/// `YYYY-MM-DD` of a day count, by counting (the test does not trust the code it tests).
fn chrono_free_date(days: u32) -> String {
    let (mut year, mut left) = (1970u32, days);
    let leap = |y: u32| y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    while left >= if leap(year) { 366 } else { 365 } {
        left -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let months = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while left >= months[month] {
        left -= months[month];
        month += 1;
    }
    format!("{year:04}-{:02}-{:02}", month + 1, left + 1)
}

fn import_file(db: &TestDb, file: &Path, suppliers: Option<&Path>) {
    let report = import::run(&import::Options {
        db: db.db.parse().unwrap(),
        mode: import::Mode::Replace,
        dry_run: false,
        format: None,
        encoding: Encoding::Auto,
        taxonomy: None,
        suppliers: suppliers.map(Path::to_owned),
        file: Some(file.to_owned()),
        images: None,
        fetch_images: false,
        scope: None,
        label: None,
    })
    .unwrap();
    assert!(report.is_ok(), "{report}");
}

fn export_what(db: &TestDb, what: export::What, format: Format, file: &Path) -> Vec<u8> {
    let db = db.db.parse().unwrap();
    export::run(&db, what, format, std::fs::File::create(file).unwrap()).unwrap();
    std::fs::read(file).unwrap()
}

/// Products and suppliers exported in `format`, and the files they went to.
fn export_both(db: &TestDb, format: Format, name: &str) -> ([Vec<u8>; 2], [std::path::PathBuf; 2]) {
    let ext = if format == Format::Csv {
        "csv"
    } else {
        "jsonl"
    };
    let files = [
        db.dir.join(format!("{name}.{ext}")),
        db.dir.join(format!("{name}-suppliers.{ext}")),
    ];
    let products = export_what(db, export::What::Products, format, &files[0]);
    let suppliers = export_what(db, export::What::Suppliers, format, &files[1]);
    ([products, suppliers], files)
}

on_both_stores!(export_import_export_is_identical);
on_both_stores!(async multi_thread: an_exported_catalog_imported_elsewhere_answers_the_same);

fn export_import_export_is_identical(store: Store) {
    let config = ProptestConfig {
        cases: 24,
        ..ProptestConfig::default()
    };
    proptest!(config, |(rows in prop::collection::btree_map("[a-z]{1,3}[0-9]{0,3}", product(belts()), 1..30))| {
        let [one, two, three] = [(); 3].map(|()| TestDb::new(store));
        let dir = &one.dir;
        // Each product once: the map's keys make the ids unique.
        let lines: Vec<String> = rows
            .into_iter()
            .map(|(key, mut row)| {
                row["id"] = json!(format!("{key}-{}", row["id"].as_str().unwrap()));
                row.to_string()
            })
            .collect();
        let source = dir.join("source.jsonl");
        std::fs::write(&source, lines.join("\n")).unwrap();
        // Rows without supplier ids: the suppliers are made from their names.
        import_file(&one, &source, None);
        let (first, [products, suppliers]) = export_both(&one, Format::Jsonl, "1");
        let (first_csv, [products_csv, suppliers_csv]) = export_both(&one, Format::Csv, "1");

        import_file(&two, &products, Some(&suppliers));
        let (second, _) = export_both(&two, Format::Jsonl, "2");
        prop_assert_eq!(&second, &first);

        import_file(&three, &products_csv, Some(&suppliers_csv));
        let (via_csv, _) = export_both(&three, Format::Jsonl, "3");
        prop_assert_eq!(&via_csv, &first);
        let (csv_again, _) = export_both(&three, Format::Csv, "3");
        prop_assert_eq!(csv_again, first_csv);
    });
}

/// The same API answers for any query: the generated sample catalog, and the
/// same catalog exported and imported into an empty database.
/// The copy is in `store`: what one store exports, the other answers alike.
async fn an_exported_catalog_imported_elsewhere_answers_the_same(store: Store) {
    let sample = TestDb::new(Store::Sqlite);
    let original = support::spawn_server(&["--db", &sample.db, "--products", "3000"]);
    let copy = TestDb::new(store);
    tokio::task::block_in_place(|| {
        let (first, [products, suppliers]) = export_both(&sample, Format::Jsonl, "export");
        import_file(&copy, &products, Some(&suppliers));
        // The sample's profiles (facts, certificates, audits) survive both formats.
        let (csv, [products_csv, suppliers_csv]) = export_both(&copy, Format::Csv, "copy");
        let again = TestDb::new(store);
        import_file(&again, &products_csv, Some(&suppliers_csv));
        assert_eq!(export_both(&again, Format::Csv, "again").0, csv);
        assert_eq!(export_both(&again, Format::Jsonl, "again").0, first);
    });
    let imported = support::spawn_server(&["--db", &copy.db]);

    let strip = |mut v: Value| {
        v["took_ms"] = json!(0);
        v["catalog_version"] = json!("");
        v
    };
    let queries = [
        "/api/v1/products",
        "/api/v1/products?category=shoes&sort=price_asc",
        "/api/v1/products?city=yiwu,jinjiang&price=10-30&page=2",
        "/api/v1/products?q=鞋&sort=relevance",
        "/api/v1/products?goods_kind=white-label&sort=newest&per_page=100",
        "/api/v1/products?supplier_kind=brand-oem&sort=sales",
        "/api/v1/products/p1",
        "/api/v1/products/p2999",
        "/api/v1/images/p7/2",
        "/api/v1/suppliers?kind=specialized&per_page=50",
        "/api/v1/suppliers/yiwu-1",
        "/api/v1/products?supplier=yiwu-1,jinjiang-2&sort=price_asc",
    ];
    for query in queries {
        let get = |base: &str| {
            let url = format!("{base}{query}");
            async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
        };
        let (a, b) = (get(&original).await, get(&imported).await);
        match serde_json::from_str::<Value>(&a) {
            Ok(a) => assert_eq!(
                strip(a),
                strip(serde_json::from_str(&b).unwrap()),
                "{query}"
            ),
            Err(_) => assert_eq!(a, b, "{query}"),
        }
    }
    let taxonomy = |base: String| async move {
        let mut t: Value = reqwest::get(format!("{base}/api/v1/taxonomy"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        t["catalog_version"] = json!("");
        t
    };
    assert_eq!(taxonomy(original).await, taxonomy(imported).await);
}
