pub mod belts;
pub mod catalog;
pub mod factory;
pub mod list;
pub mod not_found;
pub mod product;
