//! Accounts and sessions (issue #30), attacked over real HTTP: a one-time
//! link used twice or late, a cookie replayed after signing out or after the
//! account was disabled, a session fixed by an attacker, guessing passwords
//! from one address and from many, requests from another site's page, and
//! whether a password, a token or an email reaches the log. Each runs on
//! SQLite and PostgreSQL, the store several replicas share.

use std::net::IpAddr;

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header;
use serde_json::{Value, json};

mod support;
use support::site::{PASSWORD, Site, cli, cookie_of, error_code, said, set_cookie};
use support::store::{Store, on_both_stores};

on_both_stores!(
    an_invited_factory_sets_its_password_once_then_signs_in_and_out,
    failures_answer_alike_and_slow_one_address_not_the_account,
    disabling_or_resetting_ends_live_sessions_at_once,
    idle_old_and_late_things_are_refused,
    the_audit_log_keeps_who_did_what_and_refuses_changes,
);

const FACTORY: &str = "yiwu-1";

fn set_password(site: &Site, token: &str, password: &str) -> Response {
    Client::new()
        .post(site.url("/api/v1/session/password"))
        .json(&json!({ "token": token, "password": password }))
        .send()
        .unwrap()
}

fn an_invited_factory_sets_its_password_once_then_signs_in_and_out(store: Store) {
    let site = Site::new(store, &[]);
    let token = site.invite("Li@Yiwu-Socks.cn", "factory", Some(FACTORY));
    let refused = |password: &str| error_code(set_password(&site, &token, password));
    assert_eq!(
        refused("short"),
        (StatusCode::BAD_REQUEST, "weak_password".into())
    );
    assert_eq!(
        refused("qwertyuiop"),
        (StatusCode::BAD_REQUEST, "weak_password".into())
    );

    let set = set_password(&site, &token, PASSWORD);
    assert_eq!(set.status(), StatusCode::OK);
    let cookie = set_cookie(set.headers());
    for part in [
        "beltmart-session=",
        "; Path=/",
        "; HttpOnly",
        "; SameSite=Strict",
        "; Max-Age=",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert_eq!(set.headers()[header::CACHE_CONTROL], "no-store");
    let cookie = cookie_of(&set);
    let me = json!({ "email": "li@yiwu-socks.cn", "role": "factory", "supplier": FACTORY });
    assert_eq!(site.who(&cookie), (StatusCode::OK, me.clone()));
    // The store keeps neither the token nor the password.
    let token_value = cookie.split('=').nth(1).unwrap();
    let kept = format!("SELECT count(*) FROM sessions WHERE token_hash = '{token_value}'");
    assert_eq!(site.db.count(&kept), 0);
    let hashed =
        "SELECT count(*) FROM accounts WHERE password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'";
    assert_eq!(site.db.count(hashed), 1);

    // The link worked once.
    assert_eq!(
        refused("another long password"),
        (StatusCode::BAD_REQUEST, "invalid_link".into())
    );
    assert_eq!(
        refused(""),
        (StatusCode::BAD_REQUEST, "invalid_link".into())
    );

    // Signing in again (any case of the email) gives a new cookie; both sessions live.
    let again = site.sign_in("LI@yiwu-socks.CN", PASSWORD);
    assert_eq!(again.status(), StatusCode::OK);
    let second = cookie_of(&again);
    assert_ne!(second, cookie);
    assert_eq!(again.json::<Value>().unwrap(), me);

    // Signed out, the cookie is forgotten by the browser and worth nothing replayed.
    let out = Client::new()
        .delete(site.url("/api/v1/session"))
        .header(header::COOKIE, &cookie)
        .send()
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(out.headers()).contains("Max-Age=0"));
    let (status, body) = site.who(&cookie);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("signed_out"))
    );
    assert_eq!(
        site.who(&second).0,
        StatusCode::OK,
        "the other session lives on"
    );

    // Signing out everywhere ends that one too.
    let everywhere = Client::new()
        .delete(site.url("/api/v1/session?everywhere=true"))
        .header(header::COOKIE, &second)
        .send()
        .unwrap();
    assert_eq!(everywhere.status(), StatusCode::NO_CONTENT);
    assert_eq!(site.who(&second).0, StatusCode::UNAUTHORIZED);
}

fn failures_answer_alike_and_slow_one_address_not_the_account(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    let wrong = error_code(site.sign_in("li@yiwu-socks.cn", "not the password"));
    let unknown = error_code(site.sign_in("nobody@yiwu-socks.cn", "not the password"));
    let disabled_or_not = (StatusCode::UNAUTHORIZED, "wrong_credentials".to_owned());
    assert_eq!(wrong, disabled_or_not);
    assert_eq!(unknown, disabled_or_not);

    // From this address, ten failures in all (five are free, then waits double
    // from a second: 32 s now); it must wait, even with the password.
    for _ in 0..9 {
        site.sign_in("li@yiwu-socks.cn", "not the password");
    }
    let held = site.sign_in("li@yiwu-socks.cn", PASSWORD);
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = held.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    assert_eq!(error_code(held).1, "too_many_attempts");
    // An unknown email is held alike: nothing tells the two apart.
    for _ in 0..10 {
        site.sign_in("nobody@yiwu-socks.cn", "not the password");
    }
    assert_eq!(
        site.sign_in("nobody@yiwu-socks.cn", "x").status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // The real person, elsewhere, is not locked out by the stranger.
    let elsewhere = Client::builder()
        .local_address("127.0.0.2".parse::<IpAddr>().unwrap())
        .build()
        .unwrap();
    let signed_in = site.sign_in_from(&elsewhere, "li@yiwu-socks.cn", PASSWORD);
    assert_eq!(signed_in.status(), StatusCode::OK);
}

fn disabling_or_resetting_ends_live_sessions_at_once(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    assert_eq!(site.who(&cookie).0, StatusCode::OK);
    let disabled = cli(
        &site.db,
        &["user", "disable", "--email", "li@yiwu-socks.cn"],
        "",
    );
    assert!(disabled.status.success(), "{}", said(&disabled));
    assert_eq!(site.who(&cookie).0, StatusCode::UNAUTHORIZED);
    let refused = error_code(site.sign_in("li@yiwu-socks.cn", PASSWORD));
    assert_eq!(
        refused.1, "wrong_credentials",
        "a disabled account is not told apart"
    );

    let enabled = cli(
        &site.db,
        &["user", "enable", "--email", "li@yiwu-socks.cn"],
        "",
    );
    assert!(enabled.status.success(), "{}", said(&enabled));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let reset = cli(
        &site.db,
        &["user", "reset", "--email", "li@yiwu-socks.cn"],
        "",
    );
    assert!(reset.status.success(), "{}", said(&reset));
    assert_eq!(site.who(&cookie).0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        error_code(site.sign_in("li@yiwu-socks.cn", PASSWORD)).1,
        "wrong_credentials"
    );
    let out = said(&reset);
    let token = out.rsplit('#').next().unwrap().trim();
    assert_eq!(
        set_password(&site, token, "a brand new password").status(),
        StatusCode::OK
    );

    let listed = said(&cli(&site.db, &["user", "list"], ""));
    assert!(
        listed.contains("li@yiwu-socks.cn") && listed.contains("active"),
        "{listed}"
    );
}

fn idle_old_and_late_things_are_refused(store: Store) {
    let site = Site::new(
        store,
        &["--session-idle-minutes", "30", "--session-hours", "8"],
    );
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    let idle = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let old = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let fresh = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let hash = |cookie: &str| {
        use sha2::Digest;
        let value = cookie.split('=').nth(1).unwrap();
        let digest = sha2::Sha256::digest(value.as_bytes());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    // Unused for 31 minutes; begun 9 hours ago and used just now.
    let aged = |sql: String| assert_eq!(site.db.execute(&sql), Ok(1));
    aged(format!(
        "UPDATE sessions SET seen_at = seen_at - 1860 WHERE token_hash = '{}'",
        hash(&idle)
    ));
    aged(format!(
        "UPDATE sessions SET created_at = created_at - 32400 WHERE token_hash = '{}'",
        hash(&old)
    ));
    assert_eq!(site.who(&idle).0, StatusCode::UNAUTHORIZED);
    assert_eq!(site.who(&old).0, StatusCode::UNAUTHORIZED);
    assert_eq!(site.who(&fresh).0, StatusCode::OK);

    let token = site.invite("wang@yiwu-socks.cn", "owner", None);
    assert_eq!(
        site.db
            .execute("UPDATE setup_links SET expires_at = expires_at - 86401"),
        Ok(1)
    );
    let late = error_code(set_password(&site, &token, "a late but fine password"));
    assert_eq!(late, (StatusCode::BAD_REQUEST, "invalid_link".into()));
    let forged = error_code(set_password(
        &site,
        &"A".repeat(43),
        "a long enough password",
    ));
    assert_eq!(forged.1, "invalid_link");
}

fn the_audit_log_keeps_who_did_what_and_refuses_changes(store: Store) {
    let site = Site::new(store, &[]);
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    site.sign_in("li@yiwu-socks.cn", "not the password");
    site.sign_in("li@yiwu-socks.cn", PASSWORD);
    site.sign_in("typed-a-password-here", "x");
    let actions = |action: &str| {
        site.db.count(&format!(
            "SELECT count(*) FROM audit_log WHERE action = '{action}'"
        ))
    };
    assert_eq!(actions("account_added"), 1);
    assert_eq!(actions("sign_in_failed"), 2);
    assert_eq!(actions("signed_in"), 1);
    // What was typed where an email goes is not kept unless it is an account's.
    let typed =
        "SELECT count(*) FROM audit_log WHERE actor LIKE '%typed%' OR subject LIKE '%typed%'";
    assert_eq!(site.db.count(typed), 0);
    let before = site.audit();
    assert!(
        site.db
            .execute("UPDATE audit_log SET actor = 'someone else'")
            .is_err()
    );
    assert!(site.db.execute("DELETE FROM audit_log").is_err());
    assert_eq!(site.audit(), before);
}

#[test]
fn requests_from_another_sites_page_change_nothing() {
    let site = Site::new(Store::Sqlite, &[]);
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    let cookie = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    let body = json!({ "email": "li@yiwu-socks.cn", "password": PASSWORD });
    let forged = [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
        ("origin", "null"),
    ];
    for (name, value) in forged {
        let client = Client::new();
        let sign_in = client
            .post(site.url("/api/v1/session"))
            .header(name, value)
            .json(&body);
        assert_eq!(
            error_code(sign_in.send().unwrap()),
            (StatusCode::FORBIDDEN, "cross_origin".into())
        );
        let sign_out = client
            .delete(site.url("/api/v1/session?everywhere=true"))
            .header(name, value)
            .header(header::COOKIE, &cookie);
        assert_eq!(sign_out.send().unwrap().status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(site.who(&cookie).0, StatusCode::OK, "still signed in");
    // This site's own pages may.
    let own = Client::new()
        .delete(site.url("/api/v1/session"))
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, &cookie);
    assert_eq!(own.send().unwrap().status(), StatusCode::NO_CONTENT);
}

#[test]
fn a_sign_in_never_keeps_a_cookie_it_did_not_make() {
    let site = Site::new(Store::Sqlite, &[]);
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    // An attacker plants a value of their choosing, and one of their own sessions.
    let planted = format!("beltmart-session={}", "x".repeat(43));
    let attackers = cookie_of(&site.sign_in("li@yiwu-socks.cn", PASSWORD));
    for fixed in [planted, attackers.clone()] {
        let response = Client::new()
            .post(site.url("/api/v1/session"))
            .header(header::COOKIE, &fixed)
            .json(&json!({ "email": "li@yiwu-socks.cn", "password": PASSWORD }))
            .send()
            .unwrap();
        let issued = cookie_of(&response);
        assert_ne!(issued, fixed);
        assert_eq!(site.who(&fixed).0, StatusCode::UNAUTHORIZED);
        assert_eq!(site.who(&issued).0, StatusCode::OK);
    }
}

#[test]
fn over_https_the_cookie_is_the_hosts_alone_and_secure() {
    let site = Site::new(Store::Sqlite, &["--public-url", "https://shop.example.com"]);
    site.account("li@yiwu-socks.cn", Some(FACTORY));
    let response = Client::new()
        .post(site.url("/api/v1/session"))
        .header("origin", "https://shop.example.com")
        .json(&json!({ "email": "li@yiwu-socks.cn", "password": PASSWORD }))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = set_cookie(response.headers());
    assert!(cookie.starts_with("__Host-beltmart-session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("; Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    // The origin allowed is the configured one, whatever Host the request names.
    let spoofed = Client::new()
        .post(site.url("/api/v1/session"))
        .header(header::HOST, "evil.example")
        .header("origin", "http://evil.example")
        .json(&json!({ "email": "li@yiwu-socks.cn", "password": PASSWORD }));
    assert_eq!(error_code(spoofed.send().unwrap()).1, "cross_origin");
}

#[test]
fn bad_bodies_get_clear_json_errors() {
    let site = Site::new(Store::Sqlite, &[]);
    let post = |content_type: &str, body: Vec<u8>| {
        Client::new()
            .post(site.url("/api/v1/session"))
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .unwrap()
    };
    let json = "application/json";
    let cases = [
        (
            post(json, b"{".to_vec()),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            post(json, br#"{"email":"a@b.cn"}"#.to_vec()),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            post(
                json,
                br#"{"email":"a@b.cn","password":"x","admin":true}"#.to_vec(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            post("text/plain", b"x".to_vec()),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_body",
        ),
        (
            post(json, vec![b' '; 100_000]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
    ];
    for (response, status, code) in cases {
        assert_eq!(error_code(response), (status, code.to_owned()));
    }
    let put = Client::new()
        .put(site.url("/api/v1/session"))
        .send()
        .unwrap();
    assert_eq!(
        error_code(put),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".into())
    );
    let long = json!({ "email": "a@b.cn", "password": "x".repeat(2000) });
    let response = Client::new()
        .post(site.url("/api/v1/session"))
        .json(&long)
        .send()
        .unwrap();
    assert_eq!(error_code(response).1, "wrong_credentials");
}

#[test]
fn no_password_token_or_email_reaches_the_log() {
    let dir = support::temp_dir();
    let log = dir.join("server.log");
    let shell = format!("export RUST_LOG=debug; exec 2>'{}'", log.display());
    let site = Site::with_log(Store::Sqlite, &[], &shell);
    let token = site.invite("li@yiwu-socks.cn", "factory", Some(FACTORY));
    let set = set_password(&site, &token, PASSWORD);
    let cookie = cookie_of(&set);
    site.sign_in("li@yiwu-socks.cn", "a wrong password typed");
    site.sign_in("wang@elsewhere.cn", PASSWORD);
    site.who(&cookie);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("/api/v1/session"),
        "the requests were logged: {logged}"
    );
    let secrets = [
        PASSWORD,
        "a wrong password typed",
        &token,
        cookie.split('=').nth(1).unwrap(),
        "li@yiwu-socks.cn",
        "wang@elsewhere.cn",
    ];
    for secret in secrets {
        assert!(!logged.contains(secret), "{secret} is in the log");
    }
}
