//! The filters as a plain GET form, for a page the server rendered while
//! JavaScript is off or not yet running: the checkboxes and price fields
//! belong to it (`form` attributes), its hidden fields keep the rest of the
//! query, and the server turns its submission into the canonical URL
//! (`CatalogQuery::from_form`). It is part of the panel as the server rendered
//! it, which the app's own panel replaces once it runs; the link that takes a
//! phone to the filter panel meanwhile hides then.

use leptos::prelude::*;

use crate::components::facet_option::FILTER_FORM;
use crate::rendering::use_started;

/// The `form` attribute of a field that belongs to the app's own form once it
/// runs (the price fields), and to the filter form before.
pub fn until_started() -> impl Fn() -> Option<&'static str> + Copy {
    let started = use_started();
    move || (!started.get()).then_some(FILTER_FORM)
}

#[cfg(feature = "ssr")]
#[component]
pub fn NoJsFilterForm(query: Signal<beltmart_contract::CatalogQuery>) -> impl IntoView {
    use crate::i18n::use_lang;
    use crate::router::urls::catalog_href;
    use beltmart_contract::{CatalogQuery, Filter, Param, Sort};

    let texts = use_lang().get_untracked().texts();
    let action = catalog_href(&CatalogQuery::default());
    // What the panel does not set: the keyword, the sort and the quantity.
    let kept = move || {
        let query = query.get();
        let keyword = (!query.q.is_empty()).then(|| (Filter::Keyword.key(), query.q.clone()));
        let sort = (query.sort != Sort::default())
            .then(|| (Param::Sort.key(), query.sort.as_str().into()));
        let qty = query
            .qty
            .map(|qty| (Filter::Quantity.key(), qty.to_string()));
        [keyword, sort, qty]
            .into_iter()
            .flatten()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
            .collect_view()
    };
    view! {
        <form id=FILTER_FORM method="get" action=action class="no-js-apply">
            {kept}
            <button type="submit" class="button primary">
                {texts.show_results_unknown}
            </button>
        </form>
    }
}

/// A phone's way to the filter panel before the app runs, where the drawer's
/// button will be: a link to the panel, which the stylesheet shows when it is
/// the target. Each page without the app is rendered anew, so its href stays right.
#[cfg(any(feature = "ssr", feature = "hydrate"))]
pub fn no_js_filters_link(query: Memo<beltmart_contract::CatalogQuery>) -> impl IntoView {
    use crate::i18n::use_lang;
    use crate::router::urls::catalog_href;

    let texts = use_lang().get_untracked().texts();
    let started = use_started();
    let href = format!("{}#filters", catalog_href(&query.get_untracked()));
    view! {
        <a class="button filters-link" href=href hidden=move || started.get()>
            {texts.filters}
        </a>
    }
}
