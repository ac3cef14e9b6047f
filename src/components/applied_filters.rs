//! The filters in force as chips above the results, each removable in one tap.

use beltmart_contract::{CatalogQuery, Facet, Filter, PriceRange, ProductList, format_yuan};
use leptos::prelude::*;

use crate::api::Remote;
use crate::i18n::{Texts, use_lang};
use crate::taxonomy::{name_or_id, use_taxonomy};

/// One applied filter: what it shows and the query without it.
struct Applied {
    label: String,
    without: CatalogQuery,
}

/// How a chip names an applied filter; a list filter's values joined.
pub fn describe(
    query: &CatalogQuery,
    filter: Filter,
    texts: &Texts,
    name_of: impl Fn(&str) -> String,
) -> String {
    match filter {
        Filter::Facet(facet) => {
            let names: Vec<String> = query.values(facet).iter().map(|id| name_of(id)).collect();
            names.join(" / ")
        }
        Filter::Price => format!("{} {}", texts.price_label, price_text(query.price, name_of)),
        Filter::Keyword => format!("{}: {}", texts.keyword, query.q),
        Filter::Quantity => format!("{} {}", texts.quantity, query.qty.unwrap_or_default()),
    }
}

/// A price range as shoppers read it: a band by its name (10元以下), any
/// other range in yuan (`¥5–20`, `≥ ¥5`, `≤ ¥20`), never the URL's `-10`.
fn price_text(range: PriceRange, name_of: impl Fn(&str) -> String) -> String {
    let id = range.to_string();
    let band = name_of(&id);
    if band != id {
        return band;
    }
    let yuan = |fen: u32| format_yuan(fen).trim_end_matches(".00").to_owned();
    match (range.min_fen, range.max_fen) {
        (Some(min), Some(max)) => format!("¥{}–{}", yuan(min), yuan(max)),
        (Some(min), None) => format!("≥ ¥{}", yuan(min)),
        (None, Some(max)) => format!("≤ ¥{}", yuan(max)),
        (None, None) => String::new(),
    }
}

/// Each value of a list filter is a chip of its own; price and keyword one each.
fn applied(query: &CatalogQuery, texts: &Texts, name_of: impl Fn(&str) -> String) -> Vec<Applied> {
    let values = Facet::ALL
        .into_iter()
        .flat_map(|facet| query.values(facet).iter().map(move |id| (facet, id)))
        .map(|(facet, id)| Applied {
            label: name_of(id),
            without: query.toggled(facet, id),
        });
    let others = [Filter::Price, Filter::Quantity, Filter::Keyword]
        .into_iter()
        .filter(|&filter| query.applies(filter))
        .map(|filter| Applied {
            label: describe(query, filter, texts, &name_of),
            without: query.without(filter),
        });
    values.chain(others).collect()
}

/// A factory's name as the answer `list` shows it (its products, or the
/// belt's header): a `supplier` filter's chip names the factory, not its id.
fn factory_name(list: &ProductList, id: &str) -> Option<String> {
    let mut factories = list
        .items
        .iter()
        .map(|i| &i.supplier)
        .chain(&list.belt_factories);
    factories.find(|f| f.id == id).map(|f| f.name.clone())
}

#[component]
pub fn AppliedFilters(
    query: Signal<CatalogQuery>,
    list: Remote<ProductList>,
    go: Callback<CatalogQuery>,
) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let chips = move || {
        let lang = lang.get();
        let texts = lang.texts();
        // The taxonomy names every value but a factory's (its id: not a name).
        let name_of = |id: &str| {
            let named = name_or_id(taxonomy, id, lang);
            match named == id {
                true => list
                    .value
                    .with(|l| factory_name(l.as_ref()?, id))
                    .unwrap_or(named),
                false => named,
            }
        };
        let items = query.with(|q| applied(q, texts, name_of));
        if items.is_empty() {
            return None;
        }
        let chips = items
            .into_iter()
            .map(|Applied { label, without }| {
                let aria_label = format!("{} {label}", texts.remove);
                view! {
                    <li>
                        <button
                            type="button"
                            class="chip removable"
                            aria-label=aria_label
                            on:click=move |_| go.run(without.clone())
                        >
                            {label}
                            <span aria-hidden="true">" ×"</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="applied" role="region" aria-label=texts.applied_filters>
                <ul class="chip-row">{chips}</ul>
                <button
                    type="button"
                    class="link-button clear-all"
                    on:click=move |_| go.run(query.get_untracked().cleared())
                >
                    {texts.clear_all}
                </button>
            </div>
        })
    };
    view! { {chips} }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(range: &str) -> String {
        let range = PriceRange::parse(range).unwrap();
        price_text(range, |id| match id {
            "-10" => "10元以下".to_owned(),
            other => other.to_owned(),
        })
    }

    #[test]
    fn a_price_reads_as_its_band_or_in_yuan() {
        assert_eq!(price("-10"), "10元以下");
        assert_eq!(price("5-20"), "¥5–20");
        assert_eq!(price("5.5-"), "≥ ¥5.50");
        assert_eq!(price("-20"), "≤ ¥20");
    }
}
