use beltmart_contract::{PriceTier, ProductDetail, Supplier, format_yuan};
use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::router::urls::factory_href;
use crate::taxonomy::use_name;

/// Tiered prices (阶梯价): the unit price from each quantity up; the tier
/// that applies at `qty` is lit.
#[component]
pub fn TierTable(tiers: Vec<PriceTier>, unit: String, qty: Signal<u32>) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let next_starts: Vec<u32> = tiers.iter().skip(1).map(|t| t.min_qty).collect();
    let rows = tiers
        .into_iter()
        .enumerate()
        .map(|(at, tier)| {
            let ends = next_starts.get(at).copied().unwrap_or(u32::MAX);
            let applies = move || (tier.min_qty..ends).contains(&qty.get());
            view! {
                <tr class:current=applies aria-current=move || applies().then_some("true")>
                    <td>{format!("≥ {} {unit}", tier.min_qty)}</td>
                    <td class="price">"¥" {format_yuan(tier.price_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="tiers">
            <caption>{move || texts().tier_table}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || texts().tier_quantity}</th>
                    <th scope="col">{move || texts().tier_price}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Where it comes from, what it is, how it sells.
#[component]
pub fn Facts(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    view! {
        <dl class="facts">
            <dt>{move || texts().origin}</dt>
            <dd class="product-origin">{use_name(product.city)} " · " {use_name(product.belt)}</dd>
            <dt>{move || texts().category}</dt>
            <dd>{use_name(product.category)}</dd>
            <dt>{move || texts().goods_kind}</dt>
            <dd>{use_name(product.goods_kind)}</dd>
            <dt>{move || texts().sales_30d}</dt>
            <dd>{product.sales_30d}</dd>
            <dt>{move || texts().listed_on}</dt>
            <dd>{product.listed_on}</dd>
        </dl>
    }
}

#[component]
pub fn SupplierCard(supplier: Supplier) -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let years = supplier.years;
    let kind = supplier.kind.clone();
    view! {
        <section class="supplier" aria-labelledby="supplier-heading">
            <h2 id="supplier-heading">{move || texts().supplier}</h2>
            <p class="supplier-name">
                <a href=factory_href(&supplier.id)>{supplier.name}</a>
            </p>
            <p>
                <span class="badge" data-kind=supplier.kind.clone()>
                    {use_name(kind)}
                </span>
                " "
                {move || texts().years_on_platform.of(years)}
            </p>
            <a href=factory_href(&supplier.id) class="button">
                {move || {
                    lang.get()
                        .pick(
                            "工厂主页：核验信息与同类比较",
                            "The factory: its checked facts, beside its belt",
                        )
                }}
            </a>
        </section>
    }
}
