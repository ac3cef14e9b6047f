//! What the storefront's filter form submits when JavaScript is not running:
//! an HTML form writes a list filter as repeated parameters
//! (`category=a&category=b`), the price as two fields in yuan, and the price
//! bands as several ranges. [`CatalogQuery::from_form`] reads that into the
//! one query the codec writes, so the server can redirect to its canonical URL.

use crate::query::{CatalogQuery, PriceRange, QueryError};
use crate::vocabulary::Facet;

/// The price fields of the filter form, in yuan; either may be empty.
pub const PRICE_MIN_FIELD: &str = "price_min";
pub const PRICE_MAX_FIELD: &str = "price_max";
const PRICE: &str = "price";

impl CatalogQuery {
    /// Reads a filter form's submission (with or without the leading `?`).
    /// Repeated list parameters are joined; several price ranges become the
    /// span of them, and the price fields, when filled, win over both.
    pub fn from_form(query_string: &str) -> Result<CatalogQuery, QueryError> {
        let query_string = query_string.strip_prefix('?').unwrap_or(query_string);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query_string.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let values = |key: &str| -> Vec<&str> {
            pairs
                .iter()
                .filter(|(k, v)| k == key && !v.trim().is_empty())
                .map(|(_, v)| v.as_str())
                .collect()
        };
        let mut rest = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &pairs {
            let joined = Facet::ALL.iter().any(|f| f.key() == key);
            let priced = [PRICE, PRICE_MIN_FIELD, PRICE_MAX_FIELD].contains(&key.as_str());
            if !joined && !priced {
                rest.append_pair(key, value);
            }
        }
        let mut query = CatalogQuery::parse(&rest.finish())?;
        for facet in Facet::ALL {
            for value in values(facet.key()) {
                let ids = CatalogQuery::parse(&format!("{}={value}", facet.key()))?;
                for id in ids.values(facet) {
                    query.add_value(facet, id);
                }
            }
        }
        query.price = span(&values(PRICE))?;
        let (min, max) = (values(PRICE_MIN_FIELD), values(PRICE_MAX_FIELD));
        if !min.is_empty() || !max.is_empty() {
            let typed = format!(
                "{}-{}",
                min.first().unwrap_or(&""),
                max.first().unwrap_or(&"")
            );
            query.price = PriceRange::parse(&typed)?;
        }
        Ok(query)
    }
}

/// The smallest range holding every one of `ranges` (none: any price).
fn span(ranges: &[&str]) -> Result<PriceRange, QueryError> {
    let mut ranges = ranges.iter().map(|r| PriceRange::parse(r));
    let Some(first) = ranges.next() else {
        return Ok(PriceRange::ANY);
    };
    ranges.try_fold(first?, |span, range| {
        let range = range?;
        Ok(PriceRange {
            min_fen: span.min_fen.zip(range.min_fen).map(|(a, b)| a.min(b)),
            max_fen: span.max_fen.zip(range.max_fen).map(|(a, b)| a.max(b)),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(form: &str) -> String {
        CatalogQuery::from_form(form).unwrap().render()
    }

    #[test]
    fn repeated_lists_join_in_the_codecs_order() {
        assert_eq!(
            read("sort=sales&city=yiwu&category=toys&city=jinjiang&q=%E7%81%AF"),
            "q=%E7%81%AF&category=toys&city=yiwu,jinjiang&sort=sales"
        );
    }

    #[test]
    fn price_bands_span_and_typed_prices_win() {
        assert_eq!(read("price=10-30&price=30-50"), "price=10-50");
        assert_eq!(read("price=-10&price=30-50"), "price=-50");
        assert_eq!(read("price=10-30&price_min=5&price_max="), "price=5-");
        assert_eq!(read("price_min=&price_max="), "");
    }

    #[test]
    fn what_the_codec_refuses_is_refused() {
        assert!(CatalogQuery::from_form("price_min=30&price_max=10").is_err());
        assert!(CatalogQuery::from_form("category=Not%20An%20Id").is_err());
        assert!(CatalogQuery::from_form("sort=x").is_err());
    }
}
