//! Pictures as phones and hostile files write them, generated here: a photo
//! turned by its EXIF orientation and carrying GPS coordinates, a file cut
//! short, a PNG whose header claims 60 megapixels, things that are no picture.

use image::{ImageFormat, ImageReader};

use super::samples::GPS_MARKER;
use super::*;

/// A JPEG of `width` × `height`, a phone's (turned by EXIF, with GPS) when `exif`.
fn photo(width: u16, height: u16, exif: bool) -> Vec<u8> {
    samples::jpeg(&samples::Shot {
        width,
        height,
        hue: 200,
        seed: 7,
        phone: exif,
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    let reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .unwrap();
    reader.into_dimensions().unwrap()
}

#[test]
fn a_phone_photo_is_turned_upright_and_served_without_its_metadata() {
    let bytes = photo(400, 300, true);
    assert!(contains(&bytes, GPS_MARKER), "the fixture carries GPS data");
    let picture = read(&bytes, &Limits::default()).unwrap();
    assert_eq!(picture.format, ImageFormat::Jpeg);
    // Orientation 6: the 400 × 300 sensor image stands 300 wide, 400 high.
    assert_eq!(
        (picture.pixels.width(), picture.pixels.height()),
        (300, 400)
    );
    for encoding in [Encoding::WebP, Encoding::Jpeg] {
        let served = variant(&picture, 160, encoding).unwrap();
        assert_eq!((served.width, served.height), (160, 213));
        assert_eq!(dimensions(&served.bytes), (160, 213));
        assert!(
            !contains(&served.bytes, GPS_MARKER),
            "{encoding:?} leaks GPS"
        );
        assert!(!contains(&served.bytes, b"Exif"), "{encoding:?} keeps EXIF");
    }
}

#[test]
fn every_width_is_served_and_none_is_enlarged() {
    let picture = read(&photo(1000, 750, false), &Limits::default()).unwrap();
    for width in WIDTHS {
        let served = variant(&picture, width, Encoding::WebP).unwrap();
        let expected = width.min(1000);
        assert_eq!(
            dimensions(&served.bytes),
            (expected, expected * 3 / 4),
            "{width}"
        );
        let format = image::guess_format(&served.bytes).unwrap();
        assert_eq!(format, ImageFormat::WebP);
    }
    let jpeg = variant(&picture, 320, Encoding::Jpeg).unwrap();
    assert_eq!(image::guess_format(&jpeg.bytes).unwrap(), ImageFormat::Jpeg);
}

#[test]
fn a_transparent_png_keeps_its_alpha_in_webp_and_lies_on_white_in_jpeg() {
    let mut png = Vec::new();
    let clear = image::RgbaImage::from_pixel(64, 64, image::Rgba([0, 0, 0, 0]));
    clear
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let picture = read(&png, &Limits::default()).unwrap();
    let jpeg = variant(&picture, 64, Encoding::Jpeg).unwrap();
    let decoded = image::load_from_memory(&jpeg.bytes).unwrap().to_rgb8();
    assert!(
        decoded.get_pixel(10, 10).0.iter().all(|&c| c > 240),
        "white, not black"
    );
    let webp = variant(&picture, 64, Encoding::WebP).unwrap();
    assert!(
        image::load_from_memory(&webp.bytes)
            .unwrap()
            .color()
            .has_alpha()
    );
}

#[test]
fn a_file_cut_short_is_named_so() {
    let whole = photo(200, 150, true);
    let cut = &whole[..whole.len() * 2 / 3];
    assert_eq!(
        read(cut, &Limits::default()).err(),
        Some(PictureError::Truncated)
    );
    let mut png = Vec::new();
    image::RgbImage::from_pixel(200, 150, image::Rgb([9, 9, 9]))
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    let cut = &png[..png.len() - 20];
    assert!(read(cut, &Limits::default()).is_err());
}

/// A real 1 × 1 PNG whose header is rewritten to claim `width` × `height`.
fn claiming_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::RgbImage::new(1, 1)
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height; CRC after 13 bytes.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

#[test]
fn a_picture_claiming_too_many_pixels_is_refused_before_it_is_decoded() {
    let bomb = claiming_png(10_000, 6_000);
    assert_eq!(
        read(&bomb, &Limits::default()).err(),
        Some(PictureError::TooManyPixels {
            width: 10_000,
            height: 6_000,
            max: 50_000_000
        })
    );
    // Within the limit, the lie is found when its data runs out.
    assert!(read(&claiming_png(2_000, 2_000), &Limits::default()).is_err());
}

#[test]
fn what_is_no_picture_or_too_big_is_refused() {
    let limits = Limits::default();
    assert_eq!(
        read(b"id,title\n1,shoe\n", &limits).err(),
        Some(PictureError::NotAPicture)
    );
    assert_eq!(read(b"", &limits).err(), Some(PictureError::NotAPicture));
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    assert_eq!(
        read(gif, &limits).err(),
        Some(PictureError::Format("GIF".into()))
    );
    let small = Limits {
        max_bytes: 100,
        ..limits
    };
    let too_big = read(&photo(64, 64, false), &small).err();
    assert!(
        matches!(too_big, Some(PictureError::TooLarge { max: 100, .. })),
        "{too_big:?}"
    );
}

/// A JPEG of one colour, tagged with `profile` (an ICC_PROFILE APP2 segment).
fn tagged(rgb: [u8; 3], profile: &[u8]) -> Vec<u8> {
    let pixels: Vec<u8> = std::iter::repeat_n(rgb, 32 * 32).flatten().collect();
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 100);
    let segment = [b"ICC_PROFILE\0\x01\x01".as_slice(), profile].concat();
    encoder.add_app_segment(2, segment).unwrap();
    encoder
        .encode(&pixels, 32, 32, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    bytes
}

#[test]
fn a_display_p3_photo_is_served_in_srgb_without_its_profile() {
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let green = [40, 200, 60];
    let picture = read(&tagged(green, &p3), &Limits::default()).unwrap();
    let shown = picture.pixels.to_rgb8().get_pixel(16, 16).0;
    // P3's green is more saturated than sRGB's: in sRGB the same colour has
    // far less red and blue (here 40, 200, 60 becomes about 0, 204, 13), far
    // beyond the JPEG's own error.
    assert!(
        shown[0] + 20 < green[0] && shown[2] + 20 < green[2],
        "{shown:?}"
    );
    let served = variant(&picture, 32, Encoding::Jpeg).unwrap();
    assert!(!contains(&served.bytes, b"ICC_PROFILE"));
    // An sRGB-tagged one stays as it is.
    let srgb = moxcms::ColorProfile::new_srgb().encode().unwrap();
    let same = read(&tagged(green, &srgb), &Limits::default()).unwrap();
    let kept = same.pixels.to_rgb8().get_pixel(16, 16).0;
    assert!(
        kept.iter().zip(green).all(|(a, b)| a.abs_diff(b) <= 3),
        "{kept:?}"
    );
}

#[test]
fn each_width_is_served_once_and_none_wider_than_the_picture() {
    assert_eq!(widths_for(2000), [160, 320, 480, 640, 960, 1280]);
    assert_eq!(widths_for(1280), [160, 320, 480, 640, 960, 1280]);
    assert_eq!(widths_for(900), [160, 320, 480, 640, 900]);
    assert_eq!(widths_for(100), [100]);
}
