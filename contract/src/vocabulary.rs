//! The API's words, each written once: its paths, the catalog query's
//! parameters by key, and the error codes its answers carry. Code outside
//! this crate uses these, never the strings.

use crate::query::{CatalogQuery, Facet, Sort};

/// API v1's paths, relative to the API's origin.
pub mod path {
    use crate::CatalogQuery;

    /// Where version 1 of the API lives; every path below but `HEALTH` is under it.
    pub const API_V1: &str = "/api/v1";
    pub const PRODUCTS: &str = "/api/v1/products";
    /// A product by id (`{id}` as the server's router writes it).
    pub const PRODUCT: &str = "/api/v1/products/{id}";
    /// A product's generated picture (`front`, `side` …).
    pub const IMAGE: &str = "/api/v1/images/{id}/{view}";
    pub const TAXONOMY: &str = "/api/v1/taxonomy";
    /// What a sentence typed into the search box means: `?text=义乌 50元以下 儿童玩具`.
    pub const UNDERSTAND: &str = "/api/v1/understand";
    /// What to offer while a shopper types: `?text=袜`.
    pub const SUGGEST: &str = "/api/v1/suggest";
    pub const OPENAPI: &str = "/api/v1/openapi.json";
    /// For load balancers and monitors; not under the versioned API.
    pub const HEALTH: &str = "/healthz";

    /// One product's page data: `/api/v1/products/p12`.
    pub fn product(id: &str) -> String {
        format!("{PRODUCTS}/{id}")
    }

    /// What a sentence means: `/api/v1/understand?text=%E4%B9%89%E4%B9%8C…`.
    pub fn understand(text: &str) -> String {
        format!("{UNDERSTAND}?text={}", encoded(text))
    }

    /// What to offer for what has been typed so far.
    pub fn suggest(text: &str) -> String {
        format!("{SUGGEST}?text={}", encoded(text))
    }

    fn encoded(text: &str) -> String {
        form_urlencoded::byte_serialize(text.as_bytes()).collect()
    }

    /// A catalog view: `/api/v1/products?city=yiwu`, in the codec's canonical
    /// form so equal queries share one cache key.
    pub fn products(query: &CatalogQuery) -> String {
        format!("{PRODUCTS}?{}", query.render())
    }
}

/// The storefront's pages, relative to where it is served: the SPA's router
/// reads and writes them, and the server lists them in its sitemap.
pub mod page {
    use crate::CatalogQuery;

    /// The belt directory.
    pub const BELTS: &str = "/belts";
    /// 进货单: the shopper's shortlist, or a shared one (`?items=…`).
    pub const LIST: &str = "/list";
    /// Before a product's id: `/product/p12`.
    pub const PRODUCT_PREFIX: &str = "/product/";

    pub fn product(id: &str) -> String {
        format!("{PRODUCT_PREFIX}{id}")
    }

    /// The catalog at `query`, in the codec's canonical form: `/?city=yiwu`.
    pub fn catalog(query: &CatalogQuery) -> String {
        match query.render() {
            rendered if rendered.is_empty() => "/".to_owned(),
            rendered => format!("/?{rendered}"),
        }
    }
}

/// The parameters that narrow the results. Each can be dropped on its own: a
/// list answer's `relaxed` says what each would give without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Filter {
    Keyword,
    /// A list of ids: `city=yiwu,jinjiang`.
    Facet(Facet),
    Price,
    /// `qty`: only what can be bought in that quantity, priced at it.
    Quantity,
}

impl Filter {
    /// In the codec's canonical order.
    pub const ALL: [Filter; 8] = [
        Filter::Keyword,
        Filter::Facet(Facet::Category),
        Filter::Facet(Facet::City),
        Filter::Facet(Facet::Belt),
        Filter::Facet(Facet::GoodsKind),
        Filter::Facet(Facet::SupplierKind),
        Filter::Price,
        Filter::Quantity,
    ];

    /// The query-string key, which is also its id in `relaxed`.
    pub fn key(self) -> &'static str {
        match self {
            Filter::Keyword => "q",
            Filter::Facet(facet) => facet.key(),
            Filter::Price => "price",
            Filter::Quantity => "qty",
        }
    }

    pub fn from_key(key: &str) -> Option<Filter> {
        Filter::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// A parameter of the catalog query string: a filter, or how the results are arranged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    Filter(Filter),
    Sort,
    Page,
    PerPage,
}

impl Param {
    /// The parameters that arrange rather than narrow, in canonical order after the filters.
    const ARRANGING: [Param; 3] = [Param::Sort, Param::Page, Param::PerPage];

    /// Every parameter, in the codec's canonical order.
    pub fn all() -> impl Iterator<Item = Param> {
        Filter::ALL
            .into_iter()
            .map(Param::Filter)
            .chain(Param::ARRANGING)
    }

    /// The query-string key.
    pub fn key(self) -> &'static str {
        match self {
            Param::Filter(filter) => filter.key(),
            Param::Sort => "sort",
            Param::Page => "page",
            Param::PerPage => "per_page",
        }
    }

    pub fn from_key(key: &str) -> Option<Param> {
        Param::all().find(|p| p.key() == key)
    }
}

impl CatalogQuery {
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

/// The `code` of an error answer: stable, for programs (the message is for people).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    InvalidId,
    TooManyValues,
    InvalidPrice,
    PriceMinAboveMax,
    InvalidSort,
    InvalidPage,
    InvalidPerPage,
    InvalidKeyword,
    InvalidQuantity,
    DuplicateParameter,
    NotFound,
    MethodNotAllowed,
    /// The request's URL is longer than the server reads.
    UriTooLong,
    /// The request has a body, which no endpoint reads.
    PayloadTooLarge,
    /// Too many requests at once; retry after `Retry-After`.
    Overloaded,
    /// The answer took too long; retry.
    Timeout,
    /// The catalog's store failed; retry after `Retry-After`.
    Unavailable,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 17] = [
        ErrorCode::InvalidId,
        ErrorCode::TooManyValues,
        ErrorCode::InvalidPrice,
        ErrorCode::PriceMinAboveMax,
        ErrorCode::InvalidSort,
        ErrorCode::InvalidPage,
        ErrorCode::InvalidPerPage,
        ErrorCode::InvalidKeyword,
        ErrorCode::InvalidQuantity,
        ErrorCode::DuplicateParameter,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UriTooLong,
        ErrorCode::PayloadTooLarge,
        ErrorCode::Overloaded,
        ErrorCode::Timeout,
        ErrorCode::Unavailable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidId => "invalid_id",
            ErrorCode::TooManyValues => "too_many_values",
            ErrorCode::InvalidPrice => "invalid_price",
            ErrorCode::PriceMinAboveMax => "price_min_above_max",
            ErrorCode::InvalidSort => "invalid_sort",
            ErrorCode::InvalidPage => "invalid_page",
            ErrorCode::InvalidPerPage => "invalid_per_page",
            ErrorCode::InvalidKeyword => "invalid_keyword",
            ErrorCode::InvalidQuantity => "invalid_qty",
            ErrorCode::DuplicateParameter => "duplicate_parameter",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UriTooLong => "uri_too_long",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Overloaded => "overloaded",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    pub fn parse(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// Whether trying again later may succeed (nothing was wrong with the request).
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::Overloaded | ErrorCode::Timeout | ErrorCode::Unavailable
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_codes_read_back() {
        for param in Param::all() {
            assert_eq!(Param::from_key(param.key()), Some(param));
        }
        for filter in Filter::ALL {
            assert_eq!(Filter::from_key(filter.key()), Some(filter));
        }
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
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
