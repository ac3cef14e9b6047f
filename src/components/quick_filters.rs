//! 一件起批, goods kind (厂牌 / 白牌 / 大牌平替) and supplier kind as one-tap
//! toggles above the list, the kinds with the number of results they would give.

use beltmart_contract::{CatalogQuery, Facet, Facets, Named};
use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::taxonomy::use_taxonomy;

#[component]
pub fn QuickFilters(
    query: Signal<CatalogQuery>,
    facets: Signal<Option<Facets>>,
    go: Callback<CatalogQuery>,
) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let row = move |facet: Facet, kinds: &[Named]| {
        kinds
            .iter()
            .map(|kind| {
                let (id, zh, en) = (kind.id.clone(), kind.name_zh.clone(), kind.name_en.clone());
                let (for_pressed, for_count, for_click) = (id.clone(), id.clone(), id);
                let pressed =
                    Signal::derive(move || query.with(|q| q.values(facet).contains(&for_pressed)));
                let count = Signal::derive(move || {
                    facets.with(|f| f.as_ref().and_then(|f| f.count(facet, &for_count)))
                });
                view! {
                    <button
                        type="button"
                        class="chip toggle"
                        data-facet=facet.key()
                        data-value=for_click.clone()
                        aria-pressed=move || pressed.get().to_string()
                        disabled=move || count.get() == Some(0) && !pressed.get()
                        on:click=move |_| go.run(query.get_untracked().toggled(facet, &for_click))
                    >
                        {move || lang.get().pick(&zh, &en).to_owned()}
                        <span class="chip-count">{move || count.get().map(|c| c.to_string())}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let rows = move || {
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            Some(view! {
                <div class="chip-row" role="group" aria-label=move || lang.get().texts().goods_kind>
                    {row(Facet::GoodsKind, &t.goods_kinds)}
                </div>
                <div
                    class="chip-row"
                    role="group"
                    aria-label=move || lang.get().texts().supplier_kind
                >
                    {row(Facet::SupplierKind, &t.supplier_kinds)}
                </div>
            })
        })
    };
    view! {
        <div class="quick-filters">
            <OnePiece query go />
            {rows}
        </div>
    }
}

/// 一件起批: only what sells from one piece (qty=1), priced per piece.
#[component]
fn OnePiece(query: Signal<CatalogQuery>, go: Callback<CatalogQuery>) -> impl IntoView {
    let lang = use_lang();
    let pressed = move || query.with(|q| q.qty == Some(1));
    let toggle = move |_| {
        let next = if pressed() { None } else { Some(1) };
        go.run(query.get_untracked().with(|q| q.qty = next));
    };
    view! {
        <div class="chip-row">
            <button
                type="button"
                class="chip toggle one-piece"
                aria-pressed=move || pressed().to_string()
                on:click=toggle
            >
                {move || lang.get().texts().one_piece}
            </button>
        </div>
    }
}
