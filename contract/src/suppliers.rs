//! JSON bodies about factories: `GET /api/v1/suppliers`, `GET
//! /api/v1/suppliers/{id}`, and a row of a suppliers file (the same object,
//! without what the server derives: `city` may be left out, `product_count`,
//! `expired` and `peers` are ignored).

use serde::{Deserialize, Serialize};

use crate::types::FacetCount;

/// A factory's profile: who it is, and the facts a buyer weighs, each with who
/// vouches for it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierProfile {
    /// A lowercase ASCII slug (`jinjiang-hengda`).
    pub id: String,
    /// The registered name (`晋江恒达鞋业有限公司`).
    pub name: String,
    /// City id; derived from the belt (a file may leave it out).
    #[serde(default)]
    pub city: String,
    /// Belt id.
    pub belt: String,
    /// Supplier kind ids (`source-factory`, `specialized`, …), the first being
    /// the one shown on product cards. The `supplier_kind` filter matches any.
    pub kinds: Vec<String>,
    /// The year the company was founded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<u32>,
    /// Years on the platform.
    pub years: u32,
    #[serde(default, skip_serializing_if = "SupplierFacts::is_empty")]
    pub facts: SupplierFacts,
    /// Certificates (ISO 9001, 专精特新, a patent …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    /// On-site audits (验厂); `as_of` is the day of the visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audits: Vec<Audit>,
}

/// The size of a factory, each fact with its evidence; any may be unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierFacts {
    /// People employed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<CountFact>,
    /// Workshop floor area, in square metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop_m2: Option<CountFact>,
    /// Annual capacity as the factory states it (`300万双`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_capacity: Option<TextFact>,
    /// Leaf category ids it mainly makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_categories: Option<ListFact>,
}

impl SupplierFacts {
    pub fn is_empty(&self) -> bool {
        *self == SupplierFacts::default()
    }
}

/// Who vouches for a fact, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// `business_licence`, `third_party_audit`, `platform_record` or `self_declared`.
    pub source: String,
    /// `YYYY-MM-DD`: the day the fact was checked or stated.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub as_of: String,
    /// `YYYY-MM-DD`: the last day the fact holds, if it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_until: Option<String>,
    /// Set by the server when `valid_until` has passed; never read from a file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
}

/// The sources a fact may come from, in the order of trust a buyer gives them.
pub const FACT_SOURCES: [&str; 4] = [
    "third_party_audit",
    "business_licence",
    "platform_record",
    "self_declared",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountFact {
    pub value: u32,
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextFact {
    pub value: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListFact {
    pub value: Vec<String>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// A certificate; its evidence says who checked it and until when it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Certificate {
    /// What it certifies (`ISO 9001`, `专精特新中小企业`).
    pub name: String,
    /// Its number, as printed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// Who issued it.
    pub issuer: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// An on-site audit (验厂): who visited; the evidence's `as_of` is the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Audit {
    /// The auditor (`SGS`, `TÜV 南德`, `Beltmart 实地验厂`).
    pub by: String,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// `GET /api/v1/suppliers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierList {
    /// Most products first, then by name.
    pub items: Vec<SupplierSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub facets: SupplierFacets,
    pub catalog_version: String,
}

/// Disjunctive counts of factories, as the catalog's facets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierFacets {
    pub belt: Vec<FacetCount>,
    pub city: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
}

/// One line of the factory list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierSummary {
    pub id: String,
    pub name: String,
    pub city: String,
    pub belt: String,
    pub kinds: Vec<String>,
    pub years: u32,
    pub product_count: u64,
    /// Audits and certificates still valid today.
    pub valid_audits: u32,
    pub valid_certificates: u32,
}

/// `GET /api/v1/suppliers/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplierDetail {
    #[serde(flatten)]
    pub profile: SupplierProfile,
    pub product_count: u64,
    pub peers: BeltPeers,
    /// How it answers 询价单 here; absent with fewer than 3 inquiries to judge by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<AnswerRecord>,
    pub catalog_version: String,
}

/// A factory's answers to 询价单 over the last 90 days, from Beltmart's own
/// records (inquiries marked spam, and those under a day old, not counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerRecord {
    /// Inquiries counted.
    pub inquiries: u32,
    /// The share (0–100) it answered with a quote or a message.
    pub answered_pct: u32,
    /// The median time to its first answer, of those it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_first_answer_minutes: Option<u32>,
    /// Always `beltmart_records`.
    pub source: String,
    /// `YYYY-MM-DD`: the day it was counted.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub as_of: String,
}

/// How a factory compares with the other factories of its belt that make
/// products in the same categories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BeltPeers {
    /// The other factories compared (same belt, at least one category in common).
    pub factories: u32,
    /// Of them, the share (0–100) whose typical unit price in a shared
    /// category is higher than this factory's; `None` with nobody to compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cheaper_than_pct: Option<u32>,
    /// This factory's median MOQ, and the median over the belt's products
    /// in the same categories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moq_median: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub belt_moq_median: Option<u32>,
    /// The median years on the platform of the belt's factories (this one included).
    pub belt_years_median: u32,
    /// The share (0–100) of the compared factories with fewer years on the platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longer_than_pct: Option<u32>,
}
