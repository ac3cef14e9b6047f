//! What filters, facets and the histogram read of every product, packed, and
//! per facet value the set of products that have it.

use beltmart_contract::{self as api, PriceRange};

use super::kind_sets::KindSets;
use super::param::{COUNTED, Param};
use super::product_set::ProductSet;

/// Lower edges of the price histogram's buckets, in fen: finer where wholesale
/// unit prices cluster (under ¥50), coarser above; the last bucket is open.
pub const HISTOGRAM_EDGES_FEN: [u32; 15] = [
    0, 200, 500, 1_000, 1_500, 2_000, 3_000, 5_000, 8_000, 10_000, 15_000, 20_000, 30_000, 50_000,
    100_000,
];

/// What filters, facets and the histogram read of every product, packed into
/// 16 bytes so that a full scan of 100 000 products stays within the CPU caches.
#[derive(Clone, Copy)]
pub struct Keys {
    pub price_fen: u32,
    pub category: u16,
    pub city: u16,
    pub belt: u16,
    pub goods_kind: u16,
    /// The number of the supplier's set of kinds ([`KindSets`]).
    pub supplier_kind: u16,
    /// One bit per price band that contains the price.
    pub bands: u8,
    /// The price histogram's bucket.
    pub bucket: u8,
}

impl Keys {
    /// These keys with the product priced at `tier`: its bands and histogram bucket follow the price.
    pub fn with_price(self, tier: PricedTier) -> Keys {
        Keys {
            price_fen: tier.price_fen,
            bands: tier.bands,
            bucket: tier.bucket,
            ..self
        }
    }

    /// The product's value of a keyed facet ([`Param::KEYED`]); for supplier
    /// kinds, the number of its set of kinds.
    pub fn value(&self, facet: Param) -> u16 {
        match facet {
            Param::Category => self.category,
            Param::City => self.city,
            Param::Belt => self.belt,
            Param::GoodsKind => self.goods_kind,
            Param::SupplierKind => self.supplier_kind,
            _ => unreachable!("{facet:?} is not one of a product's keys"),
        }
    }
}

/// One price tier, with where its price falls among the bands and the histogram.
#[derive(Clone, Copy)]
pub struct PricedTier {
    pub min_qty: u32,
    pub price_fen: u32,
    /// One bit per price band that contains the price.
    pub bands: u8,
    /// The price histogram's bucket.
    pub bucket: u8,
}

impl PricedTier {
    pub fn new(min_qty: u32, price_fen: u32, bands: &[(String, PriceRange)]) -> PricedTier {
        PricedTier {
            min_qty,
            price_fen,
            bands: bands
                .iter()
                .enumerate()
                .filter(|(_, (_, range))| range.contains(price_fen))
                .fold(0u8, |bits, (i, _)| bits | 1 << i),
            bucket: (HISTOGRAM_EDGES_FEN.partition_point(|&edge| edge <= price_fen) - 1) as u8,
        }
    }
}

/// The histogram's buckets with their counts.
pub fn histogram_buckets(counts: &[u64]) -> Vec<api::PriceBucket> {
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

/// Per facet, the products with each value; for price, with each band; for
/// supplier kinds, with each kind. `sizes` are the number of values per facet.
pub fn value_sets(
    keys: &[Keys],
    sizes: [usize; COUNTED],
    kind_sets: &KindSets,
) -> [Vec<ProductSet>; COUNTED] {
    let mut sets = sizes.map(|size| vec![ProductSet::empty(keys.len()); size]);
    for (at, k) in keys.iter().enumerate() {
        let at = at as u32;
        for facet in Param::KEYED {
            let values = match facet {
                Param::SupplierKind => kind_sets.kinds(k.supplier_kind),
                _ => &[k.value(facet)],
            };
            for &value in values {
                if let Some(set) = sets[facet.index()].get_mut(usize::from(value)) {
                    set.insert(at);
                }
            }
        }
        for (band, set) in sets[Param::Price.index()].iter_mut().enumerate() {
            if k.bands >> band & 1 == 1 {
                set.insert(at);
            }
        }
    }
    sets
}
