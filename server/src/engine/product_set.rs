//! A set of products as one bit per product: filters combine with word-wide
//! AND/OR, and a set is walked in product order.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductSet {
    words: Vec<u64>,
}

impl ProductSet {
    pub fn empty(products: usize) -> ProductSet {
        ProductSet {
            words: vec![0; products.div_ceil(64)],
        }
    }

    pub fn insert(&mut self, at: u32) {
        self.words[at as usize / 64] |= 1 << (at % 64);
    }

    pub fn contains(&self, at: u32) -> bool {
        self.words[at as usize / 64] & (1 << (at % 64)) != 0
    }

    /// The memory it takes.
    pub fn bytes(&self) -> usize {
        self.words.len() * 8
    }

    pub fn len(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    pub fn union_with(&mut self, other: &ProductSet) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word |= other;
        }
    }

    pub fn intersect_with(&mut self, other: &ProductSet) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word &= other;
        }
    }

    /// The members, in product order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let base = (i * 64) as u32;
            std::iter::successors((word != 0).then_some(word), |&w| {
                let rest = w & (w - 1);
                (rest != 0).then_some(rest)
            })
            .map(move |w| base + w.trailing_zeros())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combines_and_walks_in_order() {
        let mut a = ProductSet::empty(200);
        for at in [0, 63, 64, 130, 199] {
            a.insert(at);
        }
        let mut b = ProductSet::empty(200);
        for at in [63, 130, 150] {
            b.insert(at);
        }
        assert_eq!(a.len(), 5);
        assert!(a.contains(199) && !a.contains(198));
        let mut both = a.clone();
        both.intersect_with(&b);
        assert_eq!(both.iter().collect::<Vec<_>>(), [63, 130]);
        a.union_with(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 63, 64, 130, 150, 199]);
    }
}
