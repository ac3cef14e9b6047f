//! Tiered prices (阶梯价): what one piece costs at a quantity.

use crate::types::PriceTier;

/// The unit price at `qty` pieces: the tier with the largest `min_qty` at or
/// below it. `None` below the first tier, whose `min_qty` is the MOQ (起批量).
/// Tiers are ascending by `min_qty`, as the API gives them.
pub fn tier_price(tiers: &[PriceTier], qty: u32) -> Option<u32> {
    let applies = tiers.partition_point(|t| t.min_qty <= qty);
    applies.checked_sub(1).map(|at| tiers[at].price_fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<PriceTier> {
        [(10, 1250), (100, 1100), (1000, 990)]
            .map(|(min_qty, price_fen)| PriceTier { min_qty, price_fen })
            .to_vec()
    }

    #[test]
    fn the_tier_that_applies_sets_the_price() {
        assert_eq!(tier_price(&tiers(), 9), None);
        assert_eq!(tier_price(&tiers(), 10), Some(1250));
        assert_eq!(tier_price(&tiers(), 99), Some(1250));
        assert_eq!(tier_price(&tiers(), 100), Some(1100));
        assert_eq!(tier_price(&tiers(), 1_000_000), Some(990));
        assert_eq!(tier_price(&[], 5), None);
    }
}
