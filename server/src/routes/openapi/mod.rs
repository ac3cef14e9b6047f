//! The OpenAPI 3.1 document of API v1, served at `GET /api/v1/openapi.json`
//! and committed as `docs/openapi.json` (see docs/api.md).
//!
//! It is built here from the code, not written by hand: the JSON shapes are the
//! contract's types (their `utoipa::ToSchema` derives, contract feature
//! `openapi`); the query parameters, their limits and allowed values come from
//! the contract's codec (`MAX_PER_PAGE`, `Sort::ALL`, `Facet::ALL`, …); the
//! error codes and statuses from the constructors that answer them
//! (`ApiError`, `QueryError::code`, `limits.rs`). A field added to
//! `CatalogQuery`, a facet or a `QueryError` variant fails to compile here
//! until it is documented.

mod console;
mod inquiries;

use std::sync::OnceLock;

use beltmart_contract::{
    AuditPage, BuyerAction, BuyerInquiries, CatalogQuery, DEFAULT_PER_PAGE, ErrorBody, Facet,
    FactoryMessage, Filter, ImportReport, Inbox, InquiriesSent, Inquiry, Invite, MAX_ID_LEN,
    MAX_KEYWORD_CHARS, MAX_LIST_ENTRIES, MAX_PER_PAGE, MAX_QTY, NewInquiry, Param, People,
    PersonChange, PersonChanged, ProductDetail, ProductList, ProfileEdit, QueryError, Quote,
    SessionInfo, SetPassword, SignIn, Sort, Suggestions, SupplierDetail, SupplierList,
    SupplierQuery, Taxonomy, Understanding, path,
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi as _;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, ParameterStyle, PathItem,
};
use utoipa::openapi::schema::{AllOfBuilder, ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    ContentBuilder, HeaderBuilder, InfoBuilder, LicenseBuilder, OpenApi, PathsBuilder, Ref, RefOr,
    Required, Response, ResponseBuilder, Schema,
};

use crate::understand::MAX_SENTENCE_CHARS;

use super::Health;
use crate::http::error::{ApiError, Busy};
use crate::http::limits;
use crate::http::policy::{API_CACHE, NO_STORE};

/// The document as served and committed: pretty-printed JSON with a final newline.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut json = serde_json::to_string_pretty(&with_required_headers(document()))
            .expect("the OpenAPI document serialises");
        json.push('\n');
        json
    })
}

/// The JSON shapes of the API, from the contract's types (and the nested types
/// they use).
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(
    ProductList,
    ProductDetail,
    SupplierList,
    SupplierDetail,
    Taxonomy,
    Understanding,
    Suggestions,
    ErrorBody,
    Health,
    SignIn,
    SetPassword,
    SessionInfo,
    ImportReport,
    ProfileEdit,
    People,
    Invite,
    PersonChange,
    PersonChanged,
    AuditPage,
    NewInquiry,
    InquiriesSent,
    BuyerInquiries,
    Inquiry,
    BuyerAction,
    Quote,
    FactoryMessage,
    Inbox
)))]
struct Schemas;

/// Lowercase ASCII slugs, as `beltmart_contract::is_slug` accepts them.
const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// `MIN-MAX` in yuan, either end may be empty (or all of it: any price). Each
/// end as `beltmart_contract::parse_yuan` reads it: at most 8 digits and 2
/// decimals, at most 10 000 000.00.
const PRICE: &str = "^((([0-9]{1,7}|0[0-9]{7})(\\.[0-9]{1,2})?|10000000(\\.00?)?)?-(([0-9]{1,7}|0[0-9]{7})(\\.[0-9]{1,2})?|10000000(\\.00?)?)?)?$";
/// What the server sends as `ETag`: weak, from the catalog version and the request.
const ETAG: &str = "^W/\"[0-9a-f]{24}\"$";
/// `Cache-Control` of product images.
const IMAGE_CACHE: &str = "public, max-age=86400";
/// `Cache-Control` of a stored picture's variants, whose URLs name their content.
const PICTURE_CACHE: &str = "public, max-age=31536000, immutable";
/// A stored picture's variant: its name (32 hex digits), width and encoding.
const PICTURE_FILE: &str = "^[0-9a-f]{32}-[1-9][0-9]{0,4}\\.(webp|jpg)$";

const JSON: &str = "application/json";

pub fn document() -> OpenApi {
    let mut doc = Schemas::openapi();
    doc.info = InfoBuilder::new()
        .title("Beltmart API")
        .version("1")
        .description(Some(DESCRIPTION))
        .license(Some(LicenseBuilder::new().name("MIT").build()))
        .build();
    doc.tags = Some(vec![
        tag(
            "catalog",
            "Products, their facets and the taxonomy to filter by",
        ),
        tag(
            "inquiries",
            "询价单: a shopper asks factories for a quote, and follows the answers by a private link",
        ),
        tag(
            "console",
            "Signing in to the console (site owners and factories); not for shoppers",
        ),
        tag("service", "Health and this document"),
    ]);
    let components = doc.components.get_or_insert_with(Default::default);
    components.responses.extend([
        ("NotModified".into(), not_modified().into()),
        (
            "BadQuery".into(),
            error_response(
                "The query string cannot be read; `message` says which parameter and why.",
                &query_errors(),
            )
            .into(),
        ),
        (
            "NotFound".into(),
            error_response(
                "No such product (or image): ids are lowercase slugs such as `p1234`.",
                &[ApiError::not_found("")],
            )
            .into(),
        ),
        (
            "PayloadTooLarge".into(),
            error_response(
                &format!(
                    "The request declares a body of more than {} bytes, or a chunked one; \
                     shoppers only GET.",
                    limits::MAX_BODY_BYTES
                ),
                &[limits::payload_too_large(limits::MAX_BODY_BYTES)],
            )
            .into(),
        ),
        (
            "UriTooLong".into(),
            error_response(
                &format!("The URL is longer than {} bytes.", limits::MAX_URI_BYTES),
                &[limits::uri_too_long(limits::MAX_URI_BYTES + 1)],
            )
            .into(),
        ),
        (
            "Unavailable".into(),
            error_response(
                "The server is busy, or could not finish the answer: try again after \
                 `Retry-After` seconds. A store of record that does not answer is not an \
                 error: the version held keeps serving.",
                &busy()
                    .into_iter()
                    .chain([ApiError::unavailable("")])
                    .collect::<Vec<_>>(),
            )
            .into(),
        ),
    ]);
    let shoppers = PathsBuilder::new()
        .path(path::PRODUCTS, get(list_products()))
        .path(path::PRODUCT, get(product()))
        .path(path::SUPPLIERS, get(list_suppliers()))
        .path(path::SUPPLIER, get(supplier()))
        .path(path::TAXONOMY, get(taxonomy()))
        .path(path::UNDERSTAND, get(understand()))
        .path(path::SUGGEST, get(suggest()))
        .path(path::IMAGE, get(image()))
        .path(path::PICTURE, get(picture()))
        .path(path::HEALTH, get(health()))
        .path(path::OPENAPI, get(openapi()));
    let all = console::paths()
        .into_iter()
        .chain(inquiries::paths())
        .fold(shoppers, |paths, (at, item)| paths.path(at, item));
    doc.paths = all.build();
    doc
}

const DESCRIPTION: &str = "\
Beltmart's shopper API: a catalog of products from China's industrial belts (产业带), \
filtered by category, city and belt, goods and supplier kind, price and keyword, with \
disjunctive facet counts.

- JSON over HTTP. The catalog is `GET` only (`HEAD` too); any other method answers \
405 `method_not_allowed`. 询价单 (tag `inquiries`) are sent with `POST`, from this site \
or from an origin in `--cors-origins`. The console's endpoints (tag `console`) take JSON \
bodies, and refuse requests that another site's page sends (403 `cross_origin`). Money is integer fen everywhere in JSON (`price_fen: 1250` is \
¥12.50); the `price` parameter is in yuan because people type it.
- Every error answer (4xx and 503) is \
`{\"error\": {\"code\", \"message\"}}` (and `fields`, naming each bad field of a body) with a stable `code`, `Cache-Control: no-store` \
and, for a 503, `Retry-After`. Bad input is never a 5xx.
- Successful API answers carry a weak `ETag` (from the catalog version and the request) \
and `Cache-Control: public, max-age=0, s-maxage=1`; a request whose `If-None-Match` \
lists the ETag (or `*`) gets `304 Not Modified`. Every answer comes from one catalog \
version, named in `catalog_version`; it changes when an import commits.
- Unknown query parameters are ignored; a parameter given twice is 400 \
`duplicate_parameter`. Lists are comma-separated ids: OR within a parameter, AND across \
parameters.";

fn tag(name: &str, description: &str) -> utoipa::openapi::Tag {
    TagBuilder::new()
        .name(name)
        .description(Some(description))
        .build()
}

fn get(operation: OperationBuilder) -> PathItem {
    PathItem::new(HttpMethod::Get, operation)
}

fn schema_ref(name: &str) -> RefOr<Schema> {
    Ref::from_schema_name(name).into()
}

fn response_ref(name: &str) -> RefOr<Response> {
    Ref::from_response_name(name).into()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn integer() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Integer)
}

/// A header whose value is one of `values`.
fn header_one_of(description: &str, values: &[&str]) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(string().enum_values(Some(values.iter().copied())))
        .description(Some(description))
        .build()
}

fn etag_header() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(string().pattern(Some(ETAG)))
        .description(Some(
            "Weak validator of this answer (catalog version and request); send it back in \
             `If-None-Match` to get 304 while nothing changed.",
        ))
        .build()
}

fn api_cache_header() -> utoipa::openapi::header::Header {
    header_one_of(
        "Browsers revalidate every time; shared caches (a CDN) keep the answer for a second.",
        &[API_CACHE],
    )
}

/// A successful API answer: its body, `ETag` and `Cache-Control`.
fn ok_json(description: &str, schema: impl Into<RefOr<Schema>>) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(JSON, ContentBuilder::new().schema(Some(schema)).build())
        .header("ETag", etag_header())
        .header("Cache-Control", api_cache_header())
        .build()
}

fn not_modified() -> Response {
    ResponseBuilder::new()
        .description(
            "Not Modified: `If-None-Match` lists this answer's ETag (or is `*` and the answer \
             exists). No body.",
        )
        .header("ETag", etag_header())
        .header("Cache-Control", api_cache_header())
        .build()
}

/// One error status with the codes it may carry: `errors` are examples made by
/// the very constructors that answer them, so their status, codes and
/// `Retry-After` are what the server sends.
fn error_response(description: &str, errors: &[ApiError]) -> Response {
    let status = errors[0].status;
    assert!(
        errors.iter().all(|e| e.status == status),
        "one response, one status"
    );
    let mut codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
    codes.dedup();
    let listed = codes
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let code = string().enum_values(Some(codes));
    let body: RefOr<Schema> = Schema::AllOf(
        AllOfBuilder::new()
            .item(schema_ref("ErrorBody"))
            .item(
                ObjectBuilder::new().property("error", ObjectBuilder::new().property("code", code)),
            )
            .build(),
    )
    .into();
    let mut response = ResponseBuilder::new()
        .description(format!(
            "{}: {description} Codes: {listed}.",
            status.canonical_reason().unwrap_or_default()
        ))
        .content(JSON, ContentBuilder::new().schema(Some(body)).build())
        .header(
            "Cache-Control",
            header_one_of("Errors are never cached.", &[NO_STORE]),
        );
    let retry = errors[0].retry_after.is_some();
    assert!(
        errors.iter().all(|e| e.retry_after.is_some() == retry),
        "one response, Retry-After on all its answers or on none"
    );
    if retry {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(integer().minimum(Some(0)))
                .description(Some("Seconds to wait before trying again."))
                .build(),
        );
    }
    response.build()
}

/// 400: one example of every way the query codec refuses a query string.
fn query_errors() -> Vec<ApiError> {
    let examples = [
        QueryError::InvalidId {
            param: Facet::City.key(),
            value: "Yiwu".into(),
        },
        QueryError::TooManyValues {
            param: Facet::City.key(),
        },
        QueryError::InvalidPrice("abc".into()),
        QueryError::PriceMinAboveMax {
            min_fen: 5000,
            max_fen: 1000,
        },
        QueryError::InvalidSort("nope".into()),
        QueryError::InvalidPage("0".into()),
        QueryError::InvalidPerPage("101".into()),
        QueryError::InvalidKeyword,
        QueryError::KeywordTooLong,
        QueryError::InvalidQuantity("0".into()),
        QueryError::DuplicateParameter(Facet::City.key().into()),
    ];
    for example in &examples {
        // No wildcard: a new variant fails to compile here until it has an example above.
        match example {
            QueryError::InvalidId { .. }
            | QueryError::TooManyValues { .. }
            | QueryError::InvalidPrice(_)
            | QueryError::PriceMinAboveMax { .. }
            | QueryError::InvalidSort(_)
            | QueryError::InvalidPage(_)
            | QueryError::InvalidPerPage(_)
            | QueryError::InvalidKeyword
            | QueryError::KeywordTooLong
            | QueryError::InvalidQuantity(_)
            | QueryError::DuplicateParameter(_) => {}
        }
    }
    examples.into_iter().map(ApiError::from).collect()
}

fn busy() -> Vec<ApiError> {
    [Busy::Overloaded, Busy::Timeout]
        .into_iter()
        .map(ApiError::busy)
        .collect()
}

/// The responses every API operation may get from the limits in front of it
/// and from the catalog check (`require_catalog`).
fn limit_responses(operation: OperationBuilder) -> OperationBuilder {
    operation
        .response("413", response_ref("PayloadTooLarge"))
        .response("414", response_ref("UriTooLong"))
        .response("503", response_ref("Unavailable"))
}

fn query_param(
    name: &str,
    description: &str,
    schema: impl Into<RefOr<Schema>>,
) -> ParameterBuilder {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
}

fn if_none_match() -> ParameterBuilder {
    ParameterBuilder::new()
        .name("If-None-Match")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "ETags of answers the client has (comma-separated), or `*`: 304 when one is this \
             answer's.",
        ))
        .schema(Some(string()))
}

fn facet_description(facet: Facet) -> &'static str {
    match facet {
        Facet::Category => {
            "Category ids (`sports-shoes`); a top-level category includes all its leaves. \
             See the taxonomy's `categories`."
        }
        Facet::City => "City ids (`jinjiang`). See the taxonomy's `regions`.",
        Facet::Belt => "Belt ids (`jinjiang-sports-shoes`). See the taxonomy's `regions`.",
        Facet::GoodsKind => "Goods kind ids. See the taxonomy's `goods_kinds`.",
        Facet::SupplierKind => {
            "Supplier kind ids: products of a supplier with any of them. See the taxonomy's \
             `supplier_kinds`."
        }
        Facet::Supplier => {
            "Supplier ids (`GET /api/v1/suppliers`): the products of these factories. Not \
             counted in `facets`."
        }
    }
}

fn list_products() -> OperationBuilder {
    // No `..`: a field added to the query fails to compile here until it is documented.
    let CatalogQuery {
        category: _,
        city: _,
        belt: _,
        goods_kind: _,
        supplier_kind: _,
        supplier: _,
        price: _,
        qty: _,
        q: _,
        sort: _,
        page: _,
        per_page: _,
    } = CatalogQuery::default();
    let mut operation = OperationBuilder::new()
        .operation_id(Some("listProducts"))
        .tag("catalog")
        .summary(Some(
            "Products matching the filters, one page, with facet counts",
        ))
        .description(Some(
            "The filtered, sorted, paged catalog. `facets` counts, for every known value of \
             each facet, the results choosing it would give (disjunctive: each facet's counts \
             ignore its own selection and apply all the others); `price_histogram` spreads the \
             results' prices ignoring the `price` filter; `relaxed` gives, for each applied \
             parameter, the total if it alone were dropped. A page past the end has empty \
             `items`. `GET /api/v1/products?category=a,b&city=x&price=10-30&sort=price_asc`",
        ))
        .parameter(query_param(
            Filter::Keyword.key(),
            &format!(
                "Keyword over titles (and category, city and belt names), Chinese substrings \
                 included; title matches rank first. Surrounding spaces are ignored. At most \
                 {MAX_KEYWORD_CHARS} characters and no control characters, else 400 \
                 `invalid_keyword`."
            ),
            string()
                .max_length(Some(MAX_KEYWORD_CHARS))
                .pattern(Some("^[^\\u0000-\\u001f\\u007f-\\u009f]*$")),
        ));
    for facet in Facet::ALL {
        operation = operation.parameter(
            query_param(
                facet.key(),
                &format!(
                    "{} Comma-separated, at most {MAX_LIST_ENTRIES} distinct values (else 400 \
                     `too_many_values`); each a lowercase slug of at most {MAX_ID_LEN} \
                     characters (else 400 `invalid_id`). Unknown ids match nothing.",
                    facet_description(facet)
                ),
                ArrayBuilder::new()
                    .items(string().pattern(Some(SLUG)).max_length(Some(MAX_ID_LEN)))
                    .max_items(Some(MAX_LIST_ENTRIES)),
            )
            .style(Some(ParameterStyle::Form))
            .explode(Some(false)),
        );
    }
    let sorts: Vec<&str> = Sort::ALL.iter().map(|s| s.as_str()).collect();
    operation
        .parameter(query_param(
            Filter::Price.key(),
            "Unit price range `MIN-MAX` in yuan, inclusive; either end may be empty (`300-`, \
             `-9.9`); at most two decimals (else 400 `invalid_price`); MIN above MAX is 400 \
             `price_min_above_max`. The taxonomy's price-band ids have this form.",
            string().pattern(Some(PRICE)).examples(["10-30"]),
        ))
        .parameter(query_param(
            Filter::Quantity.key(),
            &format!(
                "How many pieces the shopper wants, 1 to {MAX_QTY} (else 400 `invalid_qty`). \
                 Only products whose MOQ is at most this match; each item's `price_fen` is the \
                 unit price of the tier that applies at this quantity, and `price`, the \
                 histogram, the price facet and the price sorts use that price. `relaxed` \
                 lists `qty` with the total at any quantity."
            ),
            integer().minimum(Some(1)).maximum(Some(MAX_QTY)),
        ))
        .parameter(query_param(
            Param::Sort.key(),
            "Order of the results (else 400 `invalid_sort`).",
            string()
                .enum_values(Some(sorts))
                .default(Some(Sort::default().as_str().into())),
        ))
        .parameter(page_param())
        .parameter(per_page_param())
        .parameter(if_none_match())
        .response(
            "200",
            ok_json(
                "The page of results, its facets and histogram.",
                schema_ref("ProductList"),
            ),
        )
        .response("304", response_ref("NotModified"))
        .response("400", response_ref("BadQuery"))
        .pipe(limit_responses)
}

fn path_id(description: &str) -> ParameterBuilder {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(string().examples(["p1"])))
}

fn product() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("getProduct"))
        .tag("catalog")
        .summary(Some(
            "One product with its tiered prices, supplier and images",
        ))
        .parameter(path_id(
            "Product id, a lowercase slug such as `p1234`; anything else is 404 `not_found`.",
        ))
        .parameter(if_none_match())
        .response("200", ok_json("The product.", schema_ref("ProductDetail")))
        .response("304", response_ref("NotModified"))
        .response("404", response_ref("NotFound"))
        .pipe(limit_responses)
}

fn list_suppliers() -> OperationBuilder {
    // No `..`: a field added to the query fails to compile here until it is documented.
    let SupplierQuery {
        belt: _,
        city: _,
        kind: _,
        q: _,
        page: _,
        per_page: _,
    } = SupplierQuery::default();
    let ids = |what: &str| {
        query_param(
            what,
            &format!(
                "{what} ids, comma-separated (OR), at most {MAX_LIST_ENTRIES}; each a lowercase \
                 slug (else 400 `invalid_id`). Unknown ids match nothing."
            ),
            ArrayBuilder::new()
                .items(string().pattern(Some(SLUG)).max_length(Some(MAX_ID_LEN)))
                .max_items(Some(MAX_LIST_ENTRIES)),
        )
        .style(Some(ParameterStyle::Form))
        .explode(Some(false))
    };
    OperationBuilder::new()
        .operation_id(Some("listSuppliers"))
        .tag("catalog")
        .summary(Some(
            "Factories, most products first, with disjunctive counts",
        ))
        .description(Some(
            "The factories of some belts, cities and supplier kinds (a factory of any of \
             the kinds), whose name contains `q`. `facets` counts, per belt, city and kind, \
             the factories choosing it would give.",
        ))
        .parameter(ids("belt"))
        .parameter(ids("city"))
        .parameter(ids("kind"))
        .parameter(query_param(
            "q",
            &format!(
                "Part of the name; at most {MAX_KEYWORD_CHARS} characters, no control characters."
            ),
            string()
                .max_length(Some(MAX_KEYWORD_CHARS))
                .pattern(Some("^[^\\u0000-\\u001f\\u007f-\\u009f]*$")),
        ))
        .parameter(page_param())
        .parameter(per_page_param())
        .parameter(if_none_match())
        .response(
            "200",
            ok_json("One page of factories.", schema_ref("SupplierList")),
        )
        .response("304", response_ref("NotModified"))
        .response("400", response_ref("BadQuery"))
        .pipe(limit_responses)
}

/// `page`, as both lists take it.
fn page_param() -> ParameterBuilder {
    query_param(
        Param::Page.key(),
        "Page number, from 1 (else 400 `invalid_page`).",
        integer()
            .minimum(Some(1))
            .maximum(Some(u32::MAX))
            .default(Some(1.into())),
    )
}

/// `per_page`, as both lists take it.
fn per_page_param() -> ParameterBuilder {
    query_param(
        Param::PerPage.key(),
        &format!("Page size, 1 to {MAX_PER_PAGE} (else 400 `invalid_per_page`)."),
        integer()
            .minimum(Some(1))
            .maximum(Some(MAX_PER_PAGE))
            .default(Some(DEFAULT_PER_PAGE.into())),
    )
}

fn supplier() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("getSupplier"))
        .tag("catalog")
        .summary(Some(
            "One factory: its facts with their evidence, and how it compares with its belt",
        ))
        .description(Some(
            "Each fact, certificate and audit says who vouches for it (`source`) and when \
             (`as_of`); one past its `valid_until` is marked `expired`. `peers` compares the \
             factory with the other factories of its belt that make products in the same \
             categories.",
        ))
        .parameter(path_id(
            "Supplier id, a lowercase slug such as `yiwu-3`; anything else is 404 `not_found`.",
        ))
        .parameter(if_none_match())
        .response("200", ok_json("The factory.", schema_ref("SupplierDetail")))
        .response("304", response_ref("NotModified"))
        .response("404", response_ref("NotFound"))
        .pipe(limit_responses)
}

fn taxonomy() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("getTaxonomy"))
        .tag("catalog")
        .summary(Some(
            "Everything a shopper can filter by: categories, regions with cities and belts, \
             price bands, goods and supplier kinds",
        ))
        .parameter(if_none_match())
        .response("200", ok_json("The taxonomy.", schema_ref("Taxonomy")))
        .response("304", response_ref("NotModified"))
        .pipe(limit_responses)
}

fn understand() -> OperationBuilder {
    sentence_operation("understand", "Understanding")
        .summary(Some(
            "What a sentence typed into the search box means, as a catalog query",
        ))
        .description(Some(
            "Names of categories, cities, provinces, belts and kinds (Chinese, traditional, \
             English, pinyin), prices (`50元以下`, `under 50`, `100-200`, `10块左右`), quantities \
             (`100件`, `一件起批`) and sort words (`最便宜`, `热销`) become filters; the rest is \
             the keyword. Deterministic: the same catalog version always reads a sentence the \
             same way (docs/understanding.md).",
        ))
}

fn suggest() -> OperationBuilder {
    sentence_operation("suggest", "Suggestions")
        .summary(Some(
            "What to offer while a shopper types into the search box",
        ))
        .description(Some(
            "Names of categories, cities, belts and kinds that the text (or its last word) \
             begins or is part of, in Chinese, English, pinyin or initials, with their product \
             counts; then the most popular products whose title contains the text.",
        ))
}

/// An operation that reads a shopper's `text` and answers the schema `answer`.
fn sentence_operation(id: &str, answer: &str) -> OperationBuilder {
    let too_long = format!("text={}", "鞋".repeat(MAX_SENTENCE_CHARS + 1));
    let errors = [
        super::sentence_of("text=a&text=b"),
        super::sentence_of(&too_long),
    ]
    .map(|answer| answer.expect_err("an error"));
    OperationBuilder::new()
        .operation_id(Some(id))
        .tag("catalog")
        .parameter(query_param(
            "text",
            &format!(
                "What was typed, up to {MAX_SENTENCE_CHARS} characters (else 400 \
                 `invalid_keyword`); none is the empty text. Other parameters are ignored."
            ),
            string()
                .max_length(Some(MAX_SENTENCE_CHARS))
                .examples(["义乌 50元以下 儿童玩具"]),
        ))
        .parameter(if_none_match())
        .response("200", ok_json("The answer.", schema_ref(answer)))
        .response("304", response_ref("NotModified"))
        .response(
            "400",
            error_response("`text` is given twice, or is too long.", &errors),
        )
        .pipe(limit_responses)
}

fn image() -> OperationBuilder {
    let picture = ResponseBuilder::new()
        .description(
            "The picture, drawn by the server for products that have none (no network, no files).",
        )
        .content(
            "image/jpeg",
            ContentBuilder::new().schema(Some(string())).build(),
        )
        .header("ETag", etag_header())
        .header(
            "Cache-Control",
            header_one_of(
                "A product's pictures never change within a catalog version.",
                &[IMAGE_CACHE],
            ),
        )
        .build();
    OperationBuilder::new()
        .operation_id(Some("getProductImage"))
        .tag("catalog")
        .summary(Some("A generated picture of a product (JPEG)"))
        .parameter(path_id("Product id."))
        .parameter(
            ParameterBuilder::new()
                .name("view")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some(
                    "Which picture: 1 to 3; anything else is 404 `not_found`.",
                ))
                .schema(Some(integer().minimum(Some(1)).maximum(Some(3)))),
        )
        .parameter(if_none_match())
        .response("200", picture)
        .response("304", response_ref("NotModified"))
        .response("404", response_ref("NotFound"))
        .pipe(limit_responses)
}

fn picture() -> OperationBuilder {
    let bytes = || ContentBuilder::new().schema(Some(string())).build();
    let variant = ResponseBuilder::new()
        .description("The picture at that width, without any of the original's metadata.")
        .content("image/webp", bytes())
        .content("image/jpeg", bytes())
        .header("ETag", etag_header())
        .header(
            "Cache-Control",
            header_one_of(
                "The URL names its content: kept for good.",
                &[PICTURE_CACHE],
            ),
        )
        .build();
    OperationBuilder::new()
        .operation_id(Some("getPicture"))
        .tag("catalog")
        .summary(Some("A picture the site stores, at one of its widths (WebP or JPEG)"))
        .description(Some(
            "The URLs come from a product's `picture` (`{src}-{width}.webp`, `.jpg`, for each of \
             `widths`); a name, width or encoding that the catalog does not show is 404 `not_found`.",
        ))
        .parameter(
            ParameterBuilder::new()
                .name("file")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .description(Some("`{name}-{width}.webp` or `{name}-{width}.jpg`."))
                .schema(Some(string().pattern(Some(PICTURE_FILE)))),
        )
        .parameter(if_none_match())
        .response("200", variant)
        .response("304", response_ref("NotModified"))
        .response("404", response_ref("NotFound"))
        .response("503", response_ref("Unavailable"))
        .pipe(limit_responses)
}

fn health() -> OperationBuilder {
    let answer = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                JSON,
                ContentBuilder::new()
                    .schema(Some(schema_ref("Health")))
                    .build(),
            )
            .header(
                "Cache-Control",
                header_one_of("About now: never cached.", &[NO_STORE]),
            )
            .build()
    };
    OperationBuilder::new()
        .operation_id(Some("health"))
        .tag("service")
        .summary(Some(
            "Whether the server serves, and whether its store answers",
        ))
        .description(Some(
            "200 whenever the server serves a catalog version, for load balancers and \
             orchestrators: a replica whose store of record does not answer (`status: \
             degraded`, `store: unreachable`) still serves the version it holds, so it stays \
             in rotation. Answered from the last check of the store, at most a second old.",
        ))
        .response(
            "200",
            answer("The server serves the catalog version it names."),
        )
        .response("413", response_ref("PayloadTooLarge"))
        .response("414", response_ref("UriTooLong"))
        .response("503", response_ref("Unavailable"))
}

fn openapi() -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some("getOpenApi"))
        .tag("service")
        .summary(Some("This OpenAPI document"))
        .parameter(if_none_match())
        .response(
            "200",
            ok_json(
                "This document (OpenAPI 3.1).",
                ObjectBuilder::new().schema_type(Type::Object),
            ),
        )
        .response("304", response_ref("NotModified"))
        .pipe(limit_responses)
}

/// `op.pipe(f)` is `f(op)`, to keep a builder chain flowing.
trait Pipe: Sized {
    fn pipe(self, f: impl FnOnce(Self) -> Self) -> Self {
        f(self)
    }
}
impl Pipe for OperationBuilder {}

/// JSON that keeps its keys in order (serde_json's `Value` sorts them here).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Ordered {
    Object(IndexMap<String, Ordered>),
    Array(Vec<Ordered>),
    Scalar(serde_json::Value),
}

/// Every header this document lists is always sent: marks each `required`,
/// which utoipa's `Header` cannot say, so that clients (and schemathesis)
/// may rely on it.
fn with_required_headers(doc: OpenApi) -> Ordered {
    fn walk(node: &mut Ordered, parent: Option<&str>) {
        match node {
            Ordered::Object(map) => {
                if parent == Some("headers") {
                    for header in map.values_mut() {
                        if let Ordered::Object(header) = header {
                            header.insert("required".into(), Ordered::Scalar(true.into()));
                        }
                    }
                }
                for (key, value) in map.iter_mut() {
                    walk(value, Some(key));
                }
            }
            Ordered::Array(items) => items.iter_mut().for_each(|item| walk(item, None)),
            Ordered::Scalar(_) => {}
        }
    }
    let text = serde_json::to_string(&doc).expect("the OpenAPI document serialises");
    let mut ordered: Ordered = serde_json::from_str(&text).expect("it reads back");
    walk(&mut ordered, None);
    ordered
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    #[test]
    fn documents_every_query_error_code() {
        let codes: Vec<&str> = query_errors().iter().map(|e| e.code.as_str()).collect();
        for code in [
            "invalid_id",
            "too_many_values",
            "invalid_price",
            "price_min_above_max",
            "invalid_sort",
            "invalid_page",
            "invalid_per_page",
            "invalid_keyword",
            "duplicate_parameter",
        ] {
            assert!(codes.contains(&code), "{code}");
            assert!(json().contains(&format!("\"{code}\"")), "{code}");
        }
        assert!(
            query_errors()
                .iter()
                .all(|e| e.status == StatusCode::BAD_REQUEST)
        );
    }

    #[test]
    fn is_openapi_3_1_with_required_headers() {
        let doc: serde_json::Value = serde_json::from_str(json()).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let ok = &doc["paths"]["/api/v1/products"]["get"]["responses"]["200"];
        assert_eq!(ok["headers"]["ETag"]["required"], true);
        assert!(json().starts_with("{\n  \"openapi\": \"3.1.0\""));
    }
}
