//! What the search box offers: names and popular titles while a shopper
//! types, and, when a search finds nothing, searches close to it that do.

use crate::understand::{self, NearName};
use beltmart_contract::{self as api, CatalogQuery};

use super::Catalog;

/// Names and titles offered while typing, each at most.
const NAMES_OFFERED: usize = 6;
const TITLES_OFFERED: usize = 5;
/// Other searches offered when one finds nothing.
const DID_YOU_MEAN_OFFERED: usize = 4;
/// A keyword of more words than this is not taken apart (each try is a count).
const WORDS_TRIED: usize = 6;

impl Catalog {
    /// `GET /api/v1/suggest`: names the text (or its last word) begins, then
    /// popular products whose title contains it.
    pub fn suggest(&self, text: &str) -> api::Suggestions {
        let (completes, near) = understand::completions(text, &self.lexicon);
        let mut ranked: Vec<(u8, std::cmp::Reverse<u64>, &NearName)> = near
            .iter()
            .map(|name| (name.distance, std::cmp::Reverse(self.count_of(name)), name))
            .collect();
        // Closest first; among equally close names, more products first.
        ranked.sort_by_key(|&(distance, count, _)| (distance, count));
        let names = ranked
            .into_iter()
            .take(NAMES_OFFERED)
            .map(|(_, std::cmp::Reverse(count), name)| api::NameSuggestion {
                name: facet_value(name),
                count,
            })
            .collect();
        api::Suggestions {
            text: text.to_owned(),
            completes: completes.to_owned(),
            names,
            titles: self.index.popular_titles(text, TITLES_OFFERED),
            catalog_version: self.version().to_owned(),
        }
    }

    /// For a query with a keyword and no results: each word of the keyword
    /// read as a name it is close to, or left out, where that finds products.
    pub fn did_you_mean(&self, query: &CatalogQuery) -> Vec<api::DidYouMean> {
        let words: Vec<&str> = query.q.split_whitespace().collect();
        if words.is_empty() || words.len() > WORDS_TRIED {
            return Vec::new();
        }
        let mut offers: Vec<api::DidYouMean> = Vec::new();
        for (at, word) in words.iter().enumerate() {
            let rest = words_but(&words, at);
            for name in understand::spellings(word, &self.lexicon) {
                let instead = query.with(|next| {
                    next.q = rest.clone();
                    next.add_value(name.facet, &name.id);
                });
                self.offer(&mut offers, instead, word, Some(facet_value(&name)));
            }
            if words.len() > 1 {
                let instead = query.with(|next| next.q = rest.clone());
                self.offer(&mut offers, instead, word, None);
            }
        }
        // Stable: names before dropped words where the counts are equal.
        offers.sort_by_key(|offer| std::cmp::Reverse(offer.count));
        offers.truncate(DID_YOU_MEAN_OFFERED);
        offers
    }

    /// Adds `instead` to the offers if it finds products and is not offered yet.
    fn offer(
        &self,
        offers: &mut Vec<api::DidYouMean>,
        instead: CatalogQuery,
        word: &str,
        name: Option<api::FacetValue>,
    ) {
        let query = instead.render();
        if offers.iter().any(|offer| offer.query == query) {
            return;
        }
        let count = self.index.count(&instead);
        if count > 0 {
            offers.push(api::DidYouMean {
                query,
                count,
                word: word.to_owned(),
                name,
            });
        }
    }

    fn count_of(&self, name: &NearName) -> u64 {
        self.everything.count(name.facet, &name.id).unwrap_or(0)
    }
}

fn words_but(words: &[&str], at: usize) -> String {
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != at)
        .map(|(_, word)| *word)
        .collect();
    kept.join(" ")
}

fn facet_value(name: &NearName) -> api::FacetValue {
    api::FacetValue {
        facet: name.facet.key().to_owned(),
        id: name.id.clone(),
    }
}
