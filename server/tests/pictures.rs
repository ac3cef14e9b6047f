//! A site owner's photos (issue #29), as a site owner imports them and a
//! browser fetches them: files beside the catalog stored at import, each once,
//! served at every width with immutable URLs and no metadata; bad files named
//! by row and file, changing nothing; pictures no product shows any more
//! removed; and the picture route attacked. Each runs on SQLite and PostgreSQL.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use beltmart_server::pictures::samples::{self, GPS_MARKER, Shot};
use serde_json::{Value, json};

mod support;
use support::ServerProcess;
use support::store::{Store, TestDb, on_both_stores};

on_both_stores!(
    photos_beside_a_catalog_are_served_at_every_width_without_metadata,
    bad_pictures_are_named_by_row_and_file_and_change_nothing,
);

fn run(args: &[&str], db: &TestDb) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beltmart-server"))
        .args(args)
        .arg("--db")
        .arg(&db.db)
        .output()
        .unwrap()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn row(id: &str, images: &[&str]) -> Value {
    json!({
        "id": id, "title": "透气飞织运动鞋 男款", "category": "sports-shoes", "city": "jinjiang",
        "belt": "jinjiang-sports-shoes", "unit": "双", "moq": 10,
        "tiers": [{"min_qty": 10, "price_fen": 5900}, {"min_qty": 100, "price_fen": 5200}],
        "goods_kind": "factory-brand",
        "supplier": {"name": "晋江鸿星运动鞋厂", "kind": "source-factory", "years": 6},
        "images": images
    })
}

fn write_rows(path: &Path, rows: &[Value]) {
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, text).unwrap();
}

/// A phone's photo, 1 200 × 900 as its sensor wrote it (900 × 1 200 upright).
fn phone_photo() -> Vec<u8> {
    samples::jpeg(&Shot {
        width: 1200,
        height: 900,
        hue: 20,
        seed: 3,
        phone: true,
    })
}

fn cutout() -> Vec<u8> {
    samples::png_cutout(&Shot {
        width: 640,
        height: 480,
        hue: 210,
        seed: 5,
        phone: false,
    })
}

fn get(url: &str) -> (u16, String, Vec<u8>, reqwest::header::HeaderMap) {
    let response = reqwest::blocking::get(url).unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let kind = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.bytes().unwrap().to_vec(), headers)
}

fn json_at(url: &str) -> Value {
    let (status, _, body, _) = get(url);
    assert_eq!(status, 200, "{url}");
    serde_json::from_slice(&body).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn photos_beside_a_catalog_are_served_at_every_width_without_metadata(store: Store) {
    let db = TestDb::new(store);
    std::fs::create_dir_all(db.dir.join("photos")).unwrap();
    std::fs::write(db.dir.join("photos/phone.jpg"), phone_photo()).unwrap();
    std::fs::write(db.dir.join("photos/cutout.png"), cutout()).unwrap();
    let catalog = db.dir.join("catalog.jsonl");
    write_rows(
        &catalog,
        &[
            row("p-a", &["photos/phone.jpg", "photos/cutout.png"]),
            row("p-b", &["photos/phone.jpg"]),
            row("p-c", &["https://img.example.com/c.jpg"]),
        ],
    );
    let output = run(&["import", catalog.to_str().unwrap()], &db);
    assert!(output.status.success(), "{}", said(&output));
    assert!(
        said(&output).contains("stored 2 new picture(s)"),
        "{}",
        said(&output)
    );

    let server = ServerProcess::start(&db.db, &[]);
    let api = format!("{}/api/v1", server.url);
    let product = json_at(&format!("{api}/products/p-a"));
    let picture = &product["pictures"][0];
    assert_eq!(picture["width"], 900);
    assert_eq!(picture["height"], 1200);
    assert_eq!(picture["widths"], json!([160, 320, 480, 640, 900]));
    let color = picture["color"].as_str().unwrap();
    assert!(color.len() == 4 && color.starts_with('#'), "{color}");
    let src = picture["src"].as_str().unwrap().to_owned();
    assert_eq!(product["images"][0], format!("{src}-640.jpg"));
    assert_eq!(
        product["pictures"][1]["widths"],
        json!([160, 320, 480, 640])
    );
    let card = json_at(&format!("{api}/products?belt=jinjiang-sports-shoes"));
    let cards = card["items"].as_array().unwrap();
    let b = cards.iter().find(|c| c["id"] == "p-b").unwrap();
    assert_eq!(b["picture"]["src"], src.as_str(), "one photo, stored once");
    let c = json_at(&format!("{api}/products/p-c"));
    assert_eq!(c["images"], json!(["https://img.example.com/c.jpg"]));
    assert!(c.get("pictures").is_none(), "a link has no stored sizes");

    for width in [160, 320, 480, 640, 900] {
        for (extension, kind) in [("webp", "image/webp"), ("jpg", "image/jpeg")] {
            let url = format!("{}{src}-{width}.{extension}", server.url);
            let (status, content_type, body, headers) = get(&url);
            assert_eq!((status, content_type.as_str()), (200, kind), "{url}");
            assert_eq!(
                headers["cache-control"],
                "public, max-age=31536000, immutable"
            );
            assert!(!contains(&body, GPS_MARKER), "{url} leaks GPS");
            assert!(!contains(&body, b"Exif"), "{url} keeps EXIF");
            let size = image::load_from_memory(&body).unwrap();
            assert_eq!(
                (size.width(), size.height()),
                (width, width * 4 / 3),
                "{url}"
            );
        }
    }
    let name = src.rsplit('/').next().unwrap().to_owned();
    for bad in [
        format!("{name}-1280.webp"), // wider than the original: not made
        format!("{name}-0160.webp"),
        format!("{name}-160.gif"),
        format!("{}-160.webp", name.to_uppercase()),
        format!("{}-160.webp", "0".repeat(32)),
        "..%2f..%2fetc%2fpasswd".to_owned(),
        format!("{name}-160.webp.jpg"),
    ] {
        let (status, content_type, _, _) = get(&format!("{api}/pictures/{bad}"));
        assert_eq!(status, 404, "{bad}");
        assert!(content_type.starts_with("application/json"), "{bad}");
    }

    // Exported, the pictures are references that import back without their files.
    let exported = run(&["export", "--format", "jsonl"], &db);
    let text = String::from_utf8(exported.stdout).unwrap();
    assert!(text.contains(&format!("\"picture:{name}\"")), "{text}");
    std::fs::remove_dir_all(db.dir.join("photos")).unwrap();
    let again = db.dir.join("exported.jsonl");
    std::fs::write(&again, &text).unwrap();
    let output = run(&["import", again.to_str().unwrap()], &db);
    assert!(output.status.success(), "{}", said(&output));
    assert!(!said(&output).contains("new picture"), "{}", said(&output));

    // A picture no product shows any more is gone, from the store too.
    let relinked = db.dir.join("relinked.jsonl");
    let link = "https://img.example.com/a.jpg";
    write_rows(&relinked, &[row("p-a", &[link]), row("p-b", &[link])]);
    let output = run(
        &["import", "--mode", "upsert", relinked.to_str().unwrap()],
        &db,
    );
    assert!(output.status.success(), "{}", said(&output));
    let committed = db.stored_version();
    let deadline = Instant::now() + Duration::from_secs(20);
    while json_at(&format!("{}/healthz", server.url))["catalog_version"] != committed.as_str() {
        assert!(
            Instant::now() < deadline,
            "the server never loaded the import"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, _, _, _) = get(&format!("{}{src}-160.webp", server.url));
    assert_eq!(status, 404);
    assert_eq!(stored_variants(&db), 0, "nothing of the photos is kept");
}

/// Rows of `picture_variants`, read as any client of the store would.
fn stored_variants(db: &TestDb) -> i64 {
    db.count("SELECT count(*) FROM picture_variants")
}

/// A real 1 × 1 PNG whose header claims 10 000 × 6 000 pixels.
fn bomb() -> Vec<u8> {
    let mut png = Vec::new();
    image::RgbImage::new(1, 1)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png[16..20].copy_from_slice(&10_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&6_000u32.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn bad_pictures_are_named_by_row_and_file_and_change_nothing(store: Store) {
    let db = TestDb::new(store);
    let photos = db.dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    std::fs::write(photos.join("good.jpg"), phone_photo()).unwrap();
    std::fs::write(photos.join("notes.jpg"), "id,title\n1,shoe\n").unwrap();
    let whole = phone_photo();
    std::fs::write(photos.join("cut.jpg"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(photos.join("bomb.png"), bomb()).unwrap();
    std::fs::write(db.dir.join("secret.jpg"), phone_photo()).unwrap();
    std::os::unix::fs::symlink(db.dir.join("secret.jpg"), photos.join("escape.jpg")).unwrap();
    let catalog = db.dir.join("catalog.jsonl");
    let unknown = format!("picture:{}", "ab".repeat(16));
    write_rows(
        &catalog,
        &[
            row("ok-1", &["good.jpg"]),
            row("bad-2", &["missing.jpg"]),
            row("bad-3", &["good.jpg", "notes.jpg"]),
            row("bad-4", &["cut.jpg"]),
            row("bad-5", &["bomb.png"]),
            row("bad-6", &["escape.jpg"]),
            row("bad-7", &["../secret.jpg"]),
            row("bad-8", &[&unknown]),
        ],
    );
    let before = run(&["export", "--format", "jsonl"], &db).stdout;
    let output = run(
        &[
            "import",
            "--images",
            photos.to_str().unwrap(),
            catalog.to_str().unwrap(),
        ],
        &db,
    );
    let report = said(&output);
    assert!(!output.status.success(), "{report}");
    for expected in [
        "line 2, images[0]: missing.jpg: no such file in".to_owned(),
        "line 3, images[1]: notes.jpg: not a picture (JPEG, PNG or WebP)".to_owned(),
        "line 4, images[0]: cut.jpg: the file is cut short".to_owned(),
        "line 5, images[0]: bomb.png: 10000 × 6000 pixels, over the 50000000 allowed".to_owned(),
        "line 6, images[0]: escape.jpg: leads out of".to_owned(),
        "line 7, images: \"../secret.jpg\" is not".to_owned(),
        format!("line 8, images[0]: {unknown} is not a picture this catalog stores"),
    ] {
        assert!(report.contains(&expected), "{expected:?} in\n{report}");
    }
    assert!(report.contains("7 bad row(s) of 8"), "{report}");
    assert_eq!(run(&["export", "--format", "jsonl"], &db).stdout, before);
    assert_eq!(
        stored_variants(&db),
        0,
        "the good row's photo went with the rest"
    );

    write_rows(&catalog, &[row("ok-1", &["good.jpg"])]);
    let output = run(
        &[
            "import",
            "--images",
            photos.to_str().unwrap(),
            catalog.to_str().unwrap(),
        ],
        &db,
    );
    assert!(
        said(&output).contains("stored 1 new picture(s)"),
        "{}",
        said(&output)
    );
}

/// A web server of one photo (`/a.jpg`); anything else is 404.
fn photo_host() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let photo = phone_photo();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut request = [0u8; 2048];
            let read = stream.read(&mut request).unwrap_or(0);
            let found = request[..read].starts_with(b"GET /a.jpg ");
            let (status, body) = match found {
                true => ("200 OK", photo.as_slice()),
                false => ("404 Not Found", b"no".as_slice()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(body));
        }
    });
    url
}

#[test]
fn pictures_named_by_url_are_linked_or_fetched_into_the_store() {
    let db = TestDb::new(Store::Sqlite);
    let host = photo_host();
    let catalog = db.dir.join("catalog.jsonl");
    let (good, gone) = (format!("{host}/a.jpg"), format!("{host}/gone.jpg"));
    write_rows(&catalog, &[row("p-a", &[&good]), row("p-b", &[&gone])]);
    let linked = run(&["import", catalog.to_str().unwrap()], &db);
    assert!(linked.status.success(), "{}", said(&linked));
    assert!(
        !said(&linked).contains("new picture"),
        "links are kept as links"
    );

    let fetched = run(
        &["import", "--fetch-images", catalog.to_str().unwrap()],
        &db,
    );
    let report = said(&fetched);
    assert!(!fetched.status.success(), "{report}");
    let expected = format!("line 2, images[0]: {gone}: the server answered 404");
    assert!(report.contains(&expected), "{expected:?} in\n{report}");

    write_rows(&catalog, &[row("p-a", &[&good]), row("p-b", &[&good])]);
    let fetched = run(
        &["import", "--fetch-images", catalog.to_str().unwrap()],
        &db,
    );
    assert!(
        said(&fetched).contains("stored 1 new picture(s)"),
        "{}",
        said(&fetched)
    );
    let exported = String::from_utf8(run(&["export"], &db).stdout).unwrap();
    assert!(exported.contains("\"images\":[\"picture:"), "{exported}");
}
