//! Beltmart API v1, shared by the SPA and the server: the JSON types and the one
//! codec for the catalog query string. The SPA's own URL and the API use the same
//! parameters, so a shared link and an API call mean the same thing.

mod console;
mod form;
mod inquiry;
mod paths;
mod pricing;
mod query;
mod shortlist;
mod supplier_query;
mod suppliers;
mod taxonomy;
mod types;
mod vocabulary;

pub use console::{
    AuditEntry, AuditPage, ImportProblem, ImportReport, Invite, People, Person, PersonChange,
    PersonChanged, ProfileEdit, Role, SessionInfo, SetPassword, SignIn, SignedIn,
};
pub use form::{PRICE_MAX_FIELD, PRICE_MIN_FIELD};
pub use inquiry::*;
pub use paths::{page, path};
pub use pricing::tier_price;
pub use query::{
    CatalogQuery, DEFAULT_PER_PAGE, MAX_ID_LEN, MAX_KEYWORD_CHARS, MAX_LIST_ENTRIES, MAX_PER_PAGE,
    MAX_QTY, PriceRange, QueryError, Sort, format_yuan, is_slug, parse_yuan,
};
pub use shortlist::{MAX_SHORTLIST_LINES, SHORTLIST_KEY, Shortlist, ShortlistError, ShortlistLine};
pub use supplier_query::SupplierQuery;
pub use suppliers::*;
pub use taxonomy::Names;
pub use types::*;
pub use vocabulary::{ErrorCode, Facet, Filter, Param};
