//! Notifications of 询价单 (issue #31) through a real SMTP receiver and a real
//! webhook receiver, on SQLite and PostgreSQL: the factory's email and the
//! site's signed webhook for a new inquiry, retried while the receiver is
//! down and delivered once it is up, each event once; the buyer's email with
//! the private link when the factory quotes; and no contact detail in the log.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::blocking::Client;
use reqwest::header;
use serde_json::{Value, json};
use sha2::Sha256;

mod support;
use support::receivers::{SmtpReceiver, WebhookReceiver};
use support::site::{PASSWORD, Site, cookie_of};
use support::store::{Store, on_both_stores};

on_both_stores!(the_factory_the_site_and_the_buyer_are_told_once);

const SECRET: &str = "webhook-signing-secret-2026";
const BUYER_EMAIL: &str = "wang.buyer@example.cn";
const BUYER_PHONE: &str = "13912345678";

fn signed(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

fn the_factory_the_site_and_the_buyer_are_told_once(store: Store) {
    let smtp = SmtpReceiver::start();
    // Down for the first two deliveries: they are retried.
    let hooks = WebhookReceiver::start(2);
    let log = support::temp_dir().join("notifications.log");
    let flags = [
        "--smtp-url",
        &smtp.url(),
        "--mail-from",
        "Beltmart <noreply@beltmart.test>",
        "--webhook-url",
        &hooks.url(),
        "--webhook-secret",
        SECRET,
    ];
    // Logging everything a debugging site owner could ask for.
    let shell = format!("export RUST_LOG=debug; exec 2>>{}", log.display());
    let site = Site::with_log(store, &flags, &shell);
    site.account("li@yiwu-socks.cn", Some("yiwu-2"));
    let sent: Value = Client::new()
        .post(site.url("/api/v1/inquiries"))
        .header("idempotency-key", "notify-test-key-000000001")
        .json(&json!({
            "lines": [
                { "product": "yw-sock-002", "quantity": 1000 },
                { "product": "yw-sock-003", "quantity": 1000 },
            ],
            "buyer": { "name": "王先生", "phone": BUYER_PHONE, "email": BUYER_EMAIL },
        }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let mine = sent["inquiries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["supplier"] == "yiwu-2")
        .unwrap();
    let reference = mine["reference"].as_str().unwrap();

    // The factory with an account is emailed (the other has none to email),
    // and the buyer gets her receipt with the private link.
    let mails = smtp.wait_for(2, Duration::from_secs(10));
    let token = sent["token"].as_str().unwrap();
    let receipt = mails.iter().find(|m| m.to == [BUYER_EMAIL]).unwrap().text();
    assert!(receipt.contains(&format!("/inquiry#{token}")), "{receipt}");
    assert!(receipt.contains(reference), "{receipt}");
    let to_factory = mails.iter().find(|m| m.to == ["li@yiwu-socks.cn"]).unwrap();
    let text = to_factory.text();
    assert!(
        text.contains(reference) && text.contains("/console"),
        "{text}"
    );
    assert!(
        !text.contains(BUYER_PHONE),
        "no contact detail in the factory's email"
    );

    // The webhook: refused twice, then each event delivered, signed, once.
    let got = hooks.wait_for(2, Duration::from_secs(20));
    let delivered: Vec<_> = got.iter().filter(|h| h.status == 200).collect();
    for hook in &delivered {
        assert_eq!(
            hook.header("x-beltmart-signature"),
            Some(signed(&hook.body).as_str())
        );
        let event: Value = serde_json::from_slice(&hook.body).unwrap();
        assert_eq!(event["type"], "inquiry.created");
        assert_eq!(hook.header("x-beltmart-event"), event["id"].as_str());
        assert!(!String::from_utf8_lossy(&hook.body).contains(BUYER_PHONE));
    }
    let mut ids: Vec<&str> = delivered
        .iter()
        .map(|h| h.header("x-beltmart-event").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2, "two events, each delivered once");
    assert_eq!(got.iter().filter(|h| h.status == 503).count(), 2);

    // The factory quotes: the buyer gets the private link.
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let id = mine["id"].as_str().unwrap();
    let quoted = Client::new()
        .post(site.url(&format!("/api/v1/console/inquiries/{id}/quote")))
        .header(header::COOKIE, &cookie)
        .json(&json!({ "lines": [{ "product": "yw-sock-002", "quantity": 1000, "unit_price_fen": 1150 }] }))
        .send()
        .unwrap();
    assert!(quoted.status().is_success());
    let mails = smtp.wait_for(3, Duration::from_secs(10));
    let to_buyer = mails.iter().rfind(|m| m.to == [BUYER_EMAIL]).unwrap();
    let text = to_buyer.text();
    assert!(text.contains(&format!("/inquiry#{token}")), "{text}");
    hooks.wait_for(3, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        hooks
            .hooks
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.status == 200)
            .count(),
        3
    );

    // The buyer follows her link; nothing of it reaches the log either.
    let link = site.url(&format!("/api/v1/inquiries/{token}"));
    assert!(
        Client::new()
            .get(&link)
            .send()
            .unwrap()
            .status()
            .is_success()
    );

    // Settled: nothing of what they said is kept; the log names no contact.
    let kept = site
        .db
        .count("SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL AND body <> ''");
    assert_eq!(kept, 0);
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    for secret in [BUYER_EMAIL, BUYER_PHONE, token, SECRET, "li@yiwu-socks.cn"] {
        assert!(!logged.contains(secret), "the log names {secret}");
    }
}
