//! Every URL the app writes or reads: where it lives (the base), which page a
//! path shows, and the href of each page. Links are plain `<a>` with these
//! hrefs: the router handles their clicks, and the href is right for a new tab,
//! a copied link and a static host alike.

use std::ops::Deref;
#[cfg(not(feature = "ssr"))]
use std::sync::OnceLock;

use beltmart_contract::{CatalogQuery, page};

/// Where the app lives: the path of `<base href>` (trunk writes the build's
/// public URL there; an embedding page has none, so it is the page's own
/// path): `/`, `/shop/` or `/partner/shop.html`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    root: String,
}

impl Base {
    pub fn new(root: &str) -> Base {
        let root = if root.starts_with('/') {
            root.to_owned()
        } else {
            format!("/{root}")
        };
        Base { root }
    }

    /// The page's base, read once: it does not change while the app runs.
    #[cfg(not(feature = "ssr"))]
    pub fn current() -> impl Deref<Target = Base> {
        static CURRENT: OnceLock<Base> = OnceLock::new();
        CURRENT.get_or_init(|| Base::new(&base_href_path()))
    }

    /// The base of the storefront being rendered: one server may render several.
    #[cfg(feature = "ssr")]
    pub fn current() -> impl Deref<Target = Base> {
        Box::new(Base::new(&base_href_path()))
    }

    /// The catalog's own path: the base folder with its slash (`/shop/`), or
    /// the embedding page itself (`/partner/shop.html`).
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The prefix of every app path: the root without its trailing slash,
    /// empty at the site root.
    pub fn prefix(&self) -> &str {
        self.root.trim_end_matches('/')
    }

    /// Whether a browser path is one of this app's pages.
    pub fn contains(&self, pathname: &str) -> bool {
        let prefix = self.prefix();
        pathname == prefix
            || pathname
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// The page a browser path shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Catalog,
    Product(String),
    /// A factory's page: its profile, facts, belt peers and products.
    Factory(String),
    /// The factories, by belt, city and kind, searchable by name.
    Factories,
    Belts,
    /// 进货单: the shopper's shortlist, or a shared one (`?items=…`).
    List,
    NotFound,
}

impl Page {
    /// Reads a browser path (with the base, as `Location::pathname` gives it).
    pub fn of(pathname: &str, base: &Base) -> Page {
        let rest = pathname.strip_prefix(base.prefix()).unwrap_or(pathname);
        match rest.trim_end_matches('/') {
            "" => Page::Catalog,
            page::BELTS => Page::Belts,
            page::LIST => Page::List,
            page::FACTORIES => Page::Factories,
            rest => {
                let segment = |prefix| rest.strip_prefix(prefix).filter(|id| is_path_segment(id));
                match (segment(page::PRODUCT_PREFIX), segment(page::FACTORY_PREFIX)) {
                    (Some(id), _) => Page::Product(id.to_owned()),
                    (_, Some(id)) => Page::Factory(id.to_owned()),
                    _ => Page::NotFound,
                }
            }
        }
    }

    /// The browser path of this page under `base`; the not-found page has none
    /// of its own, so it is the catalog's.
    pub fn href(&self, base: &Base) -> String {
        match self {
            Page::Catalog | Page::NotFound => base.root().to_owned(),
            Page::Product(id) => format!("{}{}", base.prefix(), page::product(id)),
            Page::Factory(id) => format!("{}{}", base.prefix(), page::factory(id)),
            Page::Factories => format!("{}{}", base.prefix(), page::FACTORIES),
            Page::Belts => format!("{}{}", base.prefix(), page::BELTS),
            Page::List => format!("{}{}", base.prefix(), page::LIST),
        }
    }

    /// Which kind of page, so that a change of product does not rebuild the page.
    pub fn same_kind(&self, other: &Page) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

fn is_path_segment(id: &str) -> bool {
    !id.is_empty() && !id.contains('/')
}

/// The browser path of a catalog view under `base`: `/shop/?city=yiwu` (with
/// the slash before the query, which static hosts need).
pub fn catalog_href_in(base: &Base, query: &CatalogQuery) -> String {
    match query.render() {
        rendered if rendered.is_empty() => base.root().to_owned(),
        rendered => format!("{}?{rendered}", base.root()),
    }
}

/// The href of a page of this app.
pub fn page_href(page: &Page) -> String {
    page.href(&Base::current())
}

/// The href of a catalog view of this app.
pub fn catalog_href(query: &CatalogQuery) -> String {
    catalog_href_in(&Base::current(), query)
}

/// The href of a product page of this app.
pub fn product_href(id: &str) -> String {
    page_href(&Page::Product(id.to_owned()))
}

pub fn factory_href(id: &str) -> String {
    page_href(&Page::Factory(id.to_owned()))
}

/// The factory list at `query`: `/factories?belt=yiwu-socks`.
pub fn factories_href(query: &beltmart_contract::SupplierQuery) -> String {
    match query.render() {
        rendered if rendered.is_empty() => page_href(&Page::Factories),
        rendered => format!("{}?{rendered}", page_href(&Page::Factories)),
    }
}

#[cfg(feature = "ssr")]
fn base_href_path() -> String {
    crate::rendering::server::base()
}

#[cfg(not(feature = "ssr"))]
fn base_href_path() -> String {
    let base = leptos::prelude::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    web_sys::Url::new(&base)
        .map(|u| u.pathname())
        .unwrap_or_else(|_| "/".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases() -> [Base; 3] {
        [
            Base::new("/"),
            Base::new("/shop/"),
            Base::new("/partner/shop.html"),
        ]
    }

    #[test]
    fn each_page_reads_back_from_its_href() {
        for base in bases() {
            for page in [
                Page::Catalog,
                Page::Belts,
                Page::List,
                Page::Product("p1".into()),
                Page::Product("p-9_x".into()),
            ] {
                assert_eq!(Page::of(&page.href(&base), &base), page, "{base:?}");
            }
        }
    }

    #[test]
    fn hrefs_sit_under_the_base() {
        let shop = Base::new("/shop/");
        assert_eq!(Page::Catalog.href(&shop), "/shop/");
        assert_eq!(Page::Belts.href(&shop), "/shop/belts");
        assert_eq!(Page::Product("p1".into()).href(&shop), "/shop/product/p1");
        let root = Base::new("/");
        assert_eq!(Page::Catalog.href(&root), "/");
        assert_eq!(Page::Belts.href(&root), "/belts");
        let embedded = Base::new("/partner/shop.html");
        assert_eq!(Page::Catalog.href(&embedded), "/partner/shop.html");
    }

    #[test]
    fn the_catalog_is_the_base_with_or_without_its_slash() {
        let shop = Base::new("/shop/");
        assert_eq!(Page::of("/shop/", &shop), Page::Catalog);
        assert_eq!(Page::of("/shop", &shop), Page::Catalog);
        assert_eq!(Page::of("/shop/belts/", &shop), Page::Belts);
    }

    #[test]
    fn unknown_paths_are_not_found() {
        let shop = Base::new("/shop/");
        for path in [
            "/shop/nope",
            "/shop/product/",
            "/shop/product/a/b",
            "/shop/belts/x",
        ] {
            assert_eq!(Page::of(path, &shop), Page::NotFound, "{path}");
        }
    }

    #[test]
    fn catalog_hrefs_round_trip_through_the_codec() {
        let query =
            CatalogQuery::parse("city=yiwu,jinjiang&price=10-30&sort=sales&page=2").unwrap();
        for base in bases() {
            let href = catalog_href_in(&base, &query);
            let (path, search) = href.split_once('?').unwrap();
            assert_eq!(Page::of(path, &base), Page::Catalog);
            assert_eq!(CatalogQuery::parse(search).unwrap(), query);
        }
        assert_eq!(
            catalog_href_in(&Base::new("/shop/"), &CatalogQuery::default()),
            "/shop/"
        );
    }

    #[test]
    fn only_paths_under_the_base_belong_to_the_app() {
        let shop = Base::new("/shop/");
        assert!(shop.contains("/shop"));
        assert!(shop.contains("/shop/product/p1"));
        assert!(!shop.contains("/shopping"));
        assert!(!shop.contains("/other/"));
        assert!(Base::new("/").contains("/anything"));
    }
}
