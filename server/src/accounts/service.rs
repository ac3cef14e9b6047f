//! Accounts for the running server: the blocking work of `sessions` and
//! `people` on a few pooled store connections, off the async threads, with
//! password hashing (19 MiB and tens of milliseconds each) limited to a few at once.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::{Lifetimes, now, sessions};
use crate::store::StoreAt;
use crate::store::records::Records;

/// Passwords hashed at once: more wait (within the request's time limit).
const HASHERS: usize = 2;
/// How often what has ended is deleted (seconds), on the next sign-in.
const PRUNE_EVERY: i64 = 600;

pub struct Accounts {
    store: StoreAt,
    idle: Mutex<Vec<Box<dyn Records>>>,
    hashers: Semaphore,
    pub lifetimes: Lifetimes,
    pruned_at: AtomicI64,
}

impl Accounts {
    pub fn new(store: StoreAt, lifetimes: Lifetimes) -> Arc<Accounts> {
        // The decoy hash is made now, so that the first sign-in takes as long as the rest.
        super::password::warm_up();
        Arc::new(Accounts {
            store,
            idle: Mutex::new(Vec::new()),
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
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let idle = this.idle.lock().map(|mut idle| idle.pop());
            let mut records = match idle.ok().flatten() {
                Some(records) => records,
                None => this.store.open_records()?,
            };
            let done = work(records.as_mut(), this.lifetimes);
            // A connection whose work failed may be broken: it is not kept.
            if done.is_ok()
                && let Ok(mut idle) = this.idle.lock()
            {
                idle.push(records);
            }
            done
        })
        .await?
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
