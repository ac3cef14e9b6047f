//! The factories a belt's header lists: those with the most products in the
//! catalog, whatever else the query filters (the header is about the belt).

use beltmart_contract::{self as api, CatalogQuery};

use super::SearchIndex;

/// How many factories a belt's header lists; its link shows them all.
const LISTED: usize = 8;

impl SearchIndex {
    /// With exactly one belt asked for: its factories with products, most
    /// products first (then by name); empty otherwise.
    pub(super) fn belt_factories(&self, query: &CatalogQuery) -> Vec<api::Supplier> {
        let [belt] = query.belt.as_slice() else {
            return Vec::new();
        };
        let Some(belt) = self.belts.get(belt) else {
            return Vec::new();
        };
        let mut listed: Vec<(usize, &api::Supplier)> = self
            .suppliers
            .iter()
            .zip(&self.supplier_products)
            .filter(|(supplier, products)| supplier.belt == belt && !products.is_empty())
            .map(|(supplier, products)| (products.len(), &supplier.reference))
            .collect();
        listed.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        listed
            .into_iter()
            .take(LISTED)
            .map(|(_, s)| s.clone())
            .collect()
    }
}
