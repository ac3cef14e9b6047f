//! The built-in reference data, kept as data files in `server/data/` and compiled
//! into the binary so that it runs from any folder:
//! - `taxonomy.json`: real belts, their cities and provinces, the category tree,
//!   goods and supplier kinds and price bands, in the shape of `GET /api/v1/taxonomy`.
//!   New catalogs start with it; `import --taxonomy FILE` replaces it.
//! - `sample_hints.json`: what the sample generator needs to invent plausible
//!   products per leaf category (units, price and MOQ ranges, title words).

use std::collections::HashMap;

use beltmart_contract as api;
use serde::Deserialize;

/// The taxonomy a new catalog starts with.
pub fn builtin_taxonomy() -> api::Taxonomy {
    serde_json::from_str(include_str!("../../data/taxonomy.json"))
        .expect("server/data/taxonomy.json is a taxonomy (checked by its test)")
}

/// The sample generator's hints.
#[derive(Debug, Deserialize)]
pub struct SampleHints {
    /// Shop-name words for factory brands and supplier names.
    pub brand_words: Vec<String>,
    /// Words sellers put in front of titles (爆款, 现货 …).
    pub season_words: Vec<String>,
    /// Endings of supplier names (厂, 有限公司 …).
    pub supplier_suffixes: Vec<String>,
    /// Who vouches for the sample factories' facts.
    pub factory_evidence: FactoryEvidenceHints,
    /// Per goods kind, how much more (or less) often than its category's
    /// share it is sold from one piece: big-brand alternatives are the
    /// one-piece hits, white-label goods go by the case.
    pub one_piece_by_goods_kind: HashMap<String, f64>,
    /// Per leaf category id.
    pub leaves: HashMap<String, LeafHints>,
}

/// Auditors and certificates the sample factories' profiles cite.
#[derive(Debug, Deserialize)]
pub struct FactoryEvidenceHints {
    pub auditors: Vec<String>,
    pub certificates: Vec<CertificateHint>,
    /// The certificate of a 专精特新 factory; its issuer follows the province's name.
    pub specialized: CertificateHint,
}

#[derive(Debug, Deserialize)]
pub struct CertificateHint {
    pub name: String,
    pub issuer: String,
    /// How its numbers start.
    pub prefix: String,
}

/// How products of one leaf category look.
#[derive(Debug, Deserialize)]
pub struct LeafHints {
    pub unit: String,
    /// Range of the first tier's unit price, in fen.
    pub price_fen: (u32, u32),
    /// Range of minimum orders.
    pub moq: (u32, u32),
    /// Share of listings sold from one piece (一件代发), as on 1688.
    pub one_piece_share: f64,
    pub nouns: Vec<String>,
    pub traits: Vec<String>,
    /// Who it is for (男款, 儿童 …); may be empty.
    #[serde(default)]
    pub audience: Vec<String>,
}

pub fn sample_hints() -> SampleHints {
    serde_json::from_str(include_str!("../../data/sample_hints.json"))
        .expect("server/data/sample_hints.json is valid (checked by its test)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leaf_has_hints_that_make_sense() {
        let taxonomy = builtin_taxonomy();
        let hints = sample_hints();
        for leaf in taxonomy.categories.iter().flat_map(|c| &c.children) {
            let h = hints
                .leaves
                .get(&leaf.id)
                .unwrap_or_else(|| panic!("no hints for {}", leaf.id));
            assert!(
                h.price_fen.0 > 0 && h.price_fen.0 < h.price_fen.1,
                "{}",
                leaf.id
            );
            assert!(h.moq.0 >= 1 && h.moq.0 <= h.moq.1, "{}", leaf.id);
            assert!(!h.nouns.is_empty() && !h.traits.is_empty(), "{}", leaf.id);
        }
        assert!(!hints.brand_words.is_empty() && !hints.supplier_suffixes.is_empty());
    }
}
