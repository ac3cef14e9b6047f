//! A few store connections kept open for records work, lent to one blocking
//! task at a time, off the async threads.

use std::sync::{Arc, Mutex};

use super::Records;
use crate::store::StoreAt;

pub struct RecordsPool {
    store: StoreAt,
    idle: Mutex<Vec<Box<dyn Records>>>,
}

impl RecordsPool {
    pub fn new(store: StoreAt) -> Arc<RecordsPool> {
        Arc::new(RecordsPool {
            store,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Runs `work` on a pooled connection in a blocking thread.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut dyn Records) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let idle = this.idle.lock().map(|mut idle| idle.pop());
            let mut records = match idle.ok().flatten() {
                Some(records) => records,
                None => this.store.open_records()?,
            };
            let done = work(records.as_mut());
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
}
