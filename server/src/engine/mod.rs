//! The query engine: an immutable in-memory index of the catalog, loaded from
//! SQLite at start. One pass over the products answers the filters and all the
//! disjunctive facet counts; sort orders are precomputed, so a page is read off
//! a permutation instead of sorting the matches.

use std::collections::HashMap;
use std::sync::Arc;

use beltmart_contract::{self as api, CatalogQuery, Facet, PriceRange, Sort};
use memchr::memmem;

use crate::domain::product::{Product, format_day};
use at_quantity::{AtQuantity, PricedTier, QUANTITY_VIEWS_BYTES, QuantityViews, TierTable};
use product_set::ProductSet;

mod at_quantity;
mod product_set;

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

    /// Where products with an id the taxonomy lacks are counted: one past the
    /// last value, so that counts and selections need no special case.
    fn unknown(&self) -> u16 {
        self.len() as u16
    }

    /// Which values a selection allows; `None` when nothing is selected.
    /// Unknown ids select nothing, so a stale link shows no results rather than an error.
    fn selection(&self, ids: &[String]) -> Option<Vec<bool>> {
        (!ids.is_empty()).then(|| {
            let mut allowed = vec![false; self.len() + 1];
            for at in ids.iter().filter_map(|id| self.get(id)) {
                allowed[usize::from(at)] = true;
            }
            allowed
        })
    }
}

/// What a page of results and a product page show of a product; read only for
/// the products shown.
struct Entry {
    id: Box<str>,
    title: Box<str>,
    unit: Box<str>,
    moq: u32,
    sales_30d: u32,
    listed_day: u32,
    /// Into `SearchIndex::suppliers`: a factory lists many products.
    supplier: u32,
    /// Empty: the generated pictures.
    images: Box<[Box<str>]>,
}

/// What filters, facets and the histogram read of every product, packed into
/// 16 bytes so that a full scan of 100 000 products stays within the CPU caches.
#[derive(Clone, Copy)]
struct Keys {
    price_fen: u32,
    category: u16,
    city: u16,
    belt: u16,
    goods_kind: u16,
    supplier_kind: u16,
    /// One bit per price band that contains the price.
    bands: u8,
    /// The price histogram's bucket.
    bucket: u8,
}

impl Keys {
    /// These keys with the product priced at `tier`: its bands and histogram bucket follow the price.
    fn with_price(self, tier: PricedTier) -> Keys {
        Keys {
            price_fen: tier.price_fen,
            bands: tier.bands,
            bucket: tier.bucket,
            ..self
        }
    }

    /// The product's value of a facet other than price.
    fn value(&self, facet: usize) -> u16 {
        match facet {
            CATEGORY => self.category,
            CITY => self.city,
            BELT => self.belt,
            GOODS => self.goods_kind,
            _ => self.supplier_kind,
        }
    }
}

/// Per facet, the products with each value; for price, with each band.
/// `sizes` are the number of values per facet.
fn value_sets(keys: &[Keys], sizes: [usize; PRICE + 1]) -> [Vec<ProductSet>; PRICE + 1] {
    let mut sets = sizes.map(|size| vec![ProductSet::empty(keys.len()); size]);
    for (at, k) in keys.iter().enumerate() {
        let at = at as u32;
        for facet in [CATEGORY, CITY, BELT, GOODS, SUPPLIER] {
            if let Some(set) = sets[facet].get_mut(usize::from(k.value(facet))) {
                set.insert(at);
            }
        }
        for (band, set) in sets[PRICE].iter_mut().enumerate() {
            if k.bands >> band & 1 == 1 {
                set.insert(at);
            }
        }
    }
    sets
}

/// Every product's lowercased title, one after another, so that a keyword is
/// found with one SIMD search over the whole catalog instead of one per product.
#[derive(Default)]
struct Titles {
    text: String,
    /// Where each product's title starts in `text`; one more entry marks the end.
    starts: Vec<u32>,
}

impl Titles {
    fn push(&mut self, title: &str) {
        self.starts.push(self.text.len() as u32);
        self.text.push_str(&title.to_lowercase());
        // A separator no keyword contains (the codec rejects control characters).
        self.text.push('\u{1f}');
    }

    fn finish(&mut self) {
        self.starts.push(self.text.len() as u32);
    }

    /// The products whose title contains the keyword, in product order, with
    /// the byte position of its first occurrence.
    fn find(&self, finder: &memmem::Finder<'_>) -> Vec<(u32, u32)> {
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

/// The facets a product is checked against, in the order of [`Counts`].
const CATEGORY: usize = 0;
const CITY: usize = 1;
const BELT: usize = 2;
const GOODS: usize = 3;
const SUPPLIER: usize = 4;
const PRICE: usize = 5;
/// Not a facet, but dropping the keyword is a suggestion like dropping a filter.
const KEYWORD: usize = 6;
/// `qty`: the products whose MOQ is at most the quantity.
const QUANTITY: usize = 7;

/// Each droppable parameter with the filter it is in the contract.
const RELAXABLE: [(usize, api::Filter); 8] = [
    (CATEGORY, api::Filter::Facet(Facet::Category)),
    (CITY, api::Filter::Facet(Facet::City)),
    (BELT, api::Filter::Facet(Facet::Belt)),
    (GOODS, api::Filter::Facet(Facet::GoodsKind)),
    (SUPPLIER, api::Filter::Facet(Facet::SupplierKind)),
    (PRICE, api::Filter::Price),
    (KEYWORD, api::Filter::Keyword),
    (QUANTITY, api::Filter::Quantity),
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
    keys: Vec<Keys>,
    titles: Titles,
    /// Leaf categories; products belong to leaves.
    leaves: Vocabulary,
    /// Top-level categories with the leaves under them.
    parents: Vec<(String, Vec<u16>)>,
    cities: Vocabulary,
    belts: Vocabulary,
    goods_kinds: Vocabulary,
    supplier_kinds: Vocabulary,
    bands: Vec<(String, PriceRange)>,
    /// Lowercased Chinese and English names of each leaf, city and belt, which a keyword also matches.
    leaf_names: Vec<String>,
    city_names: Vec<String>,
    belt_names: Vec<String>,
    /// Product indexes in each precomputed order.
    by_price: Vec<u32>,
    /// By MOQ, lowest first: the products a quantity allows are a prefix.
    by_moq: Vec<u32>,
    by_sales: Vec<u32>,
    by_newest: Vec<u32>,
    by_popularity: Vec<u32>,
    /// Position of each product in `by_popularity`, the tie-breaker for keyword relevance.
    popularity_rank: Vec<u32>,
    /// Per facet (and per price band), the products with each value.
    value_sets: [Vec<ProductSet>; PRICE + 1],
    /// The counts over the whole catalog, what a facet shows when no other parameter is set.
    everything: Counts,
    /// Every distinct supplier, once.
    suppliers: Vec<api::Supplier>,
    /// Every product's price tiers, for prices at a quantity and product pages.
    tiers: TierTable,
    at_quantity: QuantityViews,
}

impl SearchIndex {
    /// Builds the index; `rows` is every product, `taxonomy` gives the facet values and their order.
    pub fn build(taxonomy: &api::Taxonomy, mut rows: Vec<Product>) -> SearchIndex {
        let leaf_nodes: Vec<&api::Category> = taxonomy
            .categories
            .iter()
            .flat_map(|c| &c.children)
            .collect();
        let city_nodes: Vec<&api::City> = taxonomy.regions.iter().flat_map(|p| &p.cities).collect();
        let belt_nodes: Vec<&api::Belt> = city_nodes.iter().flat_map(|c| &c.belts).collect();
        let leaves = Vocabulary::new(leaf_nodes.iter().map(|l| l.id.clone()));
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
        let cities = Vocabulary::new(city_nodes.iter().map(|c| c.id.clone()));
        let belts = Vocabulary::new(belt_nodes.iter().map(|b| b.id.clone()));
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

        // Natural order: p1, p2, … p10 (not p1, p10, p2), the tie-breaker of every sort.
        rows.sort_unstable_by(|a, b| (a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)));
        let mut entries = Vec::with_capacity(rows.len());
        let mut keys = Vec::with_capacity(rows.len());
        let mut titles = Titles::default();
        let mut suppliers = Vec::new();
        let mut tiers = TierTable::default();
        let mut supplier_ids: HashMap<api::Supplier, u32> = HashMap::new();
        for row in rows {
            let price_fen = row.price_fen();
            titles.push(&row.title);
            let unpriced = Keys {
                price_fen,
                category: leaves.get(&row.category).unwrap_or(leaves.unknown()),
                city: cities.get(&row.city).unwrap_or(cities.unknown()),
                belt: belts.get(&row.belt).unwrap_or(belts.unknown()),
                goods_kind: goods_kinds.insert(&row.goods_kind),
                supplier_kind: supplier_kinds.insert(&row.supplier.kind),
                bands: 0,
                bucket: 0,
            };
            keys.push(unpriced.with_price(PricedTier::new(row.moq, price_fen, &bands)));
            tiers.push(&row.tiers, &bands);
            let supplier = *supplier_ids.entry(row.supplier).or_insert_with_key(|s| {
                suppliers.push(s.clone());
                suppliers.len() as u32 - 1
            });
            entries.push(Entry {
                id: row.id.into(),
                title: row.title.into(),
                unit: row.unit.into(),
                moq: row.moq,
                sales_30d: row.sales_30d,
                listed_day: row.listed_day,
                supplier,
                images: row.images.into_iter().map(Into::into).collect(),
            });
        }
        titles.finish();
        tiers.finish();

        let order = |key: &dyn Fn(usize, usize) -> std::cmp::Ordering| {
            let mut perm: Vec<u32> = (0..entries.len() as u32).collect();
            perm.sort_by(|&a, &b| key(a as usize, b as usize).then(a.cmp(&b)));
            perm
        };
        let popularity: Vec<f64> = entries
            .iter()
            .map(|e| popularity(e.sales_30d, e.listed_day))
            .collect();
        let by_price = order(&|a, b| keys[a].price_fen.cmp(&keys[b].price_fen));
        let by_moq = order(&|a, b| entries[a].moq.cmp(&entries[b].moq));
        let by_sales = order(&|a, b| entries[b].sales_30d.cmp(&entries[a].sales_30d));
        let by_newest = order(&|a, b| entries[b].listed_day.cmp(&entries[a].listed_day));
        let by_popularity = order(&|a, b| popularity[b].total_cmp(&popularity[a]));
        let mut popularity_rank = vec![0; entries.len()];
        for (rank, &at) in by_popularity.iter().enumerate() {
            popularity_rank[at as usize] = rank as u32;
        }
        let names = |zh: &str, en: &str| format!("{zh}\u{1f}{}", en.to_lowercase());
        let value_sets = value_sets(
            &keys,
            [
                leaves.len(),
                cities.len(),
                belts.len(),
                goods_kinds.len(),
                supplier_kinds.len(),
                bands.len(),
            ],
        );
        let mut everything = Counts::new([&leaves, &cities, &belts, &goods_kinds, &supplier_kinds]);
        let mut all = ProductSet::empty(keys.len());
        (0..keys.len() as u32).for_each(|at| all.insert(at));
        for facet in [CATEGORY, CITY, BELT, GOODS, SUPPLIER, PRICE] {
            everything.recount(facet, &all, &keys);
        }
        SearchIndex {
            leaf_names: leaf_nodes
                .iter()
                .map(|n| names(&n.name_zh, &n.name_en))
                .collect(),
            city_names: city_nodes
                .iter()
                .map(|n| names(&n.name_zh, &n.name_en))
                .collect(),
            belt_names: belt_nodes
                .iter()
                .map(|n| names(&n.name_zh, &n.name_en))
                .collect(),
            entries,
            keys,
            titles,
            leaves,
            parents,
            cities,
            belts,
            goods_kinds,
            supplier_kinds,
            bands,
            by_price,
            by_moq,
            by_sales,
            by_newest,
            by_popularity,
            popularity_rank,
            value_sets,
            everything,
            suppliers,
            tiers,
            at_quantity: QuantityViews::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every product's id, in natural order (p1, p2, … p10).
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|e| &*e.id)
    }

    /// The products priced within `range` at `prices`: a band's precomputed
    /// set at the first tiers' prices, else one pass over the prices.
    fn priced(&self, range: PriceRange, prices: &Prices) -> ProductSet {
        let band = self.bands.iter().position(|(_, band)| *band == range);
        if let (Some(band), Prices::FirstTier) = (band, prices) {
            return self.value_sets[PRICE][band].clone();
        }
        let mut products = ProductSet::empty(self.len());
        for (at, k) in prices.keys(self).iter().enumerate() {
            if range.contains(k.price_fen) {
                products.insert(at as u32);
            }
        }
        products
    }

    /// The catalog at `qty` pieces, from the recent views or built now.
    fn at_quantity(&self, qty: u32) -> Arc<AtQuantity> {
        let step = self.tiers.step(qty);
        if let Some(view) = self.at_quantity.recent(step) {
            return view;
        }
        // Built without the lock: other queries go on meanwhile.
        let view = Arc::new(AtQuantity::new(
            &self.tiers,
            &self.keys,
            step,
            self.purchasable(step),
        ));
        let room = QUANTITY_VIEWS_BYTES / (self.len().max(1) * std::mem::size_of::<Keys>());
        self.at_quantity.keep(step, view.clone(), room.max(1));
        view
    }

    /// The products whose MOQ is at most `qty`.
    fn purchasable(&self, qty: u32) -> ProductSet {
        let allowed = self
            .by_moq
            .partition_point(|&at| self.entries[at as usize].moq <= qty);
        let mut products = ProductSet::empty(self.len());
        for &at in &self.by_moq[..allowed] {
            products.insert(at);
        }
        products
    }

    /// The lowest MOQ among `products` (every product when `None`).
    fn lowest_moq(&self, products: Option<&ProductSet>) -> Option<u32> {
        self.by_moq
            .iter()
            .find(|&&at| products.is_none_or(|p| p.contains(at)))
            .map(|&at| self.entries[at as usize].moq)
    }

    /// Where a product is, by binary search in the natural id order.
    fn position(&self, id: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| (e.id.len(), &*e.id).cmp(&(id.len(), id)))
            .ok()
    }

    /// One product's card. `image` makes the URL of a generated picture.
    pub fn get(
        &self,
        id: &str,
        image: impl Fn(&str, u32) -> String,
    ) -> Option<api::ProductSummary> {
        Some(self.summary(self.position(id)?, &image))
    }

    /// One product's page: its tiers, supplier and images.
    pub fn detail(
        &self,
        id: &str,
        image: impl Fn(&str, u32) -> String,
    ) -> Option<api::ProductDetail> {
        let at = self.position(id)?;
        let summary = self.summary(at, &image);
        let e = &self.entries[at];
        Some(api::ProductDetail {
            images: self.images(at, &image),
            id: summary.id,
            title: summary.title,
            price_fen: summary.price_fen,
            moq: summary.moq,
            unit: summary.unit,
            category: summary.category,
            city: summary.city,
            belt: summary.belt,
            goods_kind: summary.goods_kind,
            sales_30d: summary.sales_30d,
            listed_on: format_day(e.listed_day),
            tiers: self.tiers.tiers(at),
            supplier: self.suppliers[e.supplier as usize].clone(),
        })
    }

    /// A product's own image URLs, or its three generated pictures.
    fn images(&self, at: usize, image: &impl Fn(&str, u32) -> String) -> Vec<String> {
        let e = &self.entries[at];
        if e.images.is_empty() {
            (1..=3).map(|n| image(&e.id, n)).collect()
        } else {
            e.images.iter().map(|url| url.to_string()).collect()
        }
    }

    /// Answers a catalog query. `image` makes a product's image URL.
    pub fn search(
        &self,
        query: &CatalogQuery,
        image: impl Fn(&str, u32) -> String,
    ) -> api::ProductList {
        let started = std::time::Instant::now();
        let prices = Prices::of(self, query);
        let keys = prices.keys(self);
        let filter = Filter::new(self, query, &prices);
        let matched = filter.matching(None);
        let total = matched.as_ref().map_or(self.len() as u64, ProductSet::len);
        let offset = u64::from(query.page - 1) * u64::from(query.per_page);
        let page: Vec<u32> = match (&filter.keyword, &matched) {
            (Some(keyword), Some(matched)) if query.sort == Sort::Relevance => {
                self.by_keyword_relevance(keyword, matched, offset, query.per_page)
            }
            // At a quantity, prices are not those the precomputed order sorts by.
            (_, Some(matched))
                if matches!(prices, Prices::AtQuantity(_))
                    && matches!(query.sort, Sort::PriceAsc | Sort::PriceDesc) =>
            {
                let descending = query.sort == Sort::PriceDesc;
                by_price_in(keys, matched, descending, offset, query.per_page)
            }
            _ => {
                let is_match = |at: &u32| matched.as_ref().is_none_or(|m| m.contains(*at));
                let take = |perm: &mut dyn Iterator<Item = &u32>| {
                    perm.copied()
                        .filter(is_match)
                        .skip(offset.min(usize::MAX as u64) as usize)
                        .take(query.per_page as usize)
                        .collect()
                };
                match query.sort {
                    Sort::PriceAsc => take(&mut self.by_price.iter()),
                    Sort::PriceDesc => take(&mut self.by_price.iter().rev()),
                    Sort::Sales => take(&mut self.by_sales.iter()),
                    Sort::Newest => take(&mut self.by_newest.iter()),
                    Sort::Relevance => take(&mut self.by_popularity.iter()),
                }
            }
        };
        // Disjunctive: a facet's values are counted under every parameter but its own.
        let all_but_set: Vec<Option<ProductSet>> = (0..=QUANTITY)
            .map(|facet| match filter.constraints[facet] {
                Some(_) => filter.matching(Some(facet)),
                None => None,
            })
            .collect();
        let all_but = |facet: usize| match filter.constraints[facet] {
            Some(_) => all_but_set[facet].as_ref(),
            None => matched.as_ref(),
        };
        let mut counts = self.everything.clone();
        for facet in [CATEGORY, CITY, BELT, GOODS, SUPPLIER, PRICE] {
            if let Some(products) = all_but(facet) {
                counts.recount(facet, products, keys);
            }
        }
        api::ProductList {
            items: page
                .into_iter()
                .map(|at| self.summary_at(at as usize, keys, &image))
                .collect(),
            total,
            page: query.page,
            per_page: query.per_page,
            price_histogram: histogram_buckets(&counts.histogram),
            facets: counts.into_facets(self),
            relaxed: RELAXABLE
                .iter()
                .filter(|(facet, _)| filter.constraints[*facet].is_some())
                .map(|&(facet, filter)| api::FacetCount {
                    id: filter.key().to_owned(),
                    count: all_but(facet).map_or(self.len() as u64, ProductSet::len),
                })
                .collect(),
            did_you_mean: Vec::new(),
            nearest_qty: match (query.qty, total) {
                (Some(_), 0) => self.lowest_moq(all_but(QUANTITY)),
                _ => None,
            },
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            catalog_version: String::new(),
        }
    }

    /// How many products a query gives, without a page or counts.
    pub fn count(&self, query: &CatalogQuery) -> u64 {
        let prices = Prices::of(self, query);
        let filter = Filter::new(self, query, &prices);
        filter.matching(None).map_or(self.len() as u64, |m| m.len())
    }

    /// The facet counts over the whole catalog.
    pub fn counts_of_everything(&self) -> api::Facets {
        self.everything.clone().into_facets(self)
    }

    /// Up to `limit` products whose title contains `text` (any case), most popular first.
    pub fn popular_titles(&self, text: &str, limit: usize) -> Vec<api::TitleSuggestion> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Vec::new();
        }
        let found = self.titles.find(&memmem::Finder::new(text.as_bytes()));
        let mut ranked: Vec<(u32, u32)> = found
            .into_iter()
            .map(|(at, _)| (self.popularity_rank[at as usize], at))
            .collect();
        let limit = limit.min(ranked.len());
        if limit > 0 {
            ranked.select_nth_unstable(limit - 1);
        }
        ranked.truncate(limit);
        ranked.sort_unstable();
        ranked
            .into_iter()
            .map(|(_, at)| {
                let entry = &self.entries[at as usize];
                api::TitleSuggestion {
                    id: entry.id.to_string(),
                    title: entry.title.to_string(),
                }
            })
            .collect()
    }

    /// Title matches first, earlier matches before later ones, then popularity.
    fn by_keyword_relevance(
        &self,
        keyword: &Keyword,
        matched: &ProductSet,
        offset: u64,
        per_page: u32,
    ) -> Vec<u32> {
        let scored: Vec<(u32, u32, u32)> = matched
            .iter()
            .map(|at| {
                (
                    keyword.title_position(at),
                    self.popularity_rank[at as usize],
                    at,
                )
            })
            .collect();
        page_of(scored, offset, per_page)
    }

    fn summary(&self, at: usize, image: &impl Fn(&str, u32) -> String) -> api::ProductSummary {
        self.summary_at(at, &self.keys, image)
    }

    /// A card with the price that `keys` give it.
    fn summary_at(
        &self,
        at: usize,
        keys: &[Keys],
        image: &impl Fn(&str, u32) -> String,
    ) -> api::ProductSummary {
        let (e, k) = (&self.entries[at], &keys[at]);
        let id_of =
            |v: &Vocabulary, at: u16| v.ids.get(usize::from(at)).cloned().unwrap_or_default();
        api::ProductSummary {
            id: e.id.to_string(),
            title: e.title.to_string(),
            price_fen: k.price_fen,
            moq: e.moq,
            unit: e.unit.to_string(),
            category: id_of(&self.leaves, k.category),
            city: id_of(&self.cities, k.city),
            belt: id_of(&self.belts, k.belt),
            image: match e.images.first() {
                Some(own) => own.to_string(),
                None => image(&e.id, 1),
            },
            supplier_kind: id_of(&self.supplier_kinds, k.supplier_kind),
            goods_kind: id_of(&self.goods_kinds, k.goods_kind),
            sales_30d: e.sales_30d,
        }
    }
}

/// The unit prices a query sees: each product's first tier, or with `qty`
/// the tier that applies at that quantity.
enum Prices {
    FirstTier,
    AtQuantity(Arc<AtQuantity>),
}

impl Prices {
    fn of(index: &SearchIndex, query: &CatalogQuery) -> Prices {
        match query.qty {
            Some(qty) => Prices::AtQuantity(index.at_quantity(qty)),
            None => Prices::FirstTier,
        }
    }

    fn keys<'a>(&'a self, index: &'a SearchIndex) -> &'a [Keys] {
        match self {
            Prices::FirstTier => &index.keys,
            Prices::AtQuantity(view) => &view.keys,
        }
    }
}

/// A page of `matched` by price at a quantity: only the products up to the
/// page's end are ordered (ties by natural order, as the precomputed order has them).
fn by_price_in(
    keys: &[Keys],
    matched: &ProductSet,
    descending: bool,
    offset: u64,
    per_page: u32,
) -> Vec<u32> {
    let key = |at: u32| {
        let price = keys[at as usize].price_fen;
        match descending {
            true => (u32::MAX - price, u32::MAX - at, at),
            false => (price, at, at),
        }
    };
    page_of(matched.iter().map(key).collect(), offset, per_page)
}

/// One page of products ranked by their keys, the product last in each key:
/// only the keys up to the page's end are ordered.
fn page_of(mut ranked: Vec<(u32, u32, u32)>, offset: u64, per_page: u32) -> Vec<u32> {
    let end = (offset.saturating_add(u64::from(per_page))).min(ranked.len() as u64) as usize;
    let start = (offset.min(end as u64)) as usize;
    if end < ranked.len() && end > 0 {
        ranked.select_nth_unstable(end);
    }
    ranked.truncate(end);
    ranked.sort_unstable();
    ranked[start..].iter().map(|&(_, _, at)| at).collect()
}

/// Recent listings with good sales first: the default order when nothing is typed.
fn popularity(sales_30d: u32, listed_day: u32) -> f64 {
    f64::from(sales_30d + 20) * (1.0 + f64::from(listed_day) / 20_000.0).powi(8)
}

/// A keyword, found once per query: the products whose title, category, city
/// or belt names contain it, and where it is in each title.
struct Keyword {
    products: ProductSet,
    /// (product, byte position in its title), in product order.
    title_positions: Vec<(u32, u32)>,
}

impl Keyword {
    fn new(index: &SearchIndex, keyword: &str) -> Keyword {
        let finder = memmem::Finder::new(keyword.as_bytes());
        let title_positions = index.titles.find(&finder);
        let mut products = ProductSet::empty(index.len());
        for &(at, _) in &title_positions {
            products.insert(at);
        }
        for (names, sets) in [
            (&index.leaf_names, &index.value_sets[CATEGORY]),
            (&index.city_names, &index.value_sets[CITY]),
            (&index.belt_names, &index.value_sets[BELT]),
        ] {
            for (name, set) in names.iter().zip(sets) {
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
    fn title_position(&self, at: u32) -> u32 {
        self.title_positions
            .binary_search_by_key(&at, |&(product, _)| product)
            .map_or(u32::MAX, |found| self.title_positions[found].1)
    }
}

/// A query compiled against the index.
struct Filter {
    keyword: Option<Keyword>,
    /// Per parameter, in the order of the constants above, the products it
    /// allows; `None` when the query does not set it.
    constraints: [Option<ProductSet>; QUANTITY + 1],
}

impl Filter {
    fn new(index: &SearchIndex, query: &CatalogQuery, prices: &Prices) -> Filter {
        let union = |facet: usize, allowed: Option<Vec<bool>>| {
            allowed.map(|allowed| {
                let mut products = ProductSet::empty(index.len());
                for (set, _) in index.value_sets[facet]
                    .iter()
                    .zip(allowed)
                    .filter(|(_, allowed)| *allowed)
                {
                    products.union_with(set);
                }
                products
            })
        };
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
        let keyword = (!keyword.is_empty()).then(|| Keyword::new(index, &keyword));
        Filter {
            constraints: [
                union(CATEGORY, category),
                union(CITY, index.cities.selection(query.values(Facet::City))),
                union(BELT, index.belts.selection(query.values(Facet::Belt))),
                union(
                    GOODS,
                    index.goods_kinds.selection(query.values(Facet::GoodsKind)),
                ),
                union(
                    SUPPLIER,
                    index
                        .supplier_kinds
                        .selection(query.values(Facet::SupplierKind)),
                ),
                (!query.price.is_any()).then(|| index.priced(query.price, prices)),
                keyword.as_ref().map(|k| k.products.clone()),
                match prices {
                    Prices::AtQuantity(view) => Some(view.purchasable.clone()),
                    Prices::FirstTier => None,
                },
            ],
            keyword,
        }
    }

    /// The products every parameter but `except` allows; `None` when nothing
    /// else is set, which means every product.
    fn matching(&self, except: Option<usize>) -> Option<ProductSet> {
        let mut matching: Option<ProductSet> = None;
        for (facet, allowed) in self.constraints.iter().enumerate() {
            match (allowed, &mut matching) {
                (Some(_), _) if Some(facet) == except => {}
                (Some(allowed), None) => matching = Some(allowed.clone()),
                (Some(allowed), Some(matching)) => matching.intersect_with(allowed),
                (None, _) => {}
            }
        }
        matching
    }
}

/// Facet counts per value index (plus one for unknown values, never listed),
/// and the price histogram.
#[derive(Clone)]
struct Counts {
    by_facet: [Vec<u64>; PRICE],
    /// Products per set of price bands, spread over the bands at the end:
    /// one increment per product instead of one per band.
    band_sets: Vec<u64>,
    histogram: [u64; HISTOGRAM_EDGES_FEN.len()],
}

impl Counts {
    fn new(vocabularies: [&Vocabulary; PRICE]) -> Counts {
        Counts {
            by_facet: vocabularies.map(|v| vec![0; v.len() + 1]),
            band_sets: vec![0; 256],
            histogram: [0; HISTOGRAM_EDGES_FEN.len()],
        }
    }

    /// Counts one facet's values over `products` only.
    fn recount(&mut self, facet: usize, products: &ProductSet, keys: &[Keys]) {
        if facet == PRICE {
            self.band_sets.fill(0);
            self.histogram.fill(0);
            for at in products.iter() {
                let k = &keys[at as usize];
                self.band_sets[usize::from(k.bands)] += 1;
                // The histogram ignores the price filter, so it shows what widening the range would add.
                self.histogram[usize::from(k.bucket)] += 1;
            }
            return;
        }
        let counts = &mut self.by_facet[facet];
        counts.fill(0);
        for at in products.iter() {
            counts[usize::from(keys[at as usize].value(facet))] += 1;
        }
    }

    fn into_facets(self, index: &SearchIndex) -> api::Facets {
        let Counts {
            by_facet: [category, city, belt, goods_kind, supplier_kind],
            band_sets,
            ..
        } = self;
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
                .enumerate()
                .map(|(band, (id, _))| api::FacetCount {
                    id: id.clone(),
                    count: (0..band_sets.len())
                        .filter(|set| set >> band & 1 == 1)
                        .map(|set| band_sets[set])
                        .sum(),
                })
                .collect(),
            goods_kind: listed(&index.goods_kinds, goods_kind),
            supplier_kind: listed(&index.supplier_kinds, supplier_kind),
        }
    }
}
