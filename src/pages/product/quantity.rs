//! The quantity stepper: what this many cost, and what a few more would save.

use beltmart_contract::{MAX_QTY, PriceTier, format_yuan, tier_price};
use leptos::prelude::*;

use crate::i18n::{fill, total_for, use_lang};
use crate::shortlist::use_shortlist;

/// How many to buy, from the MOQ up; shows the unit price and total at that
/// quantity and how far the next tier is. `qty` is shared with the tier table.
#[component]
pub fn QuantityStepper(
    /// The product's id, for 加入进货单.
    id: String,
    tiers: Vec<PriceTier>,
    moq: u32,
    unit: String,
    qty: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let typed = RwSignal::new(qty.get_untracked().to_string());
    // The box follows the quantity when the page sets it (see `ProductView`).
    Effect::new(move |_| typed.set(qty.get().to_string()));
    let problem = RwSignal::new(false);
    let set = move |n: u32| {
        qty.set(n.clamp(moq, MAX_QTY));
        typed.set(qty.get_untracked().to_string());
        problem.set(false);
    };
    let on_change = move |ev: leptos::ev::Event| match event_target_value(&ev).trim().parse() {
        Ok(n) if n >= moq => set(n),
        // Below the MOQ (or not a number): say so, and keep the last good quantity.
        _ => problem.set(true),
    };
    let summary = {
        let (tiers, unit) = (tiers.clone(), unit.clone());
        move || {
            let n = qty.get();
            let price = tier_price(&tiers, n).unwrap_or_default();
            let texts = texts();
            let total = total_for(texts, n, &unit, price);
            format!("{} ¥{} · {total}", texts.unit_price_at, format_yuan(price))
        }
    };
    let next_tier = {
        let (tiers, unit) = (tiers.clone(), unit.clone());
        move || {
            let n = qty.get();
            let texts = texts();
            match tiers.iter().find(|t| t.min_qty > n) {
                Some(next) => fill(
                    texts.next_tier,
                    &[
                        ("{n}", &(next.min_qty - n).to_string()),
                        ("{unit}", &unit),
                        ("{price}", &format_yuan(next.price_fen)),
                    ],
                ),
                None => texts.lowest_tier.to_owned(),
            }
        }
    };
    let below_moq = {
        let unit = unit.clone();
        move || {
            fill(
                texts().below_moq,
                &[("{moq}", &moq.to_string()), ("{unit}", &unit)],
            )
        }
    };
    view! {
        <section class="stepper" aria-labelledby="qty-heading">
            <h2 id="qty-heading">{move || texts().quantity}</h2>
            <div class="stepper-controls">
                <button
                    type="button"
                    class="button stepper-less"
                    aria-label=move || texts().qty_fewer
                    disabled=move || qty.get() <= moq
                    on:click=move |_| set(qty.get_untracked().saturating_sub(1))
                >
                    "−"
                </button>
                <input
                    id="qty-input"
                    type="number"
                    inputmode="numeric"
                    min=moq
                    max=MAX_QTY
                    step="1"
                    aria-labelledby="qty-heading"
                    aria-invalid=move || problem.get().to_string()
                    value=move || typed.get()
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                    on:change=on_change
                />
                <span class="stepper-unit">{unit.clone()}</span>
                <button
                    type="button"
                    class="button stepper-more"
                    aria-label=move || texts().qty_more
                    on:click=move |_| set(qty.get_untracked().saturating_add(1))
                >
                    "+"
                </button>
            </div>
            {move || {
                problem
                    .get()
                    .then(|| {
                        view! {
                            <p class="field-error" role="alert">
                                {below_moq.clone()}
                            </p>
                        }
                    })
            }}
            <p class="stepper-total" aria-live="polite">
                {summary}
            </p>
            <p class="stepper-next">{next_tier}</p>
            <AddToList id unit=unit.clone() qty />
        </section>
    }
}

/// 加入进货单 at the stepper's quantity; a second press updates the quantity.
#[component]
fn AddToList(id: String, unit: String, qty: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let list = use_shortlist();
    let label = move || {
        let text = lang.get().texts().add_qty_to_list;
        fill(text, &[("{n}", &qty.get().to_string()), ("{unit}", &unit)])
    };
    let listed = {
        let id = id.clone();
        move || list.with(|l| l.qty_of(&id))
    };
    let in_list = move || {
        listed().map(|n| {
            let texts = lang.get().texts();
            format!("{} · {n}", texts.in_list)
        })
    };
    view! {
        <button
            type="button"
            class="button primary add-to-list"
            on:click=move |_| {
                list.update(|l| {
                    let _ = l.set(&id, qty.get_untracked());
                })
            }
        >
            {label}
        </button>
        <p class="in-list" aria-live="polite">
            {in_list}
        </p>
    }
}
