//! The catalog: SQLite as the store of record, an in-memory index for queries.

mod db;
mod generate;
mod product_set;
mod sample_data;
mod search;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use beltmart_contract as api;
use rusqlite::Connection;

pub use search::SearchIndex;

/// The catalog as the API serves it.
pub struct Catalog {
    pub taxonomy: api::Taxonomy,
    pub index: SearchIndex,
    db_path: PathBuf,
    /// Idle read-only connections for product pages; more are opened on demand.
    readers: Mutex<Vec<Connection>>,
    /// Whether the store of record answered at the last health check.
    available: AtomicBool,
}

impl Catalog {
    /// Opens the catalog at `db_path`, creating a sample catalog of `products`
    /// products from `seed` when the file does not exist.
    pub fn open(db_path: &Path, seed: u64, products: u32) -> anyhow::Result<Catalog> {
        let conn = db::open_or_create(db_path, seed, products)?;
        let context = || format!("cannot read the catalog in {}", db_path.display());
        let taxonomy = db::load_taxonomy(&conn).with_context(context)?;
        let mut rows = Vec::new();
        db::load_products(&conn, |row| rows.push(row)).with_context(context)?;
        let index = SearchIndex::build(&taxonomy, rows);
        tracing::info!(db = %db_path.display(), products = index.len(), version = %taxonomy.catalog_version, "catalog loaded");
        Ok(Catalog {
            taxonomy,
            index,
            db_path: db_path.to_owned(),
            readers: Mutex::new(vec![conn]),
            available: AtomicBool::new(true),
        })
    }

    pub fn version(&self) -> &str {
        &self.taxonomy.catalog_version
    }

    /// A product page from the database; `Ok(None)` when there is no such product.
    pub fn product(&self, id: &str) -> rusqlite::Result<Option<api::ProductDetail>> {
        let conn = self.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match conn {
            Some(conn) => conn,
            None => db::open_reader(&self.db_path)?,
        };
        let found = db::product_detail(&conn, id, image_url);
        self.readers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(conn);
        found
    }

    /// Asks the database whether it still answers, and remembers the answer.
    pub fn check_health(&self) -> bool {
        let healthy = db::open_reader(&self.db_path)
            .and_then(|c| db::catalog_version(&c))
            .is_ok();
        if healthy != self.available.swap(healthy, Ordering::Relaxed) {
            match healthy {
                true => tracing::info!(db = %self.db_path.display(), "catalog database is back"),
                false => {
                    tracing::error!(db = %self.db_path.display(), "catalog database does not answer")
                }
            }
        }
        healthy
    }

    /// The last health check's answer: the store of record is reachable.
    pub fn is_available(&self) -> bool {
        self.available.load(Ordering::Relaxed)
    }

    /// Names of a category, city or belt in Chinese, for images and messages.
    pub fn name_zh(&self, id: &str) -> Option<&str> {
        let t = &self.taxonomy;
        t.categories
            .iter()
            .flat_map(|c| std::iter::once(c).chain(&c.children))
            .map(|c| (&c.id, &c.name_zh))
            .chain(t.regions.iter().flat_map(|p| &p.cities).flat_map(|c| {
                std::iter::once((&c.id, &c.name_zh))
                    .chain(c.belts.iter().map(|b| (&b.id, &b.name_zh)))
            }))
            .find(|(known, _)| *known == id)
            .map(|(_, name)| name.as_str())
    }
}

/// Where a product's `n`th image is served (relative to the API base).
pub fn image_url(product_id: &str, n: u32) -> String {
    format!("/api/v1/images/{product_id}/{n}")
}
