//! Reading a picture: the file is sniffed, not trusted by its name; its size
//! is checked from its header before any pixel is decoded (a decompression
//! bomb claims a huge size in a small file); a decoder's panic on hostile
//! input is an error like any other.

use std::fmt;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// What a picture may be.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The file's size.
    pub max_bytes: usize,
    /// Width × height.
    pub max_pixels: u64,
}

impl Default for Limits {
    /// 25 MB and 50 megapixels: more than any phone writes.
    fn default() -> Self {
        Limits {
            max_bytes: 25_000_000,
            max_pixels: 50_000_000,
        }
    }
}

/// Why a picture cannot be used, as an import report names it.
#[derive(Debug, PartialEq, Eq)]
pub enum PictureError {
    NotAPicture,
    /// A picture in a format the storefront does not take (GIF, TIFF, …).
    Format(String),
    TooLarge {
        bytes: usize,
        max: usize,
    },
    TooManyPixels {
        width: u32,
        height: u32,
        max: u64,
    },
    /// The file ends before its picture does.
    Truncated,
    Damaged(String),
}

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAPicture => write!(f, "not a picture (JPEG, PNG or WebP)"),
            Self::Format(format) => write!(f, "a {format} picture: use JPEG, PNG or WebP"),
            Self::TooLarge { bytes, max } => write!(f, "{bytes} bytes, over the {max} allowed"),
            Self::TooManyPixels { width, height, max } => {
                write!(f, "{width} × {height} pixels, over the {max} allowed")
            }
            Self::Truncated => write!(f, "the file is cut short"),
            Self::Damaged(why) => write!(f, "damaged: {why}"),
        }
    }
}

/// A picture that passed the checks: upright, in 8-bit RGB (RGBA if it has
/// transparency).
pub struct Picture {
    pub format: ImageFormat,
    pub pixels: DynamicImage,
}

/// Reads and checks a picture's bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Picture, PictureError> {
    if bytes.len() > limits.max_bytes {
        return Err(PictureError::TooLarge {
            bytes: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PictureError::Damaged(e.to_string()))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        Some(other) => return Err(PictureError::Format(format!("{other:?}").to_uppercase())),
        None => return Err(PictureError::NotAPicture),
    };
    if format == ImageFormat::Jpeg && !ends_a_jpeg(bytes) {
        // The JPEG decoder fills a missing end with grey instead of failing.
        return Err(PictureError::Truncated);
    }
    // Decoders may panic on hostile input (image's own release notes say so).
    catch_unwind(AssertUnwindSafe(|| decode(reader, limits)))
        .unwrap_or_else(|_| Err(PictureError::Damaged("the decoder gave up".into())))
        .map(|pixels| Picture { format, pixels })
}

fn decode(
    reader: ImageReader<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<DynamicImage, PictureError> {
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(PictureError::TooManyPixels {
            width,
            height,
            max: limits.max_pixels,
        });
    }
    let orientation = decoder.orientation().map_err(damaged)?;
    // A profile that cannot be read is ignored, as a browser would.
    let profile = decoder.icc_profile().ok().flatten();
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    pixels.apply_orientation(orientation);
    let mut pixels = match pixels.color().has_alpha() {
        true => DynamicImage::ImageRgba8(pixels.into_rgba8()),
        false => DynamicImage::ImageRgb8(pixels.into_rgb8()),
    };
    if let Some(profile) = profile {
        to_srgb(&mut pixels, &profile);
    }
    Ok(pixels)
}

/// Pixels an embedded colour profile describes (a phone's Display P3, a
/// camera's Adobe RGB) converted to sRGB, which a browser assumes for a
/// picture without one: the variants carry none. A profile that cannot be
/// applied (a printer's CMYK, a broken one) leaves the pixels as they are.
fn to_srgb(pixels: &mut DynamicImage, profile: &[u8]) {
    use moxcms::{ColorProfile, Layout, TransformOptions};
    let (layout, bytes): (Layout, &mut [u8]) = match pixels {
        DynamicImage::ImageRgb8(rgb) => (Layout::Rgb, rgb),
        DynamicImage::ImageRgba8(rgba) => (Layout::Rgba, rgba),
        _ => return,
    };
    let Ok(source) = ColorProfile::new_from_slice(profile) else {
        return;
    };
    let srgb = ColorProfile::new_srgb();
    let options = TransformOptions::default();
    let Ok(transform) = source.create_transform_8bit(layout, &srgb, layout, options) else {
        return;
    };
    let original = bytes.to_vec();
    if transform.transform(&original, bytes).is_err() {
        bytes.copy_from_slice(&original);
    }
}

fn damaged(error: image::ImageError) -> PictureError {
    match error {
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            PictureError::Truncated
        }
        other => PictureError::Damaged(other.to_string()),
    }
}

/// Whether a JPEG's picture data ends: an end marker (EOI, `FF D9`) after
/// its last scan's start (SOS, `FF DA`). Inside a scan a data byte `FF` is
/// always followed by `00` or a restart marker, so neither pair occurs by chance;
/// an EXIF thumbnail's scan comes before the picture's, and what some cameras
/// append after the end (a second picture) ends the same way.
fn ends_a_jpeg(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|pair| pair == [0xFF, 0xDA]);
    last_scan.is_some_and(|at| bytes[at..].windows(2).any(|pair| pair == [0xFF, 0xD9]))
}
