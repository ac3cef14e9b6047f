//! Accounts for the running server: the blocking work of `sessions` and
//! `people` on a few pooled store connections, off the async threads, with
//! password hashing (19 MiB and tens of milliseconds each) limited to a few at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use tokio::sync::Semaphore;

use super::{Lifetimes, now, sessions};
use crate::store::StoreAt;
use crate::store::records::{Records, RecordsPool};

/// Passwords hashed at once: more wait (within the request's time limit).
const HASHERS: usize = 2;
/// How often what has ended is deleted (seconds), on the next sign-in.
const PRUNE_EVERY: i64 = 600;

pub struct Accounts {
    pool: Arc<RecordsPool>,
    hashers: Semaphore,
    pub lifetimes: Lifetimes,
    pruned_at: AtomicI64,
}

impl Accounts {
    pub fn new(store: StoreAt, lifetimes: Lifetimes) -> Arc<Accounts> {
        // The decoy hash is made now, so that the first sign-in takes as long as the rest.
        super::password::warm_up();
        Arc::new(Accounts {
            pool: RecordsPool::new(store),
            hashers: Semaphore::new(HASHERS),
            lifetimes,
            pruned_at: AtomicI64::new(0),
        })
    }

    /// Runs `work` on a pooled connection in a blocking thread.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut dyn Records, Lifetimes) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let lifetimes = self.lifetimes;
        self.pool.run(move |records| work(records, lifetimes)).await
    }

    /// [`Accounts::run`] for work that hashes or verifies a password.
    pub async fn run_hashing<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut dyn Records, Lifetimes) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self.hashers.acquire().await?;
        let at = now();
        let prune = at - self.pruned_at.load(Ordering::Relaxed) >= PRUNE_EVERY;
        if prune {
            self.pruned_at.store(at, Ordering::Relaxed);
        }
        self.run(move |records, lifetimes| {
            if prune {
                sessions::prune(records, lifetimes, at)?;
            }
            work(records, lifetimes)
        })
        .await
    }
}
