//! What the rest of the server speaks of: a product as the catalog keeps it,
//! and the built-in taxonomy of real belts.

pub mod product;
pub mod supplier;
pub mod taxonomy;
