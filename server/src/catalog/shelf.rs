//! Stored pictures for serving: read from the store of record on demand
//! (they are too many to hold), through a few pooled connections, and kept in
//! a cache weighed by bytes. A variant never changes under its name, so a
//! cached one is right for as long as it is kept; identical misses at once
//! read the store once.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use tokio::sync::Semaphore;

use crate::pictures::Encoding;
use crate::store::{Shelf, StoreAt};

/// Store reads at once; a picture read is short, so a few keep up with a
/// page of cards and leave the store to imports and other replicas.
const READERS: usize = 4;

type Key = (Box<str>, u32, Encoding);

#[derive(Clone)]
struct ByLength;

pub struct PictureShelf {
    store: StoreAt,
    idle: Mutex<Vec<Box<dyn Shelf>>>,
    readers: Semaphore,
    /// `None` too: a name asked for again and again that the store lacks.
    cache: Cache<Key, Option<Bytes>, ByLength>,
}

impl Weighter<Key, Option<Bytes>> for ByLength {
    fn weight(&self, key: &Key, bytes: &Option<Bytes>) -> u64 {
        (key.0.len() + bytes.as_ref().map_or(0, Bytes::len)) as u64
    }
}

impl PictureShelf {
    /// Keeps up to `cache_bytes` of variants in memory.
    pub fn new(store: StoreAt, cache_bytes: usize) -> PictureShelf {
        let estimated_items = (cache_bytes / 20_000).max(16);
        PictureShelf {
            store,
            idle: Mutex::new(Vec::new()),
            readers: Semaphore::new(READERS),
            cache: Cache::with_weighter(estimated_items, cache_bytes.max(1) as u64, ByLength),
        }
    }

    /// A variant's bytes; `None` when the store has no such variant.
    pub async fn variant(
        self: &Arc<Self>,
        name: &str,
        width: u32,
        encoding: Encoding,
    ) -> anyhow::Result<Option<Bytes>> {
        let key: Key = (name.into(), width, encoding);
        let (this, wanted) = (self.clone(), key.clone());
        self.cache
            .get_or_insert_async(&key, async move {
                let _permit = this.readers.acquire().await?;
                let reader = this.clone();
                tokio::task::spawn_blocking(move || reader.read(&wanted)).await?
            })
            .await
    }

    /// Reads a variant through an idle connection, or a new one.
    fn read(&self, (name, width, encoding): &Key) -> anyhow::Result<Option<Bytes>> {
        let idle = self.idle.lock().map(|mut idle| idle.pop());
        let mut shelf = match idle.ok().flatten() {
            Some(shelf) => shelf,
            None => self.store.open_shelf()?,
        };
        let bytes = shelf.variant(name, *width, *encoding)?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(shelf);
        }
        Ok(bytes.map(Bytes::from))
    }
}
