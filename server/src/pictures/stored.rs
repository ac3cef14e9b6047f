//! A picture as the catalog keeps it: named by its file's content, so that
//! the same photo named by many rows (or imported again) is read and stored
//! once; its variants beside it. The original is not kept.

use sha2::{Digest, Sha256};

use super::{Limits, PictureError, Variant, all_variants, read};

/// What the store keeps of a picture.
pub struct Stored {
    pub about: About,
    pub variants: Vec<Variant>,
}

/// What the storefront needs to know of a stored picture to show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct About {
    pub name: String,
    /// The original's size, upright.
    pub width: u32,
    pub height: u32,
    /// The average colour, `#rgb` (a page's placeholders then share a few
    /// values, each one allowed by its hash in the page's style policy).
    pub color: String,
}

/// The name a file is stored under: the first 128 bits of its SHA-256, in
/// hex (a name, not a secret: collisions matter, guessing does not).
pub fn name_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `text` could be a name [`name_of`] made.
pub fn is_name(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads, checks and resizes a file into what the store keeps, with
/// `threads` encoding at once.
pub fn prepare(bytes: &[u8], limits: &Limits, threads: usize) -> Result<Stored, PictureError> {
    let picture = read(bytes, limits)?;
    let variants = all_variants(&picture, threads)?;
    Ok(Stored {
        about: About {
            name: name_of(bytes),
            width: picture.pixels.width(),
            height: picture.pixels.height(),
            color: average_color(&picture.pixels.to_rgb8()),
        },
        variants,
    })
}

fn average_color(rgb: &image::RgbImage) -> String {
    let mut sums = [0u64; 3];
    for pixel in rgb.pixels() {
        for (sum, c) in sums.iter_mut().zip(pixel.0) {
            *sum += u64::from(c);
        }
    }
    let count = u64::from(rgb.width()) * u64::from(rgb.height());
    let [r, g, b] = sums.map(|sum| (sum / count.max(1) * 15 + 127) / 255);
    format!("#{r:x}{g:x}{b:x}")
}

/// How a catalog row names a stored picture: `picture:` and its name, as
/// export writes it and import reads it back.
const REFERENCE: &str = "picture:";

pub fn reference(name: &str) -> String {
    format!("{REFERENCE}{name}")
}

/// The picture's name, when `image` is a reference to a stored one.
pub fn referenced(image: &str) -> Option<&str> {
    image.strip_prefix(REFERENCE)
}
