//! A site owner's product pictures: each one read and checked when it is
//! imported (`read`), then resized into the variants the storefront serves
//! (`variants`). What is served is always re-encoded from pixels, so nothing
//! of the file a phone wrote (EXIF, GPS coordinates, colour profile) leaves
//! the server.

mod read;
pub mod samples;
mod stored;
#[cfg(test)]
mod tests;
mod variants;

pub use read::{Limits, Picture, PictureError, read};
pub use stored::{About, Stored, is_name, name_of, prepare, reference, referenced};
pub use variants::{Encoding, Variant, WIDTHS, all_variants, variant, widths_for};
