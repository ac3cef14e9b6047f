//! The query engine: an immutable in-memory index of the catalog, loaded from
//! SQLite at start. One pass over the products answers the filters and all the
//! disjunctive facet counts; sort orders are precomputed, so a page is read off
//! a permutation instead of sorting the matches.

use std::collections::HashMap;

use beltmart_contract::{self as api, CatalogQuery, Facet, PriceRange, Sort};
use memchr::memmem;

use super::db::ProductRow;

/// Ids of one vocabulary, in taxonomy order, with a lookup from id to index.
#[derive(Default)]
struct Vocabulary {
    ids: Vec<String>,
    index: HashMap<String, u16>,
}

impl Vocabulary {
    fn new(ids: impl IntoIterator<Item = String>) -> Self {
        let mut v = Vocabulary::default();
        for id in ids {
            v.insert(&id);
        }
        v
    }

    fn insert(&mut self, id: &str) -> u16 {
        if let Some(&at) = self.index.get(id) {
            return at;
        }
        let at = u16::try_from(self.ids.len()).expect("fewer than 65 536 values per vocabulary");
        self.ids.push(id.to_owned());
        self.index.insert(id.to_owned(), at);
        at
    }

    fn get(&self, id: &str) -> Option<u16> {
        self.index.get(id).copied()
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    /// Which values a selection allows; `None` when nothing is selected.
    /// Unknown ids select nothing, so a stale link shows no results rather than an error.
    fn selection(&self, ids: &[String]) -> Option<Vec<bool>> {
        (!ids.is_empty()).then(|| {
            let mut allowed = vec![false; self.len()];
            for at in ids.iter().filter_map(|id| self.get(id)) {
                allowed[usize::from(at)] = true;
            }
            allowed
        })
    }
}

struct Entry {
    id: Box<str>,
    title: Box<str>,
    /// Lowercased title, then the names of its category, city and belt: what a keyword matches.
    haystack: Box<str>,
    title_bytes: u32,
    unit: Box<str>,
    price_fen: u32,
    moq: u32,
    sales_30d: u32,
    listed_day: u32,
    /// One bit per price band that contains the price.
    bands: u8,
    category: u16,
    city: u16,
    belt: u16,
    goods_kind: u16,
    supplier_kind: u16,
}

/// The facets a product is checked against, in the order of [`Counts`].
const CATEGORY: usize = 0;
const CITY: usize = 1;
const BELT: usize = 2;
const GOODS: usize = 3;
const SUPPLIER: usize = 4;
const PRICE: usize = 5;
/// Not a facet, but dropping the keyword is a suggestion like dropping a filter.
const KEYWORD: usize = 6;

/// Each droppable parameter with its query-string name.
const RELAXABLE: [(usize, &str); 7] = [
    (CATEGORY, "category"),
    (CITY, "city"),
    (BELT, "belt"),
    (GOODS, "goods_kind"),
    (SUPPLIER, "supplier_kind"),
    (PRICE, "price"),
    (KEYWORD, "q"),
];

/// Lower edges of the price histogram's buckets, in fen: finer where wholesale
/// unit prices cluster (under ¥50), coarser above; the last bucket is open.
const HISTOGRAM_EDGES_FEN: [u32; 15] = [
    0, 200, 500, 1_000, 1_500, 2_000, 3_000, 5_000, 8_000, 10_000, 15_000, 20_000, 30_000, 50_000,
    100_000,
];

fn histogram_buckets(counts: &[u64]) -> Vec<api::PriceBucket> {
    HISTOGRAM_EDGES_FEN
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (&min_fen, &count))| api::PriceBucket {
            min_fen,
            max_fen: HISTOGRAM_EDGES_FEN.get(i + 1).copied(),
            count,
        })
        .collect()
}

pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Leaf categories; products belong to leaves.
    leaves: Vocabulary,
    /// Top-level categories with the leaves under them.
    parents: Vec<(String, Vec<u16>)>,
    cities: Vocabulary,
    belts: Vocabulary,
    goods_kinds: Vocabulary,
    supplier_kinds: Vocabulary,
    bands: Vec<(String, PriceRange)>,
    /// Product indexes in each precomputed order.
    by_price: Vec<u32>,
    by_sales: Vec<u32>,
    by_newest: Vec<u32>,
    by_popularity: Vec<u32>,
    /// Position of each product in `by_popularity`, the tie-breaker for keyword relevance.
    popularity_rank: Vec<u32>,
}

impl SearchIndex {
    /// Builds the index; `rows` is every product, `taxonomy` gives the facet values and their order.
    pub fn build(taxonomy: &api::Taxonomy, rows: Vec<ProductRow>) -> SearchIndex {
        let leaves = Vocabulary::new(
            taxonomy
                .categories
                .iter()
                .flat_map(|c| c.children.iter().map(|l| l.id.clone())),
        );
        let parents = taxonomy
            .categories
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    c.children
                        .iter()
                        .filter_map(|l| leaves.get(&l.id))
                        .collect(),
                )
            })
            .collect();
        let cities = Vocabulary::new(
            taxonomy
                .regions
                .iter()
                .flat_map(|p| p.cities.iter().map(|c| c.id.clone())),
        );
        let belts = Vocabulary::new(
            taxonomy
                .regions
                .iter()
                .flat_map(|p| p.cities.iter())
                .flat_map(|c| c.belts.iter().map(|b| b.id.clone())),
        );
        let names = names_by_id(taxonomy);
        let mut goods_kinds = Vocabulary::new(taxonomy.goods_kinds.iter().map(|k| k.id.clone()));
        let mut supplier_kinds =
            Vocabulary::new(taxonomy.supplier_kinds.iter().map(|k| k.id.clone()));
        let bands: Vec<(String, PriceRange)> = taxonomy
            .price_bands
            .iter()
            .map(|b| {
                (
                    b.id.clone(),
                    PriceRange::parse(&b.id).expect("price band ids are price ranges"),
                )
            })
            .collect();

        let mut entries: Vec<Entry> = rows
            .into_iter()
            .map(|row| {
                let mut haystack = row.title.to_lowercase();
                let title_bytes = haystack.len() as u32;
                for id in [&row.category, &row.city, &row.belt] {
                    if let Some((zh, en)) = names.get(id.as_str()) {
                        haystack.push('\u{1f}');
                        haystack.push_str(zh);
                        haystack.push('\u{1f}');
                        haystack.push_str(&en.to_lowercase());
                    }
                }
                let bands = bands
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, range))| range.contains(row.price_fen))
                    .fold(0u8, |bits, (i, _)| bits | 1 << i);
                Entry {
                    id: row.id.into(),
                    title: row.title.into(),
                    haystack: haystack.into(),
                    title_bytes,
                    unit: row.unit.into(),
                    price_fen: row.price_fen,
                    moq: row.moq,
                    sales_30d: row.sales_30d,
                    listed_day: row.listed_day,
                    bands,
                    category: leaves.get(&row.category).unwrap_or(u16::MAX),
                    city: cities.get(&row.city).unwrap_or(u16::MAX),
                    belt: belts.get(&row.belt).unwrap_or(u16::MAX),
                    goods_kind: goods_kinds.insert(&row.goods_kind),
                    supplier_kind: supplier_kinds.insert(&row.supplier_kind),
                }
            })
            .collect();
        // Natural order: p1, p2, … p10 (not p1, p10, p2), the tie-breaker of every sort.
        entries.sort_unstable_by(|a, b| (a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)));

        let order = |key: &dyn Fn(&Entry, &Entry) -> std::cmp::Ordering| {
            let mut perm: Vec<u32> = (0..entries.len() as u32).collect();
            perm.sort_by(|&a, &b| key(&entries[a as usize], &entries[b as usize]).then(a.cmp(&b)));
            perm
        };
        let by_price = order(&|a, b| a.price_fen.cmp(&b.price_fen));
        let by_sales = order(&|a, b| b.sales_30d.cmp(&a.sales_30d));
        let by_newest = order(&|a, b| b.listed_day.cmp(&a.listed_day));
        let by_popularity = order(&|a, b| popularity(b).total_cmp(&popularity(a)));
        let mut popularity_rank = vec![0; entries.len()];
        for (rank, &at) in by_popularity.iter().enumerate() {
            popularity_rank[at as usize] = rank as u32;
        }
        SearchIndex {
            entries,
            leaves,
            parents,
            cities,
            belts,
            goods_kinds,
            supplier_kinds,
            bands,
            by_price,
            by_sales,
            by_newest,
            by_popularity,
            popularity_rank,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// One product's card, found by binary search in the natural id order.
    pub fn get(&self, id: &str, image: impl Fn(&str) -> String) -> Option<api::ProductSummary> {
        let at = self
            .entries
            .binary_search_by(|e| (e.id.len(), &*e.id).cmp(&(id.len(), id)))
            .ok()?;
        Some(self.summary(&self.entries[at], &image))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Answers a catalog query. `image` makes a product's image URL.
    pub fn search(&self, query: &CatalogQuery, image: impl Fn(&str) -> String) -> api::ProductList {
        let started = std::time::Instant::now();
        let filter = Filter::new(self, query);
        let mut counts = Counts::new(self);
        let mut matched = vec![0u64; self.entries.len().div_ceil(64)];
        let mut total = 0u64;
        // Totals if one parameter were dropped: the matches plus what fails only that one.
        let mut relaxed = [0u64; KEYWORD + 1];
        let mut histogram = [0u64; HISTOGRAM_EDGES_FEN.len()];
        for (at, entry) in self.entries.iter().enumerate() {
            let failing = filter.failing(entry);
            if matches!(failing, Failing::None | Failing::One(PRICE)) {
                let bucket =
                    HISTOGRAM_EDGES_FEN.partition_point(|&edge| edge <= entry.price_fen) - 1;
                histogram[bucket] += 1;
            }
            match failing {
                Failing::None => {
                    total += 1;
                    matched[at / 64] |= 1 << (at % 64);
                    counts.add_all(entry);
                }
                Failing::One(facet) => {
                    relaxed[facet] += 1;
                    counts.add(facet, entry);
                }
                Failing::Several => {}
            }
        }
        let offset = u64::from(query.page - 1) * u64::from(query.per_page);
        let is_match = |at: u32| matched[at as usize / 64] & (1 << (at % 64)) != 0;
        let page: Vec<u32> = match (&filter.keyword, query.sort) {
            (Some(finder), Sort::Relevance) => {
                self.by_keyword_relevance(finder, &matched, offset, query.per_page)
            }
            (_, sort) => {
                let take = |perm: &mut dyn Iterator<Item = &u32>| {
                    perm.copied()
                        .filter(|&at| is_match(at))
                        .skip(offset.min(usize::MAX as u64) as usize)
                        .take(query.per_page as usize)
                        .collect()
                };
                match sort {
                    Sort::PriceAsc => take(&mut self.by_price.iter()),
                    Sort::PriceDesc => take(&mut self.by_price.iter().rev()),
                    Sort::Sales => take(&mut self.by_sales.iter()),
                    Sort::Newest => take(&mut self.by_newest.iter()),
                    Sort::Relevance => take(&mut self.by_popularity.iter()),
                }
            }
        };
        api::ProductList {
            items: page
                .into_iter()
                .map(|at| self.summary(&self.entries[at as usize], &image))
                .collect(),
            total,
            page: query.page,
            per_page: query.per_page,
            facets: counts.into_facets(self),
            price_histogram: histogram_buckets(&histogram),
            relaxed: RELAXABLE
                .iter()
                .filter(|(_, param)| filter.applies(param))
                .map(|&(facet, param)| api::FacetCount {
                    id: param.to_owned(),
                    count: total + relaxed[facet],
                })
                .collect(),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        }
    }

    /// Title matches first, earlier matches before later ones, then popularity.
    fn by_keyword_relevance(
        &self,
        finder: &memmem::Finder<'_>,
        matched: &[u64],
        offset: u64,
        per_page: u32,
    ) -> Vec<u32> {
        let mut scored: Vec<(u32, u32, u32)> = Vec::new();
        for (word, bits) in matched.iter().enumerate() {
            let mut bits = *bits;
            while bits != 0 {
                let at = (word * 64) as u32 + bits.trailing_zeros();
                bits &= bits - 1;
                let entry = &self.entries[at as usize];
                let found = finder.find(entry.haystack.as_bytes()).unwrap_or(usize::MAX) as u32;
                let position = if found < entry.title_bytes {
                    found
                } else {
                    u32::MAX
                };
                scored.push((position, self.popularity_rank[at as usize], at));
            }
        }
        let end = (offset.saturating_add(u64::from(per_page))).min(scored.len() as u64) as usize;
        let start = (offset.min(end as u64)) as usize;
        if end < scored.len() && end > 0 {
            scored.select_nth_unstable(end);
        }
        scored.truncate(end);
        scored.sort_unstable();
        scored[start..].iter().map(|&(_, _, at)| at).collect()
    }

    fn summary(&self, e: &Entry, image: &impl Fn(&str) -> String) -> api::ProductSummary {
        let id_of =
            |v: &Vocabulary, at: u16| v.ids.get(usize::from(at)).cloned().unwrap_or_default();
        api::ProductSummary {
            id: e.id.to_string(),
            title: e.title.to_string(),
            price_fen: e.price_fen,
            moq: e.moq,
            unit: e.unit.to_string(),
            category: id_of(&self.leaves, e.category),
            city: id_of(&self.cities, e.city),
            belt: id_of(&self.belts, e.belt),
            image: image(&e.id),
            supplier_kind: id_of(&self.supplier_kinds, e.supplier_kind),
            goods_kind: id_of(&self.goods_kinds, e.goods_kind),
            sales_30d: e.sales_30d,
        }
    }
}

/// Recent listings with good sales first: the default order when nothing is typed.
fn popularity(e: &Entry) -> f64 {
    f64::from(e.sales_30d + 20) * (1.0 + f64::from(e.listed_day) / 20_000.0).powi(8)
}

fn names_by_id(taxonomy: &api::Taxonomy) -> HashMap<&str, (&str, &str)> {
    let mut names = HashMap::new();
    for c in taxonomy.categories.iter().flat_map(|c| &c.children) {
        names.insert(c.id.as_str(), (c.name_zh.as_str(), c.name_en.as_str()));
    }
    for city in taxonomy.regions.iter().flat_map(|p| &p.cities) {
        names.insert(
            city.id.as_str(),
            (city.name_zh.as_str(), city.name_en.as_str()),
        );
        for b in &city.belts {
            names.insert(b.id.as_str(), (b.name_zh.as_str(), b.name_en.as_str()));
        }
    }
    names
}

/// A query compiled against the index.
struct Filter {
    keyword: Option<memmem::Finder<'static>>,
    category: Option<Vec<bool>>,
    city: Option<Vec<bool>>,
    belt: Option<Vec<bool>>,
    goods_kind: Option<Vec<bool>>,
    supplier_kind: Option<Vec<bool>>,
    price: Option<PriceRange>,
}

enum Failing {
    None,
    One(usize),
    Several,
}

impl Filter {
    fn new(index: &SearchIndex, query: &CatalogQuery) -> Filter {
        let category = index.leaves.selection(&query.category).map(|mut allowed| {
            for (parent, leaves) in &index.parents {
                if query.category.contains(parent) {
                    for &leaf in leaves {
                        allowed[usize::from(leaf)] = true;
                    }
                }
            }
            allowed
        });
        let keyword = query.q.trim().to_lowercase();
        Filter {
            keyword: (!keyword.is_empty())
                .then(|| memmem::Finder::new(keyword.as_bytes()).into_owned()),
            category,
            city: index.cities.selection(query.values(Facet::City)),
            belt: index.belts.selection(query.values(Facet::Belt)),
            goods_kind: index.goods_kinds.selection(query.values(Facet::GoodsKind)),
            supplier_kind: index
                .supplier_kinds
                .selection(query.values(Facet::SupplierKind)),
            price: (!query.price.is_any()).then_some(query.price),
        }
    }

    /// Which facets reject the product: a product rejected by exactly one facet
    /// still counts towards that facet's other values (disjunctive counts).
    fn failing(&self, e: &Entry) -> Failing {
        let allows = |sel: &Option<Vec<bool>>, at: u16| {
            sel.as_ref()
                .is_none_or(|a| a.get(usize::from(at)).copied().unwrap_or(false))
        };
        let checks = [
            (CATEGORY, allows(&self.category, e.category)),
            (CITY, allows(&self.city, e.city)),
            (BELT, allows(&self.belt, e.belt)),
            (GOODS, allows(&self.goods_kind, e.goods_kind)),
            (SUPPLIER, allows(&self.supplier_kind, e.supplier_kind)),
            (PRICE, self.price.is_none_or(|p| p.contains(e.price_fen))),
        ];
        let mut failing = Failing::None;
        for (facet, ok) in checks {
            if !ok {
                failing = match failing {
                    Failing::None => Failing::One(facet),
                    _ => return Failing::Several,
                };
            }
        }
        // The keyword is the costliest check, so it runs last and only when it can still matter.
        if let Some(finder) = &self.keyword
            && finder.find(e.haystack.as_bytes()).is_none()
        {
            failing = match failing {
                Failing::None => Failing::One(KEYWORD),
                _ => Failing::Several,
            };
        }
        failing
    }

    /// Whether the query sets this parameter.
    fn applies(&self, param: &str) -> bool {
        match param {
            "category" => self.category.is_some(),
            "city" => self.city.is_some(),
            "belt" => self.belt.is_some(),
            "goods_kind" => self.goods_kind.is_some(),
            "supplier_kind" => self.supplier_kind.is_some(),
            "price" => self.price.is_some(),
            _ => self.keyword.is_some(),
        }
    }
}

/// Facet counts per value index, in the facet order of the constants above.
struct Counts {
    by_facet: [Vec<u64>; 6],
}

impl Counts {
    fn new(index: &SearchIndex) -> Counts {
        Counts {
            by_facet: [
                vec![0; index.leaves.len()],
                vec![0; index.cities.len()],
                vec![0; index.belts.len()],
                vec![0; index.goods_kinds.len()],
                vec![0; index.supplier_kinds.len()],
                vec![0; index.bands.len()],
            ],
        }
    }

    fn add_all(&mut self, e: &Entry) {
        for facet in [CATEGORY, CITY, BELT, GOODS, SUPPLIER, PRICE] {
            self.add(facet, e);
        }
    }

    fn add(&mut self, facet: usize, e: &Entry) {
        let Some(counts) = self.by_facet.get_mut(facet) else {
            return; // the keyword has no counts of its own
        };
        if facet == PRICE {
            for (band, count) in counts.iter_mut().enumerate() {
                if e.bands & (1 << band) != 0 {
                    *count += 1;
                }
            }
            return;
        }
        let at = match facet {
            CATEGORY => e.category,
            CITY => e.city,
            BELT => e.belt,
            GOODS => e.goods_kind,
            _ => e.supplier_kind,
        };
        if let Some(count) = counts.get_mut(usize::from(at)) {
            *count += 1;
        }
    }

    fn into_facets(self, index: &SearchIndex) -> api::Facets {
        let [category, city, belt, goods, supplier, price] = self.by_facet;
        let listed = |v: &Vocabulary, counts: Vec<u64>| -> Vec<api::FacetCount> {
            v.ids
                .iter()
                .zip(counts)
                .map(|(id, count)| api::FacetCount {
                    id: id.clone(),
                    count,
                })
                .collect()
        };
        // Top-level categories count the products of all their leaves.
        let mut categories: Vec<api::FacetCount> = index
            .parents
            .iter()
            .map(|(id, leaves)| api::FacetCount {
                id: id.clone(),
                count: leaves.iter().map(|&l| category[usize::from(l)]).sum(),
            })
            .collect();
        categories.extend(listed(&index.leaves, category));
        api::Facets {
            category: categories,
            city: listed(&index.cities, city),
            belt: listed(&index.belts, belt),
            price: index
                .bands
                .iter()
                .zip(price)
                .map(|((id, _), count)| api::FacetCount {
                    id: id.clone(),
                    count,
                })
                .collect(),
            goods_kind: listed(&index.goods_kinds, goods),
            supplier_kind: listed(&index.supplier_kinds, supplier),
        }
    }
}
