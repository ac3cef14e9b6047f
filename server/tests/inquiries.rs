//! 询价单 (issue #31) over HTTP against the real server, on SQLite and
//! PostgreSQL: a shopper's one submission to three factories, sent twice;
//! the private link; one factory's answers and the buyer's counter-offer and
//! acceptance; what the other factories can and cannot see; every bad field
//! named; floods refused; withdrawal forgetting the buyer.

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header;
use serde_json::{Value, json};

mod support;
use support::site::{PASSWORD, Site, cookie_of, error_code};
use support::store::{Store, on_both_stores};

on_both_stores!(
    a_shopper_asks_three_factories_and_one_answers,
    what_a_factory_sees_is_its_own,
);

/// One product of each of three factories, at quantities above, at and below their MOQ.
const ASKED: [(&str, u32); 4] = [
    ("yw-sock-002", 6000),
    ("yw-sock-004", 100),
    ("yw-sock-003", 1000),
    ("jj-shoe-010", 60),
];

fn inquiry(lines: &[(&str, u32)], phone: &str) -> Value {
    let lines: Vec<Value> = lines
        .iter()
        .map(|(product, quantity)| json!({ "product": product, "quantity": quantity }))
        .collect();
    json!({
        "lines": lines,
        "buyer": { "name": "王女士", "phone": phone, "company": "深圳小店" },
        "ship_to": { "city": "深圳" },
        "message": "想要混批，能否先寄样品？",
    })
}

fn send(site: &Site, key: &str, body: &Value) -> Response {
    Client::new()
        .post(site.url("/api/v1/inquiries"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .unwrap()
}

fn get(site: &Site, path: &str, cookie: &str) -> Response {
    Client::new()
        .get(site.url(path))
        .header(header::COOKIE, cookie)
        .send()
        .unwrap()
}

fn post(site: &Site, path: &str, cookie: &str, body: &Value) -> Response {
    Client::new()
        .post(site.url(path))
        .header(header::COOKIE, cookie)
        .json(body)
        .send()
        .unwrap()
}

fn json_of(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    response.json().unwrap()
}

fn supplier_of(site: &Site, product: &str) -> String {
    let product = json_of(
        get(site, &format!("/api/v1/products/{product}"), ""),
        StatusCode::OK,
    );
    product["supplier"]["id"].as_str().unwrap().to_owned()
}

/// A factory's account for the supplier of `product`, signed in: its cookie and supplier.
fn factory(site: &Site, email: &str, product: &str) -> (String, String) {
    let supplier = supplier_of(site, product);
    site.account(email, Some(&supplier));
    (cookie_of(&site.sign_in(email, PASSWORD)), supplier)
}

fn a_shopper_asks_three_factories_and_one_answers(store: Store) {
    let site = Site::new(store, &[]);
    let (cookie, own) = factory(&site, "li@yiwu-socks.cn", "yw-sock-002");
    let body = inquiry(&ASKED, "138 0013 8000");
    let key = "7f1d2c3e-aaaa-4bbb-8ccc-1234567890ab";

    let sent = send(&site, key, &body);
    assert_eq!(sent.status(), StatusCode::CREATED);
    for (name, value) in [
        ("cache-control", "no-store"),
        ("referrer-policy", "no-referrer"),
        ("x-robots-tag", "noindex"),
    ] {
        assert_eq!(sent.headers()[name], value, "{name}");
    }
    let sent: Value = sent.json().unwrap();
    let inquiries = sent["inquiries"].as_array().unwrap();
    assert_eq!(inquiries.len(), 3, "one inquiry per factory: {sent}");
    assert!(
        inquiries
            .iter()
            .all(|i| i["reference"].as_str().unwrap().starts_with("BM-"))
    );
    // Sent again (a retry, a double tap): the same answer, nothing new.
    let again = json_of(send(&site, key, &body), StatusCode::CREATED);
    assert_eq!(again, sent);
    assert_eq!(site.db.count("SELECT count(*) FROM inquiries"), 3);
    let other = send(&site, key, &inquiry(&ASKED[..1], "13800138000"));
    assert_eq!(
        error_code(other),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused".into()
        )
    );

    // The private link shows every inquiry, the lines as the catalog priced them, no contact.
    let token = sent["token"].as_str().unwrap();
    let link = format!("/api/v1/inquiries/{token}");
    let view = json_of(get(&site, &link, ""), StatusCode::OK);
    let mine = view["inquiries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["supplier"]["id"] == own.as_str())
        .unwrap()
        .clone();
    let prices: Vec<(u64, u64)> = mine["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["tier_price_fen"].as_u64().unwrap(),
                l["moq"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(prices, [(1080, 1000), (170, 500)], "{mine}");
    assert!(mine.get("buyer").is_none(), "{mine}");
    let id = mine["id"].as_str().unwrap().to_owned();

    // The factory sees it unread, with the buyer's contact; opening it reads it.
    let inbox = json_of(
        get(&site, "/api/v1/console/inquiries", &cookie),
        StatusCode::OK,
    );
    assert_eq!(
        (
            inbox["unread"].as_u64(),
            inbox["items"].as_array().unwrap().len()
        ),
        (Some(1), 1)
    );
    let opened = json_of(
        get(&site, &format!("/api/v1/console/inquiries/{id}"), &cookie),
        StatusCode::OK,
    );
    assert_eq!(opened["buyer"]["phone"], "13800138000");
    let inbox = json_of(
        get(&site, "/api/v1/console/inquiries", &cookie),
        StatusCode::OK,
    );
    assert_eq!(inbox["unread"], 0);

    // A quote, a counter-offer, a second quote, accepted.
    let quote = |price: u64| {
        json!({ "lines": [
            { "product": "yw-sock-002", "quantity": 6000, "unit_price_fen": price, "lead_time_days": 15 },
            { "product": "yw-sock-004", "quantity": 500, "unit_price_fen": 160 },
        ], "note": "样品免费，运费到付" })
    };
    let quoting = format!("/api/v1/console/inquiries/{id}/quote");
    let quoted = json_of(post(&site, &quoting, &cookie, &quote(1050)), StatusCode::OK);
    assert_eq!(quoted["status"], "answered");
    let act = |body: Value| {
        Client::new()
            .post(site.url(&format!("{link}/{id}")))
            .json(&body)
            .send()
            .unwrap()
    };
    let counter = json!({ "action": "reply", "text": "10.00 元可以吗？",
        "counter": [{ "product": "yw-sock-002", "quantity": 6000, "unit_price_fen": 1000 }] });
    json_of(act(counter), StatusCode::OK);
    let inbox = json_of(
        get(&site, "/api/v1/console/inquiries", &cookie),
        StatusCode::OK,
    );
    assert_eq!(
        inbox["unread"], 1,
        "the counter-offer is new to the factory"
    );
    json_of(post(&site, &quoting, &cookie, &quote(1020)), StatusCode::OK);
    let accepted = json_of(
        act(json!({ "action": "accept", "quote": 2 })),
        StatusCode::OK,
    );
    assert_eq!(accepted["status"], "accepted");
    let kinds: Vec<&str> = accepted["thread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["quote", "message", "quote", "accepted"]);
    assert_eq!(accepted["thread"][2]["quote"]["number"], 2);
    let late = act(json!({ "action": "reply", "text": "还在吗" }));
    assert_eq!(
        error_code(late),
        (StatusCode::CONFLICT, "inquiry_closed".into())
    );
    let no_quote = act(json!({ "action": "decline", "quote": 9 }));
    assert_eq!(error_code(no_quote).0, StatusCode::CONFLICT);

    // Withdrawing another inquiry forgets the buyer's contact on it.
    let shoes = &view["inquiries"].as_array().unwrap()[2];
    let withdraw = Client::new()
        .post(site.url(&format!("{link}/{}", shoes["id"].as_str().unwrap())))
        .json(&json!({ "action": "withdraw" }))
        .send()
        .unwrap();
    assert_eq!(json_of(withdraw, StatusCode::OK)["status"], "withdrawn");
    let remembered = site.db.count(
        "SELECT count(*) FROM inquiries WHERE status = 'withdrawn' AND buyer_phone IS NOT NULL",
    );
    assert_eq!(remembered, 0);
}

fn what_a_factory_sees_is_its_own(store: Store) {
    let site = Site::new(store, &[]);
    let (cookie, own) = factory(&site, "li@yiwu-socks.cn", "yw-sock-002");
    let (_, other) = factory(&site, "hua@yiwu-socks.cn", "yw-sock-003");
    site.account("boss@beltmart.example", None);
    let boss = cookie_of(&site.sign_in("boss@beltmart.example", PASSWORD));
    let sent = json_of(
        send(
            &site,
            "b5b0c3a4-0000-4000-8000-00000000000a",
            &inquiry(&ASKED, "13800138000"),
        ),
        StatusCode::CREATED,
    );
    let theirs = sent["inquiries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["supplier"] == other.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let inbox = json_of(
        get(&site, "/api/v1/console/inquiries", &cookie),
        StatusCode::OK,
    );
    let suppliers: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["supplier"].as_str().unwrap())
        .collect();
    assert_eq!(suppliers, [own.as_str()]);
    let all = json_of(
        get(&site, "/api/v1/console/inquiries", &boss),
        StatusCode::OK,
    );
    assert_eq!(
        all["items"].as_array().unwrap().len(),
        3,
        "the owner sees every factory's"
    );
    // Another factory's inquiry does not exist for this one, whatever it tries.
    let at = format!("/api/v1/console/inquiries/{theirs}");
    assert_eq!(
        error_code(get(&site, &at, &cookie)).0,
        StatusCode::NOT_FOUND
    );
    for (path, body) in [
        (
            format!("{at}/quote"),
            json!({ "lines": [{ "product": "yw-sock-003", "quantity": 1000, "unit_price_fen": 1 }] }),
        ),
        (format!("{at}/messages"), json!({ "text": "来我家买" })),
        (format!("{at}/spam"), json!({})),
    ] {
        assert_eq!(
            error_code(post(&site, &path, &cookie, &body)).0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(site.db.count("SELECT count(*) FROM inquiry_events"), 0);
    // A search finds by product title and reference; a status filter keeps to it.
    let found = json_of(
        get(&site, "/api/v1/console/inquiries?q=袜", &cookie),
        StatusCode::OK,
    );
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let none = json_of(
        get(&site, "/api/v1/console/inquiries?status=accepted", &cookie),
        StatusCode::OK,
    );
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let bad = get(
        &site,
        "/api/v1/console/inquiries?status=everything",
        &cookie,
    );
    assert_eq!(error_code(bad).0, StatusCode::BAD_REQUEST);
    // Spam: the factory's own word; the buyer is not told.
    let mine = &inbox["items"][0]["id"].as_str().unwrap().to_owned();
    let spam = post(
        &site,
        &format!("/api/v1/console/inquiries/{mine}/spam"),
        &cookie,
        &json!({}),
    );
    assert_eq!(json_of(spam, StatusCode::OK)["status"], "spam");
    let token = sent["token"].as_str().unwrap();
    let view = json_of(
        get(&site, &format!("/api/v1/inquiries/{token}"), ""),
        StatusCode::OK,
    );
    assert!(
        view["inquiries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "new"),
        "{view}"
    );
}

#[test]
fn a_bad_inquiry_names_every_field_and_stores_nothing() {
    let site = Site::new(Store::Sqlite, &[]);
    let mut body = inquiry(&[("yw-sock-002", 0), ("no-such-thing", 10)], "12345");
    body["buyer"]["wechat"] = json!("1x");
    body["needed_by"] = json!("tomorrow");
    let bad = send(&site, "c0ffee00-1111-4222-8333-444455556666", &body);
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad: Value = bad.json().unwrap();
    assert_eq!(bad["error"]["code"], "invalid_fields");
    let fields: Vec<&str> = bad["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "lines[0].quantity",
            "lines[1].product",
            "buyer.phone",
            "buyer.wechat",
            "needed_by"
        ]
    );
    let keyless = Client::new()
        .post(site.url("/api/v1/inquiries"))
        .json(&inquiry(&ASKED, "13800138000"))
        .send()
        .unwrap();
    assert_eq!(
        error_code(keyless),
        (StatusCode::BAD_REQUEST, "missing_idempotency_key".into())
    );
    let mut bot = inquiry(&ASKED, "13800138000");
    bot["website"] = json!("http://spam.example");
    assert_eq!(
        error_code(send(&site, "bot-bot-bot-bot-bot-1", &bot)).0,
        StatusCode::BAD_REQUEST
    );
    let mut unknown = inquiry(&ASKED, "13800138000");
    unknown["price_override"] = json!(1);
    assert_eq!(
        error_code(send(&site, "unknown-field-key-1", &unknown)).1,
        "invalid_body"
    );
    let mut huge = inquiry(&ASKED, "13800138000");
    huge["message"] = json!("袜".repeat(100_000));
    assert_eq!(
        error_code(send(&site, "huge-body-key-00001", &huge)).0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    for path in ["/api/v1/inquiries/short", "/api/v1/inquiries/../../etc"] {
        assert_eq!(
            error_code(get(&site, path, "")).0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let unknown_token = format!("/api/v1/inquiries/{}", "A".repeat(43));
    assert_eq!(
        error_code(get(&site, &unknown_token, "")).0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(site.db.count("SELECT count(*) FROM inquiries"), 0);
}

#[test]
fn floods_from_one_contact_or_of_one_body_are_refused() {
    let site = Site::new(Store::Sqlite, &[]);
    let body = inquiry(&ASKED[..1], "13900139000");
    let statuses: Vec<u16> = (0..3)
        .map(|n| {
            send(&site, &format!("same-body-key-{n:04}"), &body)
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(
        statuses,
        [201, 201, 429],
        "the same inquiry a third time in an hour"
    );
    let limited = send(&site, "same-body-key-9999", &body);
    assert!(limited.headers().contains_key("retry-after"));
    let mut refused = 0;
    for n in 0..12 {
        let lines = [("yw-sock-002", 1000 + n)];
        let response = send(
            &site,
            &format!("one-contact-key-{n:04}"),
            &inquiry(&lines, "13700137000"),
        );
        refused += u32::from(response.status() == StatusCode::TOO_MANY_REQUESTS);
    }
    assert_eq!(refused, 2, "ten an hour to one contact");
}

/// 25 buyers in an hour, each from their own address as the proxy reports it.
fn sent_through_a_proxy(site: &Site) -> Vec<u16> {
    (0..25)
        .map(|n| {
            let body = inquiry(&[("yw-sock-002", 1000 + n)], &format!("137{n:08}"));
            Client::new()
                .post(site.url("/api/v1/inquiries"))
                .header("idempotency-key", format!("through-a-proxy-key-{n:04}"))
                .header("x-forwarded-for", format!("203.0.113.{n}"))
                .json(&body)
                .send()
                .unwrap()
                .status()
                .as_u16()
        })
        .collect()
}

#[test]
fn behind_a_trusted_proxy_each_buyer_is_counted_by_her_own_address() {
    let trusting = Site::new(
        Store::Sqlite,
        &["--trusted-proxies", "127.0.0.1/32,10.0.0.0/8"],
    );
    assert!(sent_through_a_proxy(&trusting).iter().all(|s| *s == 201));
    // Without it, the header is anyone's to write: ignored, and all count as one address.
    let wary = Site::new(Store::Sqlite, &[]);
    let refused = sent_through_a_proxy(&wary)
        .iter()
        .filter(|s| **s == 429)
        .count();
    assert_eq!(refused, 5, "twenty an hour from one address");
}

#[test]
fn a_page_on_another_origin_may_send_one() {
    let site = Site::new(
        Store::Sqlite,
        &["--cors-origins", "https://shop.example.com"],
    );
    let preflight = Client::new()
        .request(reqwest::Method::OPTIONS, site.url("/api/v1/inquiries"))
        .header("origin", "https://shop.example.com")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .send()
        .unwrap();
    assert!(preflight.status().is_success());
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        allowed.contains("idempotency-key") && allowed.contains("content-type"),
        "{allowed}"
    );
    assert!(
        !preflight
            .headers()
            .contains_key("access-control-allow-credentials")
    );
}

/// A factory's page says how it answers 询价单, from the store's own records:
/// inquiries over a day old, spam left out, at least three of them.
#[test]
fn a_factory_page_shows_how_it_answers_inquiries() {
    let site = Site::new(Store::Sqlite, &[]);
    let (cookie, own) = factory(&site, "li@yiwu-socks.cn", "yw-sock-002");
    let mut ids = Vec::new();
    for n in 0..4 {
        let body = inquiry(&[("yw-sock-002", 1000 + n)], &format!("1360000000{n}"));
        let sent = json_of(
            send(&site, &format!("answers-record-key-{n:04}"), &body),
            StatusCode::CREATED,
        );
        ids.push(sent["inquiries"][0]["id"].as_str().unwrap().to_owned());
    }
    let quote = json!({ "lines": [{ "product": "yw-sock-002", "quantity": 1000, "unit_price_fen": 1100 }] });
    for id in &ids[..3] {
        let quoting = format!("/api/v1/console/inquiries/{id}/quote");
        json_of(post(&site, &quoting, &cookie, &quote), StatusCode::OK);
    }
    // As if sent two days ago, and answered one, two and three hours later.
    site.db
        .execute(
            "UPDATE inquiries SET created_at = created_at - 172800,
             first_answer_at = first_answer_at - 172800 + 3600 * (id - (SELECT min(id) FROM inquiries) + 1)",
        )
        .unwrap();
    let page = json_of(
        get(&site, &format!("/api/v1/suppliers/{own}"), ""),
        StatusCode::OK,
    );
    let answers = &page["answers"];
    assert_eq!(answers["inquiries"], 4, "{page}");
    assert_eq!(answers["answered_pct"], 75);
    assert_eq!(answers["median_first_answer_minutes"], 120);
    assert_eq!(answers["source"], "beltmart_records");
    let other = json_of(get(&site, "/api/v1/suppliers/yiwu-3", ""), StatusCode::OK);
    assert!(
        other.get("answers").is_none(),
        "no inquiries, no record: {other}"
    );
}
