//! A site owner's catalog files: `import` (checked row by row, all or
//! nothing) and `export`, in JSON Lines or CSV (docs/catalog.md).

pub mod export;
pub mod formats;
pub mod import;
pub mod messages;
mod pictures;
pub mod suppliers;
pub mod unzip;
pub mod validate;
