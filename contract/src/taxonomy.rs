//! Reading the taxonomy: its entries flattened, names by id, counts by value.

use crate::types::{Belt, Category, City, FacetCount, Facets, Province, Taxonomy};
use crate::vocabulary::Facet;

/// An entry's names in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Names<'a> {
    pub zh: &'a str,
    pub en: &'a str,
}

impl Taxonomy {
    /// Every category, top-level and leaf.
    pub fn all_categories(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .flat_map(|c| std::iter::once(c).chain(&c.children))
    }

    /// Every city with its province.
    pub fn all_cities(&self) -> impl Iterator<Item = (&Province, &City)> {
        self.regions
            .iter()
            .flat_map(|p| p.cities.iter().map(move |c| (p, c)))
    }

    /// Every belt with its city.
    pub fn all_belts(&self) -> impl Iterator<Item = (&City, &Belt)> {
        self.all_cities()
            .flat_map(|(_, c)| c.belts.iter().map(move |b| (c, b)))
    }

    /// The names of any category, province, city, belt, kind or price band.
    pub fn name(&self, id: &str) -> Option<Names<'_>> {
        self.all_categories()
            .map(|c| (&c.id, &c.name_zh, &c.name_en))
            .chain(self.regions.iter().map(|p| (&p.id, &p.name_zh, &p.name_en)))
            .chain(
                self.all_cities()
                    .map(|(_, c)| (&c.id, &c.name_zh, &c.name_en)),
            )
            .chain(
                self.all_belts()
                    .map(|(_, b)| (&b.id, &b.name_zh, &b.name_en)),
            )
            .chain(
                self.goods_kinds
                    .iter()
                    .chain(&self.supplier_kinds)
                    .chain(&self.price_bands)
                    .map(|n| (&n.id, &n.name_zh, &n.name_en)),
            )
            .find(|(known, _, _)| *known == id)
            .map(|(_, zh, en)| Names { zh, en })
    }
}

impl Facets {
    /// The counts of a list parameter's values; none for `supplier`, which is not counted.
    pub fn counts(&self, facet: Facet) -> &[FacetCount] {
        match facet {
            Facet::Category => &self.category,
            Facet::City => &self.city,
            Facet::Belt => &self.belt,
            Facet::GoodsKind => &self.goods_kind,
            Facet::SupplierKind => &self.supplier_kind,
            Facet::Supplier => &[],
        }
    }

    /// The count of one value of a list parameter; `None` where the answer does not list it.
    pub fn count(&self, facet: Facet, id: &str) -> Option<u64> {
        FacetCount::find(self.counts(facet), id)
    }

    /// The count of one price band, by its id (`10-30`).
    pub fn price_band_count(&self, id: &str) -> Option<u64> {
        FacetCount::find(&self.price, id)
    }
}

impl FacetCount {
    /// The count of `id` among `counts`.
    pub fn find(counts: &[FacetCount], id: &str) -> Option<u64> {
        counts.iter().find(|c| c.id == id).map(|c| c.count)
    }
}
