//! The factories of one catalog version: their profiles by id, the list a
//! shopper filters by belt, city, kind and name (with disjunctive counts, as
//! the catalog's facets), and one factory's page with its belt peers.

use std::collections::HashMap;

use beltmart_contract::{self as api, FacetCount, SupplierQuery};

use crate::domain::supplier::as_of_today;
use crate::engine::SearchIndex;

pub struct Factories {
    /// In id order, as the store gives them.
    profiles: Vec<api::SupplierProfile>,
    by_id: HashMap<String, usize>,
    /// Lowercased names, for `q`.
    names: Vec<String>,
}

/// The list parameters, each tested on one profile.
const LISTS: [&str; 3] = ["belt", "city", "kind"];

impl Factories {
    pub fn new(profiles: Vec<api::SupplierProfile>) -> Factories {
        Factories {
            by_id: profiles
                .iter()
                .enumerate()
                .map(|(at, p)| (p.id.clone(), at))
                .collect(),
            names: profiles.iter().map(|p| p.name.to_lowercase()).collect(),
            profiles,
        }
    }

    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// Every factory's id, for the sitemap.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().map(|p| p.id.as_str())
    }

    pub fn profile(&self, id: &str) -> Option<&api::SupplierProfile> {
        self.by_id.get(id).map(|&at| &self.profiles[at])
    }

    /// One factory's page: its profile as of today, product count and belt peers.
    pub fn detail(
        &self,
        index: &SearchIndex,
        id: &str,
        version: &str,
    ) -> Option<api::SupplierDetail> {
        let profile = self.profile(id)?;
        Some(api::SupplierDetail {
            profile: as_of_today(profile.clone()),
            product_count: index.product_count(id).unwrap_or(0),
            peers: index.peers(id).unwrap_or(api::BeltPeers {
                factories: 0,
                cheaper_than_pct: None,
                moq_median: None,
                belt_moq_median: None,
                belt_years_median: profile.years,
                longer_than_pct: None,
            }),
            // From the store's inquiries, added as it is served (routes/mod.rs).
            answers: None,
            catalog_version: version.to_owned(),
        })
    }

    /// The factories `query` asks for: most products first, then by name.
    pub fn list(
        &self,
        index: &SearchIndex,
        query: &SupplierQuery,
        version: &str,
    ) -> api::SupplierList {
        let q = query.q.to_lowercase();
        let named: Vec<usize> = (0..self.profiles.len())
            .filter(|&at| q.is_empty() || self.names[at].contains(&q))
            .collect();
        let passes = |at: usize, except: Option<&str>| {
            LISTS
                .iter()
                .filter(|&&key| Some(key) != except)
                .all(|&key| self.has_any(at, key, query.values(key)))
        };
        let mut matching: Vec<(u64, usize)> = named
            .iter()
            .filter(|&&at| passes(at, None))
            .map(|&at| (index.product_count(&self.profiles[at].id).unwrap_or(0), at))
            .collect();
        matching.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| self.profiles[a.1].name.cmp(&self.profiles[b.1].name))
        });
        let counts = |key: &str| -> Vec<FacetCount> {
            let mut counts: Vec<FacetCount> = Vec::new();
            for &at in named.iter().filter(|&&at| passes(at, Some(key))) {
                for id in self.values(at, key) {
                    match counts.iter_mut().find(|c| c.id == *id) {
                        Some(c) => c.count += 1,
                        None => counts.push(FacetCount {
                            id: id.clone(),
                            count: 1,
                        }),
                    }
                }
            }
            counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
            counts
        };
        let start = (query.page as usize - 1).saturating_mul(query.per_page as usize);
        api::SupplierList {
            total: matching.len() as u64,
            items: matching
                .iter()
                .skip(start)
                .take(query.per_page as usize)
                .map(|&(count, at)| summary(&self.profiles[at], count))
                .collect(),
            page: query.page,
            per_page: query.per_page,
            facets: api::SupplierFacets {
                belt: counts("belt"),
                city: counts("city"),
                kind: counts("kind"),
            },
            catalog_version: version.to_owned(),
        }
    }

    fn values(&self, at: usize, key: &str) -> &[String] {
        let p = &self.profiles[at];
        match key {
            "belt" => std::slice::from_ref(&p.belt),
            "city" => std::slice::from_ref(&p.city),
            _ => &p.kinds,
        }
    }

    /// Whether the factory has any of `wanted` (or `wanted` is empty).
    fn has_any(&self, at: usize, key: &str, wanted: &[String]) -> bool {
        wanted.is_empty() || self.values(at, key).iter().any(|v| wanted.contains(v))
    }
}

fn summary(profile: &api::SupplierProfile, product_count: u64) -> api::SupplierSummary {
    let shown = as_of_today(profile.clone());
    let valid = |e: &api::Evidence| !e.expired;
    api::SupplierSummary {
        id: shown.id,
        name: shown.name,
        city: shown.city,
        belt: shown.belt,
        kinds: shown.kinds,
        years: shown.years,
        product_count,
        valid_audits: shown.audits.iter().filter(|a| valid(&a.evidence)).count() as u32,
        valid_certificates: shown
            .certificates
            .iter()
            .filter(|c| valid(&c.evidence))
            .count() as u32,
    }
}
