//! The catalog at a quantity (`qty`): every product priced at the tier that
//! applies, and the products whose MOQ allows that few.
//!
//! Prices at N pieces change only at the quantities where some product's tier
//! starts (its steps: 1, 10, 50, 100 … in a real catalog, a few dozen), so a
//! view is made and kept per step, not per quantity: `qty=20` and `qty=25`
//! share one. Each tier's price bands and histogram bucket are worked out once
//! when the index is built, so a new view is one sequential pass that copies them.

use std::sync::{Arc, Mutex, MutexGuard};

use beltmart_contract::{self as api, PriceRange};

use super::Keys;
use super::ProductSet;

/// Every product's price tiers, flat in product order.
#[derive(Default)]
pub(super) struct TierTable {
    /// Where each product's tiers start in `tiers`; one more entry marks the end.
    starts: Vec<u32>,
    tiers: Vec<PricedTier>,
    /// Every distinct tier quantity, ascending.
    steps: Vec<u32>,
}

/// One tier, with where its price falls among the bands and the histogram.
#[derive(Clone, Copy)]
pub(super) struct PricedTier {
    pub min_qty: u32,
    pub price_fen: u32,
    /// One bit per price band that contains the price.
    pub bands: u8,
    /// The price histogram's bucket.
    pub bucket: u8,
}

impl PricedTier {
    pub fn new(min_qty: u32, price_fen: u32, bands: &[(String, PriceRange)]) -> PricedTier {
        PricedTier {
            min_qty,
            price_fen,
            bands: bands
                .iter()
                .enumerate()
                .filter(|(_, (_, range))| range.contains(price_fen))
                .fold(0u8, |bits, (i, _)| bits | 1 << i),
            bucket: (super::HISTOGRAM_EDGES_FEN.partition_point(|&edge| edge <= price_fen) - 1)
                as u8,
        }
    }
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
pub(super) struct AtQuantity {
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

/// Recent steps' views, least recently used first.
#[derive(Default)]
pub(super) struct QuantityViews(Mutex<Vec<(u32, Arc<AtQuantity>)>>);

/// Memory the views of one catalog version may take.
pub(super) const QUANTITY_VIEWS_BYTES: usize = 64 << 20;

impl QuantityViews {
    fn lock(&self) -> MutexGuard<'_, Vec<(u32, Arc<AtQuantity>)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The view of `step`, if it is kept; it becomes the most recent.
    pub fn recent(&self, step: u32) -> Option<Arc<AtQuantity>> {
        let mut views = self.lock();
        let at = views.iter().position(|(s, _)| *s == step)?;
        let view = views.remove(at);
        views.push(view.clone());
        Some(view.1)
    }

    /// Keeps a new view, forgetting the least recent beyond `room`.
    pub fn keep(&self, step: u32, view: Arc<AtQuantity>, room: usize) {
        let mut views = self.lock();
        views.retain(|(s, _)| *s != step);
        views.push((step, view));
        let excess = views.len().saturating_sub(room);
        views.drain(..excess);
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
