//! A small bar chart of where the results' prices cluster, with the chosen
//! price range highlighted. A picture only: the bands and inputs beside it are
//! the controls, so it needs no touch targets of its own.

use beltmart_contract::{PriceBucket, PriceRange, format_yuan};
use leptos::prelude::*;

use crate::i18n::use_lang;

/// Whether a bucket `[min, max)` overlaps the inclusive range.
fn overlaps(bucket: &PriceBucket, range: &PriceRange) -> bool {
    let below_max = range.max_fen.is_none_or(|max| bucket.min_fen <= max);
    let above_min = match (range.min_fen, bucket.max_fen) {
        (Some(min), Some(end)) => end > min,
        _ => true,
    };
    below_max && above_min
}

/// A bar's height in whole percents: the square root keeps small clusters
/// visible next to a dominant one, and whole numbers spare the WASM float
/// formatting (~10 KB).
fn bar_height(count: u64, highest: f64) -> u32 {
    match count {
        0 => 0,
        n => 8 + (92.0 * (n as f64 / highest).sqrt()) as u32,
    }
}

#[component]
pub fn PriceHistogram(
    /// The price spread of the current results (ignoring the price filter).
    #[prop(into)]
    buckets: Signal<Option<Vec<PriceBucket>>>,
    #[prop(into)] selected: Signal<PriceRange>,
) -> impl IntoView {
    let lang = use_lang();
    let bars = move || {
        let range = selected.get();
        buckets.with(|b| {
            let b = b.as_ref()?;
            let highest = b.iter().map(|x| x.count).max().unwrap_or(0).max(1) as f64;
            Some(
                b.iter()
                    .map(|bucket| {
                        let height = format!("{}%", bar_height(bucket.count, highest));
                        let chosen = !range.is_any() && overlaps(bucket, &range);
                        // Set through the CSSOM (`style:`), which the strict CSP
                        // allows; a `style` attribute it would block.
                        view! { <span class="bar" class:chosen=chosen style:height=height></span> }
                    })
                    .collect_view(),
            )
        })
    };
    let label = move || {
        let texts = lang.get().texts();
        buckets.with(|b| {
            let b = b.as_ref()?;
            let busiest = b.iter().max_by_key(|x| x.count).filter(|x| x.count > 0)?;
            let end = busiest
                .max_fen
                .map(|m| format!("–¥{}", format_yuan(m)))
                .unwrap_or_else(|| "+".into());
            Some(format!(
                "{}¥{}{end}",
                texts.price_cluster,
                format_yuan(busiest.min_fen)
            ))
        })
    };
    view! {
        <div class="histogram" role="img" aria-label=label>
            {bars}
        </div>
    }
}
