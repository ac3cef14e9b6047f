//! The 进货单's lines, grouped by supplier: the tier price at each line's
//! quantity, its MOQ check, subtotals and the total.

use beltmart_contract::{
    ProductDetail, Shortlist, ShortlistLine, Supplier, format_yuan, tier_price,
};
use leptos::prelude::*;

use crate::i18n::{Texts, fill, use_lang};
use crate::router::urls::{factory_href, product_href};
use crate::shortlist::use_shortlist;
use crate::taxonomy::use_name;

/// What is known of a listed product.
#[derive(Clone, Debug)]
pub enum Loaded {
    Product(Box<ProductDetail>),
    /// The catalog no longer has it.
    Gone,
}

/// The lines' products as they load. A shortlist is short: a list does, and
/// spares the WASM a hash map.
#[derive(Clone, Debug, Default)]
pub struct Loads(Vec<(String, Loaded)>);

impl Loads {
    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.0
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, loaded)| loaded)
    }

    pub fn insert(&mut self, id: String, loaded: Loaded) {
        self.0.retain(|(known, _)| *known != id);
        self.0.push((id, loaded));
    }
}

/// A line with its product, priced at its quantity.
#[derive(Clone)]
pub struct Priced {
    pub line: ShortlistLine,
    pub product: ProductDetail,
    pub unit_price: u32,
}

impl Priced {
    pub fn total(&self) -> u64 {
        u64::from(self.unit_price) * u64::from(self.line.qty)
    }

    fn below_moq(&self) -> bool {
        self.line.qty < self.product.moq
    }
}

/// The loaded lines by supplier, in the order suppliers first appear, and the
/// lines whose product is gone.
pub fn grouped(
    list: &Shortlist,
    details: &Loads,
) -> (Vec<(Supplier, Vec<Priced>)>, Vec<ShortlistLine>) {
    let mut groups: Vec<(Supplier, Vec<Priced>)> = Vec::new();
    let mut gone = Vec::new();
    for line in &list.lines {
        match details.get(&line.id) {
            Some(Loaded::Product(product)) => {
                // Below the MOQ the first tier is the nearest price there is.
                let unit_price = tier_price(&product.tiers, line.qty).unwrap_or(product.price_fen);
                let priced = Priced {
                    line: line.clone(),
                    product: (**product).clone(),
                    unit_price,
                };
                match groups.iter_mut().find(|(s, _)| *s == product.supplier) {
                    Some((_, lines)) => lines.push(priced),
                    None => groups.push((product.supplier.clone(), vec![priced])),
                }
            }
            Some(Loaded::Gone) => gone.push(line.clone()),
            None => {}
        }
    }
    (groups, gone)
}

#[component]
pub fn SupplierGroups(
    shown: Memo<Shortlist>,
    details: RwSignal<Loads>,
    editable: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        let texts = lang.get().texts();
        let (groups, gone) = shown.with(|list| details.with(|d| grouped(list, d)));
        let total: u64 = groups.iter().flat_map(|(_, l)| l).map(Priced::total).sum();
        let editable = editable.get();
        let sections = groups
            .into_iter()
            .map(|(supplier, lines)| supplier_section(texts, supplier, lines, editable))
            .collect_view();
        let gone = (!gone.is_empty()).then(|| gone_section(texts, gone, editable));
        let has_lines = shown.with(|l| !l.is_empty());
        view! {
            {sections}
            {gone}
            {has_lines
                .then(|| {
                    view! {
                        <p class="grand-total">{texts.grand_total} " ¥" {format_yuan(total)}</p>
                    }
                })}
        }
    }
}

fn supplier_section(
    texts: &'static Texts,
    supplier: Supplier,
    lines: Vec<Priced>,
    editable: bool,
) -> impl IntoView + use<> {
    let subtotal: u64 = lines.iter().map(Priced::total).sum();
    let rows = lines
        .into_iter()
        .map(|line| line_row(texts, line, editable))
        .collect_view();
    let kind = supplier.kind.clone();
    view! {
        <section class="supplier-group">
            <h2>
                <a href=factory_href(&supplier.id)>{supplier.name}</a>
                " "
                <span class="badge" data-kind=kind>
                    {use_name(supplier.kind)}
                </span>
            </h2>
            <ul class="list-lines">{rows}</ul>
            <p class="subtotal">{texts.subtotal} " ¥" {format_yuan(subtotal)}</p>
        </section>
    }
}

fn line_row(texts: &'static Texts, priced: Priced, editable: bool) -> impl IntoView + use<> {
    let Priced {
        line,
        product,
        unit_price,
    } = &priced;
    let unit = product.unit.clone();
    let moq_warning = priced.below_moq().then(|| {
        let moq = product.moq.to_string();
        let text = fill(texts.below_moq_line, &[("{moq}", &moq), ("{unit}", &unit)]);
        view! { <p class="field-error">{text}</p> }
    });
    view! {
        <li class="list-line" data-id=line.id.clone()>
            <a href=product_href(&line.id) class="line-title">
                {product.title.clone()}
            </a>
            <span class="line-price">"¥" {format_yuan(*unit_price)} " / " {unit.clone()}</span>
            <QuantityField id=line.id.clone() qty=line.qty unit editable label=texts.line_qty />
            <span class="line-total">"¥" {format_yuan(priced.total())}</span>
            {editable
                .then(|| view! { <RemoveButton id=line.id.clone() label=texts.remove_line /> })}
            {moq_warning}
        </li>
    }
}

fn gone_section(
    texts: &'static Texts,
    lines: Vec<ShortlistLine>,
    editable: bool,
) -> impl IntoView + use<> {
    let rows = lines
        .into_iter()
        .map(|line| {
            let id = line.id.clone();
            view! {
                <li class="list-line gone" data-id=id>
                    <span class="line-title">{line.id.clone()} " · " {texts.gone}</span>
                    {editable
                        .then(|| view! { <RemoveButton id=line.id label=texts.remove_line /> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="supplier-group gone-group">
            <h2>{texts.gone_group}</h2>
            <ul class="list-lines">{rows}</ul>
        </section>
    }
}

/// A line's quantity: editable in the shopper's own list, plain in a shared one.
#[component]
fn QuantityField(
    id: String,
    qty: u32,
    unit: String,
    editable: bool,
    label: &'static str,
) -> impl IntoView {
    let list = use_shortlist();
    if !editable {
        return view! { <span class="line-qty">{format!("{qty} {unit}")}</span> }.into_any();
    }
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
            list.update(|l| {
                let _ = l.set(&id, n);
            });
        }
    };
    view! {
        <label class="line-qty">
            <span class="visually-hidden">{label}</span>
            <input
                type="number"
                inputmode="numeric"
                min="1"
                step="1"
                value=qty
                on:change=on_change
            />
            " "
            {unit}
        </label>
    }
    .into_any()
}

#[component]
fn RemoveButton(id: String, label: &'static str) -> impl IntoView {
    let list = use_shortlist();
    view! {
        <button
            type="button"
            class="link-button remove-line"
            on:click=move |_| list.update(|l| l.remove(&id))
        >
            {label}
        </button>
    }
}
