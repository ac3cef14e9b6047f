//! 数量: how many pieces the shopper wants. The catalog then shows only what
//! can be bought in that quantity, each at the unit price of its tier.

use beltmart_contract::{CatalogQuery, MAX_QTY};
use leptos::prelude::*;

use crate::i18n::use_lang;

/// Quantities a shopper picks most: one piece, a few, a box, a pallet.
const PRESETS: [u32; 4] = [1, 10, 100, 1000];

#[component]
pub fn QuantityPicker(query: Signal<CatalogQuery>, go: Callback<CatalogQuery>) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let qty = move || query.with(|q| q.qty);
    let set = move |qty: Option<u32>| {
        let current = query.get_untracked();
        if current.qty != qty {
            go.run(current.with(|q| q.qty = qty));
        }
    };
    let preset = move |value: Option<u32>| {
        let label = move || match value {
            Some(n) => n.to_string(),
            None => texts().qty_any.to_owned(),
        };
        view! {
            <button
                type="button"
                class="chip toggle qty-preset"
                aria-pressed=move || (qty() == value).to_string()
                on:click=move |_| set(value)
            >
                {label}
            </button>
        }
    };
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| typed.set(qty().map(|n| n.to_string()).unwrap_or_default()));
    let apply = move || {
        let text = typed.get_untracked();
        match text.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_QTY).contains(&n) => set(Some(n)),
            _ if text.trim().is_empty() => set(None),
            // Out of range: back to what the URL says.
            _ => typed.set(qty().map(|n| n.to_string()).unwrap_or_default()),
        }
    };
    view! {
        <div class="qty-picker" role="group" aria-label=move || texts().quantity>
            <span class="qty-label" aria-hidden="true">
                {move || texts().quantity}
            </span>
            {preset(None)}
            {PRESETS.map(|n| preset(Some(n))).collect_view()}
            <form
                class="qty-custom"
                on:submit=move |ev| {
                    ev.prevent_default();
                    apply();
                }
            >
                <label>
                    <span class="visually-hidden">{move || texts().qty_custom}</span>
                    <input
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max=MAX_QTY
                        step="1"
                        placeholder=move || texts().qty_custom
                        value=move || typed.get()
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                        on:change=move |ev| {
                            typed.set(event_target_value(&ev));
                            apply();
                        }
                    />
                </label>
                <span aria-hidden="true">{move || texts().qty_unit}</span>
            </form>
        </div>
    }
}
