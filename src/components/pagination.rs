//! Page links: real links, because the page number is part of the URL.

use beltmart_contract::CatalogQuery;
use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::router::urls::catalog_href;

/// The pages to offer: the first, the last, and two either side of the current one.
fn pages_to_show(current: u32, last: u32) -> Vec<Option<u32>> {
    let mut shown: Vec<Option<u32>> = Vec::new();
    for page in 1..=last {
        if page == 1 || page == last || page.abs_diff(current) <= 2 {
            shown.push(Some(page));
        } else if shown.last() != Some(&None) {
            shown.push(None);
        }
    }
    shown
}

#[component]
pub fn Pagination(query: CatalogQuery, total: u64) -> impl IntoView {
    let lang = use_lang();
    let last = total
        .div_ceil(u64::from(crate::api::effective_per_page(&query)))
        .min(u64::from(u32::MAX)) as u32;
    if last <= 1 {
        return None;
    }
    let current = query.page;
    let href = move |page: u32| {
        let mut q = query.clone();
        q.page = page;
        catalog_href(&q)
    };
    let link = move |page: u32, text: String, class: &'static str| {
        view! {
            <a href=href(page) class=class>
                {text}
            </a>
        }
    };
    let items = pages_to_show(current, last)
        .into_iter()
        .map(|page| match page {
            Some(p) if p == current => EitherOf3::A(view! {
                <span class="page current" aria-current="page">
                    {p}
                </span>
            }),
            Some(p) => EitherOf3::B(link(p, p.to_string(), "page")),
            None => EitherOf3::C(view! {
                <span class="page gap" aria-hidden="true">
                    "…"
                </span>
            }),
        })
        .collect_view();
    Some(view! {
        <nav class="pagination" aria-label=move || lang.get().texts().pagination>
            {(current > 1)
                .then(|| link(
                    current - 1,
                    lang.get_untracked().texts().previous.to_owned(),
                    "page prev",
                ))}
            {items}
            {(current < last)
                .then(|| link(
                    current + 1,
                    lang.get_untracked().texts().next.to_owned(),
                    "page next",
                ))}
        </nav>
    })
}

#[cfg(test)]
mod tests {
    use super::pages_to_show;

    #[test]
    fn shows_ends_and_neighbours() {
        assert_eq!(pages_to_show(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            pages_to_show(10, 20),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
    }
}
