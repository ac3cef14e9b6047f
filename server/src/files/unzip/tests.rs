use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::*;

const LIMITS: ZipLimits = ZipLimits {
    entries: 10,
    total_bytes: 1 << 20,
    picture_bytes: 1000,
};

/// A zip of `entries` (name, bytes), deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut zip = ZipWriter::new(File::create(dir.path().join("upload.zip")).unwrap());
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    dir
}

fn unpack_in(dir: &tempfile::TempDir, limits: &ZipLimits) -> Result<Unpacked, Unreadable> {
    unpack(
        &dir.path().join("upload.zip"),
        &dir.path().join("out"),
        limits,
    )
}

#[test]
fn the_products_file_and_its_pictures_are_unpacked_beside_each_other() {
    let dir = zip_of(&[
        ("上新/products.csv", b"id,title\n"),
        ("上新/图片/鞋.jpg", b"jpeg"),
        ("__MACOSX/上新/._products.csv", b"resource fork"),
        ("上新/.DS_Store", b"finder"),
    ]);
    let unpacked = unpack_in(&dir, &LIMITS).unwrap();
    assert_eq!(unpacked.name, "上新/products.csv");
    assert_eq!(unpacked.format, Format::Csv);
    let beside = unpacked.file.parent().unwrap();
    assert_eq!(std::fs::read(beside.join("图片/鞋.jpg")).unwrap(), b"jpeg");
    assert!(!dir.path().join("out/__MACOSX").exists());
    assert!(!beside.join(".DS_Store").exists());
}

#[test]
fn a_zip_needs_exactly_one_products_file() {
    let none = unpack_in(&zip_of(&[("a.jpg", b"x")]), &LIMITS).unwrap_err();
    assert!(none.0.contains("no products file"), "{none}");
    let two = zip_of(&[("a.csv", b"id\n"), ("b.jsonl", b"{}\n")]);
    let two = unpack_in(&two, &LIMITS).unwrap_err();
    assert!(two.0.contains("2 products files (a.csv, b.jsonl)"), "{two}");
}

#[test]
fn an_entry_that_leads_outside_is_refused_and_nothing_is_written_outside() {
    for name in [
        "../escape.jpg",
        "a/../../escape.jpg",
        "C:\\escape.jpg",
        "..\\escape.jpg",
    ] {
        let dir = zip_of(&[("p.csv", b"id\n"), (name, b"x")]);
        let refused = unpack_in(&dir, &LIMITS).unwrap_err();
        assert!(
            refused.0.contains("leads outside the zip"),
            "{name}: {refused}"
        );
        assert!(!dir.path().join("escape.jpg").exists(), "{name}");
    }
    // An absolute name is taken as relative: it stays inside.
    let dir = zip_of(&[("p.csv", b"id\n"), ("/etc/escape.jpg", b"x")]);
    unpack_in(&dir, &LIMITS).unwrap();
    assert!(dir.path().join("out/etc/escape.jpg").exists());
}

#[test]
fn a_link_in_the_zip_is_refused() {
    let dir = zip_of(&[("p.csv", b"id\n")]);
    let path = dir.path().join("upload.zip");
    let mut zip = ZipWriter::new_append(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap(),
    )
    .unwrap();
    zip.add_symlink("shoe.jpg", "/etc/passwd", SimpleFileOptions::default())
        .unwrap();
    zip.finish().unwrap();
    let refused = unpack_in(&dir, &LIMITS).unwrap_err();
    assert!(refused.0.contains("shoe.jpg is a link"), "{refused}");
}

#[test]
fn a_zip_bomb_fills_nothing() {
    let zeros = vec![0u8; 3 << 20];
    let dir = zip_of(&[("p.csv", &zeros)]);
    let refused = unpack_in(&dir, &LIMITS).unwrap_err();
    assert!(
        refused.0.contains("more than the 1 MB allowed"),
        "{refused}"
    );
    let written = std::fs::metadata(dir.path().join("out/p.csv"))
        .unwrap()
        .len();
    assert!(written <= LIMITS.total_bytes + 1, "{written}");
}

#[test]
fn too_many_entries_are_refused_before_any_is_read() {
    let names: Vec<String> = (0..11).map(|n| format!("{n}.jpg")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let refused = unpack_in(&zip_of(&entries), &LIMITS).unwrap_err();
    assert!(
        refused.0.contains("11 entries, over the 10 allowed"),
        "{refused}"
    );
}

#[test]
fn a_picture_over_its_limit_takes_no_room_but_keeps_its_size() {
    let big = vec![7u8; 5000];
    let dir = zip_of(&[("p.csv", b"id\n"), ("big.jpg", &big)]);
    let unpacked = unpack_in(&dir, &LIMITS).unwrap();
    let picture = unpacked.file.with_file_name("big.jpg");
    assert_eq!(std::fs::metadata(&picture).unwrap().len(), 5000);
}

#[test]
fn what_is_not_a_zip_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("upload.zip"), "id,title\n").unwrap();
    let refused = unpack(&dir.path().join("upload.zip"), dir.path(), &LIMITS).unwrap_err();
    assert!(
        refused.0.starts_with("the upload is not a zip file"),
        "{refused}"
    );
}

#[test]
fn names_from_an_older_chinese_windows_are_read_as_gbk() {
    let (gbk, _, _) = encoding_rs::GBK.encode("图片/鞋.jpg");
    assert_eq!(decoded_name(&gbk, false), "图片/鞋.jpg");
    // macOS does not say its names are UTF-8.
    assert_eq!(decoded_name("图片/鞋.jpg".as_bytes(), false), "图片/鞋.jpg");
}

#[test]
fn names_said_to_be_utf8_stay_as_they_are() {
    assert_eq!(decoded_name("café.jpg".as_bytes(), true), "café.jpg");
    assert_eq!(decoded_name(b"plain/shoe-1.jpg", false), "plain/shoe-1.jpg");
}
