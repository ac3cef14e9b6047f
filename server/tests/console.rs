//! The console's API (issue #30) as a factory and an owner use it, and as an
//! attacker tries it: catalog uploads checked by the CLI's own import, a
//! factory confined to its own products (another's are row errors, and its
//! replace never removes them), Excel's GBK CSV, and uploads that are too
//! big, of the wrong type, unsigned or sent from another site. Each runs on
//! SQLite and PostgreSQL.

use std::io::Write;
use std::time::{Duration, Instant};

use beltmart_server::pictures::samples::{self, Shot};

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header;
use serde_json::Value;

mod support;
use support::site::{PASSWORD, Site, cookie_of, error_code};
use support::store::{Store, on_both_stores};

on_both_stores!(
    every_console_route_as_each_role,
    an_owner_invites_disables_and_reads_the_audit_log,
    a_factory_edits_its_own_profile_and_cannot_see_anothers,
    a_factory_changes_its_own_products_and_nobody_elses,
    an_owner_replaces_the_whole_catalog_from_excels_gbk_csv,
    a_factory_uploads_its_products_with_their_pictures_as_one_zip,
);

/// The factory signed in, and another one of the same belt.
const OWN: &str = "yiwu-2";
const OTHER: &str = "yiwu-3";
/// As a factory's download of its catalog has them (the supplier's name and kind are its own).
const HEADER: &str =
    "id,title,category,city,belt,unit,moq,tiers,goods_kind,supplier_id,supplier_name,supplier_kind";

fn csv(rows: &[String]) -> Vec<u8> {
    let mut text = format!("{HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text.into_bytes()
}

/// A sock of the example belt, of `supplier` (empty: the uploader's own).
fn sock(id: &str, title: &str, supplier: &str) -> String {
    let row = format!("{id},{title},socks,yiwu,yiwu-socks,双,10,10:3.50|100:2.90,white-label");
    format!("{row},{supplier},义乌万顺袜子实业有限公司,source-factory")
}

fn upload(site: &Site, cookie: &str, query: &str, content_type: &str, body: Vec<u8>) -> Response {
    Client::new()
        .post(site.url(&format!("/api/v1/console/imports{query}")))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .unwrap()
}

fn report(response: Response) -> Value {
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    response.json().unwrap()
}

fn products_of(site: &Site, supplier: &str) -> i64 {
    site.db.count(&format!(
        "SELECT count(*) FROM products WHERE supplier_id = '{supplier}'"
    ))
}

/// The public API's product, once the server has loaded the import.
fn eventually_public(site: &Site, id: &str) -> Value {
    let started = Instant::now();
    loop {
        let response = Client::new()
            .get(site.url(&format!("/api/v1/products/{id}")))
            .send()
            .unwrap();
        if response.status() == StatusCode::OK {
            return response.json().unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{id} not served within 2 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn a_factory_changes_its_own_products_and_nobody_elses(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let (own_before, other_before) = (products_of(&site, OWN), products_of(&site, OTHER));

    // Another factory's product (by its id, by naming that factory, or removing it) is a row error.
    let mischief = csv(&[
        sock("yw-new-1", "新款 精梳棉船袜", ""),
        sock("yw-sock-003", "改名 别人的袜子", ""),
        sock("yw-new-2", "冒名 连裤袜", OTHER),
        sock("yw-sock-002", "吸汗透气毛圈袜 改版", OWN),
    ]);
    let dry = report(upload(&site, &cookie, "?mode=upsert", "text/csv", mischief));
    assert_eq!(
        (dry["ok"].as_bool(), dry["dry_run"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(dry["bad_rows"], 2, "{dry}");
    let problem = |line: &str| {
        let problems = dry["problems"].as_array().unwrap();
        let found = problems.iter().find(|p| p["place"] == line);
        let found = found.unwrap_or_else(|| panic!("no problem on {line}: {dry}"));
        (
            found["field"].as_str().unwrap().to_owned(),
            found["message"].as_str().unwrap().to_owned(),
        )
    };
    let (field, message) = problem("line 3");
    assert!(
        field == "id" && message.contains("not one of your products"),
        "{message}"
    );
    let (field, message) = problem("line 4");
    assert!(
        field == "supplier_id" && message.contains("is not your factory"),
        "{message}"
    );

    // Fixed, checked, then committed: served publicly within 2 s.
    let fixed = csv(&[
        sock("yw-new-1", "新款 精梳棉船袜", ""),
        sock("yw-sock-002", "吸汗透气毛圈袜 改版", OWN),
    ]);
    let dry = report(upload(
        &site,
        &cookie,
        "?mode=upsert",
        "text/csv",
        fixed.clone(),
    ));
    assert_eq!(
        (
            dry["ok"].as_bool(),
            dry["added"].as_u64(),
            dry["updated"].as_u64()
        ),
        (Some(true), Some(1), Some(1))
    );
    assert_eq!(
        products_of(&site, OWN),
        own_before,
        "a dry run changes nothing"
    );
    let done = report(upload(
        &site,
        &cookie,
        "?mode=upsert&dry_run=false",
        "text/csv",
        fixed,
    ));
    assert!(done["committed"].is_string(), "{done}");
    let served = eventually_public(&site, "yw-new-1");
    assert_eq!(served["supplier"]["id"], OWN);

    // A factory's replace replaces its own products only.
    let only = csv(&[sock("yw-new-1", "新款 精梳棉船袜", "")]);
    let replaced = report(upload(
        &site,
        &cookie,
        "?mode=replace&dry_run=false",
        "text/csv",
        only,
    ));
    assert_eq!(replaced["removed"].as_i64(), Some(own_before), "{replaced}");
    assert_eq!(replaced["total"], 1);
    assert_eq!(products_of(&site, OWN), 1);
    assert_eq!(
        products_of(&site, OTHER),
        other_before,
        "nobody else's product went"
    );

    // Its download holds its own products only, as the import reads them, for Excel.
    let download = Client::new()
        .get(site.url("/api/v1/console/export?format=csv"))
        .header(header::COOKIE, &cookie)
        .send()
        .unwrap();
    assert_eq!(download.headers()[header::CACHE_CONTROL], "no-store");
    let text = download.text().unwrap();
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["yw-new-1"], "{text}");
    let logged = site.db.count(
        "SELECT count(*) FROM audit_log WHERE action = 'catalog_imported' AND actor = 'li@yiwu-socks.cn'",
    );
    assert_eq!(logged, 2);
}

fn profile_request(site: &Site, cookie: &str, id: &str, edit: Option<Value>) -> Response {
    let url = site.url(&format!("/api/v1/console/suppliers/{id}"));
    let request = match edit {
        Some(edit) => Client::new().patch(url).json(&edit),
        None => Client::new().get(url),
    };
    request.header(header::COOKIE, cookie).send().unwrap()
}

fn a_factory_edits_its_own_profile_and_cannot_see_anothers(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    site.account("boss@beltmart.example", None);
    let factory = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let owner = cookie_of(&site.sign_in("boss@beltmart.example", PASSWORD));

    let own = profile_request(&site, &factory, OWN, None);
    assert_eq!(own.status(), StatusCode::OK);
    for id in [OTHER, "no-such-factory"] {
        let read = profile_request(&site, &factory, id, None);
        assert_eq!(
            error_code(read),
            (StatusCode::NOT_FOUND, "not_found".into())
        );
        let write = profile_request(&site, &factory, id, Some(serde_json::json!({"staff": 1})));
        assert_eq!(
            error_code(write),
            (StatusCode::NOT_FOUND, "not_found".into())
        );
    }

    // The factory's word, marked as such, public as soon as the answer comes.
    let xss = "<script>alert(1)</script>万顺袜业";
    let edit = serde_json::json!({"name": xss, "workshop_m2": 5200, "annual_capacity": "300万双"});
    let changed: Value = profile_request(&site, &factory, OWN, Some(edit))
        .json()
        .unwrap();
    assert_eq!(changed["facts"]["workshop_m2"]["source"], "self_declared");
    let public: Value = Client::new()
        .get(site.url(&format!("/api/v1/suppliers/{OWN}")))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(public["name"], xss, "{public}");
    assert_eq!(public["facts"]["annual_capacity"]["value"], "300万双");

    // Certificates, audits and what another source vouches for are the owner's to set.
    let certificates = serde_json::json!({"certificates": []});
    let refused = profile_request(&site, &factory, OWN, Some(certificates));
    assert_eq!(
        error_code(refused),
        (StatusCode::FORBIDDEN, "owner_only".into())
    );
    let audited = serde_json::json!({"staff": 300});
    let by_owner: Value = profile_request(&site, &owner, OWN, Some(audited.clone()))
        .json()
        .unwrap();
    assert_eq!(by_owner["facts"]["staff"]["source"], "platform_record");
    let refused = profile_request(&site, &factory, OWN, Some(audited));
    assert_eq!(error_code(refused).1, "owner_only");
    let bad = profile_request(&site, &owner, OTHER, Some(serde_json::json!({"name": ""})));
    assert_eq!(
        error_code(bad),
        (StatusCode::BAD_REQUEST, "invalid_change".into())
    );
    let unknown = profile_request(&site, &factory, OWN, Some(serde_json::json!({"years": 30})));
    assert_eq!(error_code(unknown).1, "invalid_body");

    let logged = site
        .db
        .count("SELECT count(*) FROM audit_log WHERE action = 'profile_changed'");
    assert_eq!(logged, 2);
}

fn an_owner_replaces_the_whole_catalog_from_excels_gbk_csv(store: Store) {
    let site = Site::new(store, &[]);
    site.account("boss@beltmart.example", None);
    let cookie = cookie_of(&site.sign_in("boss@beltmart.example", PASSWORD));
    let text = String::from_utf8(csv(&[
        sock("gbk-1", "纯棉 袜子 男款", OWN),
        sock("gbk-2", "纯棉 袜子 女款", OTHER),
    ]))
    .unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let done = report(upload(
        &site,
        &cookie,
        "?mode=replace&dry_run=false",
        "text/csv",
        gbk.into_owned(),
    ));
    assert_eq!(
        (done["ok"].as_bool(), done["total"].as_u64()),
        (Some(true), Some(2)),
        "{done}"
    );
    assert_eq!(eventually_public(&site, "gbk-2")["title"], "纯棉 袜子 女款");
}

/// A zip of `entries` (name, bytes), as a desktop makes it.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn a_factory_uploads_its_products_with_their_pictures_as_one_zip(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let photo = samples::jpeg(&Shot {
        width: 800,
        height: 800,
        hue: 40,
        seed: 9,
        phone: true,
    });
    let with_images = |rows: &[(&str, &str)]| {
        let mut text = format!("{HEADER},images\n");
        for (id, images) in rows {
            text.push_str(&format!("{},{images}\n", sock(id, "新款 船袜 带图", "")));
        }
        text.into_bytes()
    };
    let pictures_before = site.db.count("SELECT count(*) FROM pictures");

    let bad = with_images(&[
        ("yw-pic-1", "图片/袜子.jpg"),
        ("yw-pic-2", "图片/说明.txt|图片/没有.jpg"),
    ]);
    let checked = report(upload(
        &site,
        &cookie,
        "?dry_run=true",
        "application/x-zip-compressed",
        zip_of(&[
            ("上新/products.csv", &bad),
            ("上新/图片/袜子.jpg", &photo),
            ("上新/图片/说明.txt", b"hi"),
        ]),
    ));
    assert_eq!(checked["ok"], false, "{checked}");
    let problems = checked["problems"].as_array().unwrap();
    let said = |field: &str| {
        let problem = problems.iter().find(|p| p["field"] == field).unwrap();
        assert_eq!(problem["place"], "line 3", "{problem}");
        problem["message"].as_str().unwrap().to_owned()
    };
    assert!(said("images[0]").contains("not a picture"), "{checked}");
    assert!(
        said("images[1]").contains("no such file in the upload"),
        "{checked}"
    );

    let good = with_images(&[("yw-pic-1", "图片/袜子.jpg")]);
    let zip = zip_of(&[("上新/products.csv", &good), ("上新/图片/袜子.jpg", &photo)]);
    let done = report(upload(
        &site,
        &cookie,
        "?dry_run=false",
        "application/zip",
        zip,
    ));
    assert_eq!(done["ok"], true, "{done}");
    assert_eq!(
        site.db.count("SELECT count(*) FROM pictures"),
        pictures_before + 1
    );
    let product = eventually_public(&site, "yw-pic-1");
    assert_eq!(product["pictures"][0]["width"], 800, "{product}");

    // A zip that would write outside its folder is refused whole.
    let slip = zip_of(&[("products.csv", &good), ("../../evil.jpg", &photo)]);
    let refused = report(upload(
        &site,
        &cookie,
        "?dry_run=false",
        "application/zip",
        slip,
    ));
    assert_eq!(refused["ok"], false, "{refused}");
    assert!(
        refused.to_string().contains("leads outside the zip"),
        "{refused}"
    );
}

#[test]
fn a_factorys_rows_that_name_no_supplier_are_its_own() {
    let site = Site::new(Store::Sqlite, &[]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    // As a factory writes a file from scratch: its own name and kind left empty.
    let bare = "yw-bare-1,新款 船袜,socks,yiwu,yiwu-socks,双,10,10:3.50|100:2.90,white-label,,,";
    let done = report(upload(
        &site,
        &cookie,
        "?dry_run=false",
        "text/csv",
        csv(&[bare.into()]),
    ));
    assert_eq!(done["ok"], true, "{done}");
    let product = eventually_public(&site, "yw-bare-1");
    assert_eq!(product["supplier"]["id"], OWN, "{product}");
}

#[test]
fn a_check_reads_in_the_persons_language() {
    let site = Site::new(Store::Sqlite, &[]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let row = |id: &str, replace: &[(&str, &str)]| {
        let mut row = format!("{},", sock(id, "新款 船袜", ""));
        for (from, to) in replace {
            row = row.replacen(from, to, 1);
        }
        row
    };
    let long_title = "袜".repeat(300);
    let rows = [
        row("BAD ID", &[]),
        row("yw-a", &[("socks", "shoes-x")]),
        row("yw-b", &[(",yiwu,", ",nowhere,")]),
        row("yw-c", &[(",双,10,", ",双,0,")]),
        row("yw-d", &[("10:3.50|100:2.90", "10:3.50|5:2.90")]),
        row("yw-e", &[("10:3.50|100:2.90", "10:3.50|100:3.90")]),
        row("yw-f", &[("10:3.50|100:2.90", "abc")]),
        row("yw-g", &[(",双,10,", ",双,ten,")]),
        row("yw-h", &[("white-label", "knockoff")]),
        row("yw-i", &[(",,义乌", &format!(",{OTHER},义乌"))]),
        row("yw-sock-003", &[]),
        row("yw-j", &[]),
        row("yw-j", &[]),
        row("yw-k", &[("新款 船袜", &long_title)]),
        row("yw-l", &[]).replacen(",", ",,", 1),
        format!("{}图片/没有.jpg", row("yw-m", &[])),
    ];
    let body = format!("{HEADER},images\n{}\n", rows.join("\n")).into_bytes();
    let check = |language: &str| {
        let answer = Client::new()
            .post(site.url("/api/v1/console/imports"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::ACCEPT_LANGUAGE, language)
            .body(body.clone())
            .send()
            .unwrap();
        report(answer)["problems"].as_array().unwrap().clone()
    };
    let chinese = check("zh-CN,zh;q=0.9,en;q=0.8");
    let english = check("en-GB,en;q=0.9");
    assert_eq!(chinese.len(), english.len());
    assert!(chinese.len() >= rows.len(), "{chinese:#?}");
    let han = |text: &str| text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    for (zh, en) in chinese.iter().zip(&english) {
        assert_eq!(zh["field"], en["field"]);
        assert!(zh["place"].as_str().unwrap().starts_with('第'), "{zh}");
        assert!(en["place"].as_str().unwrap().starts_with("line "), "{en}");
        let message = zh["message"].as_str().unwrap();
        assert_ne!(
            message,
            en["message"].as_str().unwrap(),
            "untranslated: {message}"
        );
        assert!(han(message), "{message}");
    }
}

#[test]
fn uploads_must_be_signed_in_same_site_small_and_a_catalog() {
    let site = Site::new(Store::Sqlite, &["--upload-limit-mb", "1"]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let body = || csv(&[sock("yw-new-1", "新款 精梳棉船袜", "")]);
    let before = site.db.count("SELECT count(*) FROM products");

    let unsigned = upload(&site, "", "", "text/csv", body());
    assert_eq!(
        error_code(unsigned),
        (StatusCode::UNAUTHORIZED, "signed_out".into())
    );
    let forged = Client::new()
        .post(site.url("/api/v1/console/imports?dry_run=false"))
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "text/csv")
        .header("sec-fetch-site", "cross-site")
        .body(body())
        .send()
        .unwrap();
    assert_eq!(
        error_code(forged),
        (StatusCode::FORBIDDEN, "cross_origin".into())
    );
    let html = upload(&site, &cookie, "", "text/html", body());
    assert_eq!(error_code(html).0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let mode = upload(&site, &cookie, "?mode=everything", "text/csv", body());
    assert_eq!(error_code(mode).0, StatusCode::BAD_REQUEST);
    let huge = upload(
        &site,
        &cookie,
        "?dry_run=false",
        "text/csv",
        vec![b'x'; 2 << 20],
    );
    assert_eq!(
        error_code(huge),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into())
    );
    let garbage: Vec<u8> = (0..50_000u32).map(|n| (n * 7919 % 251) as u8).collect();
    let read = report(upload(
        &site,
        &cookie,
        "?dry_run=false",
        "application/x-ndjson",
        garbage,
    ));
    assert_eq!(read["ok"], false, "{read}");
    // A row naming a file on the server finds nothing: pictures come only with the upload.
    for path in [
        "../../../../../etc/hostname",
        "etc/hostname",
        "beltmart.sqlite",
    ] {
        let header = format!("{HEADER},images");
        let row = format!("{},{path}", sock("yw-new-9", "偷看 文件", ""));
        let body = format!("{header}\n{row}\n").into_bytes();
        let sneaky = report(upload(&site, &cookie, "?dry_run=false", "text/csv", body));
        assert_eq!(sneaky["ok"], false, "{sneaky}");
        assert!(
            !sneaky.to_string().contains("/tmp"),
            "no server path is shown: {sneaky}"
        );
    }
    assert_eq!(
        site.db.count("SELECT count(*) FROM products"),
        before,
        "nothing changed"
    );
}

/// A console request: method, path, JSON body.
type Call = (&'static str, String, Option<Value>);

fn call(site: &Site, cookie: &str, (method, path, body): &Call) -> StatusCode {
    let url = site.url(path);
    let client = Client::new();
    let request = match *method {
        "GET" => client.get(url),
        "POST" => client.post(url),
        "PATCH" => client.patch(url),
        other => panic!("{other}"),
    };
    let request = match body {
        Some(body) => request.json(body),
        None => request,
    };
    request
        .header(header::COOKIE, cookie)
        .send()
        .unwrap()
        .status()
}

/// Every console operation the API document lists, as `METHOD path`.
fn documented_console_operations(site: &Site) -> Vec<String> {
    let doc: Value = Client::new()
        .get(site.url("/api/v1/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/console") {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            found.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    found.sort();
    found
}

fn every_console_route_as_each_role(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(OWN));
    site.account("wu@yiwu-socks.cn", Some(OTHER));
    site.account("boss@beltmart.example", None);
    let factory = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let owner = cookie_of(&site.sign_in("boss@beltmart.example", PASSWORD));
    let json = |v: Value| Some(v);
    // Each call reaches another factory's things, or the owner's; with what the owner gets.
    let calls: Vec<(Call, StatusCode)> = vec![
        (
            ("GET", format!("/api/v1/console/suppliers/{OTHER}"), None),
            StatusCode::OK,
        ),
        (
            (
                "PATCH",
                format!("/api/v1/console/suppliers/{OTHER}"),
                json(serde_json::json!({"annual_capacity": "100万双"})),
            ),
            StatusCode::OK,
        ),
        (
            ("GET", "/api/v1/console/people".into(), None),
            StatusCode::OK,
        ),
        (
            (
                "POST",
                "/api/v1/console/people".into(),
                json(
                    serde_json::json!({"email": "new@yiwu-socks.cn", "role": "factory", "supplier": OTHER}),
                ),
            ),
            StatusCode::OK,
        ),
        (
            (
                "PATCH",
                "/api/v1/console/people".into(),
                json(serde_json::json!({"email": "wu@yiwu-socks.cn", "action": "disable"})),
            ),
            StatusCode::OK,
        ),
        (
            ("GET", "/api/v1/console/audit".into(), None),
            StatusCode::OK,
        ),
    ];
    // Another factory's 询价单: the factory cannot open, answer or mark it; the owner can.
    let sent: Value = Client::new()
        .post(site.url("/api/v1/inquiries"))
        .header("idempotency-key", "walk-every-console-route-0001")
        .json(&serde_json::json!({
            "lines": [{ "product": "yw-sock-003", "quantity": 1000 }],
            "buyer": { "name": "王女士", "wechat": "wang_shop" },
        }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let inquiry = sent["inquiries"][0]["id"].as_str().unwrap().to_owned();
    let at = format!("/api/v1/console/inquiries/{inquiry}");
    let quote = serde_json::json!({"lines": [{"product": "yw-sock-003", "quantity": 1000, "unit_price_fen": 180}]});
    let calls: Vec<(Call, StatusCode)> = calls
        .into_iter()
        .chain([
            (("GET", at.clone(), None), StatusCode::OK),
            (("POST", format!("{at}/quote"), json(quote)), StatusCode::OK),
            (
                (
                    "POST",
                    format!("{at}/messages"),
                    json(serde_json::json!({"text": "您好"})),
                ),
                StatusCode::OK,
            ),
            (("POST", format!("{at}/spam"), None), StatusCode::OK),
        ])
        .collect();
    // Uploads reach another's products only by their rows (the report's row
    // errors), a download and an inbox hold only the factory's own: tested apart.
    let walked: Vec<String> = calls
        .iter()
        .map(|((method, path, _), _)| {
            let path = path.replace(OTHER, "{id}").replace(&inquiry, "{id}");
            format!("{method} {path}")
        })
        .chain([
            "POST /api/v1/console/imports".to_owned(),
            "GET /api/v1/console/export".to_owned(),
            // A factory's inbox lists its own only (tests/inquiries.rs).
            "GET /api/v1/console/inquiries".to_owned(),
        ])
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        walked,
        documented_console_operations(&site),
        "a console route is not walked"
    );
    for (call_made, _) in &calls {
        assert_eq!(
            call(&site, "", call_made),
            StatusCode::UNAUTHORIZED,
            "{call_made:?}"
        );
        assert_eq!(
            call(&site, &factory, call_made),
            StatusCode::NOT_FOUND,
            "{call_made:?}"
        );
    }
    assert_eq!(site.who(&factory).0, StatusCode::OK);
    for (call_made, owners) in &calls {
        assert_eq!(call(&site, &owner, call_made), *owners, "{call_made:?}");
    }
}

fn an_owner_invites_disables_and_reads_the_audit_log(store: Store) {
    let site = Site::new(store, &[]);
    site.account("boss@beltmart.example", None);
    let owner = cookie_of(&site.sign_in("boss@beltmart.example", PASSWORD));
    let invite =
        serde_json::json!({"email": "Li@Yiwu-Socks.cn", "role": "factory", "supplier": OWN});
    let invited = Client::new()
        .post(site.url("/api/v1/console/people"))
        .header(header::COOKIE, &owner)
        .json(&invite)
        .send()
        .unwrap();
    assert_eq!(invited.status(), StatusCode::OK);
    let invited: Value = invited.json().unwrap();
    let link = invited["setup_link"].as_str().unwrap();
    assert!(link.starts_with("/console/setup#"), "{link}");
    let again = Client::new()
        .post(site.url("/api/v1/console/people"))
        .header(header::COOKIE, &owner)
        .json(&invite)
        .send()
        .unwrap();
    assert_eq!(
        error_code(again),
        (StatusCode::BAD_REQUEST, "invalid_change".into())
    );
    let token = link.rsplit('#').next().unwrap();
    let set = Client::new()
        .post(site.url("/api/v1/session/password"))
        .json(&serde_json::json!({"token": token, "password": PASSWORD}))
        .send()
        .unwrap();
    let factory = cookie_of(&set);
    let people: Value = Client::new()
        .get(site.url("/api/v1/console/people"))
        .header(header::COOKIE, &owner)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let li = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "li@yiwu-socks.cn")
        .unwrap();
    assert_eq!(
        (
            li["status"].as_str(),
            li["sessions"].as_array().map(Vec::len)
        ),
        (Some("active"), Some(1))
    );
    let disable = serde_json::json!({"email": "li@yiwu-socks.cn", "action": "disable"});
    let disabled = Client::new()
        .patch(site.url("/api/v1/console/people"))
        .header(header::COOKIE, &owner)
        .json(&disable)
        .send()
        .unwrap();
    assert_eq!(disabled.status(), StatusCode::OK);
    assert_eq!(
        site.who(&factory).0,
        StatusCode::UNAUTHORIZED,
        "its session ended"
    );
    let log: Value = Client::new()
        .get(site.url("/api/v1/console/audit"))
        .header(header::COOKIE, &owner)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "account_disabled",
        "password_set",
        "account_added",
        "signed_in",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert_eq!(actions[0], "account_disabled", "newest first");
}
