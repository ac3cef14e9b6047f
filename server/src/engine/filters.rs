//! A query compiled against the index: per parameter, the products it allows.

use beltmart_contract::{CatalogQuery, Facet, PriceRange};

use super::SearchIndex;
use super::at_quantity::Prices;
use super::keyword::Keyword;
use super::param::{PARAMS, Param};
use super::product_set::ProductSet;

pub struct Filter {
    pub keyword: Option<Keyword>,
    /// Per parameter ([`Param::index`]), the products it allows; `None` when
    /// the query does not set it.
    pub constraints: [Option<ProductSet>; PARAMS],
}

impl Filter {
    pub fn new(index: &SearchIndex, query: &CatalogQuery, prices: &Prices) -> Filter {
        let keyword = query.q.trim().to_lowercase();
        let keyword = (!keyword.is_empty()).then(|| Keyword::new(index, &keyword));
        let constraints = Param::ALL.map(|param| match param {
            Param::Category => index.union(param, categories(index, query)),
            Param::City => index.union(param, index.cities.selection(query.values(Facet::City))),
            Param::Belt => index.union(param, index.belts.selection(query.values(Facet::Belt))),
            Param::GoodsKind => {
                let selected = query.values(Facet::GoodsKind);
                index.union(param, index.goods_kinds.selection(selected))
            }
            Param::SupplierKind => {
                let selected = query.values(Facet::SupplierKind);
                index.union(param, index.supplier_kinds.selection(selected))
            }
            Param::Price => (!query.price.is_any()).then(|| index.priced(query.price, prices)),
            Param::Supplier => index.of_suppliers(query.values(Facet::Supplier)),
            Param::Keyword => keyword.as_ref().map(|k| k.products.clone()),
            Param::Quantity => match prices {
                Prices::AtQuantity(view) => Some(view.purchasable.clone()),
                Prices::FirstTier => None,
            },
        });
        Filter {
            constraints,
            keyword,
        }
    }

    /// Whether the query sets `param`.
    pub fn sets(&self, param: Param) -> bool {
        self.constraints[param.index()].is_some()
    }

    /// The products every parameter but `except` allows; `None` when nothing
    /// else is set, which means every product.
    pub fn matching(&self, except: Option<Param>) -> Option<ProductSet> {
        let mut matching: Option<ProductSet> = None;
        for param in Param::ALL {
            match (&self.constraints[param.index()], &mut matching) {
                (Some(_), _) if Some(param) == except => {}
                (Some(allowed), None) => matching = Some(allowed.clone()),
                (Some(allowed), Some(matching)) => matching.intersect_with(allowed),
                (None, _) => {}
            }
        }
        matching
    }
}

/// The leaf categories a query allows: those it names, and the leaves of the
/// top-level categories it names.
fn categories(index: &SearchIndex, query: &CatalogQuery) -> Option<Vec<bool>> {
    let mut allowed = index.leaves.selection(&query.category)?;
    for (parent, leaves) in &index.parents {
        if query.category.contains(parent) {
            for &leaf in leaves {
                allowed[usize::from(leaf)] = true;
            }
        }
    }
    Some(allowed)
}

impl SearchIndex {
    /// The products with any value `allowed` of a keyed facet; `None` when nothing is selected.
    fn union(&self, facet: Param, allowed: Option<Vec<bool>>) -> Option<ProductSet> {
        let allowed = allowed?;
        let mut products = ProductSet::empty(self.len());
        let sets = &self.value_sets[facet.index()];
        for (set, _) in sets.iter().zip(allowed).filter(|(_, allowed)| *allowed) {
            products.union_with(set);
        }
        Some(products)
    }

    /// The products of the suppliers `ids`; `None` when none is named.
    /// Unknown ids allow nothing, as for the other facets.
    fn of_suppliers(&self, ids: &[String]) -> Option<ProductSet> {
        if ids.is_empty() {
            return None;
        }
        let mut products = ProductSet::empty(self.len());
        for at in ids
            .iter()
            .filter_map(|id| self.supplier_ids.get(id.as_str()))
        {
            self.supplier_products[*at as usize]
                .iter()
                .for_each(|&p| products.insert(p));
        }
        Some(products)
    }

    /// The products priced within `range` at `prices`: a band's precomputed
    /// set at the first tiers' prices, else one pass over the prices.
    fn priced(&self, range: PriceRange, prices: &Prices) -> ProductSet {
        let band = self.bands.iter().position(|(_, band)| *band == range);
        if let (Some(band), Prices::FirstTier) = (band, prices) {
            return self.value_sets[Param::Price.index()][band].clone();
        }
        let mut products = ProductSet::empty(self.len());
        for (at, k) in prices.keys(self).iter().enumerate() {
            if range.contains(k.price_fen) {
                products.insert(at as u32);
            }
        }
        products
    }

    /// The lowest MOQ among `products` (every product when `None`).
    pub fn lowest_moq(&self, products: Option<&ProductSet>) -> Option<u32> {
        self.by_moq
            .iter()
            .find(|&&at| products.is_none_or(|p| p.contains(at)))
            .map(|&at| self.entries[at as usize].moq)
    }
}
