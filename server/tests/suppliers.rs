//! Suppliers as a site owner imports them (the real binary), on SQLite and on
//! PostgreSQL: beside the products, checked row by row with every bad field
//! named by line, all or nothing; products name their factory by id, or by
//! name (found or made); a factory some product names cannot go.

use std::process::{Command, Output};

use serde_json::{Value, json};

mod support;
use support::store::{Store, TestDb, on_both_stores};

on_both_stores!(
    the_examples_import_together_and_products_find_their_factory_by_name,
    every_bad_supplier_field_is_named_by_line_and_nothing_changes,
    a_product_naming_an_unknown_factory_is_a_row_error,
    a_factory_a_product_names_cannot_be_removed,
);

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");

fn run(db: &TestDb, args: &[&str]) -> (bool, String) {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_beltmart-server"))
        .args(args)
        .arg("--db")
        .arg(&db.db)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn export(db: &TestDb, what: &[&str]) -> String {
    let (ok, text) = run(db, &[&["export"], what].concat());
    assert!(ok, "{text}");
    text
}

/// The examples, imported together.
fn examples(store: Store) -> TestDb {
    let db = TestDb::new(store);
    let suppliers = format!("{EXAMPLES}/suppliers.jsonl");
    let products = format!("{EXAMPLES}/catalog.jsonl");
    let (ok, report) = run(&db, &["import", "--suppliers", &suppliers, &products]);
    assert!(ok, "{report}");
    assert!(
        report.contains("200 product(s) from 27 supplier(s)"),
        "{report}"
    );
    db
}

fn write(db: &TestDb, name: &str, rows: &[Value]) -> String {
    let path = db.dir.join(name);
    let lines: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&path, lines).unwrap();
    path.display().to_string()
}

fn the_examples_import_together_and_products_find_their_factory_by_name(store: Store) {
    let db = examples(store);
    let products = export(&db, &[]);
    // The example products name their factories only by name: each found its record.
    let first: Value = serde_json::from_str(products.lines().next().unwrap()).unwrap();
    assert_eq!(first["supplier"]["id"], "chenghai-1", "{first}");
    assert!(!products.contains("\"id\":\"f-"), "no factory was made");
    // The CSV example is the same suppliers.
    let csv = TestDb::new(store);
    let suppliers = format!("{EXAMPLES}/suppliers.csv");
    let (ok, report) = run(
        &csv,
        &[
            "import",
            "--suppliers",
            &suppliers,
            &format!("{EXAMPLES}/catalog.csv"),
        ],
    );
    assert!(ok, "{report}");
    assert_eq!(
        export(&csv, &["--suppliers"]),
        export(&db, &["--suppliers"])
    );
}

fn every_bad_supplier_field_is_named_by_line_and_nothing_changes(store: Store) {
    let db = examples(store);
    let before = (export(&db, &[]), export(&db, &["--suppliers"]));
    let good = json!({"id": "jinjiang-9", "name": "晋江新厂", "belt": "jinjiang-sports-shoes",
        "kinds": ["source-factory"], "years": 2});
    let spoiled = |change: &dyn Fn(&mut Value)| {
        let mut row = good.clone();
        change(&mut row);
        row
    };
    let rows = [
        good.clone(),
        spoiled(&|r| r["kinds"] = json!(["no-such-kind"])),
        spoiled(&|r| r["belt"] = json!("atlantis")),
        spoiled(&|r| {
            r["audits"] = json!([{"by": "SGS", "source": "rumour", "as_of": "2026-01-01"}])
        }),
        spoiled(&|r| {
            r["facts"] =
                json!({"staff": {"value": 12, "source": "self_declared", "as_of": "2025-13-01"}})
        }),
        spoiled(&|r| {
            r["certificates"] = json!([{"name": "ISO 9001", "issuer": "CQC", "source": "business_licence",
                "as_of": "2026-01-01", "valid_until": "2020-01-01"}])
        }),
        spoiled(&|r| r["id"] = json!("Not An Id")),
        spoiled(&|r| r["id"] = json!("jinjiang-10")), // the same name as line 1's
    ];
    let file = write(&db, "suppliers.jsonl", &rows);
    let (ok, report) = run(&db, &["import", "--mode", "upsert", "--suppliers", &file]);
    assert!(!ok, "{report}");
    for (line, field) in [
        (2, "kinds"),
        (3, "belt"),
        (4, "audits[1].source"),
        (5, "facts.staff.as_of"),
        (6, "certificates[1].valid_until"),
        (7, "id"),
        (8, "name"),
    ] {
        let place = format!("line {line}");
        assert!(
            report
                .lines()
                .any(|l| l.contains(&place) && l.contains(field)),
            "line {line}, {field}:\n{report}"
        );
    }
    assert!(report.contains("nothing was changed"), "{report}");
    assert_eq!((export(&db, &[]), export(&db, &["--suppliers"])), before);
}

fn a_product_naming_an_unknown_factory_is_a_row_error(store: Store) {
    let db = examples(store);
    let before = export(&db, &[]);
    let mut row: Value = serde_json::from_str(before.lines().next().unwrap()).unwrap();
    row["supplier"] = json!({"id": "nobody-1"});
    let file = write(&db, "products.jsonl", &[row]);
    let (ok, report) = run(&db, &["import", "--mode", "upsert", &file]);
    assert!(!ok, "{report}");
    assert!(report.contains("line 1, supplier.id"), "{report}");
    assert_eq!(export(&db, &[]), before);
}

fn a_factory_a_product_names_cannot_be_removed(store: Store) {
    let db = examples(store);
    let before = export(&db, &["--suppliers"]);
    let file = write(
        &db,
        "gone.jsonl",
        &[json!({"id": "chenghai-1", "remove": true})],
    );
    let (ok, report) = run(&db, &["import", "--mode", "upsert", "--suppliers", &file]);
    assert!(!ok, "{report}");
    assert!(
        report.contains("supplier.id") && report.contains("chenghai-1"),
        "{report}"
    );
    assert_eq!(export(&db, &["--suppliers"]), before);
    // With its products moved to another factory in the same import, it goes.
    let products = export(&db, &[]);
    let moved: Vec<Value> = products
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|p| p["supplier"]["id"] == "chenghai-1")
        .map(|mut p| {
            p["supplier"] = json!({"id": "chenghai-2"});
            p
        })
        .collect();
    let products_file = write(&db, "moved.jsonl", &moved);
    let args = [
        "import",
        "--mode",
        "upsert",
        "--suppliers",
        &file,
        &products_file,
    ];
    let (ok, report) = run(&db, &args);
    assert!(ok, "{report}");
    assert!(!export(&db, &["--suppliers"]).contains("\"chenghai-1\""));
}
