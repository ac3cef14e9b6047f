//! The factory list's query (`GET /api/v1/suppliers`, the `/factories` page):
//! its own small codec, with the catalog query's rules for ids, keywords and
//! pages, so that a link and an API call mean the same.

use crate::query::{
    DEFAULT_PER_PAGE, MAX_PER_PAGE, QueryError, parse_ids, parse_keyword, parse_number,
};

/// Factories of some belts, cities and kinds, whose name contains `q`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupplierQuery {
    pub belt: Vec<String>,
    pub city: Vec<String>,
    /// Supplier kind ids: a factory with any of them.
    pub kind: Vec<String>,
    /// Part of the name; empty means any.
    pub q: String,
    pub page: u32,
    pub per_page: u32,
}

impl Default for SupplierQuery {
    fn default() -> Self {
        SupplierQuery {
            belt: Vec::new(),
            city: Vec::new(),
            kind: Vec::new(),
            q: String::new(),
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// The list parameters, in canonical order.
const LISTS: [&str; 3] = ["belt", "city", "kind"];

impl SupplierQuery {
    /// Reads a query string (with or without `?`); unknown parameters are ignored.
    pub fn parse(query_string: &str) -> Result<SupplierQuery, QueryError> {
        let query_string = query_string.strip_prefix('?').unwrap_or(query_string);
        let mut query = SupplierQuery::default();
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(query_string.as_bytes()) {
            if seen.iter().any(|k| *k == key) {
                return Err(QueryError::DuplicateParameter(key.into_owned()));
            }
            seen.push(key.to_string());
            match key.as_ref() {
                "belt" => query.belt = parse_ids("belt", &value)?,
                "city" => query.city = parse_ids("city", &value)?,
                "kind" => query.kind = parse_ids("kind", &value)?,
                "q" => query.q = parse_keyword(&value)?,
                "page" => {
                    query.page = parse_number(&value)
                        .filter(|&p| p >= 1)
                        .ok_or_else(|| QueryError::InvalidPage(value.to_string()))?
                }
                "per_page" => {
                    query.per_page = parse_number(&value)
                        .filter(|p| (1..=MAX_PER_PAGE).contains(p))
                        .ok_or_else(|| QueryError::InvalidPerPage(value.to_string()))?
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// The canonical query string, without `?`; empty for the default.
    pub fn render(&self) -> String {
        let mut parts = Vec::new();
        for (key, values) in LISTS.iter().zip([&self.belt, &self.city, &self.kind]) {
            if !values.is_empty() {
                parts.push(format!("{key}={}", values.join(",")));
            }
        }
        if !self.q.is_empty() {
            let q: String = form_urlencoded::byte_serialize(self.q.as_bytes()).collect();
            parts.push(format!("q={q}"));
        }
        if self.page != 1 {
            parts.push(format!("page={}", self.page));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            parts.push(format!("per_page={}", self.per_page));
        }
        parts.join("&")
    }

    /// The values of a list parameter by its key (`belt`, `city`, `kind`).
    pub fn values(&self, key: &str) -> &[String] {
        match key {
            "belt" => &self.belt,
            "city" => &self.city,
            "kind" => &self.kind,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_canonical_form() {
        let q =
            SupplierQuery::parse("?kind=specialized&belt=jinjiang-sports-shoes&q=%E6%81%92&page=2")
                .unwrap();
        assert_eq!(q.belt, ["jinjiang-sports-shoes"]);
        assert_eq!(q.kind, ["specialized"]);
        assert_eq!(q.q, "恒");
        assert_eq!(
            q.render(),
            "belt=jinjiang-sports-shoes&kind=specialized&q=%E6%81%92&page=2"
        );
        assert_eq!(SupplierQuery::parse(&q.render()).unwrap(), q);
        assert_eq!(SupplierQuery::parse("").unwrap().render(), "");
    }

    #[test]
    fn refuses_what_the_catalog_query_refuses() {
        for bad in [
            "belt=Bad!",
            "page=0",
            "per_page=101",
            "q=%01",
            "city=a&city=b",
        ] {
            assert!(SupplierQuery::parse(bad).is_err(), "{bad}");
        }
    }
}
