//! Any path the app does not know.

use beltmart_contract::CatalogQuery;
use leptos::prelude::*;

use crate::hooks::use_document_title;
use crate::i18n::use_lang;
use crate::router::urls::catalog_href;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    use_document_title(move || format!("{} · Beltmart", texts().page_not_found));
    view! {
        <section class="not-found">
            <h1>{move || texts().page_not_found}</h1>
            <p>{move || texts().page_not_found_hint}</p>
            <a href=catalog_href(&CatalogQuery::default()) class="button">
                {move || texts().home}
            </a>
        </section>
    }
}
