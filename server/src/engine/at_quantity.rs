//! The catalog at a quantity (`qty`): every product priced at the tier that
//! applies, and the products whose MOQ allows that few.
//!
//! Prices at N pieces change only at the quantities where some product's tier
//! starts (its steps: 1, 10, 50, 100 … in a real catalog, a few dozen), so a
//! view is made and kept per step, not per quantity: `qty=20` and `qty=25`
//! share one. Each tier's price bands and histogram bucket are worked out once
//! when the index is built, so a new view is one sequential pass that copies them.

use std::sync::Arc;

use beltmart_contract::{self as api, PriceRange};
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::SearchIndex;
use super::keys::{Keys, PricedTier};
use super::product_set::ProductSet;

/// Every product's price tiers, flat in product order.
#[derive(Default)]
pub struct TierTable {
    /// Where each product's tiers start in `tiers`; one more entry marks the end.
    starts: Vec<u32>,
    tiers: Vec<PricedTier>,
    /// Every distinct tier quantity, ascending.
    steps: Vec<u32>,
}

impl TierTable {
    /// Adds the next product's tiers (ascending by quantity, as validated).
    pub fn push(&mut self, tiers: &[api::PriceTier], bands: &[(String, PriceRange)]) {
        self.starts.push(self.tiers.len() as u32);
        self.tiers.extend(
            tiers
                .iter()
                .map(|t| PricedTier::new(t.min_qty, t.price_fen, bands)),
        );
    }

    pub fn finish(&mut self) {
        self.starts.push(self.tiers.len() as u32);
        let mut steps: Vec<u32> = self.tiers.iter().map(|t| t.min_qty).collect();
        steps.sort_unstable();
        steps.dedup();
        self.steps = steps;
    }

    fn of(&self, at: usize) -> &[PricedTier] {
        &self.tiers[self.starts[at] as usize..self.starts[at + 1] as usize]
    }

    /// A product's tiers as the API shows them.
    pub fn tiers(&self, at: usize) -> Vec<api::PriceTier> {
        self.of(at)
            .iter()
            .map(|t| api::PriceTier {
                min_qty: t.min_qty,
                price_fen: t.price_fen,
            })
            .collect()
    }

    /// The step whose prices apply at `qty`: the largest tier quantity at most
    /// `qty`, or 0 when every tier needs more.
    pub fn step(&self, qty: u32) -> u32 {
        let below = self.steps.partition_point(|&step| step <= qty);
        below.checked_sub(1).map_or(0, |at| self.steps[at])
    }

    /// Every product's keys priced at `step` pieces (a product that cannot be
    /// bought in that quantity keeps its first tier's price: no filter lets it through).
    fn keys_at(&self, keys: &[Keys], step: u32) -> Vec<Keys> {
        keys.iter()
            .enumerate()
            .map(|(at, k)| {
                let tiers = self.of(at);
                match tiers.partition_point(|t| t.min_qty <= step) {
                    0 | 1 => *k,
                    applies => k.with_price(tiers[applies - 1]),
                }
            })
            .collect()
    }
}

/// The catalog seen at one step.
pub struct AtQuantity {
    pub keys: Vec<Keys>,
    pub purchasable: ProductSet,
}

impl AtQuantity {
    /// `purchasable` is the products whose MOQ is at most `step`.
    pub fn new(table: &TierTable, keys: &[Keys], step: u32, purchasable: ProductSet) -> Self {
        AtQuantity {
            keys: table.keys_at(keys, step),
            purchasable,
        }
    }
}

/// Recent steps' views of one catalog version, weighed by their bytes;
/// queries asking for the same new step at once wait for one build of it.
pub struct QuantityViews(Cache<u32, Arc<AtQuantity>, ByBytes>);

/// Memory the views of one catalog version may take, at least: a large
/// catalog keeps [`VIEWS_KEPT`] views whatever their size.
const QUANTITY_VIEWS_BYTES: u64 = 64 << 20;
/// Views kept at least: the quantities shoppers pick most (1, 10, 100 …).
const VIEWS_KEPT: u64 = 8;

#[derive(Clone)]
struct ByBytes;

impl Weighter<u32, Arc<AtQuantity>> for ByBytes {
    fn weight(&self, _: &u32, view: &Arc<AtQuantity>) -> u64 {
        (view.keys.len() * std::mem::size_of::<Keys>() + view.purchasable.bytes()) as u64
    }
}

impl QuantityViews {
    /// Room for the views of a catalog of `products` products. One shard: a
    /// view of a million products (16 MB) is larger than a shard of the
    /// default eight would admit.
    pub fn new(products: usize) -> QuantityViews {
        let view = (products * std::mem::size_of::<Keys>() + products.div_ceil(8)) as u64;
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(VIEWS_KEPT as usize * 2)
            .weight_capacity(QUANTITY_VIEWS_BYTES.max(VIEWS_KEPT * view))
            .shards(1)
            .build()
            .expect("valid cache options");
        QuantityViews(Cache::with_options(
            options,
            ByBytes,
            Default::default(),
            Default::default(),
        ))
    }

    /// The view of `step`, kept or built now by `build`.
    pub fn get_or_build(&self, step: u32, build: impl FnOnce() -> AtQuantity) -> Arc<AtQuantity> {
        let Ok(view) = self.0.get_or_insert_with(&step, || {
            Ok::<_, std::convert::Infallible>(Arc::new(build()))
        });
        view
    }
}

/// The unit prices a query sees: each product's first tier, or with `qty`
/// the tier that applies at that quantity.
pub enum Prices {
    FirstTier,
    AtQuantity(Arc<AtQuantity>),
}

impl Prices {
    pub fn of(index: &SearchIndex, qty: Option<u32>) -> Prices {
        match qty {
            Some(qty) => Prices::AtQuantity(index.at_quantity(qty)),
            None => Prices::FirstTier,
        }
    }

    pub fn keys<'a>(&'a self, index: &'a SearchIndex) -> &'a [Keys] {
        match self {
            Prices::FirstTier => &index.keys,
            Prices::AtQuantity(view) => &view.keys,
        }
    }
}

impl SearchIndex {
    /// The catalog at `qty` pieces, from the recent views or built now.
    fn at_quantity(&self, qty: u32) -> Arc<AtQuantity> {
        let step = self.tiers.step(qty);
        self.at_quantity.get_or_build(step, || {
            AtQuantity::new(&self.tiers, &self.keys, step, self.purchasable(step))
        })
    }

    /// The products whose MOQ is at most `qty`.
    pub fn purchasable(&self, qty: u32) -> ProductSet {
        let allowed = self
            .by_moq
            .partition_point(|&at| self.entries[at as usize].moq <= qty);
        let mut products = ProductSet::empty(self.len());
        for &at in &self.by_moq[..allowed] {
            products.insert(at);
        }
        products
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(products: &[&[(u32, u32)]]) -> TierTable {
        let mut table = TierTable::default();
        for tiers in products {
            let tiers: Vec<api::PriceTier> = tiers
                .iter()
                .map(|&(min_qty, price_fen)| api::PriceTier { min_qty, price_fen })
                .collect();
            table.push(&tiers, &[]);
        }
        table.finish();
        table
    }

    #[test]
    fn quantities_between_tier_starts_share_a_step() {
        let table = table(&[&[(10, 1250), (100, 1100)], &[(1, 900), (20, 800)]]);
        assert_eq!(table.step(0), 0);
        assert_eq!(table.step(1), 1);
        assert_eq!(table.step(9), 1);
        assert_eq!(table.step(25), 20);
        assert_eq!(table.step(99), 20);
        assert_eq!(table.step(1_000_000), 100);
    }

    #[test]
    fn a_view_prices_each_product_as_the_contract_does() {
        let products: [&[(u32, u32)]; 3] = [
            &[(10, 1250), (100, 1100), (1000, 990)],
            &[(1, 900), (20, 800)],
            &[(5, 300)],
        ];
        let table = table(&products);
        let first_tiers: Vec<Keys> = products
            .iter()
            .map(|tiers| Keys {
                price_fen: tiers[0].1,
                category: 0,
                city: 0,
                belt: 0,
                goods_kind: 0,
                supplier_kind: 0,
                bands: 0,
                bucket: 0,
            })
            .collect();
        for qty in [1, 5, 9, 10, 19, 20, 99, 100, 999, 1000, 5000] {
            let view = table.keys_at(&first_tiers, table.step(qty));
            for (at, tiers) in products.iter().enumerate() {
                let tiers: Vec<api::PriceTier> = tiers
                    .iter()
                    .map(|&(min_qty, price_fen)| api::PriceTier { min_qty, price_fen })
                    .collect();
                // Below the MOQ a product keeps its first price (no filter lets it through).
                let expected = api::tier_price(&tiers, qty).unwrap_or(tiers[0].price_fen);
                assert_eq!(view[at].price_fen, expected, "product {at} at {qty}");
            }
        }
    }
}
