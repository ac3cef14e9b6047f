//! The catalog: SQLite as the store of record, and in memory one immutable
//! [`Catalog`] per version that answers every request. A running server follows
//! the store ([`LiveCatalog::follow`]): when an import commits, the new version
//! is built beside the old one and swapped in atomically, so each response
//! comes entirely from one version.

mod db;
pub mod export;
pub mod formats;
mod generate;
pub mod import;
mod product;
mod product_set;
mod reference;
mod search;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Context;
use beltmart_contract as api;

use crate::answer_cache::AnswerCache;
pub use db::Seed;
pub use product::Product;
pub use search::SearchIndex;

/// One version of the catalog, as the API serves it.
pub struct Catalog {
    pub taxonomy: api::Taxonomy,
    pub index: SearchIndex,
    /// Recent answers of this version; they go with it.
    pub answers: AnswerCache,
}

impl Catalog {
    /// Opens the catalog at `db_path` (creating a sample catalog of `products`
    /// products from `seed` when the file does not exist) and loads it.
    pub fn open(db_path: &Path, seed: u64, products: u32) -> anyhow::Result<Catalog> {
        let conn = db::open_or_create(db_path, Seed::Sample { seed, products })?;
        Catalog::load(&conn, 0)
            .with_context(|| format!("cannot read the catalog in {}", db_path.display()))
    }

    /// Loads the version the store holds now.
    fn load(conn: &rusqlite::Connection, answer_cache_bytes: usize) -> anyhow::Result<Catalog> {
        let started = std::time::Instant::now();
        let mut products = Vec::new();
        let taxonomy = db::load(conn, db::Order::AsStored, |p| products.push(p))?;
        let read = started.elapsed();
        let index = SearchIndex::build(&taxonomy, products);
        tracing::debug!(
            read_s = read.as_secs_f32(),
            index_s = (started.elapsed() - read).as_secs_f32(),
            "catalog version built"
        );
        Ok(Catalog {
            index,
            taxonomy,
            answers: AnswerCache::new(answer_cache_bytes),
        })
    }

    pub fn version(&self) -> &str {
        &self.taxonomy.catalog_version
    }

    /// A product page; `None` when this version has no such product.
    pub fn product(&self, id: &str) -> Option<api::ProductDetail> {
        self.index.detail(id, image_url)
    }

    /// Names of a category, city or belt in Chinese, for images and messages.
    pub fn name_zh(&self, id: &str) -> Option<&str> {
        self.taxonomy.name(id).map(|names| names.zh)
    }
}

/// The catalog a running server serves: the current version, swapped when the
/// store commits a new one, and whether the store still answers.
pub struct LiveCatalog {
    current: RwLock<Arc<Catalog>>,
    db_path: PathBuf,
    answer_cache_bytes: usize,
    /// Whether the store of record answered at the last check.
    available: AtomicBool,
    /// Held while a new version loads: the periodic check and /healthz never load one twice.
    loading: Mutex<()>,
}

impl LiveCatalog {
    /// Opens the store (creating a sample catalog when it is missing) and loads the current version.
    pub fn open(
        db_path: &Path,
        seed: Seed,
        answer_cache_bytes: usize,
    ) -> anyhow::Result<LiveCatalog> {
        let conn = db::open_or_create(db_path, seed)?;
        let catalog = Catalog::load(&conn, answer_cache_bytes)
            .with_context(|| format!("cannot read the catalog in {}", db_path.display()))?;
        tracing::info!(db = %db_path.display(), products = catalog.index.len(), version = %catalog.version(), "catalog loaded");
        Ok(LiveCatalog {
            current: RwLock::new(Arc::new(catalog)),
            db_path: db_path.to_owned(),
            answer_cache_bytes,
            available: AtomicBool::new(true),
            loading: Mutex::new(()),
        })
    }

    /// The version to answer one request from: hold it for the whole request.
    pub fn current(&self) -> Arc<Catalog> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Asks the store for its version: remembers whether it answered, and when
    /// an import has committed a new version, loads it and swaps it in. Blocking.
    pub fn follow(&self) -> bool {
        let conn = db::open_existing(&self.db_path);
        let version = conn
            .as_ref()
            .map_err(|e| e.to_string())
            .and_then(|c| db::catalog_version(c).map_err(|e| e.to_string()));
        let healthy = version.is_ok();
        if healthy != self.available.swap(healthy, Ordering::Relaxed) {
            match &version {
                Ok(_) => tracing::info!(db = %self.db_path.display(), "catalog database is back"),
                Err(err) => {
                    tracing::error!(db = %self.db_path.display(), error = %err, "catalog database does not answer")
                }
            }
        }
        if let (Ok(conn), Ok(version)) = (&conn, &version)
            && version != self.current().version()
        {
            self.reload(conn, version);
        }
        healthy
    }

    fn reload(&self, conn: &rusqlite::Connection, version: &str) {
        let Ok(_only_one) = self.loading.try_lock() else {
            return; // another thread is loading it
        };
        if self.current().version() == version {
            return; // loaded meanwhile
        }
        let started = std::time::Instant::now();
        match Catalog::load(conn, self.answer_cache_bytes) {
            Ok(catalog) => {
                tracing::info!(products = catalog.index.len(), version = %catalog.version(), seconds = started.elapsed().as_secs_f32(), "new catalog version loaded");
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog);
            }
            // The old version keeps serving; the next check tries again.
            Err(err) => tracing::error!(error = %err, "cannot load the new catalog version"),
        }
    }

    /// The last check's answer: the store of record is reachable.
    pub fn is_available(&self) -> bool {
        self.available.load(Ordering::Relaxed)
    }
}

/// Where a product's `n`th generated picture is served (relative to the API base).
pub fn image_url(product_id: &str, n: u32) -> String {
    format!("/api/v1/images/{product_id}/{n}")
}
