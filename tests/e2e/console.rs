//! The console as issue #30's "done when" tells it (390 px): a factory opens
//! the one-time link the owner's command printed, sets its password, uploads
//! an Excel-saved GBK CSV, reads the check's report, fixes the bad row,
//! publishes, and its product is public within 2 s; text it types is shown
//! escaped, in the console and on its public page. Then the owner (1 280 px)
//! reads it all in the audit log.

use std::time::{Duration, Instant};

use beltmart_contract::Role;
use beltmart_server::accounts::people::{self, By, NewAccount};
use beltmart_server::accounts::{Lifetimes, now};
use beltmart_server::store::StoreAt;

use crate::*;

const OWN: &str = "yiwu-2";
const PASSWORD: &str = "袜子厂 2026 spring";
const HEADER: &str =
    "id,title,category,city,belt,unit,moq,tiers,goods_kind,supplier_id,supplier_name,supplier_kind";
/// Text a factory may type, which must stay text wherever it is shown.
const XSS: &str = "<img src=x onerror=\"window.pwned=1\">万顺袜业";
/// A product title with markup, uploaded in the CSV (no quotes: CSV would double them).
const TITLE: &str = "<img src=x onerror=window.pwned=2>加厚 毛圈袜";

/// The example catalog with its suppliers, a factory invited (the token of its
/// link) and an owner with a password.
fn site() -> (PathBuf, String) {
    use beltmart_server::files::import;
    let db = temp_db();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let report = import::run(&import::Options {
        db: StoreAt::Sqlite(db.clone()),
        mode: import::Mode::Replace,
        dry_run: false,
        format: None,
        encoding: Default::default(),
        taxonomy: None,
        suppliers: Some(examples.join("suppliers.jsonl")),
        file: Some(examples.join("catalog.jsonl")),
        images: None,
        fetch_images: false,
        scope: None,
        label: None,
    })
    .unwrap();
    assert!(report.is_ok(), "{report}");
    let mut records = StoreAt::Sqlite(db.clone()).open_records().unwrap();
    let by = By {
        actor: "command line",
        at: now(),
    };
    let add = |records: &mut dyn beltmart_server::store::records::Records, new: NewAccount<'_>| {
        people::add(records, &new, Lifetimes::default(), by)
            .unwrap()
            .unwrap()
    };
    let factory = NewAccount {
        email: "li@yiwu-socks.cn",
        role: Role::Factory,
        supplier: Some(OWN),
        password: None,
    };
    let token = add(records.as_mut(), factory).setup_token.unwrap();
    let owner = NewAccount {
        email: "boss@beltmart.example",
        role: Role::Owner,
        supplier: None,
        password: Some(PASSWORD),
    };
    add(records.as_mut(), owner);
    (db, token)
}

/// A CSV as Excel saves it in China: GBK.
fn gbk_csv(dir: &std::path::Path, name: &str, rows: &[&str]) -> PathBuf {
    let text = format!("{HEADER}\r\n{}\r\n", rows.join("\r\n"));
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `上新.zip`: the products file (with an images column) and the photo its row names.
fn zip_with_picture(dir: &std::path::Path, row: &str) -> PathBuf {
    use beltmart_server::pictures::samples::{Shot, jpeg};
    use std::io::Write;
    let photo = jpeg(&Shot {
        width: 640,
        height: 640,
        hue: 30,
        seed: 4,
        phone: true,
    });
    let products = format!("{HEADER},images\r\n{row},图片/袜子.jpg\r\n");
    let path = dir.join("上新.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("上新/products.csv", options).unwrap();
    zip.write_all(products.as_bytes()).unwrap();
    zip.start_file("上新/图片/袜子.jpg", options).unwrap();
    zip.write_all(&photo).unwrap();
    zip.finish().unwrap();
    path
}

fn sock(id: &str, title: &str, moq: &str) -> String {
    format!(
        "{id},{title},socks,yiwu,yiwu-socks,双,{moq},{moq}:3.50|500:2.90,white-label,,义乌万顺袜子实业有限公司,source-factory"
    )
}

async fn type_into(b: &Browser, css: &str, text: &str) {
    let input = b.find(css).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// A shopper's 询价单 arrives; the factory opens it at 390 px, sees the buyer and the
/// tier price prefilled, and quotes; the buyer's link shows the quote.
async fn answer_an_inquiry(b: &Browser, server: &TestServer) {
    let sent: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/v1/inquiries"))
        .header("idempotency-key", "e2e-console-inquiry-000001")
        .json(&serde_json::json!({
            "lines": [{ "product": "yw-new-2", "quantity": 8 }],
            "buyer": { "name": "王女士", "phone": "13800138000", "company": "深圳小店" },
            "ship_to": { "city": "深圳" },
            "message": "可以混批吗？",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    b.click("nav button[data-tab=inquiries]").await;
    b.click("[data-test=inbox] li.unread button").await;
    let buyer = b.find("[data-test=buyer]").await.text().await.unwrap();
    assert!(
        buyer.contains("13800138000") && buyer.contains("深圳小店"),
        "{buyer}"
    );
    let prefilled = b
        .eval("return document.querySelector('input[name=unit_price]').value")
        .await;
    assert_eq!(
        prefilled, "3.50",
        "the tier price at the MOQ (8 is below it)"
    );
    type_into(b, "input[name=lead_days]", "15").await;
    b.click("[data-test=quote] button[type=submit]").await;
    b.until("the quote in the thread", || async {
        let thread = b
            .eval("return document.querySelector('[data-test=thread]')?.textContent || ''")
            .await;
        thread
            .as_str()
            .unwrap_or_default()
            .contains("#1")
            .then_some(())
    })
    .await;
    b.eval("window.scrollTo(0, 0)").await;
    b.screenshot("console-inquiry-mobile").await;
    let token = sent["token"].as_str().unwrap();
    let view: serde_json::Value = reqwest::get(server.url(&format!("/api/v1/inquiries/{token}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let quote = &view["inquiries"][0]["thread"][0]["quote"];
    assert_eq!(quote["lines"][0]["unit_price_fen"], 350, "{view}");
    assert_eq!(quote["lines"][0]["lead_time_days"], 15);
}

/// The report shown after a check or a publish, once it is there.
async fn report(b: &Browser) -> (String, String) {
    b.until("the report", || async {
        let seen = b
            .eval(
                "const r = document.querySelector('[data-test=report]');
                 return r ? [r.dataset.ok, r.textContent] : null;",
            )
            .await;
        seen.as_array().map(|s| {
            (
                s[0].as_str().unwrap().to_owned(),
                s[1].as_str().unwrap().to_owned(),
            )
        })
    })
    .await
}

/// Chooses `file` (which clears the last report) and clicks `button`.
async fn upload(b: &Browser, file: &std::path::Path, button: &str) -> (String, String) {
    b.find("input[type=file]")
        .await
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    b.click(button).await;
    report(b).await
}

#[tokio::test]
async fn a_factory_uploads_its_gbk_csv_and_the_owner_sees_it_in_the_audit_log() {
    let _one = browser_lock().await;
    let (db, token) = site();
    let dir = db.parent().unwrap().to_owned();
    let server = TestServer::start(db, "127.0.0.1:0");

    let b = Browser::open(390, 844).await;
    b.client
        .goto(&server.url(&format!("/console/setup#{token}")))
        .await
        .unwrap();
    type_into(&b, "input[name=new-password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    let who = b.find("[data-test=who]").await.text().await.unwrap();
    assert!(
        who.contains("li@yiwu-socks.cn") && who.contains(OWN),
        "{who}"
    );
    let url = b.client.current_url().await.unwrap();
    assert!(
        !url.as_str().contains(&token),
        "the spent token left the address bar: {url}"
    );

    // In Chinese (the browser here prefers English): the check's words follow.
    b.click("header.bar button").await;
    // A row below any MOQ is named by line and field; nothing is published.
    let bad = gbk_csv(
        &dir,
        "socks.csv",
        &[
            &sock("yw-new-1", "新款 精梳棉船袜", "10"),
            &sock("yw-new-2", TITLE, "0"),
        ],
    );
    let (ok, text) = upload(&b, &bad, "[data-test=check]").await;
    assert_eq!(ok, "false", "{text}");
    assert!(
        text.contains("第 3 行") && text.contains("moq") && text.contains("不是有效的起订量"),
        "the import's words in the console's language: {text}"
    );
    let commit_disabled = b
        .eval("return document.querySelector('[data-test=commit]').disabled")
        .await;
    assert_eq!(commit_disabled, true);
    b.eval("document.querySelector('[data-test=report]').scrollIntoView()")
        .await;
    b.screenshot("console-report-mobile").await;

    let fixed = gbk_csv(
        &dir,
        "socks-fixed.csv",
        &[
            &sock("yw-new-1", "新款 精梳棉船袜", "10"),
            &sock("yw-new-2", TITLE, "20"),
        ],
    );
    let (ok, text) = upload(&b, &fixed, "[data-test=check]").await;
    assert_eq!(ok, "true", "{text}");
    b.click("[data-test=commit]").await;
    let published = Instant::now();
    b.until("the publish report", || async {
        let (ok, text) = report(&b).await;
        (ok == "true" && (text.contains("已发布") || text.contains("Published"))).then_some(())
    })
    .await;
    loop {
        let status = reqwest::get(server.url("/api/v1/products/yw-new-2"))
            .await
            .unwrap()
            .status();
        if status == 200 {
            break;
        }
        assert!(
            published.elapsed() < Duration::from_secs(2),
            "public within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    b.screenshot("console-mobile").await;

    // A picture comes with its products file, zipped together (named as a Chinese desktop names it).
    let zip = zip_with_picture(&dir, &sock("yw-new-1", "新款 精梳棉船袜", "10"));
    let (ok, text) = upload(&b, &zip, "[data-test=check]").await;
    assert_eq!(ok, "true", "{text}");
    b.click("[data-test=commit]").await;
    let published = Instant::now();
    loop {
        let product: serde_json::Value = reqwest::get(server.url("/api/v1/products/yw-new-1"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if product["pictures"][0]["width"] == 640 {
            break;
        }
        assert!(published.elapsed() < Duration::from_secs(5), "{product}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // What the factory types is text, in the console and on its public page.
    answer_an_inquiry(&b, &server).await;

    b.click("nav button[data-tab=profile]").await;
    type_into(&b, "input[name=name]", XSS).await;
    b.click("form button.primary").await;
    b.find(".ok[role=status]").await;
    assert_eq!(
        b.eval("return document.querySelectorAll('img[src=x]').length")
            .await,
        0
    );
    b.visit(&server, &format!("/factory/{OWN}")).await;
    let shown = b
        .eval("return document.querySelector('h1').textContent")
        .await;
    assert!(shown.as_str().unwrap().contains("<img src=x"), "{shown}");
    let escaped = b
        .eval("return [document.querySelectorAll('img[src=x]').length, window.pwned === 1]")
        .await;
    assert_eq!(escaped, serde_json::json!([0, false]));
    b.visit(&server, "/product/yw-new-2").await;
    let title = b
        .eval("return document.querySelector('h1').textContent")
        .await;
    assert_eq!(title.as_str(), Some(TITLE), "the uploaded title, as text");
    let escaped = b
        .eval("return [document.querySelectorAll('img[src=x]').length, window.pwned === 2]")
        .await;
    assert_eq!(escaped, serde_json::json!([0, false]));
    b.close().await;

    // The owner, on a desktop, reads it all in the audit log.
    let b = Browser::open(1280, 800).await;
    b.client.goto(&server.url("/console")).await.unwrap();
    type_into(&b, "input[name=email]", "boss@beltmart.example").await;
    type_into(&b, "input[name=password]", PASSWORD).await;
    b.click("button[type=submit]").await;
    b.find("[data-test=who]").await;
    b.click("nav button[data-tab=audit]").await;
    let log = b
        .until("the audit log", || async {
            let script = "return Array.from(document.querySelectorAll('[data-action]'))
                .map(e => e.dataset.action + ' ' + e.parentElement.textContent).join('\\n')";
            let text = b.eval(script).await;
            let text = text.as_str().unwrap_or_default().to_owned();
            text.contains("catalog_imported").then_some(text)
        })
        .await;
    for action in [
        "password_set",
        "catalog_checked",
        "profile_changed",
        "li@yiwu-socks.cn",
    ] {
        assert!(log.contains(action), "{action} in {log}");
    }
    b.screenshot("console-desktop").await;
    // Asking who is signed in before signing in is answered 401, which Chromium logs.
    let errors: Vec<String> = (b.console_errors().await.into_iter())
        .filter(|e| !e.contains("/api/v1/session - Failed to load resource"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    b.close().await;
}
