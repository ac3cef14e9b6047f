//! A factory as the catalog stores it: the API's profile, whose kinds are kept
//! space-separated and whose facts, certificates and audits are kept as one
//! JSON text, by every store.

use beltmart_contract as api;
use serde::{Deserialize, Serialize};

use super::product::{parse_day, today};

/// What is kept of a profile beside its columns (id, name, belt, kinds, founded, years).
#[derive(Default, Serialize, Deserialize)]
struct Evidenced {
    #[serde(default, skip_serializing_if = "api::SupplierFacts::is_empty")]
    facts: api::SupplierFacts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    certificates: Vec<api::Certificate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    audits: Vec<api::Audit>,
}

/// The stored text of a profile's facts, certificates and audits.
pub fn encode_evidence(profile: &api::SupplierProfile) -> String {
    let evidenced = Evidenced {
        facts: profile.facts.clone(),
        certificates: profile.certificates.clone(),
        audits: profile.audits.clone(),
    };
    serde_json::to_string(&evidenced).expect("a profile always serializes")
}

/// Fills a profile's facts, certificates and audits from their stored text.
pub fn decode_evidence(text: &str, profile: &mut api::SupplierProfile) -> serde_json::Result<()> {
    let evidenced: Evidenced = serde_json::from_str(text)?;
    profile.facts = evidenced.facts;
    profile.certificates = evidenced.certificates;
    profile.audits = evidenced.audits;
    Ok(())
}

pub fn encode_kinds(kinds: &[String]) -> String {
    kinds.join(" ")
}

pub fn decode_kinds(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// The profile as a shopper is shown it today: each fact past its `valid_until` marked expired.
pub fn as_of_today(mut profile: api::SupplierProfile) -> api::SupplierProfile {
    let today = today();
    let mark = |e: &mut api::Evidence| {
        e.expired = e
            .valid_until
            .as_deref()
            .and_then(parse_day)
            .is_some_and(|last| last < today);
    };
    let facts = &mut profile.facts;
    facts.staff.iter_mut().for_each(|f| mark(&mut f.evidence));
    facts
        .workshop_m2
        .iter_mut()
        .for_each(|f| mark(&mut f.evidence));
    facts
        .annual_capacity
        .iter_mut()
        .for_each(|f| mark(&mut f.evidence));
    facts
        .main_categories
        .iter_mut()
        .for_each(|f| mark(&mut f.evidence));
    profile
        .certificates
        .iter_mut()
        .for_each(|c| mark(&mut c.evidence));
    profile
        .audits
        .iter_mut()
        .for_each(|a| mark(&mut a.evidence));
    profile
}

/// The product's reference to its supplier: what cards show.
pub fn reference(profile: &api::SupplierProfile) -> api::Supplier {
    api::Supplier {
        id: profile.id.clone(),
        name: profile.name.clone(),
        kind: profile.kinds.first().cloned().unwrap_or_default(),
        years: profile.years,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(valid_until: Option<&str>) -> api::Evidence {
        api::Evidence {
            source: "third_party_audit".into(),
            as_of: "2020-01-01".into(),
            valid_until: valid_until.map(Into::into),
            expired: false,
        }
    }

    #[test]
    fn evidence_round_trips_and_expiry_is_marked_on_the_way_out() {
        let mut profile = api::SupplierProfile {
            id: "hengda".into(),
            name: "恒达鞋业".into(),
            city: "jinjiang".into(),
            belt: "jinjiang-sports-shoes".into(),
            kinds: vec!["source-factory".into(), "specialized".into()],
            founded: Some(2009),
            years: 8,
            facts: api::SupplierFacts::default(),
            certificates: Vec::new(),
            audits: vec![
                api::Audit {
                    by: "SGS".into(),
                    evidence: evidence(Some("2021-01-01")),
                },
                api::Audit {
                    by: "TÜV".into(),
                    evidence: evidence(Some("2999-01-01")),
                },
                api::Audit {
                    by: "BV".into(),
                    evidence: evidence(None),
                },
            ],
        };
        let text = encode_evidence(&profile);
        assert!(!text.contains("expired"), "{text}");
        let audits = std::mem::take(&mut profile.audits);
        decode_evidence(&text, &mut profile).unwrap();
        assert_eq!(profile.audits, audits);
        let shown = as_of_today(profile);
        let expired: Vec<bool> = shown.audits.iter().map(|a| a.evidence.expired).collect();
        assert_eq!(expired, [true, false, false]);
        assert_eq!(encode_kinds(&decode_kinds("a b")), "a b");
    }
}
