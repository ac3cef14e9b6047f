//! The way back to the list: the catalog URL a shopper last looked at, so
//! "back to the list" returns to the same filters, sort and page. It is kept
//! for the tab's session, so a reload of a product page still knows the way.

use leptos::prelude::*;

use crate::hooks::{Store, use_stored_signal};

use super::urls::Base;

#[derive(Clone, Copy)]
pub struct LastCatalogUrl(pub RwSignal<String>);

pub fn provide_last_catalog_url() {
    let url = use_stored_signal(
        Store::Session,
        "beltmart.lastCatalog",
        |saved| saved.map_or_else(|| Base::current().root().to_owned(), str::to_owned),
        String::clone,
    );
    provide_context(LastCatalogUrl(url));
}
