//! A keyword: the products whose title, or category, city or belt names,
//! contain it, and where it first appears in each title.

use memchr::memmem;

use super::SearchIndex;
use super::param::Param;
use super::product_set::ProductSet;

/// Every product's lowercased title, one after another, so that a keyword is
/// found with one SIMD search over the whole catalog instead of one per product.
#[derive(Default)]
pub struct Titles {
    text: String,
    /// Where each product's title starts in `text`; one more entry marks the end.
    starts: Vec<u32>,
}

impl Titles {
    pub fn push(&mut self, title: &str) {
        self.starts.push(self.text.len() as u32);
        self.text.push_str(&title.to_lowercase());
        // A separator no keyword contains (the codec rejects control characters).
        self.text.push('\u{1f}');
    }

    pub fn finish(&mut self) {
        self.starts.push(self.text.len() as u32);
    }

    /// The products whose title contains the keyword, in product order, with
    /// the byte position of its first occurrence.
    pub fn find(&self, finder: &memmem::Finder<'_>) -> Vec<(u32, u32)> {
        let mut found: Vec<(u32, u32)> = Vec::new();
        for at in finder.find_iter(self.text.as_bytes()) {
            let at = at as u32;
            let product = self.starts.partition_point(|&start| start <= at) as u32 - 1;
            if found.last().is_none_or(|&(last, _)| last != product) {
                found.push((product, at - self.starts[product as usize]));
            }
        }
        found
    }
}

/// A keyword, found once per query.
pub struct Keyword {
    pub products: ProductSet,
    /// (product, byte position in its title), in product order.
    title_positions: Vec<(u32, u32)>,
}

impl Keyword {
    /// `keyword` is lowercased and not empty.
    pub fn new(index: &SearchIndex, keyword: &str) -> Keyword {
        let finder = memmem::Finder::new(keyword.as_bytes());
        let title_positions = index.titles.find(&finder);
        let mut products = ProductSet::empty(index.len());
        for &(at, _) in &title_positions {
            products.insert(at);
        }
        for (names, facet) in [
            (&index.leaf_names, Param::Category),
            (&index.city_names, Param::City),
            (&index.belt_names, Param::Belt),
        ] {
            for (name, set) in names.iter().zip(&index.value_sets[facet.index()]) {
                if finder.find(name.as_bytes()).is_some() {
                    products.union_with(set);
                }
            }
        }
        Keyword {
            products,
            title_positions,
        }
    }

    /// Where the keyword first appears in the product's title; `u32::MAX` when only a name matched.
    pub fn title_position(&self, at: u32) -> u32 {
        self.title_positions
            .binary_search_by_key(&at, |&(product, _)| product)
            .map_or(u32::MAX, |found| self.title_positions[found].1)
    }
}
