//! Beltmart's storefront: a Leptos single-page app over API v1.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod pages;
pub mod rendering;
pub mod router;
pub mod scroll;
pub mod shortlist;
pub mod taxonomy;
