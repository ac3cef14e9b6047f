//! The parameters a query filters by, as the engine numbers them: facets
//! whose values are counted, then the keyword and the quantity.

use beltmart_contract::{self as api, Facet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    Category,
    City,
    Belt,
    GoodsKind,
    SupplierKind,
    Price,
    /// Factories by id: a filter that is not counted.
    Supplier,
    /// Not a facet, but dropping the keyword is a suggestion like dropping a filter.
    Keyword,
    /// `qty`: the products whose MOQ is at most the quantity.
    Quantity,
}

/// How many parameters there are: the length of a per-parameter array.
pub const PARAMS: usize = 9;
/// How many have counted values (the facets, price bands included).
pub const COUNTED: usize = 6;

impl Param {
    /// Every parameter, in index order.
    pub const ALL: [Param; PARAMS] = [
        Param::Category,
        Param::City,
        Param::Belt,
        Param::GoodsKind,
        Param::SupplierKind,
        Param::Price,
        Param::Supplier,
        Param::Keyword,
        Param::Quantity,
    ];

    /// The facets a response counts, in index order.
    pub const FACETS: [Param; COUNTED] = [
        Param::Category,
        Param::City,
        Param::Belt,
        Param::GoodsKind,
        Param::SupplierKind,
        Param::Price,
    ];

    /// The facets whose value is one of each product's keys (all but price).
    pub const KEYED: [Param; 5] = [
        Param::Category,
        Param::City,
        Param::Belt,
        Param::GoodsKind,
        Param::SupplierKind,
    ];

    /// Its place in per-parameter arrays.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The filter it is in the contract (what a shopper may drop).
    pub fn filter(self) -> api::Filter {
        match self {
            Param::Category => api::Filter::Facet(Facet::Category),
            Param::City => api::Filter::Facet(Facet::City),
            Param::Belt => api::Filter::Facet(Facet::Belt),
            Param::GoodsKind => api::Filter::Facet(Facet::GoodsKind),
            Param::SupplierKind => api::Filter::Facet(Facet::SupplierKind),
            Param::Price => api::Filter::Price,
            Param::Supplier => api::Filter::Facet(Facet::Supplier),
            Param::Keyword => api::Filter::Keyword,
            Param::Quantity => api::Filter::Quantity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_follow_the_order_of_all() {
        for (at, param) in Param::ALL.into_iter().enumerate() {
            assert_eq!(param.index(), at);
        }
        assert!(Param::FACETS.iter().all(|f| f.index() < COUNTED));
    }
}
