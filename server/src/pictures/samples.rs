//! Product photos as factories send them, generated (never downloaded) for
//! the example catalog, the tests and the bench: a product lit on a backdrop,
//! with a fabric's weave and a sensor's grain, so that they weigh and
//! compress like real photos (a 2 000 px one is 0.5–1 MB). A phone's photo
//! also carries EXIF: "turn 90° clockwise" and GPS coordinates, which the
//! server must never serve.

use std::f32::consts::TAU;

/// What the GPS tag of a phone's photo holds, so a test can look for it.
pub const GPS_MARKER: &[u8] = b"BELTMART-GPS-30.2741N-120.1551E";

/// One photo to make.
#[derive(Clone, Copy, Debug)]
pub struct Shot {
    /// Pixels as the sensor wrote them (before EXIF's turn).
    pub width: u16,
    pub height: u16,
    /// The product's colour.
    pub hue: u16,
    /// Varies the grain and the product's place.
    pub seed: u32,
    /// A phone's: EXIF orientation 6 and a GPS tag.
    pub phone: bool,
}

/// The photo as a JPEG at quality 90, as cameras and 1688 listings save them.
pub fn jpeg(shot: &Shot) -> Vec<u8> {
    let pixels = draw(shot);
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 90);
    if shot.phone {
        encoder
            .add_app_segment(1, exif_segment())
            .expect("a short segment");
    }
    encoder
        .encode(
            &pixels,
            shot.width,
            shot.height,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encoding to memory");
    bytes
}

/// The photo as a PNG, as a factory's designer exports a cut-out: the
/// backdrop transparent.
pub fn png_cutout(shot: &Shot) -> Vec<u8> {
    let rgb = draw(shot);
    let (w, h) = (u32::from(shot.width), u32::from(shot.height));
    let rgba = image::RgbaImage::from_fn(w, h, |x, y| {
        let at = ((y * w + x) * 3) as usize;
        let alpha = if inside(shot, x, y) { 255 } else { 0 };
        image::Rgba([rgb[at], rgb[at + 1], rgb[at + 2], alpha])
    });
    let mut bytes = Vec::new();
    rgba.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .expect("encoding to memory");
    bytes
}

/// Where the product is: an ellipse off the centre, by the seed.
fn product_at(shot: &Shot) -> (f32, f32, f32, f32) {
    let (w, h) = (f32::from(shot.width), f32::from(shot.height));
    let shift = (shot.seed % 7) as f32 / 7.0 - 0.5;
    (w * (0.5 + shift * 0.2), h * 0.52, w * 0.32, h * 0.3)
}

fn inside(shot: &Shot, x: u32, y: u32) -> bool {
    let (cx, cy, rx, ry) = product_at(shot);
    let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
    dx * dx + dy * dy <= 1.0
}

/// RGB rows: a light backdrop shaded top to bottom, the product lit from the
/// upper left with a woven texture, and grain over all.
fn draw(shot: &Shot) -> Vec<u8> {
    let (w, h) = (u32::from(shot.width), u32::from(shot.height));
    let (cx, cy, rx, ry) = product_at(shot);
    let base = hue_rgb(f32::from(shot.hue % 360));
    let mut noise = shot.seed.wrapping_mul(2_654_435_761) | 1;
    let mut grain = move || {
        noise ^= noise << 13;
        noise ^= noise >> 17;
        noise ^= noise << 5;
        (noise % 13) as f32 - 6.0
    };
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
            let r2 = dx * dx + dy * dy;
            let rgb = if r2 <= 1.0 {
                let light = 0.55 + 0.45 * (1.0 - r2).sqrt() - 0.15 * (dx + dy);
                let weave = 0.06 * ((x as f32 * TAU / 9.0).sin() * (y as f32 * TAU / 11.0).sin());
                base.map(|c| c * (light + weave))
            } else {
                let shade = 235.0 - 30.0 * y as f32 / h as f32;
                let shadow = if r2 < 1.3 && dy > 0.0 {
                    40.0 * (1.3 - r2)
                } else {
                    0.0
                };
                [shade - shadow; 3]
            };
            pixels.extend(rgb.map(|c| (c + grain()).clamp(0.0, 255.0) as u8));
        }
    }
    pixels
}

/// A saturated colour of `hue` degrees, 0–255 per channel.
fn hue_rgb(hue: f32) -> [f32; 3] {
    [0.0, 120.0, 240.0].map(|offset| {
        let d = ((hue - offset + 540.0) % 360.0 - 180.0).abs();
        (1.0 - (d / 120.0).min(1.0)) * 200.0 + 40.0
    })
}

/// EXIF (little-endian TIFF): IFD0 with Orientation = 6 and a pointer to a
/// GPS IFD whose one entry holds [`GPS_MARKER`].
fn exif_segment() -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [
            &tag.to_le_bytes()[..],
            &kind.to_le_bytes(),
            &count.to_le_bytes(),
            &value.to_le_bytes(),
        ]
        .concat()
    };
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    let marker_at = gps_ifd + 2 + 12 + 4;
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(entry(0x0112, 3, 1, 6));
    tiff.extend(entry(0x8825, 4, 1, gps_ifd));
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(entry(0x001B, 7, GPS_MARKER.len() as u32, marker_at));
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(GPS_MARKER);
    [b"Exif\0\0".as_slice(), &tiff].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_2000_px_photo_weighs_like_a_real_one() {
        let shot = Shot {
            width: 2000,
            height: 2000,
            hue: 20,
            seed: 1,
            phone: false,
        };
        let size = jpeg(&shot).len();
        assert!((500_000..=1_000_000).contains(&size), "{size} bytes");
    }
}
