//! `beltmart-server import` and `export`, run as a site owner runs them (the
//! real binary): one case per validation rule, each of which must name the
//! right line and field and leave the catalog exactly as it was; encodings and
//! line endings; modes, dry runs, removals and taxonomy changes. Each runs on
//! SQLite and on PostgreSQL.

use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

mod support;
use support::store::{Store, TestDb, on_both_stores};

on_both_stores!(
    every_rule_names_the_line_and_field_and_changes_nothing,
    broken_files_are_explained,
    every_bad_row_is_listed_up_to_a_cap_with_a_count_of_the_rest,
    csv_in_utf8_with_bom_and_crlf_or_in_gbk_imports_like_the_jsonl,
    script_and_sql_in_text_are_kept_as_text,
    upsert_updates_adds_and_removes_and_dry_run_changes_nothing,
    a_new_database_starts_with_the_builtin_taxonomy_and_no_products,
    a_taxonomy_can_be_replaced_and_dangling_products_are_reported,
);

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");

fn run(args: &[&str], db: &TestDb, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beltmart-server"))
        .args(args)
        .arg("--db")
        .arg(&db.db)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn export(db: &TestDb, format: &str) -> String {
    let output = run(&["export", "--format", format], db, None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// A catalog holding the example file.
fn example_catalog(store: Store) -> TestDb {
    let db = TestDb::new(store);
    let output = run(&["import", &format!("{EXAMPLES}/catalog.jsonl")], &db, None);
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    db
}

/// A valid row to spoil, one field at a time.
fn good_row(id: &str) -> Value {
    json!({
        "id": id, "title": "透气飞织运动鞋 男款", "category": "sports-shoes", "city": "jinjiang",
        "belt": "jinjiang-sports-shoes", "unit": "双", "moq": 10,
        "tiers": [{"min_qty": 10, "price_fen": 5900}, {"min_qty": 100, "price_fen": 5200}],
        "goods_kind": "factory-brand",
        "supplier": {"name": "晋江鸿星运动鞋厂", "kind": "source-factory", "years": 6},
        "sales_30d": 12, "listed_on": "2026-03-01", "images": ["https://img.example.com/a.jpg"]
    })
}

fn jsonl(rows: &[Value]) -> Vec<u8> {
    rows.iter()
        .map(|r| format!("{r}\n"))
        .collect::<String>()
        .into_bytes()
}

/// Imports `file` (named `name`, whose extension gives the format) and expects
/// it refused, naming `line` and `field`, with the catalog unchanged.
fn refused(db: &TestDb, name: &str, file: &[u8], line: u64, field: &str) -> String {
    let before = export(db, "jsonl");
    let path = db.dir.join(name);
    std::fs::write(&path, file).unwrap();
    let output = run(
        &["import", "--mode", "upsert", path.to_str().unwrap()],
        db,
        None,
    );
    let report = format!(
        "{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "{name}: accepted:\n{report}");
    let expected = format!("line {line}");
    assert!(
        report
            .lines()
            .any(|l| l.contains(&expected) && l.contains(field)),
        "{name}: the report should name {expected} and {field}:\n{report}"
    );
    assert!(
        report.contains("Nothing was changed") || report.contains("nothing was changed"),
        "{report}"
    );
    assert_eq!(export(db, "jsonl"), before, "{name}: the catalog changed");
    report
}

/// How a case spoils a good row.
type Spoil = Box<dyn Fn(&mut Value)>;

fn every_rule_names_the_line_and_field_and_changes_nothing(store: Store) {
    let db = example_catalog(store);
    // (case, field to spoil → value, reported field)
    let cases: Vec<(&str, Spoil, &str)> = vec![
        (
            "missing title",
            Box::new(|r| drop(r.as_object_mut().unwrap().remove("title"))),
            "title",
        ),
        (
            "missing tiers",
            Box::new(|r| drop(r.as_object_mut().unwrap().remove("tiers"))),
            "tiers",
        ),
        ("id not a slug", Box::new(|r| r["id"] = json!("P 12")), "id"),
        (
            "unknown category",
            Box::new(|r| r["category"] = json!("spaceships")),
            "category",
        ),
        (
            "top-level category",
            Box::new(|r| r["category"] = json!("shoes")),
            "category",
        ),
        (
            "unknown city",
            Box::new(|r| r["city"] = json!("atlantis")),
            "city",
        ),
        (
            "unknown belt",
            Box::new(|r| r["belt"] = json!("atlantis-shoes")),
            "belt",
        ),
        (
            "belt in another city",
            Box::new(|r| r["belt"] = json!("yiwu-socks")),
            "belt",
        ),
        (
            "unknown goods kind",
            Box::new(|r| r["goods_kind"] = json!("fake")),
            "goods_kind",
        ),
        (
            "unknown supplier kind",
            Box::new(|r| r["supplier"]["kind"] = json!("shop")),
            "supplier.kind",
        ),
        (
            "first tier not at moq",
            Box::new(|r| r["moq"] = json!(5)),
            "tiers",
        ),
        (
            "quantities not rising",
            Box::new(|r| r["tiers"][1]["min_qty"] = json!(10)),
            "tiers",
        ),
        (
            "prices not falling",
            Box::new(|r| r["tiers"][1]["price_fen"] = json!(6000)),
            "tiers",
        ),
        (
            "price zero",
            Box::new(|r| r["tiers"] = json!([{"min_qty": 10, "price_fen": 0}])),
            "tiers",
        ),
        (
            "price a million yuan",
            Box::new(|r| r["tiers"] = json!([{"min_qty": 10, "price_fen": 100_000_000}])),
            "tiers",
        ),
        (
            "moq zero",
            Box::new(|r| {
                r["moq"] = json!(0);
                r["tiers"][0]["min_qty"] = json!(0);
            }),
            "moq",
        ),
        (
            "moq not a number",
            Box::new(|r| r["moq"] = json!("ten")),
            "moq",
        ),
        (
            "title too long",
            Box::new(|r| r["title"] = json!("鞋".repeat(201))),
            "title",
        ),
        (
            "control character",
            Box::new(|r| r["title"] = json!("运动鞋\u{7}")),
            "title",
        ),
        (
            "empty supplier name",
            Box::new(|r| r["supplier"]["name"] = json!("  ")),
            "supplier.name",
        ),
        (
            "javascript image",
            Box::new(|r| r["images"] = json!(["javascript:alert(1)"])),
            "images",
        ),
        (
            "data image",
            Box::new(|r| r["images"] = json!(["data:image/png;base64,AAAA"])),
            "images",
        ),
        (
            "not a date",
            Box::new(|r| r["listed_on"] = json!("2026-02-30")),
            "listed_on",
        ),
        (
            "price_fen disagrees",
            Box::new(|r| r["price_fen"] = json!(100)),
            "price_fen",
        ),
        (
            "unknown field",
            Box::new(|r| r["titel"] = json!("typo")),
            "(row)",
        ),
    ];
    for (case, spoil, field) in cases {
        let mut bad = good_row("new-1");
        spoil(&mut bad);
        // The bad row is the third line, after two good ones.
        let file = jsonl(&[good_row("new-2"), good_row("new-3"), bad]);
        refused(
            &db,
            &format!("{}.jsonl", case.replace(' ', "-")),
            &file,
            3,
            field,
        );
    }
}

fn broken_files_are_explained(store: Store) {
    let db = example_catalog(store);
    let good = String::from_utf8(jsonl(&[good_row("n-1")])).unwrap();
    refused(
        &db,
        "broken.jsonl",
        format!("{good}{{\"id\": \"n-2\", \"title\": \n").as_bytes(),
        2,
        "(row)",
    );
    refused(
        &db,
        "array.jsonl",
        format!("{good}[1, 2]\n").as_bytes(),
        2,
        "(row)",
    );
    refused(
        &db,
        "duplicate.jsonl",
        format!("{good}{good}").as_bytes(),
        2,
        "id",
    );
    let huge = format!("{good}{}\n", " ".repeat(100 << 10) + "{}");
    refused(&db, "huge-line.jsonl", huge.as_bytes(), 2, "(row)");
    let latin1 = [
        good.as_bytes(),
        b"{\"id\": \"n-9\", \"title\": \"caf\xe9\"}\n",
    ]
    .concat();
    refused(&db, "latin1.jsonl", &latin1, 2, "(row)");

    // An empty file would empty the catalog in replace mode: refused.
    let before = export(&db, "jsonl");
    let output = run(&["import", "-", "--format", "jsonl"], &db, Some(b""));
    assert!(!output.status.success());
    assert!(
        stdout(&output).contains("has no products"),
        "{}",
        stdout(&output)
    );
    assert_eq!(export(&db, "jsonl"), before);

    let header = "id,title,category,city,belt,unit,moq,tiers,goods_kind,supplier_name,supplier_kind,supplier_years,sales_30d,listed_on,images\n";
    let output = run(
        &["import", "-", "--format", "csv"],
        &db,
        Some(header.as_bytes()),
    );
    assert!(
        !output.status.success(),
        "a header-only file empties nothing"
    );
    assert!(
        stdout(&output).contains("line 1, (file)"),
        "{}",
        stdout(&output)
    );
    let row = "n-1,运动鞋,sports-shoes,jinjiang,jinjiang-sports-shoes,双,10,10:59.00,white-label,晋江鸿星运动鞋厂,source-factory,3,0,2026-01-02,\n";
    let short = "n-2,运动鞋,sports-shoes,jinjiang\n";
    refused(
        &db,
        "short-row.csv",
        format!("{header}{row}{short}").as_bytes(),
        3,
        "(row)",
    );
    refused(
        &db,
        "bad-tiers.csv",
        format!("{header}{}", row.replace("10:59.00", "10:59元")).as_bytes(),
        2,
        "tiers",
    );
    refused(
        &db,
        "bad-header.csv",
        format!("{}{row}", header.replace("title", "titel")).as_bytes(),
        1,
        "titel",
    );
    refused(&db, "empty.csv", b"", 1, "empty");
}

fn every_bad_row_is_listed_up_to_a_cap_with_a_count_of_the_rest(store: Store) {
    let db = example_catalog(store);
    let mut rows: Vec<Value> = (1..=150).map(|n| good_row(&format!("n-{n}"))).collect();
    for row in rows.iter_mut().skip(10) {
        row["city"] = json!("atlantis");
    }
    rows[2]["moq"] = json!(-1);
    let report = refused(&db, "many.jsonl", &jsonl(&rows), 3, "moq");
    assert!(report.contains("141 bad row(s) of 150"), "{report}");
    assert!(report.contains("line 11, city"), "{report}");
    assert!(report.contains("… and 41 more problem(s)"), "{report}");
}

fn csv_in_utf8_with_bom_and_crlf_or_in_gbk_imports_like_the_jsonl(store: Store) {
    let csv = std::fs::read_to_string(format!("{EXAMPLES}/catalog.csv")).unwrap();
    let expected = {
        let db = TestDb::new(store);
        run(&["import", &format!("{EXAMPLES}/catalog.jsonl")], &db, None);
        export(&db, "jsonl")
    };
    let bom_crlf = [
        b"\xef\xbb\xbf".as_slice(),
        csv.replace('\n', "\r\n").as_bytes(),
    ]
    .concat();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&csv);
    assert!(!lossy, "the example catalog is all GBK-encodable");
    for (name, bytes, flags) in [
        ("bom-crlf.csv", bom_crlf, vec![]),
        ("gbk.csv", gbk.to_vec(), vec![]),
        ("gbk-named.csv", gbk.to_vec(), vec!["--encoding", "gbk"]),
    ] {
        let db = TestDb::new(store);
        let file = db.dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let mut args = vec!["import", file.to_str().unwrap()];
        args.extend(flags);
        let output = run(&args, &db, None);
        assert!(output.status.success(), "{name}: {}", stdout(&output));
        assert_eq!(export(&db, "jsonl"), expected, "{name}");
    }
}

fn script_and_sql_in_text_are_kept_as_text(store: Store) {
    let db = example_catalog(store);
    let title = r#"<script>alert(1)</script>'; DROP TABLE products; -- ""#;
    let supplier = "Robert'); DELETE FROM meta; --";
    let mut row = good_row("xss-1");
    row["title"] = json!(title);
    row["supplier"]["name"] = json!(supplier);
    let output = run(
        &["import", "--mode", "upsert", "-", "--format", "jsonl"],
        &db,
        Some(&jsonl(&[row])),
    );
    assert!(output.status.success(), "{}", stdout(&output));
    let exported = export(&db, "jsonl");
    let line = exported.lines().find(|l| l.contains("\"xss-1\"")).unwrap();
    let product: Value = serde_json::from_str(line).unwrap();
    assert_eq!(product["title"], title);
    assert_eq!(product["supplier"]["name"], supplier);
    assert_eq!(exported.lines().count(), 201, "nothing was dropped");
}

fn upsert_updates_adds_and_removes_and_dry_run_changes_nothing(store: Store) {
    let db = example_catalog(store);
    let mut changed: Value =
        serde_json::from_str(export(&db, "jsonl").lines().next().unwrap()).unwrap();
    let id = changed["id"].as_str().unwrap().to_owned();
    let price = changed["tiers"][0]["price_fen"].as_u64().unwrap();
    changed["tiers"] = json!([{"min_qty": changed["moq"], "price_fen": price + 100}]);
    changed.as_object_mut().unwrap().remove("price_fen");
    let file = jsonl(&[
        changed,
        good_row("brand-new-1"),
        json!({"id": "yw-sock-001", "remove": true}),
    ]);

    let before = export(&db, "jsonl");
    let dry = run(
        &[
            "import",
            "--mode",
            "upsert",
            "--dry-run",
            "-",
            "--format",
            "jsonl",
        ],
        &db,
        Some(&file),
    );
    assert!(dry.status.success(), "{}", stdout(&dry));
    assert!(
        stdout(&dry).contains("would add 1, updated 1, removed 1; 200 product(s)"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(export(&db, "jsonl"), before, "a dry run changes nothing");

    let real = run(
        &["import", "--mode", "upsert", "-", "--format", "jsonl"],
        &db,
        Some(&file),
    );
    assert!(real.status.success(), "{}", stdout(&real));
    let after = export(&db, "jsonl");
    assert!(!after.contains("\"yw-sock-001\""));
    assert!(after.contains("\"brand-new-1\""));
    let updated: Value = serde_json::from_str(
        after
            .lines()
            .find(|l| l.contains(&format!("\"{id}\"")))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(updated["price_fen"], price + 100);
    // What the file did not say (sales, listing date) is kept from before.
    let old: Value = serde_json::from_str(
        before
            .lines()
            .find(|l| l.contains(&format!("\"{id}\"")))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(updated["listed_on"], old["listed_on"]);

    // Replace mode cannot remove by row: it says how.
    let removal = jsonl(&[json!({"id": "jj-shoe-001", "remove": true})]);
    let output = run(&["import", "-", "--format", "jsonl"], &db, Some(&removal));
    assert!(!output.status.success());
    assert!(
        stdout(&output).contains("line 1, remove: removing products needs --mode upsert"),
        "{}",
        stdout(&output)
    );
}

fn a_new_database_starts_with_the_builtin_taxonomy_and_no_products(store: Store) {
    let db = TestDb::new(store);
    let output = run(
        &["import", "--dry-run", &format!("{EXAMPLES}/catalog.csv")],
        &db,
        None,
    );
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("would add 200"),
        "{}",
        stdout(&output)
    );
    assert_eq!(export(&db, "jsonl"), "", "a dry run adds no products");
}

fn a_taxonomy_can_be_replaced_and_dangling_products_are_reported(store: Store) {
    let db = example_catalog(store);
    let taxonomy_path = format!("{}/data/taxonomy.json", env!("CARGO_MANIFEST_DIR"));
    let mut taxonomy: Value =
        serde_json::from_str(&std::fs::read_to_string(&taxonomy_path).unwrap()).unwrap();
    // Drop the Jinjiang sports-shoe belt: 30 example products are in it.
    for province in taxonomy["regions"].as_array_mut().unwrap() {
        for city in province["cities"].as_array_mut().unwrap() {
            city["belts"]
                .as_array_mut()
                .unwrap()
                .retain(|b| b["id"] != "jinjiang-sports-shoes");
        }
    }
    let dir = &db.dir;
    let smaller = dir.join("smaller.json");
    std::fs::write(&smaller, taxonomy.to_string()).unwrap();
    let before = export(&db, "jsonl");
    let output = run(
        &["import", "--taxonomy", smaller.to_str().unwrap()],
        &db,
        None,
    );
    assert!(!output.status.success());
    let report = stdout(&output);
    assert!(
        report.contains(
            "product jj-shoe-001, belt: \"jinjiang-sports-shoes\" is not in the new taxonomy"
        ),
        "{report}"
    );
    assert_eq!(export(&db, "jsonl"), before);

    // A broken taxonomy is explained by place.
    let mut broken = taxonomy.clone();
    broken["regions"][0]["cities"][0]["belts"][0]["categories"] = json!(["no-such-leaf"]);
    let broken_path = dir.join("broken.json");
    std::fs::write(&broken_path, broken.to_string()).unwrap();
    let output = run(
        &["import", "--taxonomy", broken_path.to_str().unwrap()],
        &db,
        None,
    );
    assert!(
        stdout(&output).contains("regions[0].cities[0].belts[0]"),
        "{}",
        stdout(&output)
    );

    // With the products moved out in the same import, it goes through.
    let kept: Vec<&str> = before
        .lines()
        .filter(|l| !l.contains("jinjiang-sports-shoes"))
        .collect();
    let products = dir.join("kept.jsonl");
    std::fs::write(&products, kept.join("\n")).unwrap();
    let output = run(
        &[
            "import",
            "--taxonomy",
            smaller.to_str().unwrap(),
            products.to_str().unwrap(),
        ],
        &db,
        None,
    );
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("removed 30; 170 product(s)"),
        "{}",
        stdout(&output)
    );
}
