//! Facet counts and the price histogram over a set of products.

use beltmart_contract as api;

use super::SearchIndex;
use super::keys::{HISTOGRAM_EDGES_FEN, Keys};
use super::param::Param;
use super::product_set::ProductSet;
use super::vocabulary::Vocabulary;

/// Facet counts per value index (plus one for unknown values, never listed),
/// and the price histogram.
#[derive(Clone)]
pub struct Counts {
    /// Per keyed facet ([`Param::KEYED`], by index); for supplier kinds, per set of kinds.
    by_facet: [Vec<u64>; 5],
    /// Products per set of price bands, spread over the bands at the end:
    /// one increment per product instead of one per band.
    band_sets: Vec<u64>,
    pub histogram: [u64; HISTOGRAM_EDGES_FEN.len()],
}

impl Counts {
    /// Zero counts for the keyed facets' values (`sizes`, in [`Param::KEYED`] order).
    pub fn new(sizes: [usize; 5]) -> Counts {
        Counts {
            by_facet: sizes.map(|size| vec![0; size + 1]),
            band_sets: vec![0; 256],
            histogram: [0; HISTOGRAM_EDGES_FEN.len()],
        }
    }

    /// Counts the values of `facets` over `products` only, in one pass: a
    /// query counts every facet it does not filter by over the same products.
    pub fn recount(&mut self, facets: &[Param], products: &ProductSet, keys: &[Keys]) {
        if let &[facet] = facets {
            return self.recount_one(facet, products, keys);
        }
        let mut keyed = [false; 5];
        for facet in facets.iter().filter(|&&f| f != Param::Price) {
            keyed[facet.index()] = true;
            self.by_facet[facet.index()].fill(0);
        }
        let price = facets.contains(&Param::Price);
        if price {
            self.band_sets.fill(0);
            self.histogram.fill(0);
        }
        let [category, city, belt, goods_kind, supplier_kind] = &mut self.by_facet;
        for at in products.iter() {
            let k = &keys[at as usize];
            if keyed[0] {
                category[usize::from(k.category)] += 1;
            }
            if keyed[1] {
                city[usize::from(k.city)] += 1;
            }
            if keyed[2] {
                belt[usize::from(k.belt)] += 1;
            }
            if keyed[3] {
                goods_kind[usize::from(k.goods_kind)] += 1;
            }
            if keyed[4] {
                supplier_kind[usize::from(k.supplier_kind)] += 1;
            }
            if price {
                self.band_sets[usize::from(k.bands)] += 1;
                // The histogram ignores the price filter, so it shows what widening the range would add.
                self.histogram[usize::from(k.bucket)] += 1;
            }
        }
    }

    /// One facet's values: a tighter loop than the pass for several.
    fn recount_one(&mut self, facet: Param, products: &ProductSet, keys: &[Keys]) {
        if facet == Param::Price {
            self.band_sets.fill(0);
            self.histogram.fill(0);
            for at in products.iter() {
                let k = &keys[at as usize];
                self.band_sets[usize::from(k.bands)] += 1;
                self.histogram[usize::from(k.bucket)] += 1;
            }
            return;
        }
        let counts = &mut self.by_facet[facet.index()];
        counts.fill(0);
        for at in products.iter() {
            counts[usize::from(keys[at as usize].value(facet))] += 1;
        }
    }

    pub fn into_facets(self, index: &SearchIndex) -> api::Facets {
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
            supplier_kind: listed(
                &index.supplier_kinds,
                (index.kind_sets).spread(&supplier_kind, index.supplier_kinds.len()),
            ),
        }
    }
}
