//! The sample's factory profiles, in every state a factory page shows: some
//! with nothing but the platform's record, some stating their own size, some
//! audited by a named third party (a few audits expired), the 专精特新 ones
//! with their certificate's number.

use beltmart_contract as api;

use super::Rng;
use crate::domain::product::format_day;
use crate::domain::taxonomy::{CertificateHint, FactoryEvidenceHints};

/// 2023-06-01 and 2026-10-31, in days since the epoch: when the sample's facts were checked.
const FIRST_CHECK_DAY: u32 = 19_509;
const LAST_CHECK_DAY: u32 = 20_757;
/// The year the sample's "years on the platform" count to.
const THIS_YEAR: u32 = 2026;

/// Who a factory is, before its evidence.
pub struct Identity<'a> {
    pub id: String,
    pub name: String,
    pub province: &'a api::Province,
    pub city: &'a api::City,
    pub belt: &'a api::Belt,
    pub leaf: &'a api::Category,
    pub unit: &'a str,
    pub kinds: Vec<String>,
    pub years: u32,
}

pub fn profile(rng: &mut Rng, hints: &FactoryEvidenceHints, who: Identity) -> api::SupplierProfile {
    let founded = THIS_YEAR - who.years - rng.between(0, 12);
    let mut profile = api::SupplierProfile {
        id: who.id,
        name: who.name,
        city: who.city.id.clone(),
        belt: who.belt.id.clone(),
        kinds: who.kinds,
        founded: Some(founded),
        years: who.years,
        facts: api::SupplierFacts::default(),
        certificates: Vec::new(),
        audits: Vec::new(),
    };
    let specialized = profile.kinds.iter().any(|k| k == "specialized");
    // 0: the platform's record only; 1: the factory's own word; 2: audited.
    let state = if specialized { 2 } else { rng.below(3) };
    if state == 0 {
        return profile;
    }
    let checked = rng.between(FIRST_CHECK_DAY, LAST_CHECK_DAY);
    let (source, valid_days) = match state {
        1 => ("self_declared", None),
        _ => ("third_party_audit", Some(365)),
    };
    let evidence = |days: Option<u32>| api::Evidence {
        source: source.into(),
        as_of: format_day(checked),
        valid_until: days.map(|d| format_day(checked + d)),
        expired: false,
    };
    let staff = rng.between(2, 60) * 10;
    profile.facts = api::SupplierFacts {
        staff: Some(api::CountFact {
            value: staff,
            evidence: evidence(valid_days),
        }),
        workshop_m2: Some(api::CountFact {
            value: staff * rng.between(20, 60),
            evidence: evidence(valid_days),
        }),
        annual_capacity: Some(api::TextFact {
            value: format!("{}万{}", staff * rng.between(1, 5) / 10 * 10, who.unit),
            evidence: evidence(None),
        }),
        main_categories: Some(api::ListFact {
            value: vec![who.leaf.id.clone()],
            evidence: api::Evidence {
                source: "platform_record".into(),
                ..evidence(None)
            },
        }),
    };
    if state == 2 {
        profile.audits.push(api::Audit {
            by: rng.pick(&hints.auditors).clone(),
            evidence: evidence(valid_days),
        });
        if rng.chance(0.5) {
            let hint = rng.pick(&hints.certificates);
            profile
                .certificates
                .push(certificate(rng, hint, &hint.issuer, checked));
        }
    }
    if specialized {
        let issuer = format!("{}{}", who.province.name_zh, hints.specialized.issuer);
        let cert = certificate(rng, &hints.specialized, &issuer, checked);
        profile.certificates.insert(0, cert);
    }
    profile
}

/// A certificate checked on `day`, valid three years from a day before it.
fn certificate(rng: &mut Rng, hint: &CertificateHint, issuer: &str, day: u32) -> api::Certificate {
    let issued = day - rng.between(0, 700);
    api::Certificate {
        name: hint.name.clone(),
        number: format!("{}{:06}", hint.prefix, rng.below(1_000_000)),
        issuer: issuer.to_owned(),
        evidence: api::Evidence {
            source: "business_licence".into(),
            as_of: format_day(day),
            valid_until: Some(format_day(issued + 3 * 365)),
            expired: false,
        },
    }
}
