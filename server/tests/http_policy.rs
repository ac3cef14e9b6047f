//! The server behind a CDN, over real HTTP: CORS from the allowlist, ETags and
//! 304s, Cache-Control per kind of answer, precompressed assets, and the
//! security headers with a CSP that admits exactly the page's own bootstrap.

use std::sync::OnceLock;

use base64::Engine;
use reqwest::{Method, StatusCode, header};
use sha2::{Digest, Sha256};

mod support;

const ALLOWED: &str = "https://shop.example.com";
const BOOTSTRAP: &str = "import init from '/beltmart-0123456789abcdef.js'; await init();";
const HASHED_JS: &str = "/beltmart-0123456789abcdef.js";

/// A built storefront in miniature: a page with an inline bootstrap script, a
/// hashed script with a brotli sibling, and config.json.
fn fake_dist(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let page = format!(
        "<!doctype html><html><head><script type=\"module\">{BOOTSTRAP}</script></head><body></body></html>"
    );
    std::fs::write(dir.join("index.html"), page).unwrap();
    std::fs::write(
        dir.join(&HASHED_JS[1..]),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::write(dir.join(format!("{}.br", &HASHED_JS[1..])), b"brotli bytes").unwrap();
    std::fs::write(dir.join("config.json"), "{\"api_base\": \"\"}").unwrap();
}

fn server() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let dist = support::temp_dir().join("dist");
        fake_dist(&dist);
        let cors = format!("{ALLOWED},https://other.example.com");
        support::spawn_server(&[
            "--dist",
            dist.to_str().unwrap(),
            "--products",
            "500",
            "--cors-origins",
            &cors,
            "--connect-src",
            "https://api.example.com",
            "--frame-ancestors",
            "'self' https://partner.example.com",
            "--img-src",
            "https://img.example.com,https://bucket.oss-cn-hangzhou.aliyuncs.com",
        ])
    })
}

async fn request(method: Method, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", server()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn header_of(response: &reqwest::Response, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(&name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn cors_allows_the_allowlist_only() {
    let allowed = request(
        Method::GET,
        "/api/v1/products?per_page=1",
        &[("origin", ALLOWED)],
    )
    .await;
    assert_eq!(
        header_of(&allowed, header::ACCESS_CONTROL_ALLOW_ORIGIN),
        ALLOWED
    );
    assert!(header_of(&allowed, header::ACCESS_CONTROL_EXPOSE_HEADERS).contains("etag"));

    let refused = request(
        Method::GET,
        "/api/v1/products?per_page=1",
        &[("origin", "https://evil.example.com")],
    )
    .await;
    assert_eq!(
        refused.status(),
        StatusCode::OK,
        "CORS is the browser's to enforce"
    );
    assert!(
        refused
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );

    let preflight = [
        ("origin", ALLOWED),
        ("access-control-request-method", "GET"),
        ("access-control-request-headers", "if-none-match"),
    ];
    let ok = request(Method::OPTIONS, "/api/v1/products", &preflight).await;
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(header_of(&ok, header::ACCESS_CONTROL_ALLOW_ORIGIN), ALLOWED);
    assert!(header_of(&ok, header::ACCESS_CONTROL_ALLOW_METHODS).contains("GET"));
    assert!(header_of(&ok, header::ACCESS_CONTROL_ALLOW_HEADERS).contains("if-none-match"));

    let evil = [
        ("origin", "https://evil.example.com"),
        ("access-control-request-method", "GET"),
    ];
    let refused = request(Method::OPTIONS, "/api/v1/products", &evil).await;
    assert!(
        refused
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
}

#[tokio::test]
async fn api_answers_carry_etags_and_revalidate_to_304() {
    let first = request(Method::GET, "/api/v1/products?city=yiwu", &[]).await;
    let tag = header_of(&first, header::ETAG).to_owned();
    // Weak, as the bytes differ by Content-Encoding while the answer does not.
    assert!(tag.starts_with("W/\"") && tag.len() > 10, "{tag}");
    assert_eq!(
        header_of(&first, header::CACHE_CONTROL),
        "public, max-age=0, s-maxage=1"
    );
    let again = request(Method::GET, "/api/v1/products?city=yiwu", &[]).await;
    assert_eq!(
        header_of(&again, header::ETAG),
        tag,
        "stable for the same catalog and query"
    );

    let not_modified = request(
        Method::GET,
        "/api/v1/products?city=yiwu",
        &[("if-none-match", &tag)],
    )
    .await;
    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
    assert!(not_modified.bytes().await.unwrap().is_empty());
    let star = request(Method::GET, "/api/v1/taxonomy", &[("if-none-match", "*")]).await;
    assert_eq!(star.status(), StatusCode::NOT_MODIFIED);
    // `*` matches an answer that exists, never an error.
    let star = |path: &'static str| request(Method::GET, path, &[("if-none-match", "*")]);
    assert_eq!(
        star("/api/v1/products/nope").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        star("/api/v1/products?sort=nope").await.status(),
        StatusCode::BAD_REQUEST
    );

    let other = request(
        Method::GET,
        "/api/v1/products?city=jinjiang",
        &[("if-none-match", &tag)],
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_ne!(
        header_of(&other, header::ETAG),
        tag,
        "another query, another tag"
    );

    let image = request(Method::GET, "/api/v1/images/p1/1", &[]).await;
    assert_eq!(
        header_of(&image, header::CACHE_CONTROL),
        "public, max-age=86400"
    );
    assert!(!header_of(&image, header::ETAG).is_empty());
}

/// Catalog answers are kept compressed with brotli; browsers that refuse it get
/// JSON (gzipped if they accept that); the answer is the same either way and
/// the same from the answer cache as fresh.
#[tokio::test]
async fn catalog_answers_are_brotli_for_browsers_that_accept_it() {
    let path = "/api/v1/products?category=shoes&sort=sales";
    let plain = request(Method::GET, path, &[("accept-encoding", "identity")]).await;
    assert_eq!(header_of(&plain, header::CONTENT_ENCODING), "");
    let plain = plain.bytes().await.unwrap();
    let json: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(json["total"].as_u64().unwrap() > 0);

    for _fresh_then_cached in 0..2 {
        let br = request(Method::GET, path, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(header_of(&br, header::CONTENT_ENCODING), "br");
        assert!(header_of(&br, header::VARY).contains("accept-encoding"));
        let compressed = br.bytes().await.unwrap();
        assert!(compressed.len() * 3 < plain.len());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &compressed[..], &mut decoded).unwrap();
        assert_eq!(decoded, plain);
    }

    let no_br = request(Method::GET, path, &[("accept-encoding", "br;q=0, gzip")]).await;
    assert_eq!(header_of(&no_br, header::CONTENT_ENCODING), "gzip");
}

#[tokio::test]
async fn errors_and_health_are_never_cached() {
    let error = request(Method::GET, "/api/v1/products?sort=nope", &[]).await;
    assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    assert_eq!(header_of(&error, header::CACHE_CONTROL), "no-store");
    assert!(error.headers().get(header::ETAG).is_none());
    let missing = request(Method::GET, "/api/v1/products/p99999999", &[]).await;
    assert_eq!(header_of(&missing, header::CACHE_CONTROL), "no-store");
    let health = request(Method::GET, "/healthz", &[]).await;
    assert_eq!(header_of(&health, header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_pages_revalidate() {
    let asset = request(Method::GET, HASHED_JS, &[]).await;
    assert_eq!(
        header_of(&asset, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    for page in [
        "/",
        "/index.html",
        "/config.json",
        "/product/p1?x=1",
        "/no/such/page",
    ] {
        let response = request(Method::GET, page, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "no-cache",
            "{page}"
        );
    }
}

#[tokio::test]
async fn precompressed_files_are_served_when_accepted() {
    let br = request(Method::GET, HASHED_JS, &[("accept-encoding", "br")]).await;
    assert_eq!(header_of(&br, header::CONTENT_ENCODING), "br");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let plain = request(Method::GET, HASHED_JS, &[("accept-encoding", "identity")]).await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let api = request(
        Method::GET,
        "/api/v1/taxonomy",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(
        header_of(&api, header::CONTENT_ENCODING),
        "gzip",
        "API answers are compressed on the fly"
    );
}

#[tokio::test]
async fn security_headers_admit_the_bootstrap_and_nothing_inline() {
    let page = request(Method::GET, "/", &[]).await;
    let csp = header_of(&page, header::CONTENT_SECURITY_POLICY).to_owned();
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(BOOTSTRAP));
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(script_src.contains(&format!("'sha256-{hash}'")), "{csp}");
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(
        csp.contains("connect-src 'self' https://api.example.com"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'self' https://partner.example.com"),
        "{csp}"
    );
    assert!(
        csp.contains("img-src 'self' data: https://api.example.com https://img.example.com https://bucket.oss-cn-hangzhou.aliyuncs.com;"),
        "product images from the owner's CDN and bucket: {csp}"
    );
    assert!(csp.contains("object-src 'none'"), "{csp}");
    assert_eq!(header_of(&page, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(
        header_of(&page, header::REFERRER_POLICY),
        "strict-origin-when-cross-origin"
    );
    let api = request(Method::GET, "/api/v1/taxonomy", &[]).await;
    assert_eq!(header_of(&api, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
}
