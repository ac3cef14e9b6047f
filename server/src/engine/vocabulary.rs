//! The ids of one facet's values, numbered in taxonomy order.

use std::collections::HashMap;

/// Ids of one vocabulary, in taxonomy order, with a lookup from id to index.
#[derive(Default)]
pub struct Vocabulary {
    pub ids: Vec<String>,
    index: HashMap<String, u16>,
}

impl Vocabulary {
    pub fn new(ids: impl IntoIterator<Item = String>) -> Self {
        let mut v = Vocabulary::default();
        for id in ids {
            v.insert(&id);
        }
        v
    }

    pub fn insert(&mut self, id: &str) -> u16 {
        if let Some(&at) = self.index.get(id) {
            return at;
        }
        let at = u16::try_from(self.ids.len()).expect("fewer than 65 536 values per vocabulary");
        self.ids.push(id.to_owned());
        self.index.insert(id.to_owned(), at);
        at
    }

    pub fn get(&self, id: &str) -> Option<u16> {
        self.index.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Where products with an id the taxonomy lacks are counted: one past the
    /// last value, so that counts and selections need no special case.
    pub fn unknown(&self) -> u16 {
        self.len() as u16
    }

    /// The id of value `at`; empty for the unknown value.
    pub fn id(&self, at: u16) -> String {
        self.ids.get(usize::from(at)).cloned().unwrap_or_default()
    }

    /// Which values a selection allows; `None` when nothing is selected.
    /// Unknown ids select nothing, so a stale link shows no results rather than an error.
    pub fn selection(&self, ids: &[String]) -> Option<Vec<bool>> {
        (!ids.is_empty()).then(|| {
            let mut allowed = vec![false; self.len() + 1];
            for at in ids.iter().filter_map(|id| self.get(id)) {
                allowed[usize::from(at)] = true;
            }
            allowed
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_of_unknown_ids_allows_nothing() {
        let v = Vocabulary::new(["yiwu".to_owned(), "jinjiang".to_owned()]);
        assert_eq!(v.selection(&[]), None);
        assert_eq!(
            v.selection(&["jinjiang".into()]),
            Some(vec![false, true, false])
        );
        assert_eq!(v.selection(&["nowhere".into()]), Some(vec![false; 3]));
        assert_eq!(v.id(v.unknown()), "");
    }
}
