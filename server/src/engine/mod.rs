//! The query engine: an immutable in-memory index of one catalog version.
//! One pass over the products answers the filters and all the disjunctive
//! facet counts; sort orders are precomputed, so a page is read off a
//! permutation instead of sorting the matches.
//!
//! Split by operation: `build` (the index), `filters` (a query compiled to
//! product sets), `counts` (facets and histogram), `orders` (a page in the
//! order asked), `keyword`, `at_quantity` (prices at `qty`); `tests` compares
//! it with a naive filter-and-count on random catalogs and queries.

mod at_quantity;
mod belt_factories;
mod build;
mod counts;
mod filters;
mod keys;
mod keyword;
mod kind_sets;
mod orders;
mod param;
mod peers;
mod pictures;
mod product_set;
#[cfg(test)]
mod tests;
mod vocabulary;

use beltmart_contract::{self as api, CatalogQuery, PriceRange};

use crate::domain::product::format_day;
use at_quantity::{Prices, QuantityViews, TierTable};
use counts::Counts;
use filters::Filter;
use keys::{Keys, histogram_buckets};
use keyword::Titles;
use kind_sets::KindSets;
use param::{COUNTED, Param};
pub use pictures::Pictures;
use product_set::ProductSet;
use vocabulary::Vocabulary;

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

/// What the index keeps of a supplier.
struct SupplierEntry {
    /// What a product page shows of it.
    reference: api::Supplier,
    /// The number of its set of kinds.
    kinds: u16,
    belt: u16,
    years: u32,
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
    value_sets: [Vec<ProductSet>; COUNTED],
    /// The counts over the whole catalog, what a facet shows when no other parameter is set.
    everything: Counts,
    /// Every supplier, once: the profiles' (in their order), then any only a product named.
    suppliers: Vec<SupplierEntry>,
    supplier_ids: std::collections::HashMap<String, u32>,
    /// Per supplier, its products' positions, ascending.
    supplier_products: Vec<Vec<u32>>,
    /// The distinct sets of kinds the suppliers have.
    kind_sets: KindSets,
    /// Every product's price tiers, for prices at a quantity and product pages.
    tiers: TierTable,
    at_quantity: QuantityViews,
    /// The stored pictures that products' images reference.
    pictures: Pictures,
}

impl SearchIndex {
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

    /// Where a product is, by binary search in the natural id order.
    fn position(&self, id: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| (e.id.len(), &*e.id).cmp(&(id.len(), id)))
            .ok()
    }

    /// The index with the stored pictures its products' images reference.
    pub fn with_pictures(self, pictures: Pictures) -> SearchIndex {
        SearchIndex { pictures, ..self }
    }

    pub fn pictures(&self) -> &Pictures {
        &self.pictures
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
        let (images, pictures) = self.images(at, &image);
        Some(api::ProductDetail {
            images,
            pictures,
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
            supplier: self.suppliers[e.supplier as usize].reference.clone(),
        })
    }

    /// A product's own image URLs, with the sizes of those the site stores
    /// (none when it stores none), or its three generated pictures.
    fn images(
        &self,
        at: usize,
        image: &impl Fn(&str, u32) -> String,
    ) -> (Vec<String>, Vec<Option<api::Picture>>) {
        let e = &self.entries[at];
        let shown: Vec<_> = e
            .images
            .iter()
            .filter_map(|i| self.pictures.show(i))
            .collect();
        if shown.is_empty() {
            return ((1..=3).map(|n| image(&e.id, n)).collect(), Vec::new());
        }
        let (urls, mut pictures): (Vec<_>, Vec<_>) = shown.into_iter().unzip();
        if pictures.iter().all(Option::is_none) {
            pictures.clear();
        }
        (urls, pictures)
    }

    /// Answers a catalog query. `image` makes a product's image URL.
    pub fn search(
        &self,
        query: &CatalogQuery,
        image: impl Fn(&str, u32) -> String,
    ) -> api::ProductList {
        let started = std::time::Instant::now();
        let prices = Prices::of(self, query.qty);
        let keys = prices.keys(self);
        let filter = Filter::new(self, query, &prices);
        let matched = filter.matching(None);
        let total = matched.as_ref().map_or(self.len() as u64, ProductSet::len);
        let page = self.page(query, filter.keyword.as_ref(), matched.as_ref(), &prices);
        // Disjunctive: a facet's values are counted under every parameter but its own.
        let all_but_set = Param::ALL.map(|param| match filter.sets(param) {
            true => filter.matching(Some(param)),
            false => None,
        });
        let all_but = |param: Param| match filter.sets(param) {
            true => all_but_set[param.index()].as_ref(),
            false => matched.as_ref(),
        };
        let mut counts = self.everything.clone();
        // The facets the query does not filter by count over the matches, in one pass.
        let (own, unset): (Vec<Param>, Vec<Param>) =
            Param::FACETS.into_iter().partition(|&f| filter.sets(f));
        if let Some(matched) = &matched {
            counts.recount(&unset, matched, keys);
        }
        for facet in own {
            if let Some(products) = all_but(facet) {
                counts.recount(&[facet], products, keys);
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
            relaxed: Param::ALL
                .into_iter()
                .filter(|&param| filter.sets(param))
                .map(|param| api::FacetCount {
                    id: param.filter().key().to_owned(),
                    count: all_but(param).map_or(self.len() as u64, ProductSet::len),
                })
                .collect(),
            did_you_mean: Vec::new(),
            nearest_qty: match (query.qty, total) {
                (Some(_), 0) => self.lowest_moq(all_but(Param::Quantity)),
                _ => None,
            },
            belt_factories: self.belt_factories(query),
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            catalog_version: String::new(),
        }
    }

    /// How many products a query gives, without a page or counts.
    pub fn count(&self, query: &CatalogQuery) -> u64 {
        let prices = Prices::of(self, query.qty);
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
        let found = self.titles.find(&text);
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
        let (image, picture) = e
            .images
            .first()
            .and_then(|i| self.pictures.show(i))
            .unwrap_or_else(|| (image(&e.id, 1), None));
        api::ProductSummary {
            id: e.id.to_string(),
            title: e.title.to_string(),
            price_fen: k.price_fen,
            moq: e.moq,
            unit: e.unit.to_string(),
            category: self.leaves.id(k.category),
            city: self.cities.id(k.city),
            belt: self.belts.id(k.belt),
            image,
            picture,
            supplier_kind: self.suppliers[e.supplier as usize].reference.kind.clone(),
            supplier: self.suppliers[e.supplier as usize].reference.clone(),
            goods_kind: self.goods_kinds.id(k.goods_kind),
            sales_30d: e.sales_30d,
        }
    }
}
