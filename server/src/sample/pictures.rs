//! Pictures for products that have none (the sample catalog's), drawn by the
//! server so the catalog needs no network and no image files.
//!
//! They are JPEGs, not SVG: a browser decodes a JPEG off its main thread,
//! while each SVG picture is a small document of its own that the page's
//! thread parses, lays out and paints (about 3 ms each on a desktop, four
//! times that on a phone), which held up the results a filter click paints.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Pixels on a side: sharp in a card on a phone's dense screen.
const SIDE: usize = 400;
const QUALITY: u8 = 80;

/// Pictures drawn so far, by hue and view.
type Drawn = Mutex<HashMap<(u32, u32), Arc<[u8]>>>;

/// The picture for a product of `category` (its id), seen from `view` (1–3,
/// for the product page's gallery): the category's colour, shaded
/// corner to corner, with a disc that moves with the view. Drawn once per
/// colour and view, then kept: there are a few hundred at most.
pub fn product_jpeg(category: &str, view: u32) -> Arc<[u8]> {
    static DRAWN: OnceLock<Drawn> = OnceLock::new();
    let hue = (hash(category) % 360 + view * 40) % 360;
    let mut drawn = DRAWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    drawn
        .entry((hue, view))
        .or_insert_with(|| encode(&draw(hue, view)))
        .clone()
}

fn draw(hue: u32, view: u32) -> Vec<u8> {
    let hue = hue as f32;
    let (light, dark) = (hsl(hue, 0.70, 0.92), hsl(hue, 0.55, 0.78));
    let disc = hsl(hue, 0.60, 0.60);
    let (cx, cy, radius) = (140.0 + view as f32 * 30.0, 170.0, 96.0);
    let mut pixels = Vec::with_capacity(SIDE * SIDE * 3);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let along = (x + y) as f32 / (2 * SIDE) as f32;
            let background = mix(light, dark, along);
            let distance = ((x as f32 + 0.5 - cx).hypot(y as f32 + 0.5 - cy)) - radius;
            // Edge pixels are partly covered, so the disc's rim is smooth.
            let cover = (0.5 - distance).clamp(0.0, 1.0) * 0.35;
            pixels.extend(mix(background, disc, cover));
        }
    }
    pixels
}

fn encode(pixels: &[u8]) -> Arc<[u8]> {
    let mut jpeg = Vec::new();
    let side = SIDE as u16;
    jpeg_encoder::Encoder::new(&mut jpeg, QUALITY)
        .encode(pixels, side, side, jpeg_encoder::ColorType::Rgb)
        .expect("a picture of fixed size encodes");
    jpeg.into()
}

fn mix(from: [u8; 3], to: [u8; 3], amount: f32) -> [u8; 3] {
    std::array::from_fn(|i| {
        (from[i] as f32 + (to[i] as f32 - from[i] as f32) * amount).round() as u8
    })
}

/// CSS's `hsl()`: hue in degrees, saturation and lightness from 0 to 1.
fn hsl(hue: f32, saturation: f32, lightness: f32) -> [u8; 3] {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let channel = |n: f32| {
        let k = (n + hue / 30.0) % 12.0;
        let value = lightness - chroma / 2.0 * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0);
        (value * 255.0).round() as u8
    };
    [channel(0.0), channel(8.0), channel(4.0)]
}

fn hash(s: &str) -> u32 {
    s.bytes().fold(2_166_136_261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16_777_619)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsl_matches_css() {
        assert_eq!(hsl(0.0, 1.0, 0.5), [255, 0, 0]);
        assert_eq!(hsl(120.0, 1.0, 0.5), [0, 255, 0]);
        assert_eq!(hsl(240.0, 1.0, 0.25), [0, 0, 128]);
        assert_eq!(hsl(200.0, 0.0, 1.0), [255, 255, 255]);
    }

    #[test]
    fn pictures_are_jpegs_kept_per_colour_and_view() {
        let picture = product_jpeg("shoes", 1);
        assert_eq!(&picture[..3], [0xFF, 0xD8, 0xFF], "a JPEG starts with SOI");
        assert_eq!(
            &picture[picture.len() - 2..],
            [0xFF, 0xD9],
            "and ends with EOI"
        );
        assert!(Arc::ptr_eq(&picture, &product_jpeg("shoes", 1)));
        assert_ne!(picture, product_jpeg("shoes", 2));
    }
}
