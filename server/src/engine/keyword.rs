//! A keyword: the products whose title, or category, city or belt names,
//! contain it, and where it first appears in each title.

use std::collections::HashMap;

use memchr::memmem;

use super::SearchIndex;
use super::param::Param;
use super::product_set::ProductSet;

/// Every product's lowercased title, one after another, with an index of
/// the characters and pairs of adjacent characters in each (n-grams suit
/// Chinese titles, which have no spaces): a keyword is looked for only in the
/// titles that have all its pairs, instead of in every title.
#[derive(Default)]
pub struct Titles {
    text: String,
    /// Where each product's title starts in `text`; one more entry marks the end.
    starts: Vec<u32>,
    /// While building: per gram, the products whose title has it, ascending.
    building: HashMap<u64, Vec<u32>>,
    /// Per gram, its products' range in `postings`.
    grams: HashMap<u64, (u32, u32)>,
    postings: Vec<u32>,
}

/// A character, or two adjacent ones, as one number.
fn gram(first: char, second: Option<char>) -> u64 {
    // One past the last code point stands for "no second character".
    let second = second.map_or(0x11_0000, u64::from);
    u64::from(first) << 21 | second
}

impl Titles {
    pub fn push(&mut self, title: &str) {
        let product = self.starts.len() as u32;
        self.starts.push(self.text.len() as u32);
        let lowercased = title.to_lowercase();
        let chars: Vec<char> = lowercased.chars().collect();
        let singles = chars.iter().map(|&c| gram(c, None));
        let pairs = chars.windows(2).map(|pair| gram(pair[0], Some(pair[1])));
        for gram in singles.chain(pairs) {
            let products = self.building.entry(gram).or_default();
            // A title with a gram twice is listed once.
            if products.last() != Some(&product) {
                products.push(product);
            }
        }
        self.text.push_str(&lowercased);
        // A separator no keyword contains (the codec rejects control characters).
        self.text.push('\u{1f}');
    }

    pub fn finish(&mut self) {
        self.starts.push(self.text.len() as u32);
        let building = std::mem::take(&mut self.building);
        self.postings
            .reserve_exact(building.values().map(Vec::len).sum());
        for (gram, products) in building {
            let start = self.postings.len() as u32;
            self.postings.extend(products);
            self.grams.insert(gram, (start, self.postings.len() as u32));
        }
        self.text.shrink_to_fit();
    }

    fn posting(&self, gram: u64) -> &[u32] {
        self.grams.get(&gram).map_or(&[], |&(start, end)| {
            &self.postings[start as usize..end as usize]
        })
    }

    /// The products whose title may contain `keyword` (lowercased, not
    /// empty): those with each of its pairs (its character, when it has one).
    fn candidates(&self, keyword: &str) -> Vec<u32> {
        let chars: Vec<char> = keyword.chars().collect();
        let mut lists: Vec<&[u32]> = match chars.as_slice() {
            [] => return Vec::new(),
            [single] => vec![self.posting(gram(*single, None))],
            _ => chars
                .windows(2)
                .map(|pair| self.posting(gram(pair[0], Some(pair[1]))))
                .collect(),
        };
        lists.sort_by_key(|list| list.len());
        let mut candidates = lists[0].to_vec();
        for list in &lists[1..] {
            candidates.retain(|product| list.binary_search(product).is_ok());
        }
        candidates
    }

    /// A product's lowercased title.
    fn title(&self, at: u32) -> &str {
        let (start, end) = (self.starts[at as usize], self.starts[at as usize + 1]);
        &self.text[start as usize..end as usize - 1]
    }

    /// The products whose title contains `keyword` (lowercased), in product
    /// order, with the byte position of its first occurrence.
    pub fn find(&self, keyword: &str) -> Vec<(u32, u32)> {
        let finder = memmem::Finder::new(keyword.as_bytes());
        self.candidates(keyword)
            .into_iter()
            .filter_map(|at| Some((at, finder.find(self.title(at).as_bytes())? as u32)))
            .collect()
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
        let title_positions = index.titles.find(keyword);
        let finder = memmem::Finder::new(keyword.as_bytes());
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

#[cfg(test)]
mod tests {
    use super::Titles;

    fn titles(all: &[&str]) -> Titles {
        let mut titles = Titles::default();
        for title in all {
            titles.push(title);
        }
        titles.finish();
        titles
    }

    #[test]
    fn a_keyword_is_found_where_its_characters_are_adjacent() {
        let titles = titles(&["儿童运动鞋", "运动 儿童鞋", "Kids Socks 袜子", "鞋鞋鞋"]);
        assert_eq!(titles.find("运动鞋"), [(0, 6)]);
        assert_eq!(titles.find("儿童"), [(0, 0), (1, 7)]);
        assert_eq!(titles.find("鞋"), [(0, 12), (1, 13), (3, 0)]);
        assert_eq!(titles.find("socks"), [(2, 5)]);
        assert_eq!(titles.find("s"), [(2, 3)]);
        assert_eq!(titles.find("鞋运"), []);
        assert_eq!(titles.find("袜子们"), []);
    }
}
