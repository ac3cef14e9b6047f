//! JSON bodies of API v1. Money is always integer fen (`price_fen: 1250` is ¥12.50).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/taxonomy`: everything a shopper can filter by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// Changes whenever the catalog changes; part of cache keys. A taxonomy file
    /// that a site owner imports may leave it out.
    #[serde(default)]
    pub catalog_version: String,
    /// Two levels: top-level categories whose `children` are the leaves products belong to.
    pub categories: Vec<Category>,
    /// Province → city → belt.
    pub regions: Vec<Province>,
    /// Predefined price bands; each `id` is a valid `price` parameter (`10-30`, `300-`).
    pub price_bands: Vec<Named>,
    pub goods_kinds: Vec<Named>,
    pub supplier_kinds: Vec<Named>,
}

/// Anything with an id and a name in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Empty for leaves.
    #[serde(default)]
    pub children: Vec<Category>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub cities: Vec<City>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct City {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub belts: Vec<Belt>,
}

/// An industrial belt (产业带): a cluster of factories in one city with a specialty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Belt {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Leaf category ids the belt specialises in.
    pub categories: Vec<String>,
    /// Rough number of factories in the cluster.
    pub factories: u32,
}

/// `GET /api/v1/products`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    pub items: Vec<ProductSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub facets: Facets,
    /// How the prices of the results spread, ignoring the `price` filter (like its
    /// facet), so a shopper sees where prices cluster and where the chosen range sits.
    pub price_histogram: Vec<PriceBucket>,
    /// For each applied parameter (`category`, `city`, `belt`, `price`, `goods_kind`,
    /// `supplier_kind`, `q`): the total if that parameter alone were dropped.
    pub relaxed: Vec<FacetCount>,
    pub took_ms: f64,
    /// The catalog version this answer comes from (as in the taxonomy): a
    /// client that sees it change knows an import has committed.
    #[serde(default)]
    pub catalog_version: String,
}

/// Products whose unit price is in `[min_fen, max_fen)`; `max_fen: None` is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBucket {
    pub min_fen: u32,
    pub max_fen: Option<u32>,
    pub count: u64,
}

/// Disjunctive facet counts: each facet's counts ignore that facet's own selection
/// and apply all the others. Every known value is listed, zero counts included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub category: Vec<FacetCount>,
    pub city: Vec<FacetCount>,
    pub belt: Vec<FacetCount>,
    pub price: Vec<FacetCount>,
    pub goods_kind: Vec<FacetCount>,
    pub supplier_kind: Vec<FacetCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub id: String,
    pub count: u64,
}

/// One card of the product grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    pub id: String,
    pub title: String,
    /// Unit price of the lowest tier (the most that is ever paid per unit).
    pub price_fen: u32,
    /// Minimum order quantity (起批量), in `unit`.
    pub moq: u32,
    pub unit: String,
    /// Leaf category id.
    pub category: String,
    pub city: String,
    pub belt: String,
    /// Image URL; relative URLs are relative to the API base.
    pub image: String,
    pub supplier_kind: String,
    pub goods_kind: String,
    pub sales_30d: u32,
}

/// `GET /api/v1/products/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: String,
    pub title: String,
    pub price_fen: u32,
    pub moq: u32,
    pub unit: String,
    pub category: String,
    pub city: String,
    pub belt: String,
    pub images: Vec<String>,
    pub goods_kind: String,
    pub sales_30d: u32,
    /// `YYYY-MM-DD`.
    pub listed_on: String,
    /// Tiered prices (阶梯价), ascending by `min_qty`; the first tier starts at `moq`.
    pub tiers: Vec<PriceTier>,
    pub supplier: Supplier,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceTier {
    pub min_qty: u32,
    pub price_fen: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Supplier {
    pub name: String,
    /// Supplier kind id (`source-factory`, …).
    pub kind: String,
    /// Years on the platform.
    pub years: u32,
}

/// Every 4xx/5xx answer: `{ "error": { "code": "...", "message": "..." } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable (`invalid_price`, `not_found`, …).
    pub code: String,
    /// For people.
    pub message: String,
}
