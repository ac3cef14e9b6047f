//! A site owner's deployment: the static build for `/shop/` (scripts/build-static.sh)
//! on a plain static host that knows nothing of the SPA (it answers missing
//! files with the build's 404.html, as GitHub Pages or a CDN bucket does), the
//! API on another origin allowing that host by CORS, and the embed snippet in
//! a host page with styles of its own.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use beltmart_contract::ProductList;
use tower_http::services::{ServeDir, ServeFile};

use crate::*;

fn static_build() -> PathBuf {
    let build = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dist-shop");
    assert!(
        build.join("404.html").exists(),
        "no static build in {}: run `scripts/build-static.sh /shop/ target/dist-shop` (scripts/test.sh does)",
        build.display()
    );
    build
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A static host: files from `root`, and for a missing file
/// under /shop/ the build's 404.html with status 404.
fn start_static_host(root: PathBuf) -> SocketAddr {
    let not_found = ServeFile::new(root.join("shop/404.html"));
    spawn_host(
        axum::Router::new().fallback_service(ServeDir::new(&root).not_found_service(not_found)),
    )
}

/// The site: `/shop/` holds the build pointed at the API, `/host.html` embeds it.
fn publish_site(api: SocketAddr) -> PathBuf {
    let root = tempfile::tempdir().unwrap().keep();
    let shop = root.join("shop");
    copy_dir(&static_build(), &shop);
    let config = format!("{{\"api_base\": \"http://{api}\"}}");
    std::fs::write(shop.join("config.json"), config).unwrap();
    let _ = std::fs::remove_file(shop.join("config.json.br"));
    let _ = std::fs::remove_file(shop.join("config.json.gz"));
    let snippet = std::fs::read_to_string(shop.join("embed.html")).unwrap();
    let host = format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Host shop</title><link rel=icon href=\"data:,\">
         <style>
           body {{ font-family: serif; margin: 2rem; }}
           button, input, select {{ background: rgb(255, 0, 0); color: rgb(255, 255, 255); border: 5px dotted blue; }}
           h3, p {{ color: rgb(0, 128, 0); font-size: 40px; }}
           .host-note {{ color: rgb(0, 0, 255); }}
         </style></head>
         <body><h1>Our partner shop</h1><p class=host-note>Hosted content above the storefront.</p>
         {snippet}
         <p class=host-note id=after>Hosted content below.</p></body></html>"
    );
    std::fs::write(root.join("host.html"), host).unwrap();
    root
}

struct Site {
    api: TestServer,
    host: SocketAddr,
    /// The published files, for tests that change them as a site owner would.
    root: PathBuf,
}

fn start_site() -> Site {
    // The site's config needs the API's address and the API's CORS needs the
    // host's: pick the API's port first, publish, start the host, then the API.
    let api_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let root = publish_site(api_port);
    let host = start_static_host(root.clone());
    let api = TestServer::start_with(
        temp_db(),
        &api_port.to_string(),
        &["--cors-origins", &format!("http://{host}")],
    );
    Site { api, host, root }
}

#[tokio::test]
async fn the_sub_path_build_on_a_static_host_calls_the_api_on_another_origin() {
    let _one = browser_lock().await;
    let site = start_site();
    let shop = |path: &str| format!("http://{}/shop/{path}", site.host);
    let browser = Browser::open(1280, 800).await;
    let b = &browser;

    // A deep link with filters, on a host without rewrite rules.
    b.client.goto(&shop("?city=yiwu&price=-10")).await.unwrap();
    let shown = b.settled_count().await;
    let expected: ProductList = api(&site.api, "/api/v1/products?city=yiwu&price=-10").await;
    assert_eq!(shown, expected.total);
    assert_eq!(b.path_and_query().await, "/shop/?city=yiwu&price=-10");

    // Filters work and stay under /shop/.
    b.click("button[data-facet=goods_kind][data-value=white-label]")
        .await;
    b.wait_for_path("/shop/?city=yiwu&goods_kind=white-label&price=-10")
        .await;
    let filtered = b.settled_count().await;
    b.client.refresh().await.unwrap();
    assert_eq!(b.settled_count().await, filtered, "reload keeps the view");

    // A product page, reloaded, then back to the list.
    b.click(".grid .card-link").await;
    b.find(".product-info h1").await;
    let product_path = b.path_and_query().await;
    assert!(
        product_path.starts_with("/shop/product/p"),
        "{product_path}"
    );
    b.client.refresh().await.unwrap();
    b.find(".product-info h1").await;
    b.click(".back-link").await;
    b.wait_for_path("/shop/?city=yiwu&goods_kind=white-label&price=-10")
        .await;
    assert_eq!(b.settled_count().await, filtered);

    // A host without rewrite rules answers a deep link with 404.html and status
    // 404, which Chromium logs for the page itself; anything else is a real error.
    let deep_link_status = format!(
        "{}{product_path} - Failed to load resource",
        shop("").trim_end_matches("/shop/")
    );
    let errors: Vec<String> = b
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !e.starts_with(&deep_link_status))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await;
}

#[tokio::test]
async fn the_embed_snippet_runs_inside_a_host_page_with_its_own_styles() {
    let _one = browser_lock().await;
    let site = start_site();
    let browser = Browser::open(1280, 800).await;
    let b = &browser;
    b.client
        .goto(&format!("http://{}/host.html", site.host))
        .await
        .unwrap();
    let shown = b.settled_count().await;
    let all: ProductList = api(&site.api, "/api/v1/products").await;
    assert_eq!(shown, all.total);
    assert!(
        b.find("#beltmart .beltmart .grid .card")
            .await
            .is_displayed()
            .await
            .unwrap()
    );

    // The host's element styles do not reach Beltmart …
    let styles = b
        .eval(
            "const s = e => getComputedStyle(document.querySelector(e));
             return [s('.beltmart .search button').backgroundColor, s('.beltmart .card-title').color,
                     s('.beltmart .card-title').fontSize, s('.beltmart select').borderTopStyle];",
        )
        .await;
    assert_eq!(
        styles[0], "rgb(194, 65, 12)",
        "Beltmart's button keeps its colour: {styles}"
    );
    assert_ne!(styles[1], "rgb(0, 128, 0)", "{styles}");
    assert_ne!(styles[2], "40px", "{styles}");
    assert_ne!(styles[3], "dotted", "{styles}");
    // … and Beltmart's styles do not reach the host.
    let host = b.eval("const s = getComputedStyle(document.querySelector('#after')); return [s.color, s.fontSize, getComputedStyle(document.body).fontFamily]").await;
    assert_eq!(host, serde_json::json!(["rgb(0, 0, 255)", "40px", "serif"]));

    // Filters work inside the host page; its own URL carries the state.
    b.click("button[data-facet=goods_kind][data-value=white-label]")
        .await;
    b.wait_for_path("/host.html?goods_kind=white-label").await;
    b.settled_count().await;

    // The belts page is a WASM chunk, and its map a file beside config.json:
    // both are found from the host page, which is elsewhere.
    b.click(".beltmart .nav-link[href$='belts']").await;
    b.find("#beltmart .belt-map .map-dot").await;
    b.until("the map image to load", || async {
            let loaded = b
                .eval("const i = document.querySelector('.belt-map img'); return i.complete && i.naturalWidth > 0")
                .await;
            (loaded == true).then_some(())
        })
        .await;
    let errors = b.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await;
}

/// The site owner's one file: `config.json` sets the language and the page size
/// without a rebuild, and a broken one falls back to the defaults, never a blank page.
#[tokio::test]
async fn config_json_changes_behaviour_without_a_rebuild_and_a_broken_one_is_survived() {
    let _one = browser_lock().await;
    let site = start_site();
    let config = site.root.join("shop/config.json");
    std::fs::write(
        &config,
        format!(
            "{{\"api_base\": \"http://{}\", \"default_lang\": \"en\", \"page_size\": 12}}",
            site.api.addr
        ),
    )
    .unwrap();
    let browser = Browser::open(1280, 800).await;
    let b = &browser;
    b.client
        .goto(&format!("http://{}/shop/", site.host))
        .await
        .unwrap();
    b.settled_count().await;
    assert_eq!(b.eval("return document.documentElement.lang").await, "en");
    assert_eq!(b.cards().await.len(), 12, "the site's page size");
    browser.close().await;

    std::fs::write(&config, "{ this is not json").unwrap();
    let browser = Browser::open(1280, 800).await;
    let b = &browser;
    b.client
        .goto(&format!("http://{}/shop/", site.host))
        .await
        .unwrap();
    // The defaults: Chinese, and the API on the page's own origin, which this
    // static host does not have: the shopper is told, with a retry.
    let notice = b.find(".results .notice-error").await.text().await.unwrap();
    assert!(!notice.is_empty());
    assert_eq!(
        b.eval("return document.documentElement.lang").await,
        "zh-CN"
    );
    b.find(".results .notice-error button").await;
    browser.close().await;
}
