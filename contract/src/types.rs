//! JSON bodies of API v1. Money is always integer fen (`price_fen: 1250` is ¥12.50).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/taxonomy`: everything a shopper can filter by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Goods kinds (厂牌, 白牌, 大牌平替): the values of the `goods_kind` parameter.
    pub goods_kinds: Vec<Named>,
    /// Supplier kinds (源头工厂, 专精特新, …): the values of the `supplier_kind` parameter.
    pub supplier_kinds: Vec<Named>,
}

/// Anything with an id and a name in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Named {
    /// A lowercase ASCII slug (`source-factory`), or for a price band its `price` value (`10-30`).
    pub id: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

/// A category; top-level ones have leaves as `children`, the values of the `category` parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Empty for leaves.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Category>,
}

/// A province and its cities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Province {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub cities: Vec<City>,
}

/// A city (a value of the `city` parameter) and its belts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct City {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Where the city centre is: `[longitude, latitude]` in degrees (WGS 84,
    /// GeoJSON's order). The belts map puts the city's dot there; a city
    /// without them is only listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<f64>>, min_items = 2, max_items = 2, example = json!([120.07, 29.31])))]
    pub coordinates: Option<[f64; 2]>,
    pub belts: Vec<Belt>,
}

/// An industrial belt (产业带): a cluster of factories in one city with a specialty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductList {
    /// This page of the results: at most `per_page`; empty past the last page.
    pub items: Vec<ProductSummary>,
    /// Products matching every filter, on all pages.
    pub total: u64,
    /// The page asked for (1-based).
    pub page: u32,
    /// The page size asked for.
    pub per_page: u32,
    pub facets: Facets,
    /// How the prices of the results spread, ignoring the `price` filter (like its
    /// facet), so a shopper sees where prices cluster and where the chosen range sits.
    pub price_histogram: Vec<PriceBucket>,
    /// For each applied parameter (`category`, `city`, `belt`, `price`, `goods_kind`,
    /// `supplier_kind`, `q`, `qty`): the total if that parameter alone were dropped.
    pub relaxed: Vec<FacetCount>,
    /// With `qty` and no results: the smallest quantity at which the other
    /// filters would give some (the lowest MOQ among them); `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nearest_qty: Option<u32>,
    /// With a keyword and no results: searches close to this one that give
    /// some, most results first (a word read as a name it is close to, or
    /// left out); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub did_you_mean: Vec<DidYouMean>,
    /// With exactly one `belt`: its factories with the most products in the
    /// catalog (at most 8, most first), for the belt's header; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub belt_factories: Vec<Supplier>,
    /// How long the query took on the server, in milliseconds.
    pub took_ms: f64,
    /// The catalog version this answer comes from (as in the taxonomy): a
    /// client that sees it change knows an import has committed.
    #[serde(default)]
    pub catalog_version: String,
}

/// Products whose unit price is in `[min_fen, max_fen)`; `max_fen: None` is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceBucket {
    pub min_fen: u32,
    pub max_fen: Option<u32>,
    pub count: u64,
}

/// Disjunctive facet counts: each facet's counts ignore that facet's own selection
/// and apply all the others. Every known value is listed, zero counts included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    pub category: Vec<FacetCount>,
    pub city: Vec<FacetCount>,
    pub belt: Vec<FacetCount>,
    pub price: Vec<FacetCount>,
    pub goods_kind: Vec<FacetCount>,
    pub supplier_kind: Vec<FacetCount>,
}

/// A facet value (or, in `relaxed`, a parameter name) and its count of products.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    pub id: String,
    pub count: u64,
}

/// A picture the site stores, served at each of `widths` (never wider than
/// the original) as `{src}-{width}.webp` and, for browsers without WebP,
/// `{src}-{width}.jpg`; the URLs never change, so they are cached for good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Picture {
    /// `/api/v1/pictures/{name}`, relative to the API base.
    pub src: String,
    /// The original's size in pixels, upright.
    pub width: u32,
    pub height: u32,
    /// Ascending.
    pub widths: Vec<u32>,
    /// Its average colour (`#rgb`), to show until it arrives.
    pub color: String,
}

/// One card of the product grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    pub id: String,
    pub title: String,
    /// Unit price of the first tier (the most that is ever paid per unit); in
    /// an answer to a query with `qty`, of the tier that applies at that quantity.
    pub price_fen: u32,
    /// Minimum order quantity (起批量), in `unit`.
    pub moq: u32,
    pub unit: String,
    /// Leaf category id.
    pub category: String,
    /// City id.
    pub city: String,
    /// Belt id.
    pub belt: String,
    /// Image URL; relative URLs are relative to the API base.
    pub image: String,
    /// When the site stores the picture: its sizes, for `srcset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<Picture>,
    /// Supplier kind id: the first of the supplier's kinds.
    pub supplier_kind: String,
    /// Who makes it, for the card's link to the factory.
    pub supplier: Supplier,
    /// Goods kind id.
    pub goods_kind: String,
    /// Units sold in the last 30 days.
    pub sales_30d: u32,
}

/// `GET /api/v1/products/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductDetail {
    pub id: String,
    pub title: String,
    pub price_fen: u32,
    pub moq: u32,
    pub unit: String,
    pub category: String,
    pub city: String,
    pub belt: String,
    /// Image URLs (relative ones are relative to the API base); the first is the main picture.
    pub images: Vec<String>,
    /// `pictures[n]` describes `images[n]` when the site stores it; empty when it stores none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pictures: Vec<Option<Picture>>,
    pub goods_kind: String,
    pub sales_30d: u32,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub listed_on: String,
    /// Tiered prices (阶梯价), ascending by `min_qty`; the first tier starts at `moq`.
    pub tiers: Vec<PriceTier>,
    pub supplier: Supplier,
}

/// From `min_qty` units on, each unit costs `price_fen`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceTier {
    pub min_qty: u32,
    pub price_fen: u32,
}

/// Who makes and sells the product: the factory's id, and what the cards
/// show of it (its profile is `GET /api/v1/suppliers/{id}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supplier {
    /// The supplier's id. A file's row may leave it out: the product then
    /// belongs to the factory of that name in its belt, made when missing.
    #[serde(default)]
    pub id: String,
    pub name: String,
    /// Its first supplier kind id (`source-factory`, …).
    pub kind: String,
    /// Years on the platform.
    pub years: u32,
}

/// Every 4xx/5xx answer: `{ "error": { "code": "...", "message": "..." } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, machine-readable (`invalid_price`, `not_found`, …).
    #[cfg_attr(feature = "openapi", schema(example = "invalid_price"))]
    pub code: String,
    /// For people.
    pub message: String,
    /// A body's bad fields, every one of them (`lines[2].quantity`, `buyer.phone`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// One bad field of a request body, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// `GET /api/v1/understand`: what a shopper's sentence says, as a catalog query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Understanding {
    /// The catalog query the sentence means, in the codec's canonical form
    /// (`category=kids-toys&city=yiwu&price=-50`, the keyword left over in `q`):
    /// `GET /api/v1/products` and the storefront's URL take it as it is.
    pub query: String,
    /// The sentence's parts in order, each with what it was taken for; the
    /// spaces and commas between them are left out.
    pub parts: Vec<UnderstoodPart>,
    /// The catalog version whose names it was read with.
    pub catalog_version: String,
}

/// One part of a sentence and what it was taken for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnderstoodPart {
    /// The part as typed (`50元以下`, `jinjiang`).
    pub text: String,
    /// `category`, `city`, `belt`, `goods_kind`, `supplier_kind` (the
    /// parameter it sets; a province sets `city`), `price`, `qty`, `sort`,
    /// `keyword` (in `q`), or `filler` (a word that says nothing: 的, "i want").
    pub role: String,
}

/// A search to offer instead of one with no results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DidYouMean {
    /// The catalog query to go to, in the codec's canonical form.
    pub query: String,
    /// Products it gives.
    pub count: u64,
    /// The word of the keyword it changes.
    pub word: String,
    /// The name the word is read as (a filter instead of the word); `None`
    /// when the word is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<FacetValue>,
}

/// A value of a list filter: `{ "facet": "category", "id": "socks" }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetValue {
    /// The filter's parameter: `category`, `city`, `belt`, `goods_kind` or `supplier_kind`.
    pub facet: String,
    pub id: String,
}

/// `GET /api/v1/suggest`: what the search box offers while a shopper types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestions {
    /// The text these are for, as sent.
    pub text: String,
    /// The end of the text the names complete: all of it, or its last word.
    /// Choosing a name puts it in place of that end.
    pub completes: String,
    /// Categories, cities, belts and kinds whose name (in Chinese, English,
    /// pinyin or initials) the text's last word starts or is part of; closest
    /// matches first, then those with more products.
    pub names: Vec<NameSuggestion>,
    /// Products whose title contains the text, most popular first.
    pub titles: Vec<TitleSuggestion>,
    pub catalog_version: String,
}

/// A name to filter by, and how many products it has in the whole catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NameSuggestion {
    pub name: FacetValue,
    pub count: u64,
}

/// A product to go to straight away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TitleSuggestion {
    pub id: String,
    pub title: String,
}
