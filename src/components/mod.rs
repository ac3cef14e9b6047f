pub mod facet_option;
pub mod filters;
pub mod header;
pub mod notice;
pub mod pagination;
pub mod product_card;
