//! A site owner's product pictures: each one read and checked when it is
//! imported (`read`), then resized into the variants the storefront serves
//! (`variants`). What is served is always re-encoded from pixels, so nothing
//! of the file a phone wrote (EXIF, GPS coordinates, colour profile) leaves
//! the server.

mod read;
#[cfg(test)]
mod tests;
mod variants;

pub use read::{Limits, Picture, PictureError, read};
pub use variants::{Encoding, Variant, WIDTHS, variant};
