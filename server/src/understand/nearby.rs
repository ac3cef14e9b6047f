//! Names near what a shopper typed: the ones it begins (suggestions while
//! typing) and the ones it misspells (did you mean, when nothing matches).

use std::collections::HashMap;

use super::distance::edit_distance;
use super::lexicon::{Lexicon, key_of};
use super::normalize::is_cjk;
use beltmart_contract::Facet;

/// A name a piece of text could be, and how well it fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearName {
    pub facet: Facet,
    pub id: String,
    /// Lower is closer: for completions 0 is the whole name, 1 a name it
    /// begins, 2 a name it is part of; for spellings, the edits apart.
    pub distance: u8,
}

/// The tail of `text` that names complete, and the names: the whole text if
/// it begins or is part of some name, else its last word.
pub fn completions<'t>(text: &'t str, lexicon: &Lexicon) -> (&'t str, Vec<NearName>) {
    let text = text.trim();
    let whole = completions_of(text, lexicon);
    if !whole.is_empty() {
        return (text, whole);
    }
    match text.rsplit_once(char::is_whitespace) {
        Some((_, last)) => (last, completions_of(last, lexicon)),
        None => (text, whole),
    }
}

fn completions_of(text: &str, lexicon: &Lexicon) -> Vec<NearName> {
    let typed = key_of(text);
    if typed.is_empty() {
        return Vec::new();
    }
    // One Latin letter begins too many names to be worth a list.
    let part_of_too = typed.chars().count() >= 2 || typed.chars().any(is_cjk);
    best_per_name(lexicon.names().filter_map(|(name, facet, id)| {
        let distance = if name == typed {
            0
        } else if name.starts_with(&typed) {
            1
        } else if part_of_too && is_part_of(&typed, name) {
            2
        } else {
            return None;
        };
        Some((name, facet, id, distance))
    }))
}

/// Chinese anywhere in a name; Latin at the start of one of its words.
fn is_part_of(typed: &str, name: &str) -> bool {
    if typed.chars().any(is_cjk) {
        return name.contains(typed);
    }
    name.split(' ').any(|word| word.starts_with(typed))
}

/// Names one or two edits from a word (a character left out, added, changed,
/// or two swapped): one edit for a word of two Chinese characters or four
/// letters, two from eight letters on.
pub fn spellings(word: &str, lexicon: &Lexicon) -> Vec<NearName> {
    let typed: Vec<char> = key_of(word).chars().collect();
    let allowed = match typed.iter().any(|&c| is_cjk(c)) {
        true if typed.len() >= 2 => 1,
        false if typed.len() >= 8 => 2,
        false if typed.len() >= 4 => 1,
        _ => return Vec::new(),
    };
    best_per_name(lexicon.names().filter_map(|(name, facet, id)| {
        let name_chars: Vec<char> = name.chars().collect();
        let distance = edit_distance(&typed, &name_chars, allowed)?;
        Some((name, facet, id, distance as u8))
    }))
}

/// Each (facet, id) once, at its closest, in order of closeness then name.
fn best_per_name<'l>(found: impl Iterator<Item = (&'l str, Facet, &'l str, u8)>) -> Vec<NearName> {
    let mut best: HashMap<(Facet, &str), (u8, &str)> = HashMap::new();
    for (name, facet, id, distance) in found {
        let entry = best.entry((facet, id)).or_insert((distance, name));
        *entry = (*entry).min((distance, name));
    }
    let mut names: Vec<_> = best.into_iter().collect();
    names.sort_by(|(a, a_fit), (b, b_fit)| a_fit.cmp(b_fit).then(a.1.cmp(b.1)));
    names
        .into_iter()
        .map(|((facet, id), (distance, _))| NearName {
            facet,
            id: id.to_owned(),
            distance,
        })
        .collect()
}
