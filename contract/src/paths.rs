//! Where things are: API v1's paths and the storefront's pages, each written
//! once. A catalog view's path is its query in the codec's canonical form.

/// API v1's paths, relative to the API's origin.
pub mod path {
    use crate::query::CatalogQuery;

    /// Where version 1 of the API lives; every path below but `HEALTH` is under it.
    pub const API_V1: &str = "/api/v1";
    pub const PRODUCTS: &str = "/api/v1/products";
    /// A product by id (`{id}` as the server's router writes it).
    pub const PRODUCT: &str = "/api/v1/products/{id}";
    /// A product's generated picture (`front`, `side` …).
    pub const IMAGE: &str = "/api/v1/images/{id}/{view}";
    /// A stored picture at one width: `{name}-{width}.webp` or `.jpg`.
    pub const PICTURE: &str = "/api/v1/pictures/{file}";
    /// Where a stored picture's variants live, before `-{width}.{webp|jpg}`.
    pub const PICTURES: &str = "/api/v1/pictures";
    pub const TAXONOMY: &str = "/api/v1/taxonomy";
    /// The factory list: `?belt=…&city=…&kind=…&q=…`.
    pub const SUPPLIERS: &str = "/api/v1/suppliers";
    /// A factory by id, with its belt peers.
    pub const SUPPLIER: &str = "/api/v1/suppliers/{id}";
    /// What a sentence typed into the search box means: `?text=义乌 50元以下 儿童玩具`.
    pub const UNDERSTAND: &str = "/api/v1/understand";
    /// What to offer while a shopper types: `?text=袜`.
    pub const SUGGEST: &str = "/api/v1/suggest";
    pub const OPENAPI: &str = "/api/v1/openapi.json";
    /// Signing in (`POST`), who is signed in (`GET`), signing out (`DELETE`;
    /// `?everywhere=true` ends every session of the account).
    pub const SESSION: &str = "/api/v1/session";
    /// The console's API: everything under it needs a session.
    pub const CONSOLE: &str = "/api/v1/console";
    /// Uploading a catalog file: `?mode=upsert|replace&dry_run=true|false`.
    pub const CONSOLE_IMPORTS: &str = "/api/v1/console/imports";
    /// The catalog to download, as the import reads it (`?format=csv|jsonl`):
    /// a factory's own products, or all.
    pub const CONSOLE_EXPORT: &str = "/api/v1/console/export";
    /// A factory's profile, to read and change (`GET`, `PATCH`).
    pub const CONSOLE_SUPPLIER: &str = "/api/v1/console/suppliers/{id}";
    /// The accounts (owner): list, invite (`POST`), disable, enable, reset (`PATCH`).
    pub const CONSOLE_PEOPLE: &str = "/api/v1/console/people";
    /// The audit log (owner), newest first: `?before=ID`.
    pub const CONSOLE_AUDIT: &str = "/api/v1/console/audit";
    /// Sending a 询价单 (`POST`, with an `Idempotency-Key` header).
    pub const INQUIRIES: &str = "/api/v1/inquiries";
    /// The buyer's view of one submission, by its private token.
    pub const INQUIRY: &str = "/api/v1/inquiries/{token}";
    /// What the buyer does with one of its inquiries (`POST` a `BuyerAction`).
    pub const INQUIRY_ACTION: &str = "/api/v1/inquiries/{token}/{id}";
    /// A factory's inbox (an owner's: all): `?status=…&q=…&before=…`.
    pub const CONSOLE_INQUIRIES: &str = "/api/v1/console/inquiries";
    /// One inquiry, with the buyer's contact; opening it marks it read.
    pub const CONSOLE_INQUIRY: &str = "/api/v1/console/inquiries/{id}";
    pub const CONSOLE_INQUIRY_QUOTE: &str = "/api/v1/console/inquiries/{id}/quote";
    pub const CONSOLE_INQUIRY_MESSAGES: &str = "/api/v1/console/inquiries/{id}/messages";
    pub const CONSOLE_INQUIRY_SPAM: &str = "/api/v1/console/inquiries/{id}/spam";
    /// Setting a password through a one-time link, which signs in.
    pub const SESSION_PASSWORD: &str = "/api/v1/session/password";
    /// For load balancers and monitors; not under the versioned API.
    pub const HEALTH: &str = "/healthz";

    /// One product's page data: `/api/v1/products/p12`.
    pub fn product(id: &str) -> String {
        format!("{PRODUCTS}/{id}")
    }

    /// One factory's page data: `/api/v1/suppliers/yiwu-3`.
    pub fn supplier(id: &str) -> String {
        format!("{SUPPLIERS}/{id}")
    }

    /// The factory list at `query`, canonical.
    pub fn suppliers(query: &crate::SupplierQuery) -> String {
        format!("{SUPPLIERS}?{}", query.render())
    }

    /// What a sentence means: `/api/v1/understand?text=%E4%B9%89%E4%B9%8C…`.
    pub fn understand(text: &str) -> String {
        format!("{UNDERSTAND}?text={}", encoded(text))
    }

    /// What to offer for what has been typed so far.
    pub fn suggest(text: &str) -> String {
        format!("{SUGGEST}?text={}", encoded(text))
    }

    /// A buyer's inquiries: `/api/v1/inquiries/{token}`.
    pub fn inquiry(token: &str) -> String {
        format!("{INQUIRIES}/{token}")
    }

    /// An action of the buyer's on one of them.
    pub fn inquiry_action(token: &str, id: &str) -> String {
        format!("{INQUIRIES}/{token}/{id}")
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
    use crate::query::CatalogQuery;

    /// The belt directory.
    pub const BELTS: &str = "/belts";
    /// 进货单: the shopper's shortlist, or a shared one (`?items=…`).
    pub const LIST: &str = "/list";
    /// Before a product's id: `/product/p12`.
    pub const PRODUCT_PREFIX: &str = "/product/";
    /// Before a factory's id: `/factory/yiwu-3`.
    pub const FACTORY_PREFIX: &str = "/factory/";
    /// The factory list (`?belt=…&kind=…&q=…`).
    pub const FACTORIES: &str = "/factories";
    /// The console, for site owners and factories (not a shopper's page).
    pub const CONSOLE: &str = "/console";
    /// Where a one-time link sets a password: the token follows a `#`, so
    /// that it never reaches a server's or a proxy's logs.
    pub const CONSOLE_SETUP: &str = "/console/setup";

    /// The 询价单 form: the 进货单's lines, or a product's (`?items=p12:100`).
    pub const INQUIRE: &str = "/inquire";
    /// A buyer's private page of inquiries: the token follows a `#` (as the
    /// console's setup link's does), so that no server, CDN or proxy logs it.
    /// `/inquiry/{token}` is read too, and moved behind the `#` at once.
    pub const INQUIRY: &str = "/inquiry";
    /// 我的询价: the inquiries this browser sent.
    pub const MY_INQUIRIES: &str = "/inquiries";

    /// The private link of one submission: `/inquiry#{token}`.
    pub fn inquiry(token: &str) -> String {
        format!("{INQUIRY}#{token}")
    }

    pub fn factory(id: &str) -> String {
        format!("{FACTORY_PREFIX}{id}")
    }

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
