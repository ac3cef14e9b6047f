//! A factory beside the other factories of its belt that make products in the
//! same categories: how its prices, MOQs and years compare, in figures a
//! shopper reads in a second ("价格低于本产业带 70% 的同类工厂").

use std::collections::HashMap;

use beltmart_contract as api;

use super::SearchIndex;

/// Per category, the first-tier unit prices of one supplier's products there.
type PricesByCategory = HashMap<u16, Vec<u32>>;

impl SearchIndex {
    /// How many products the supplier `id` lists; `None` for an unknown id.
    pub fn product_count(&self, id: &str) -> Option<u64> {
        let at = *self.supplier_ids.get(id)?;
        Some(self.supplier_products[at as usize].len() as u64)
    }

    /// The supplier `id` among its belt's peers; `None` for an unknown id.
    pub fn peers(&self, id: &str) -> Option<api::BeltPeers> {
        let me = *self.supplier_ids.get(id)? as usize;
        let mine = self.prices_by_category(me);
        let belt = self.suppliers[me].belt;
        let mut pricier = 0;
        let mut fewer_years = 0;
        let mut compared = 0;
        let mut belt_moqs = Vec::new();
        let mut belt_years = Vec::new();
        for (other, entry) in self.suppliers.iter().enumerate() {
            if entry.belt != belt || self.supplier_products[other].is_empty() {
                continue;
            }
            belt_years.push(entry.years);
            belt_moqs.extend(self.moqs_in(other, &mine));
            if other == me {
                continue;
            }
            let theirs = self.prices_by_category(other);
            let Some(higher) = compare(&mine, &theirs) else {
                continue;
            };
            compared += 1;
            pricier += u32::from(higher);
            fewer_years += u32::from(entry.years < self.suppliers[me].years);
        }
        let share = |n: u32| (compared > 0).then(|| (n * 100 + compared / 2) / compared);
        Some(api::BeltPeers {
            factories: compared,
            cheaper_than_pct: share(pricier),
            moq_median: median(self.moqs_in(me, &mine).collect()),
            belt_moq_median: median(belt_moqs),
            belt_years_median: median(belt_years).unwrap_or(self.suppliers[me].years),
            longer_than_pct: share(fewer_years),
        })
    }

    fn prices_by_category(&self, supplier: usize) -> PricesByCategory {
        let mut by_category = PricesByCategory::new();
        for &at in &self.supplier_products[supplier] {
            let k = &self.keys[at as usize];
            by_category.entry(k.category).or_default().push(k.price_fen);
        }
        by_category
    }

    /// The MOQs of the supplier's products in the categories of `categories`.
    fn moqs_in<'a>(
        &'a self,
        supplier: usize,
        categories: &'a PricesByCategory,
    ) -> impl Iterator<Item = u32> + 'a {
        self.supplier_products[supplier]
            .iter()
            .filter(|&&at| categories.contains_key(&self.keys[at as usize].category))
            .map(|&at| self.entries[at as usize].moq)
    }
}

/// Whether `theirs` is typically dearer than `mine` in the categories both
/// make (the median price, category by category, most categories deciding);
/// `None` when they share no category.
fn compare(mine: &PricesByCategory, theirs: &PricesByCategory) -> Option<bool> {
    let mut balance = 0i64;
    let mut shared = false;
    for (category, my_prices) in mine {
        let Some(their_prices) = theirs.get(category) else {
            continue;
        };
        shared = true;
        let (a, b) = (median(my_prices.clone()), median(their_prices.clone()));
        balance += b.cmp(&a) as i64;
    }
    shared.then_some(balance > 0)
}

/// The lower median; `None` for no values.
fn median(mut values: Vec<u32>) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    let middle = (values.len() - 1) / 2;
    Some(*values.select_nth_unstable(middle).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_comparisons() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
        let prices = |pairs: &[(u16, &[u32])]| -> PricesByCategory {
            pairs.iter().map(|(c, p)| (*c, p.to_vec())).collect()
        };
        let mine = prices(&[(1, &[100, 200, 300]), (2, &[50])]);
        assert_eq!(compare(&mine, &prices(&[(1, &[250])])), Some(true));
        assert_eq!(compare(&mine, &prices(&[(1, &[150])])), Some(false));
        assert_eq!(compare(&mine, &prices(&[(1, &[200])])), Some(false));
        assert_eq!(compare(&mine, &prices(&[(3, &[1])])), None);
        // Dearer in two categories, cheaper in one: dearer.
        let theirs = prices(&[(1, &[900]), (2, &[60])]);
        assert_eq!(compare(&mine, &theirs), Some(true));
    }
}
