//! The catalog: a store of record (a SQLite file, or PostgreSQL that several
//! servers share), and in memory one immutable [`Catalog`] per version that
//! answers every request. A running server follows the store
//! ([`LiveCatalog::follow`]): when an import commits, the new version is built
//! beside the old one and swapped in atomically, so each response comes
//! entirely from one version. While the store does not answer, the version
//! held keeps serving.

mod factories;
mod shelf;
mod suggest;

pub use factories::Factories;
pub use shelf::PictureShelf;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

use anyhow::Context;
use beltmart_contract as api;

use crate::engine::{Pictures, SearchIndex};
use crate::store::{Order, Seed, Store, StoreAt};

/// One version of the catalog, as the API serves it.
pub struct Catalog {
    pub taxonomy: api::Taxonomy,
    pub index: SearchIndex,
    pub factories: Factories,
    /// The taxonomy's names, for understanding shoppers' sentences.
    pub lexicon: crate::understand::Lexicon,
    /// The facet counts over the whole catalog, for suggestions.
    everything: api::Facets,
}

impl Catalog {
    /// Opens the SQLite catalog at `db_path` (creating a sample catalog of
    /// `products` products from `seed` when the file does not exist) and loads it.
    pub fn open(db_path: &Path, seed: u64, products: u32) -> anyhow::Result<Catalog> {
        let at = StoreAt::Sqlite(db_path.to_owned());
        let mut store = at.open(Seed::Sample { seed, products })?;
        Catalog::load(&mut *store)
            .with_context(|| format!("cannot read the catalog in {}", db_path.display()))
    }

    /// Loads the version the store holds now, and builds its index.
    fn load(store: &mut dyn Store) -> anyhow::Result<Catalog> {
        let started = std::time::Instant::now();
        let mut products = Vec::new();
        let loaded = store.load(Order::AsStored, &mut |p| products.push(p))?;
        let taxonomy = loaded.taxonomy;
        let read = started.elapsed();
        let index = SearchIndex::build(&taxonomy, &loaded.suppliers, products)
            .with_pictures(Pictures::new(loaded.pictures));
        tracing::debug!(
            read_s = read.as_secs_f32(),
            index_s = (started.elapsed() - read).as_secs_f32(),
            "catalog version built"
        );
        Ok(Catalog {
            everything: index.counts_of_everything(),
            index,
            factories: Factories::new(loaded.suppliers),
            lexicon: crate::understand::Lexicon::new(&taxonomy),
            taxonomy,
        })
    }

    pub fn version(&self) -> &str {
        &self.taxonomy.catalog_version
    }

    /// A product page; `None` when this version has no such product.
    pub fn product(&self, id: &str) -> Option<api::ProductDetail> {
        self.index.detail(id, image_url)
    }

    /// A factory's page; `None` when this version has no such supplier.
    pub fn supplier(&self, id: &str) -> Option<api::SupplierDetail> {
        self.factories.detail(&self.index, id, self.version())
    }

    /// The factories a query asks for.
    pub fn suppliers(&self, query: &api::SupplierQuery) -> api::SupplierList {
        self.factories.list(&self.index, query, self.version())
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
    store: StoreAt,
    /// Whether the store of record answered at the last check.
    available: AtomicBool,
    /// Held while a new version loads, so that one never loads twice.
    loading: Mutex<()>,
    /// The connection that follows the store; `None` until (re)connected.
    connection: Mutex<Option<Box<dyn Store>>>,
    /// Told how long each new version took to load (the server's metrics).
    loaded: OnceLock<LoadObserver>,
}

/// What is told of each new version loaded: how long it took.
pub type LoadObserver = Box<dyn Fn(Duration) + Send + Sync>;

impl LiveCatalog {
    /// Opens the store (creating a sample catalog when it has none) and loads the current version.
    pub fn open(store: &StoreAt, seed: Seed) -> anyhow::Result<LiveCatalog> {
        let mut connection = store.open(seed)?;
        let catalog = Catalog::load(&mut *connection)
            .with_context(|| format!("cannot read the catalog in {store}"))?;
        tracing::info!(db = %store, products = catalog.index.len(), version = %catalog.version(), "catalog loaded");
        Ok(LiveCatalog {
            current: RwLock::new(Arc::new(catalog)),
            store: store.clone(),
            available: AtomicBool::new(true),
            loading: Mutex::new(()),
            connection: Mutex::new(Some(connection)),
            loaded: OnceLock::new(),
        })
    }

    /// Tells `observer` how long each new version takes to load (once; later calls are ignored).
    pub fn on_load(&self, observer: LoadObserver) {
        let _ = self.loaded.set(observer);
    }

    /// The version to answer one request from: hold it for the whole request.
    pub fn current(&self) -> Arc<Catalog> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits up to `wait` for a commit, then asks the store for its version:
    /// remembers whether it answered, and when an import has committed a new
    /// version, loads it and swaps it in. Blocking; the server calls it in a loop.
    pub fn follow(&self, wait: Duration) -> bool {
        let healthy = self.check(wait);
        if healthy != self.available.swap(healthy, Ordering::Relaxed) && healthy {
            tracing::info!(db = %self.store, "catalog database is back");
        }
        healthy
    }

    fn check(&self, wait: Duration) -> bool {
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let store = match connection.as_mut() {
            Some(store) => store,
            // Reconnected: commits missed meanwhile show in the version below.
            None => match self.store.open_existing() {
                Ok(store) => connection.insert(store),
                Err(err) => {
                    drop(connection);
                    std::thread::sleep(wait);
                    return self.unreachable(&format!("{err:#}"));
                }
            },
        };
        let version = store
            .wait_for_commit(wait)
            .and_then(|()| store.catalog_version());
        match version {
            Ok(version) => {
                if version != self.current().version() {
                    self.reload(&version, || Catalog::load(&mut **store));
                }
                true
            }
            Err(err) => {
                *connection = None;
                self.unreachable(&format!("{err:#}"))
            }
        }
    }

    /// Logs the first failed check of an outage; false.
    fn unreachable(&self, err: &str) -> bool {
        if self.available.load(Ordering::Relaxed) {
            tracing::error!(db = %self.store, error = %err, "catalog database does not answer");
        }
        false
    }

    fn reload(&self, version: &str, load: impl FnOnce() -> anyhow::Result<Catalog>) {
        let Ok(_only_one) = self.loading.try_lock() else {
            return; // another thread is loading it
        };
        if self.current().version() == version {
            return; // loaded meanwhile
        }
        let started = std::time::Instant::now();
        match load() {
            Ok(catalog) => {
                let took = started.elapsed();
                tracing::info!(products = catalog.index.len(), version = %catalog.version(), seconds = took.as_secs_f32(), "new catalog version loaded");
                if let Some(observer) = self.loaded.get() {
                    observer(took);
                }
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog);
            }
            // The old version keeps serving; the next check tries again.
            Err(err) => tracing::error!(error = %err, "cannot load the new catalog version"),
        }
    }

    /// The last check's answer: the store of record is reachable. While it is
    /// not, the version held keeps serving; imports cannot commit anyway.
    pub fn is_available(&self) -> bool {
        self.available.load(Ordering::Relaxed)
    }
}

/// Where a product's `n`th generated picture is served (relative to the API base).
pub fn image_url(product_id: &str, n: u32) -> String {
    format!("/api/v1/images/{product_id}/{n}")
}
