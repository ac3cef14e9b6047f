//! The filters in force as chips above the results, each removable in one tap.

use beltmart_contract::{CatalogQuery, Facet, PriceRange};
use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::taxonomy::{name, use_taxonomy};

/// One applied filter: what it shows and the query without it.
struct Applied {
    label: String,
    without: CatalogQuery,
}

fn applied(
    query: &CatalogQuery,
    label_of: impl Fn(&str) -> String,
    keyword: &str,
    price: &str,
) -> Vec<Applied> {
    let mut out: Vec<Applied> = Facet::ALL
        .into_iter()
        .flat_map(|facet| query.values(facet).iter().map(move |id| (facet, id)))
        .map(|(facet, id)| Applied {
            label: label_of(id),
            without: query.toggled(facet, id),
        })
        .collect();
    if !query.price.is_any() {
        let range = query.price.to_string();
        out.push(Applied {
            label: format!("{price} ¥{range}"),
            without: query.with(|q| q.price = PriceRange::ANY),
        });
    }
    if !query.q.is_empty() {
        out.push(Applied {
            label: format!("{keyword}: {}", query.q),
            without: query.with(|q| q.q.clear()),
        });
    }
    out
}

#[component]
pub fn AppliedFilters(query: Signal<CatalogQuery>, go: Callback<CatalogQuery>) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let chips = move || {
        let lang = lang.get();
        let texts = lang.texts();
        let items = query.with(|q| {
            taxonomy.value.with(|t| {
                applied(
                    q,
                    |id| {
                        t.as_ref()
                            .map_or_else(|| id.to_owned(), |t| name(t, id, lang))
                    },
                    texts.keyword,
                    texts.price_label,
                )
            })
        });
        if items.is_empty() {
            return None;
        }
        let chips = items
            .into_iter()
            .map(|Applied { label, without }| {
                let aria_label = format!("{} {label}", texts.remove);
                view! {
                    <li>
                        <button type="button" class="chip removable" aria-label=aria_label
                            on:click=move |_| go.run(without.clone())>
                            {label} <span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="applied" role="region" aria-label=texts.applied_filters>
                <ul class="chip-row">{chips}</ul>
                <button type="button" class="link-button clear-all" on:click=move |_| go.run(query.get_untracked().cleared())>
                    {texts.clear_all}
                </button>
            </div>
        })
    };
    view! { {chips} }
}
