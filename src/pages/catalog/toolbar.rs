//! Above the results: how many there are, and the sort order.

use beltmart_contract::{CatalogQuery, ProductList, Sort};
use leptos::prelude::*;

use crate::api::Remote;
use crate::i18n::{Texts, use_lang};

fn sort_label(texts: &Texts, sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => texts.sort_relevance,
        Sort::PriceAsc => texts.sort_price_asc,
        Sort::PriceDesc => texts.sort_price_desc,
        Sort::Sales => texts.sort_sales,
        Sort::Newest => texts.sort_newest,
    }
}

#[component]
pub fn Toolbar(
    list: Remote<ProductList>,
    query: Signal<CatalogQuery>,
    go: Callback<CatalogQuery>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let result_count = move || {
        let count = &texts().result_count;
        list.value.with(|l| l.as_ref().map(|l| count.of(l.total)))
    };
    let on_sort = move |ev: leptos::ev::Event| {
        let sort = Sort::parse(&event_target_value(&ev)).unwrap_or_default();
        go.run(query.get_untracked().with(|q| q.sort = sort));
    };
    let options = Sort::ALL
        .into_iter()
        .map(|sort| {
            let selected = move || query.with(|q| q.sort == sort);
            view! {
                <option value=sort.as_str() selected=selected>
                    {move || sort_label(texts(), sort)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="toolbar">
            <p class="result-count" aria-live="polite" aria-atomic="true">
                {result_count}
            </p>
            <label class="sort">
                <span>{move || texts().sort_label}</span>
                <select on:change=on_sort prop:value=move || query.with(|q| q.sort.as_str())>
                    {options}
                </select>
            </label>
        </div>
    }
}
