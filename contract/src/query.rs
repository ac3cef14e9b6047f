//! The catalog query and its one query-string codec.
//!
//! `parse` accepts what people and links produce and rejects anything it cannot
//! read with a [`QueryError`] that says what is wrong; `render` writes the
//! canonical form (defaults left out), so `parse(render(q)) == q`.

use std::fmt;

use crate::vocabulary::{ErrorCode, Facet, Filter, Param};

pub const DEFAULT_PER_PAGE: u32 = 24;
pub const MAX_PER_PAGE: u32 = 100;
/// Values one list parameter (`city=a,b,…`) may hold.
pub const MAX_LIST_ENTRIES: usize = 50;
pub const MAX_ID_LEN: usize = 64;
pub const MAX_KEYWORD_CHARS: usize = 64;
/// The largest `qty`: a container of small goods, far above what a shopper here buys.
pub const MAX_QTY: u32 = 1_000_000;
/// ¥10 000 000: far above any wholesale unit price, and far below `u32::MAX` fen.
const MAX_PRICE_FEN: u32 = 1_000_000_000;

/// A filtered, sorted, paged view of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogQuery {
    /// Category ids (top-level ids include all their leaves). OR within, AND across lists.
    pub category: Vec<String>,
    pub city: Vec<String>,
    pub belt: Vec<String>,
    pub goods_kind: Vec<String>,
    pub supplier_kind: Vec<String>,
    /// Supplier ids: the products of these factories.
    pub supplier: Vec<String>,
    pub price: PriceRange,
    /// How many pieces the shopper wants: only products they can buy that many
    /// of (MOQ ≤ qty) match, priced at the tier that applies. `None`: any MOQ,
    /// priced at the first tier.
    pub qty: Option<u32>,
    /// Keyword; empty means none.
    pub q: String,
    pub sort: Sort,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for CatalogQuery {
    fn default() -> Self {
        Self {
            category: Vec::new(),
            city: Vec::new(),
            belt: Vec::new(),
            goods_kind: Vec::new(),
            supplier_kind: Vec::new(),
            supplier: Vec::new(),
            price: PriceRange::ANY,
            qty: None,
            q: String::new(),
            sort: Sort::Relevance,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Sales,
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Relevance,
        Sort::PriceAsc,
        Sort::PriceDesc,
        Sort::Sales,
        Sort::Newest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
            Sort::Sales => "sales",
            Sort::Newest => "newest",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.as_str() == s)
    }
}

/// A unit-price range in fen; either end may be open. Written in yuan (`10-30`,
/// `300-`, `-9.9`), the form of both the `price` parameter and price-band ids.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PriceRange {
    pub min_fen: Option<u32>,
    pub max_fen: Option<u32>,
}

impl PriceRange {
    pub const ANY: PriceRange = PriceRange {
        min_fen: None,
        max_fen: None,
    };

    pub fn is_any(&self) -> bool {
        self.min_fen.is_none() && self.max_fen.is_none()
    }

    /// Inclusive at both ends.
    pub fn contains(&self, price_fen: u32) -> bool {
        self.min_fen.is_none_or(|min| price_fen >= min)
            && self.max_fen.is_none_or(|max| price_fen <= max)
    }

    pub fn parse(text: &str) -> Result<PriceRange, QueryError> {
        let invalid = || QueryError::InvalidPrice(text.to_owned());
        let text = text.trim();
        if text.is_empty() {
            return Ok(PriceRange::ANY);
        }
        let (min, max) = text.split_once('-').ok_or_else(invalid)?;
        let end = |s: &str| match s.trim() {
            "" => Ok(None),
            s => parse_yuan(s).map(Some).ok_or_else(invalid),
        };
        let range = PriceRange {
            min_fen: end(min)?,
            max_fen: end(max)?,
        };
        if let (Some(min_fen), Some(max_fen)) = (range.min_fen, range.max_fen)
            && min_fen > max_fen
        {
            return Err(QueryError::PriceMinAboveMax { min_fen, max_fen });
        }
        Ok(range)
    }
}

impl fmt::Display for PriceRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(min) = self.min_fen {
            f.write_str(&yuan_param(min))?;
        }
        f.write_str("-")?;
        if let Some(max) = self.max_fen {
            f.write_str(&yuan_param(max))?;
        }
        Ok(())
    }
}

/// `1250` → `"12.50"`: how prices are shown to people (the SPA adds the ¥).
pub fn format_yuan(fen: impl Into<u64>) -> String {
    let fen = fen.into();
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Shortest exact yuan form for the URL: `1000` → `10`, `1050` → `10.5`, `1005` → `10.05`.
fn yuan_param(fen: u32) -> String {
    let (yuan, cents) = (fen / 100, fen % 100);
    match cents {
        0 => yuan.to_string(),
        c if c % 10 == 0 => format!("{yuan}.{}", c / 10),
        c => format!("{yuan}.{c:02}"),
    }
}

/// Yuan with at most two decimals, no sign, no exponent: `12`, `12.5`, `0.99`.
pub fn parse_yuan(s: &str) -> Option<u32> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 8 || frac.len() > 2 || !digits(whole) || !digits(frac) {
        return None;
    }
    if s.ends_with('.') {
        return None;
    }
    let cents = match frac.len() {
        0 => 0,
        1 => frac.parse::<u32>().ok()? * 10,
        _ => frac.parse::<u32>().ok()?,
    };
    let fen = whole
        .parse::<u32>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)?;
    (fen <= MAX_PRICE_FEN).then_some(fen)
}

/// Ids are lowercase ASCII slugs: `sports-shoes`, `jinjiang`, `p1234`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Why a query string could not be read. `Display` is the message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    InvalidId { param: &'static str, value: String },
    TooManyValues { param: &'static str },
    InvalidPrice(String),
    PriceMinAboveMax { min_fen: u32, max_fen: u32 },
    InvalidSort(String),
    InvalidPage(String),
    InvalidPerPage(String),
    InvalidKeyword,
    KeywordTooLong,
    InvalidQuantity(String),
    DuplicateParameter(String),
}

impl QueryError {
    /// Stable, machine-readable code for the API's error body.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    pub fn error_code(&self) -> ErrorCode {
        match self {
            QueryError::InvalidId { .. } => ErrorCode::InvalidId,
            QueryError::TooManyValues { .. } => ErrorCode::TooManyValues,
            QueryError::InvalidPrice(_) => ErrorCode::InvalidPrice,
            QueryError::PriceMinAboveMax { .. } => ErrorCode::PriceMinAboveMax,
            QueryError::InvalidSort(_) => ErrorCode::InvalidSort,
            QueryError::InvalidPage(_) => ErrorCode::InvalidPage,
            QueryError::InvalidPerPage(_) => ErrorCode::InvalidPerPage,
            QueryError::InvalidKeyword | QueryError::KeywordTooLong => ErrorCode::InvalidKeyword,
            QueryError::InvalidQuantity(_) => ErrorCode::InvalidQuantity,
            QueryError::DuplicateParameter(_) => ErrorCode::DuplicateParameter,
        }
    }
}

/// Quotes a value for an error message, shortened so a huge input gives a short message.
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::InvalidId { param, value } => write!(
                f,
                "`{param}` has {}, which is not an id: ids are lowercase letters, digits and single hyphens, at most {MAX_ID_LEN} characters",
                shown(value)
            ),
            QueryError::TooManyValues { param } => {
                write!(f, "`{param}` lists more than {MAX_LIST_ENTRIES} values")
            }
            QueryError::InvalidPrice(value) => write!(
                f,
                "`price` is {}; write MIN-MAX in yuan, either end may be left out: 10-30, 300-, -9.9",
                shown(value)
            ),
            QueryError::PriceMinAboveMax { min_fen, max_fen } => write!(
                f,
                "`price` minimum ¥{} is above the maximum ¥{}",
                format_yuan(*min_fen),
                format_yuan(*max_fen)
            ),
            QueryError::InvalidSort(value) => write!(
                f,
                "`sort` is {}; use one of relevance, price_asc, price_desc, sales, newest",
                shown(value)
            ),
            QueryError::InvalidPage(value) => write!(
                f,
                "`page` is {}; it must be a whole number from 1",
                shown(value)
            ),
            QueryError::InvalidPerPage(value) => write!(
                f,
                "`per_page` is {}; it must be a whole number from 1 to {MAX_PER_PAGE}",
                shown(value)
            ),
            QueryError::InvalidKeyword => write!(f, "`q` contains control characters"),
            QueryError::KeywordTooLong => {
                write!(f, "`q` is longer than {MAX_KEYWORD_CHARS} characters")
            }
            QueryError::InvalidQuantity(value) => write!(
                f,
                "`qty` is {}; it must be a whole number from 1 to {MAX_QTY}",
                shown(value)
            ),
            QueryError::DuplicateParameter(key) => write!(
                f,
                "`{}` is given more than once; give it once (lists are comma-separated)",
                shown(key).trim_matches('"')
            ),
        }
    }
}

impl std::error::Error for QueryError {}

impl CatalogQuery {
    /// Reads a query string (with or without the leading `?`). Unknown parameters
    /// are ignored, so tracking tags on a shared link do no harm.
    pub fn parse(query_string: &str) -> Result<CatalogQuery, QueryError> {
        let query_string = query_string.strip_prefix('?').unwrap_or(query_string);
        let mut query = CatalogQuery::default();
        let mut seen: Vec<Param> = Vec::new();
        for (key, value) in form_urlencoded::parse(query_string.as_bytes()) {
            let Some(param) = Param::from_key(&key) else {
                continue;
            };
            if seen.contains(&param) {
                return Err(QueryError::DuplicateParameter(key.into_owned()));
            }
            seen.push(param);
            match param {
                Param::Filter(Filter::Facet(facet)) => {
                    *query.values_mut(facet) = parse_ids(facet.key(), &value)?
                }
                Param::Filter(Filter::Price) => query.price = PriceRange::parse(&value)?,
                Param::Filter(Filter::Keyword) => query.q = parse_keyword(&value)?,
                Param::Filter(Filter::Quantity) => query.qty = parse_qty(&value)?,
                Param::Sort => {
                    query.sort = match value.trim() {
                        "" => Sort::default(),
                        s => Sort::parse(s)
                            .ok_or_else(|| QueryError::InvalidSort(value.to_string()))?,
                    }
                }
                Param::Page => {
                    query.page = parse_number(&value)
                        .filter(|&p| p >= 1)
                        .ok_or_else(|| QueryError::InvalidPage(value.to_string()))?
                }
                Param::PerPage => {
                    query.per_page = parse_number(&value)
                        .filter(|p| (1..=MAX_PER_PAGE).contains(p))
                        .ok_or_else(|| QueryError::InvalidPerPage(value.to_string()))?
                }
            }
        }
        Ok(query)
    }

    /// The canonical query string, without `?`; empty for the default query.
    pub fn render(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for param in Param::all() {
            let value = match param {
                Param::Filter(filter) if !self.applies(filter) => continue,
                Param::Filter(Filter::Keyword) => {
                    form_urlencoded::byte_serialize(self.q.as_bytes()).collect()
                }
                Param::Filter(Filter::Facet(facet)) => self.values(facet).join(","),
                Param::Filter(Filter::Price) => self.price.to_string(),
                Param::Filter(Filter::Quantity) => self.qty.unwrap_or_default().to_string(),
                Param::Sort if self.sort != Sort::default() => self.sort.as_str().to_owned(),
                Param::Page if self.page != 1 => self.page.to_string(),
                Param::PerPage if self.per_page != DEFAULT_PER_PAGE => self.per_page.to_string(),
                _ => continue,
            };
            parts.push(format!("{}={value}", param.key()));
        }
        parts.join("&")
    }

    pub fn values(&self, facet: Facet) -> &[String] {
        match facet {
            Facet::Category => &self.category,
            Facet::City => &self.city,
            Facet::Belt => &self.belt,
            Facet::GoodsKind => &self.goods_kind,
            Facet::SupplierKind => &self.supplier_kind,
            Facet::Supplier => &self.supplier,
        }
    }

    pub fn values_mut(&mut self, facet: Facet) -> &mut Vec<String> {
        match facet {
            Facet::Category => &mut self.category,
            Facet::City => &mut self.city,
            Facet::Belt => &mut self.belt,
            Facet::GoodsKind => &mut self.goods_kind,
            Facet::SupplierKind => &mut self.supplier_kind,
            Facet::Supplier => &mut self.supplier,
        }
    }

    /// This query with `id` added to or removed from `facet`, back on page 1:
    /// a changed filter makes the old page number meaningless.
    /// Adds a value to a list filter, unless it is there already.
    pub fn add_value(&mut self, facet: Facet, id: &str) {
        let values = self.values_mut(facet);
        if !values.iter().any(|v| v == id) {
            values.push(id.to_owned());
        }
    }

    pub fn toggled(&self, facet: Facet, id: &str) -> CatalogQuery {
        let mut next = self.clone();
        let values = next.values_mut(facet);
        if let Some(at) = values.iter().position(|v| v == id) {
            values.remove(at);
        } else {
            values.push(id.to_owned());
        }
        next.page = 1;
        next
    }

    /// This query with another change applied, back on page 1.
    pub fn with(&self, change: impl FnOnce(&mut CatalogQuery)) -> CatalogQuery {
        let mut next = self.clone();
        change(&mut next);
        next.page = 1;
        next
    }

    /// This query without any filter or keyword, keeping sort and page size.
    pub fn cleared(&self) -> CatalogQuery {
        CatalogQuery {
            sort: self.sort,
            per_page: self.per_page,
            ..CatalogQuery::default()
        }
    }

    /// True when any filter or keyword narrows the catalog.
    pub fn is_filtered(&self) -> bool {
        Filter::ALL.into_iter().any(|f| self.applies(f))
    }

    /// Whether this filter narrows the query.
    pub fn applies(&self, filter: Filter) -> bool {
        match filter {
            Filter::Facet(facet) => !self.values(facet).is_empty(),
            Filter::Price => !self.price.is_any(),
            Filter::Keyword => !self.q.is_empty(),
            Filter::Quantity => self.qty.is_some(),
        }
    }

    /// This query without one filter, back on page 1.
    pub fn without(&self, filter: Filter) -> CatalogQuery {
        self.with(|next| match filter {
            Filter::Facet(facet) => next.values_mut(facet).clear(),
            Filter::Price => next.price = Default::default(),
            Filter::Keyword => next.q.clear(),
            Filter::Quantity => next.qty = None,
        })
    }

    /// This query with what a sentence said (`GET /api/v1/understand`): each
    /// filter it names replaces this one's, its sort replaces the sort, and
    /// its keyword is the keyword; the rest stays. Back on page 1.
    pub fn refined_by(&self, said: &CatalogQuery) -> CatalogQuery {
        self.with(|next| {
            for filter in Filter::ALL {
                if said.applies(filter) {
                    match filter {
                        Filter::Facet(facet) => {
                            *next.values_mut(facet) = said.values(facet).to_vec()
                        }
                        Filter::Price => next.price = said.price,
                        Filter::Keyword => {}
                        Filter::Quantity => next.qty = said.qty,
                    }
                }
            }
            next.q = said.q.clone();
            if said.sort != Sort::default() {
                next.sort = said.sort;
            }
        })
    }
}

pub(crate) fn parse_ids(param: &'static str, value: &str) -> Result<Vec<String>, QueryError> {
    let mut ids: Vec<String> = Vec::new();
    for id in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !is_slug(id) {
            return Err(QueryError::InvalidId {
                param,
                value: id.to_owned(),
            });
        }
        if !ids.iter().any(|known| known == id) {
            if ids.len() == MAX_LIST_ENTRIES {
                return Err(QueryError::TooManyValues { param });
            }
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

pub(crate) fn parse_keyword(value: &str) -> Result<String, QueryError> {
    let keyword = value.trim();
    if keyword.chars().any(char::is_control) {
        return Err(QueryError::InvalidKeyword);
    }
    if keyword.chars().count() > MAX_KEYWORD_CHARS {
        return Err(QueryError::KeywordTooLong);
    }
    Ok(keyword.to_owned())
}

/// A quantity from 1 to [`MAX_QTY`]; empty means none.
fn parse_qty(value: &str) -> Result<Option<u32>, QueryError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_number(value)
        .filter(|n| (1..=MAX_QTY).contains(n))
        .map(Some)
        .ok_or_else(|| QueryError::InvalidQuantity(value.to_string()))
}

/// Plain decimal digits only: no sign, no exponent, no spaces inside.
pub(crate) fn parse_number(value: &str) -> Option<u32> {
    let value = value.trim();
    if value.is_empty() || value.len() > 10 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<CatalogQuery, QueryError> {
        CatalogQuery::parse(s)
    }

    #[test]
    fn empty_is_default() {
        assert_eq!(parse("").unwrap(), CatalogQuery::default());
        assert_eq!(parse("?").unwrap(), CatalogQuery::default());
        assert_eq!(CatalogQuery::default().render(), "");
    }

    #[test]
    fn reads_every_parameter() {
        let q = parse("?category=sports-shoes,toys&city=jinjiang&belt=jinjiang-sports-shoes&goods_kind=white-label&supplier_kind=source-factory&price=10-30.5&q=%E8%BF%90%E5%8A%A8%E9%9E%8B&sort=price_asc&page=3&per_page=48").unwrap();
        assert_eq!(q.category, ["sports-shoes", "toys"]);
        assert_eq!(q.city, ["jinjiang"]);
        assert_eq!(q.belt, ["jinjiang-sports-shoes"]);
        assert_eq!(q.goods_kind, ["white-label"]);
        assert_eq!(q.supplier_kind, ["source-factory"]);
        assert_eq!(
            q.price,
            PriceRange {
                min_fen: Some(1000),
                max_fen: Some(3050)
            }
        );
        assert_eq!(q.q, "运动鞋");
        assert_eq!(q.sort, Sort::PriceAsc);
        assert_eq!((q.page, q.per_page), (3, 48));
        assert_eq!(parse(&q.render()).unwrap(), q);
    }

    #[test]
    fn renders_canonically() {
        let q = parse("page=1&sort=relevance&city=yiwu,jinjiang,yiwu&price=10.50-&q=a b").unwrap();
        assert_eq!(q.render(), "q=a+b&city=yiwu,jinjiang&price=10.5-");
    }

    #[test]
    fn open_price_ends() {
        assert_eq!(
            PriceRange::parse("300-").unwrap(),
            PriceRange {
                min_fen: Some(30000),
                max_fen: None
            }
        );
        assert_eq!(
            PriceRange::parse("-9.9").unwrap(),
            PriceRange {
                min_fen: None,
                max_fen: Some(990)
            }
        );
        assert_eq!(PriceRange::parse("-").unwrap(), PriceRange::ANY);
        assert_eq!(
            PriceRange::parse("0.05-0.05").unwrap().to_string(),
            "0.05-0.05"
        );
        assert!(PriceRange::parse("10-30").unwrap().contains(3000));
        assert!(!PriceRange::parse("10-30").unwrap().contains(3001));
    }

    #[test]
    fn rejects_with_messages_people_understand() {
        let cases = [
            (
                "price=50-10",
                "price_min_above_max",
                "minimum ¥50.00 is above the maximum ¥10.00",
            ),
            ("price=abc", "invalid_price", "MIN-MAX in yuan"),
            ("price=1e3-", "invalid_price", "MIN-MAX"),
            ("price=-5-10", "invalid_price", "MIN-MAX"),
            ("price=10.123-", "invalid_price", "MIN-MAX"),
            ("price=99999999999-", "invalid_price", "MIN-MAX"),
            ("sort=nope", "invalid_sort", "one of relevance"),
            ("page=0", "invalid_page", "from 1"),
            ("page=-1", "invalid_page", "from 1"),
            ("page=99999999999", "invalid_page", "from 1"),
            ("per_page=0", "invalid_per_page", "1 to 100"),
            ("per_page=101", "invalid_per_page", "1 to 100"),
            ("city=Yiwu", "invalid_id", "lowercase"),
            ("city=yi--wu", "invalid_id", "lowercase"),
            ("q=a%00b", "invalid_keyword", "control"),
            ("city=a&city=b", "duplicate_parameter", "more than once"),
        ];
        for (input, code, message) in cases {
            let err = parse(input).expect_err(input);
            assert_eq!(err.code(), code, "{input}");
            assert!(err.to_string().contains(message), "{input}: {err}");
        }
    }

    #[test]
    fn limits_list_length_and_keyword() {
        let many: Vec<String> = (0..=MAX_LIST_ENTRIES).map(|i| format!("c{i}")).collect();
        assert_eq!(
            parse(&format!("city={}", many.join(",")))
                .unwrap_err()
                .code(),
            "too_many_values"
        );
        assert_eq!(
            parse(&format!("q={}", "鞋".repeat(MAX_KEYWORD_CHARS + 1)))
                .unwrap_err()
                .code(),
            "invalid_keyword"
        );
        let long = parse(&format!("sort={}", "x".repeat(10_000)))
            .unwrap_err()
            .to_string();
        assert!(long.len() < 200, "{long}");
    }

    #[test]
    fn toggling_resets_page() {
        let q = parse("city=yiwu&page=4").unwrap();
        let added = q.toggled(Facet::City, "jinjiang");
        assert_eq!(added.render(), "city=yiwu,jinjiang");
        assert_eq!(added.toggled(Facet::City, "yiwu").render(), "city=jinjiang");
    }

    #[test]
    fn yuan_formats() {
        assert_eq!(format_yuan(1250u32), "12.50");
        assert_eq!(format_yuan(5u32), "0.05");
        assert_eq!(format_yuan(u64::from(u32::MAX) * 1000), "42949672950.00");
        assert_eq!(yuan_param(1005), "10.05");
    }

    #[test]
    fn a_sentence_replaces_what_it_names_and_keeps_the_rest() {
        let query = CatalogQuery::parse("city=yiwu&goods_kind=factory-brand&q=旧&page=3").unwrap();
        let said = CatalogQuery::parse("city=jinjiang&price=-50&sort=price_asc&q=带灯").unwrap();
        let refined = query.refined_by(&said);
        assert_eq!(
            refined.render(),
            "q=%E5%B8%A6%E7%81%AF&city=jinjiang&goods_kind=factory-brand&price=-50&sort=price_asc"
        );
        assert_eq!(query.refined_by(&CatalogQuery::default()).q, "");
    }

    #[test]
    fn dropping_a_filter_keeps_the_rest() {
        let query = CatalogQuery::parse("city=yiwu&price=10-30&qty=20&q=袜&page=3").unwrap();
        for filter in Filter::ALL {
            let without = query.without(filter);
            assert!(!without.applies(filter));
            assert_eq!(without.page, 1);
            for other in Filter::ALL.into_iter().filter(|&f| f != filter) {
                assert_eq!(without.applies(other), query.applies(other), "{other:?}");
            }
        }
    }
}
