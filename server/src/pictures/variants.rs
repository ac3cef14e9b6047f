//! The sizes the storefront serves a picture at: resized once from the
//! original (Lanczos3), never enlarged, as lossy WebP and as JPEG for the
//! browsers without it. Encoders write pixels only: no metadata.

use std::borrow::Cow;

use fast_image_resize::images::Image;
use fast_image_resize::{PixelType, Resizer};
use image::DynamicImage;

use super::{Picture, PictureError};

/// The widths a picture is served at: a thumbnail, a phone's card (2
/// columns at 390 px, at 1 to 3 device pixels per CSS pixel) to a desktop's
/// gallery.
pub const WIDTHS: [u32; 6] = [160, 320, 480, 640, 960, 1280];

/// WebP at this quality is about a third smaller than JPEG at the same look.
const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 78;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    WebP,
    Jpeg,
}

impl Encoding {
    /// As a variant's file name ends, and as the store keeps it.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::WebP => "webp",
            Encoding::Jpeg => "jpg",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Encoding> {
        [Encoding::WebP, Encoding::Jpeg]
            .into_iter()
            .find(|e| e.extension() == extension)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Encoding::WebP => "image/webp",
            Encoding::Jpeg => "image/jpeg",
        }
    }
}

pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub encoding: Encoding,
    pub bytes: Vec<u8>,
}

/// The widths `width`'s picture is served at: those of [`WIDTHS`] below
/// it, and its own when it is not wider than the widest.
pub fn widths_for(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
}

/// `picture` at `width` (at most its own) in `encoding`.
pub fn variant(picture: &Picture, width: u32, encoding: Encoding) -> Result<Variant, PictureError> {
    let pixels = resized(&picture.pixels, width)?;
    encoded(&pixels, encoding)
}

/// Every variant of `picture`: each of [`widths_for`] in WebP and JPEG,
/// resized once per width; the widths shared out among `threads`.
pub fn all_variants(picture: &Picture, threads: usize) -> Result<Vec<Variant>, PictureError> {
    let widths = widths_for(picture.pixels.width());
    let at_width = |width: u32| -> Result<[Variant; 2], PictureError> {
        let pixels = resized(&picture.pixels, width)?;
        Ok([
            encoded(&pixels, Encoding::WebP)?,
            encoded(&pixels, Encoding::Jpeg)?,
        ])
    };
    let threads = threads.clamp(1, widths.len());
    let shares: Vec<Result<Vec<Variant>, PictureError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|n| {
                let mine: Vec<u32> = widths.iter().copied().skip(n).step_by(threads).collect();
                scope.spawn(move || {
                    let mut made = Vec::new();
                    for width in mine {
                        made.extend(at_width(width)?);
                    }
                    Ok(made)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(PictureError::Damaged("encoder".into())))
            })
            .collect()
    });
    let mut variants = Vec::new();
    for share in shares {
        variants.extend(share?);
    }
    variants.sort_by_key(|v| (v.width, v.encoding == Encoding::Jpeg));
    Ok(variants)
}

fn encoded(pixels: &DynamicImage, encoding: Encoding) -> Result<Variant, PictureError> {
    let bytes = match encoding {
        Encoding::WebP => webp(pixels)?,
        Encoding::Jpeg => jpeg(pixels)?,
    };
    Ok(Variant {
        width: pixels.width(),
        height: pixels.height(),
        encoding,
        bytes,
    })
}

/// Never enlarged: at its own width or wider, the picture itself (not a copy).
fn resized(pixels: &DynamicImage, width: u32) -> Result<Cow<'_, DynamicImage>, PictureError> {
    if width >= pixels.width() {
        return Ok(Cow::Borrowed(pixels));
    }
    let scaled = u64::from(pixels.height()) * u64::from(width) / u64::from(pixels.width());
    let height = u32::try_from(scaled.max(1)).unwrap_or(u32::MAX);
    let pixel_type = match pixels.color().has_alpha() {
        true => PixelType::U8x4,
        false => PixelType::U8x3,
    };
    let mut target = Image::new(width, height, pixel_type);
    Resizer::new()
        .resize(pixels, &mut target, None)
        .map_err(|e| PictureError::Damaged(e.to_string()))?;
    let buffer = target.into_vec();
    let image = match pixel_type {
        PixelType::U8x4 => {
            image::RgbaImage::from_raw(width, height, buffer).map(DynamicImage::from)
        }
        _ => image::RgbImage::from_raw(width, height, buffer).map(DynamicImage::from),
    };
    image
        .map(Cow::Owned)
        .ok_or_else(|| PictureError::Damaged("resizing".into()))
}

fn webp(pixels: &DynamicImage) -> Result<Vec<u8>, PictureError> {
    let (width, height) = (pixels.width(), pixels.height());
    let encoder = match pixels {
        DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba.as_raw(), width, height),
        DynamicImage::ImageRgb8(rgb) => webp::Encoder::from_rgb(rgb.as_raw(), width, height),
        _ => return Err(PictureError::Damaged("not 8-bit RGB".into())),
    };
    let mut config = webp::WebPConfig::new().map_err(|()| PictureError::Damaged("webp".into()))?;
    config.quality = WEBP_QUALITY;
    config.method = 4;
    let encoded = encoder
        .encode_advanced(&config)
        .map_err(|e| PictureError::Damaged(format!("webp: {e:?}")))?;
    Ok(encoded.to_vec())
}

/// JPEG has no transparency: a transparent picture is laid on white.
fn jpeg(pixels: &DynamicImage) -> Result<Vec<u8>, PictureError> {
    let rgb = match pixels {
        DynamicImage::ImageRgba8(rgba) => on_white(rgba),
        other => other.to_rgb8(),
    };
    let (Ok(width), Ok(height)) = (u16::try_from(rgb.width()), u16::try_from(rgb.height())) else {
        return Err(PictureError::Damaged("too wide for JPEG".into()));
    };
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, JPEG_QUALITY);
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder
        .encode(rgb.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| PictureError::Damaged(e.to_string()))?;
    Ok(bytes)
}

fn on_white(rgba: &image::RgbaImage) -> image::RgbImage {
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}
