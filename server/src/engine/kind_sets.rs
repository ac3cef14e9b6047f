//! Supplier kinds are a set per product (a factory can be 专精特新 and a
//! 大牌代工厂 at once). Each distinct set is numbered and a product's key holds
//! its set's number: counting stays one increment per product, spread over
//! the kinds at the end, as the price bands are.

use std::collections::HashMap;

/// The distinct sets of supplier kinds (as vocabulary indexes), numbered.
#[derive(Default)]
pub struct KindSets {
    sets: Vec<Box<[u16]>>,
    numbers: HashMap<Box<[u16]>, u16>,
}

impl KindSets {
    /// The number of the set `kinds` (in the supplier's order).
    pub fn insert(&mut self, kinds: Vec<u16>) -> u16 {
        let kinds = kinds.into_boxed_slice();
        if let Some(&at) = self.numbers.get(&kinds) {
            return at;
        }
        let at = u16::try_from(self.sets.len()).expect("fewer than 65 536 sets of kinds");
        self.sets.push(kinds.clone());
        self.numbers.insert(kinds, at);
        at
    }

    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// The kinds in set `at`; none for a number past the last.
    pub fn kinds(&self, at: u16) -> &[u16] {
        self.sets.get(usize::from(at)).map_or(&[], |s| s)
    }

    /// Counts per set turned into counts per kind (`kinds` of them).
    pub fn spread(&self, per_set: &[u64], kinds: usize) -> Vec<u64> {
        let mut per_kind = vec![0; kinds];
        for (set, &count) in self.sets.iter().zip(per_set) {
            for &kind in set.iter() {
                if let Some(c) = per_kind.get_mut(usize::from(kind)) {
                    *c += count;
                }
            }
        }
        per_kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_counts_once_for_each_kind_of_its_supplier() {
        let mut sets = KindSets::default();
        let both = sets.insert(vec![0, 2]);
        let first = sets.insert(vec![0]);
        assert_eq!(sets.insert(vec![0, 2]), both);
        let mut per_set = vec![0; sets.len()];
        per_set[usize::from(both)] += 3;
        per_set[usize::from(first)] += 1;
        assert_eq!(sets.spread(&per_set, 3), [4, 0, 3]);
        assert_eq!(sets.kinds(first), [0]);
    }
}
