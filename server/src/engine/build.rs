//! Building the index of one catalog version: products in natural id order,
//! their packed keys, the precomputed orders, per facet value the products
//! with it, and the counts over the whole catalog.

use std::collections::HashMap;

use beltmart_contract::{self as api, PriceRange};

use super::at_quantity::{QuantityViews, TierTable};
use super::counts::Counts;
use super::keys::{Keys, PricedTier, value_sets};
use super::keyword::Titles;
use super::kind_sets::KindSets;
use super::orders::popularity;
use super::param::Param;
use super::product_set::ProductSet;
use super::vocabulary::Vocabulary;
use super::{Entry, SearchIndex, SupplierEntry};
use crate::domain::product::Product;

impl SearchIndex {
    /// Builds the index; `rows` is every product, `taxonomy` gives the facet
    /// values and their order, `profiles` the suppliers' kinds, belts and years.
    pub fn build(
        taxonomy: &api::Taxonomy,
        profiles: &[api::SupplierProfile],
        mut rows: Vec<Product>,
    ) -> SearchIndex {
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
        let mut tiers = TierTable::default();
        let mut kind_sets = KindSets::default();
        let mut suppliers = Suppliers::default();
        for profile in profiles {
            let kinds = profile
                .kinds
                .iter()
                .map(|k| supplier_kinds.insert(k))
                .collect();
            let entry = SupplierEntry {
                reference: crate::domain::supplier::reference(profile),
                kinds: kind_sets.insert(kinds),
                belt: belts.get(&profile.belt).unwrap_or(belts.unknown()),
                years: profile.years,
            };
            suppliers.add(entry);
        }
        for row in rows {
            let price_fen = row.price_fen();
            titles.push(&row.title);
            let unpriced = Keys {
                price_fen,
                category: leaves.get(&row.category).unwrap_or(leaves.unknown()),
                city: cities.get(&row.city).unwrap_or(cities.unknown()),
                belt: belts.get(&row.belt).unwrap_or(belts.unknown()),
                goods_kind: goods_kinds.insert(&row.goods_kind),
                supplier_kind: 0,
                bands: 0,
                bucket: 0,
            };
            // A product whose supplier has no profile (never from a store) is its own supplier's.
            let supplier = suppliers.find(&row.supplier.id).unwrap_or_else(|| {
                let kind = supplier_kinds.insert(&row.supplier.kind);
                suppliers.add(SupplierEntry {
                    kinds: kind_sets.insert(vec![kind]),
                    belt: unpriced.belt,
                    years: row.supplier.years,
                    reference: row.supplier,
                })
            });
            suppliers.products[supplier as usize].push(entries.len() as u32);
            let unpriced = Keys {
                supplier_kind: suppliers.entries[supplier as usize].kinds,
                ..unpriced
            };
            keys.push(unpriced.with_price(PricedTier::new(row.moq, price_fen, &bands)));
            tiers.push(&row.tiers, &bands);
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
            &kind_sets,
        );
        let mut everything = Counts::new([
            leaves.len(),
            cities.len(),
            belts.len(),
            goods_kinds.len(),
            kind_sets.len(),
        ]);
        let mut all = ProductSet::empty(keys.len());
        (0..keys.len() as u32).for_each(|at| all.insert(at));
        everything.recount(&Param::FACETS, &all, &keys);
        let keys_len = keys.len();
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
            supplier_ids: suppliers.ids,
            suppliers: suppliers.entries,
            supplier_products: suppliers.products,
            kind_sets,
            tiers,
            at_quantity: QuantityViews::new(keys_len),
            pictures: Default::default(),
        }
    }
}

/// The suppliers as the index numbers them, while it is built.
#[derive(Default)]
struct Suppliers {
    entries: Vec<SupplierEntry>,
    ids: HashMap<String, u32>,
    /// Per supplier, its products' positions, ascending.
    products: Vec<Vec<u32>>,
}

impl Suppliers {
    fn add(&mut self, entry: SupplierEntry) -> u32 {
        let at = self.entries.len() as u32;
        self.ids.insert(entry.reference.id.clone(), at);
        self.entries.push(entry);
        self.products.push(Vec::new());
        at
    }

    fn find(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
    }
}
