//! 进货单: the shortlist a buyer sends to factories, products with the
//! quantity of each, and its one form as a link: `/list?items=p12:100,p40:20`.

use std::fmt;

use crate::query::{MAX_QTY, is_slug};

/// Lines one shortlist may hold.
pub const MAX_SHORTLIST_LINES: usize = 200;
/// The query-string key of a shared shortlist.
pub const SHORTLIST_KEY: &str = "items";

/// One product and how many of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortlistLine {
    pub id: String,
    pub qty: u32,
}

/// The lines in the order they were added; each product once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shortlist {
    pub lines: Vec<ShortlistLine>,
}

/// Why a shared shortlist could not be read. `Display` is for developers; the
/// storefront says it in the shopper's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShortlistError {
    /// A line is not `ID:QTY` with a product id and a quantity from 1 to [`MAX_QTY`].
    InvalidLine(String),
    DuplicateProduct(String),
    TooManyLines,
}

impl fmt::Display for ShortlistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShortlistError::InvalidLine(line) => write!(
                f,
                "{line:?} is not ID:QTY (a product id and a quantity from 1 to {MAX_QTY})"
            ),
            ShortlistError::DuplicateProduct(id) => write!(f, "{id} is listed twice"),
            ShortlistError::TooManyLines => {
                write!(f, "a shortlist holds at most {MAX_SHORTLIST_LINES} lines")
            }
        }
    }
}

impl std::error::Error for ShortlistError {}

impl Shortlist {
    /// Reads the `items` parameter of a query string (with or without `?`);
    /// other parameters are ignored, and no `items` is an empty list.
    pub fn parse(query_string: &str) -> Result<Shortlist, ShortlistError> {
        let query_string = query_string.strip_prefix('?').unwrap_or(query_string);
        let items = form_urlencoded::parse(query_string.as_bytes())
            .find(|(key, _)| key == SHORTLIST_KEY)
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        Shortlist::parse_items(&items)
    }

    /// Reads `p12:100,p40:20`, the stored and the shared form.
    pub fn parse_items(items: &str) -> Result<Shortlist, ShortlistError> {
        let mut list = Shortlist::default();
        for line in items.split(',').map(str::trim).filter(|l| !l.is_empty()) {
            let parsed = line.split_once(':').and_then(|(id, qty)| {
                let qty = qty.parse().ok().filter(|q| (1..=MAX_QTY).contains(q))?;
                is_slug(id).then(|| ShortlistLine {
                    id: id.to_owned(),
                    qty,
                })
            });
            let line = parsed.ok_or_else(|| ShortlistError::InvalidLine(line.to_owned()))?;
            if list.qty_of(&line.id).is_some() {
                return Err(ShortlistError::DuplicateProduct(line.id));
            }
            if list.lines.len() == MAX_SHORTLIST_LINES {
                return Err(ShortlistError::TooManyLines);
            }
            list.lines.push(line);
        }
        Ok(list)
    }

    /// `p12:100,p40:20`; empty for an empty list.
    pub fn items(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| format!("{}:{}", l.id, l.qty))
            .collect();
        lines.join(",")
    }

    /// The query string of a shared link, without `?`: `items=p12:100,p40:20`.
    pub fn render(&self) -> String {
        match self.lines.is_empty() {
            true => String::new(),
            false => format!("{SHORTLIST_KEY}={}", self.items()),
        }
    }

    pub fn qty_of(&self, id: &str) -> Option<u32> {
        self.lines.iter().find(|l| l.id == id).map(|l| l.qty)
    }

    /// Sets a product's quantity, adding it at the end when it is new; a full
    /// list refuses a new product.
    pub fn set(&mut self, id: &str, qty: u32) -> Result<(), ShortlistError> {
        let qty = qty.clamp(1, MAX_QTY);
        if let Some(line) = self.lines.iter_mut().find(|l| l.id == id) {
            line.qty = qty;
            return Ok(());
        }
        if self.lines.len() == MAX_SHORTLIST_LINES {
            return Err(ShortlistError::TooManyLines);
        }
        self.lines.push(ShortlistLine {
            id: id.to_owned(),
            qty,
        });
        Ok(())
    }

    pub fn remove(&mut self, id: &str) {
        self.lines.retain(|l| l.id != id);
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_link_reads_back() {
        let list = Shortlist::parse("?items=p12:100,p40:20&utm_source=wechat").unwrap();
        assert_eq!(list.items(), "p12:100,p40:20");
        assert_eq!(list.render(), "items=p12:100,p40:20");
        assert_eq!(Shortlist::parse(&list.render()).unwrap(), list);
        assert_eq!(Shortlist::parse("").unwrap(), Shortlist::default());
        assert_eq!(Shortlist::default().render(), "");
    }

    #[test]
    fn bad_lines_are_named() {
        for bad in ["p1", "p1:0", "p1:x", "P1:3", "p1:1000001", ":3"] {
            let err = Shortlist::parse_items(bad).unwrap_err();
            assert_eq!(err, ShortlistError::InvalidLine(bad.into()), "{bad}");
        }
        let twice = Shortlist::parse_items("p1:2,p1:3").unwrap_err();
        assert_eq!(twice, ShortlistError::DuplicateProduct("p1".into()));
    }

    #[test]
    fn lines_are_set_and_removed_in_place() {
        let mut list = Shortlist::parse_items("p1:2,p2:3").unwrap();
        list.set("p1", 50).unwrap();
        list.set("p3", 0).unwrap();
        assert_eq!(list.items(), "p1:50,p2:3,p3:1");
        list.remove("p2");
        assert_eq!(list.items(), "p1:50,p3:1");
    }
}
