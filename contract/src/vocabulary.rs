//! The API's words, each written once: the catalog query's parameters by
//! key and the error codes its answers carry. Code outside this crate uses
//! these, never the strings. The query codec reads and writes them; they
//! depend on nothing.

/// The list parameters, each a comma-separated set of ids. `Facets::counts`
/// relies on the order of the variants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Facet {
    Category,
    City,
    Belt,
    GoodsKind,
    SupplierKind,
    /// Factories by id: a filter without counts (a catalog has thousands).
    Supplier,
}

impl Facet {
    pub const ALL: [Facet; 6] = [
        Facet::Category,
        Facet::City,
        Facet::Belt,
        Facet::GoodsKind,
        Facet::SupplierKind,
        Facet::Supplier,
    ];

    /// The query-string key.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Category => "category",
            Facet::City => "city",
            Facet::Belt => "belt",
            Facet::GoodsKind => "goods_kind",
            Facet::SupplierKind => "supplier_kind",
            Facet::Supplier => "supplier",
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
    pub const ALL: [Filter; 9] = [
        Filter::Keyword,
        Filter::Facet(Facet::Category),
        Filter::Facet(Facet::City),
        Filter::Facet(Facet::Belt),
        Filter::Facet(Facet::GoodsKind),
        Filter::Facet(Facet::SupplierKind),
        Filter::Facet(Facet::Supplier),
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
    /// Not signed in, or the session has ended.
    SignedOut,
    /// The email and password do not match an account that may sign in.
    WrongCredentials,
    /// Too many failed sign-ins; retry after `Retry-After`.
    TooManyAttempts,
    /// A setup link that is unknown, used, replaced or expired.
    InvalidLink,
    /// A new password that is too short, too long or too common.
    WeakPassword,
    /// A request body that is not the JSON the endpoint reads.
    InvalidBody,
    /// A console request sent from another site's page.
    CrossOrigin,
    /// Something only the site's owner may change.
    OwnerOnly,
    /// A change that breaks a rule of the catalog; `message` says which.
    InvalidChange,
    /// A request for a host the server is not configured to answer for.
    InvalidHost,
    /// A body whose fields break the rules; `fields` names every one.
    InvalidFields,
    /// Sending a 询价单 needs an `Idempotency-Key` header.
    MissingIdempotencyKey,
    /// The `Idempotency-Key` came before with another body.
    IdempotencyKeyReused,
    /// Too many 询价单 from one address or to one contact; retry after `Retry-After`.
    TooManyInquiries,
    /// The inquiry no longer takes this (withdrawn, accepted, declined, closed).
    InquiryClosed,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 32] = [
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
        ErrorCode::SignedOut,
        ErrorCode::WrongCredentials,
        ErrorCode::TooManyAttempts,
        ErrorCode::InvalidLink,
        ErrorCode::WeakPassword,
        ErrorCode::InvalidBody,
        ErrorCode::CrossOrigin,
        ErrorCode::OwnerOnly,
        ErrorCode::InvalidChange,
        ErrorCode::InvalidHost,
        ErrorCode::InvalidFields,
        ErrorCode::MissingIdempotencyKey,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::TooManyInquiries,
        ErrorCode::InquiryClosed,
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
            ErrorCode::SignedOut => "signed_out",
            ErrorCode::WrongCredentials => "wrong_credentials",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::InvalidLink => "invalid_link",
            ErrorCode::WeakPassword => "weak_password",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::CrossOrigin => "cross_origin",
            ErrorCode::OwnerOnly => "owner_only",
            ErrorCode::InvalidChange => "invalid_change",
            ErrorCode::InvalidHost => "invalid_host",
            ErrorCode::InvalidFields => "invalid_fields",
            ErrorCode::MissingIdempotencyKey => "missing_idempotency_key",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::TooManyInquiries => "too_many_inquiries",
            ErrorCode::InquiryClosed => "inquiry_closed",
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
}
