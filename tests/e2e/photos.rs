//! A site owner's photos as a phone and a desktop see them (issue #29): the
//! example photo catalog (examples/photos/catalog.csv, its photos generated
//! as `beltmart-server sample-photos` makes them) imported, then each card
//! and the product gallery load the WebP variant their size needs, show the
//! picture's colour meanwhile (allowed by the page's style policy: no
//! console error), and nothing moves when the pictures arrive.

use crate::*;
use beltmart_server::pictures::samples::{self, Shot};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/photos/catalog.csv");

/// The example photo catalog in a fresh database, its photos 1 200 px (as
/// the command writes them at `--side 1200`).
fn photo_catalog() -> PathBuf {
    use beltmart_server::{files::import, store::StoreAt};
    let db = temp_db();
    let folder = db.parent().unwrap().join("photos");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 1..=8u16 {
        let shot = Shot {
            width: 1200,
            height: 1200,
            hue: n * 47 % 360,
            seed: u32::from(n),
            phone: n % 4 == 0,
        };
        std::fs::write(
            folder.join(format!("photo-{n:02}.jpg")),
            samples::jpeg(&shot),
        )
        .unwrap();
    }
    let cutout = Shot {
        width: 800,
        height: 600,
        hue: 0,
        seed: 0,
        phone: false,
    };
    std::fs::write(folder.join("cutout.png"), samples::png_cutout(&cutout)).unwrap();
    let report = import::run(&import::Options {
        db: StoreAt::Sqlite(db.clone()),
        mode: import::Mode::Replace,
        dry_run: false,
        format: None,
        encoding: Default::default(),
        taxonomy: None,
        suppliers: None,
        file: Some(EXAMPLE.into()),
        images: Some(folder),
        fetch_images: false,
        scope: None,
        label: None,
    })
    .expect("the import runs");
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.plan.pictures, 9, "{report}");
    db
}

/// What the first card's picture is: the URL the browser chose, its width
/// (in CSS pixels), whether it loaded, its background colour, and the
/// placeholder colour it was given.
const FIRST_CARD: &str = "const img = document.querySelector('.card picture img');
    return [img.currentSrc, img.naturalWidth, img.complete,
            getComputedStyle(img).backgroundColor, img.style.backgroundColor];";

async fn first_card(b: &Browser) -> serde_json::Value {
    b.until("the first card's picture", || async {
        let seen = b.eval(FIRST_CARD).await;
        (seen[2] == true && seen[1].as_u64() > Some(0)).then_some(seen)
    })
    .await
}

/// The layout shifts since the page started, summed (buffered entries come
/// at once; none come when nothing moved).
const SHIFTS: &str = "return new Promise(done => {
        let sum = 0;
        new PerformanceObserver(list => list.getEntries().forEach(e => sum += e.value))
            .observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => done(sum), 300);
    });";

#[tokio::test]
async fn cards_and_the_gallery_load_the_webp_their_size_needs_and_nothing_moves() {
    let _one = browser_lock().await;
    let server = TestServer::start(photo_catalog(), "127.0.0.1:0");

    // A phone (390 px, two device pixels per CSS pixel): a card is 195 px, 390 device px.
    let phone = Browser::open(390, 844).await;
    phone.visit(&server, "/").await;
    let seen = first_card(&phone).await;
    let src = seen[0].as_str().unwrap();
    assert!(src.ends_with("-480.webp"), "{seen}");
    assert_ne!(seen[4], "", "the placeholder colour is set: {seen}");
    let sources = phone
        .eval("return document.querySelector('.card picture source').getAttribute('srcset')")
        .await;
    assert!(
        sources.as_str().unwrap().contains("-160.webp 160w"),
        "{sources}"
    );
    phone.screenshot("photos-mobile").await;
    let shifted = phone.eval(SHIFTS).await;
    assert_eq!(shifted.as_f64(), Some(0.0), "layout shift {shifted}");

    // Its product page: the gallery is the screen's width, 780 device px.
    phone.click(".card .card-link").await;
    let main = phone
        .until("the gallery's picture", || async {
            let seen = phone
                .eval("const i = document.querySelector('.gallery .main-image'); return i && i.complete ? i.currentSrc : null")
                .await;
            seen.as_str().map(str::to_owned)
        })
        .await;
    assert!(main.ends_with("-960.webp"), "{main}");
    phone.screenshot("photos-product-mobile").await;
    let errors = phone.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    phone.close().await;

    // A desktop: a card is about 250 px.
    let desktop = Browser::open(1280, 900).await;
    desktop.visit(&server, "/").await;
    let seen = first_card(&desktop).await;
    assert!(seen[0].as_str().unwrap().ends_with("-320.webp"), "{seen}");
    desktop.screenshot("photos-desktop").await;
    let errors = desktop.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    desktop.close().await;
}
