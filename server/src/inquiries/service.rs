//! Inquiries for the running server: checks against the live catalog, and
//! the store's work on pooled connections off the async threads. What has
//! outlived its purpose (answers kept for retries, counts of past hours,
//! contact details past the retention period) is deleted every 10 minutes.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use beltmart_contract::{
    AnswerRecord, BuyerAction, BuyerInquiries, FieldProblem, Inbox, Inquiry, NewInquiry,
};

use super::check::{self, Checked};
use super::inbox::{self, Filter};
use super::notices::Notices;
use super::record::{self, AnswerRecords};
use super::send::{self, KEY_KEPT_S, Sending, Sent};
use super::stored::{Stored, Viewer};
use super::thread::{self, At, Done, FactoryAction};
use crate::accounts::now;
use crate::accounts::token::digest;
use crate::catalog::LiveCatalog;
use crate::domain::product::today;
use crate::store::StoreAt;
use crate::store::inquiries_sql as sql;
use crate::store::records::{Arg, Records, RecordsPool};

const PRUNE_EVERY: i64 = 600;

pub struct Inquiries {
    pool: Arc<RecordsPool>,
    answers: Arc<AnswerRecords>,
    notices: Arc<Notices>,
    catalog: Arc<LiveCatalog>,
    /// How long a buyer's contact details are kept, in seconds.
    retention: i64,
    pruned_at: AtomicI64,
}

impl Inquiries {
    pub fn new(
        store: StoreAt,
        catalog: Arc<LiveCatalog>,
        retention_days: u32,
        notices: Notices,
    ) -> Arc<Inquiries> {
        Arc::new(Inquiries {
            pool: RecordsPool::new(store),
            answers: Arc::default(),
            notices: Arc::new(notices),
            catalog,
            retention: i64::from(retention_days) * 86_400,
            pruned_at: AtomicI64::new(0),
        })
    }

    /// Checks a submission against the catalog as it is now.
    pub fn check(&self, new: &NewInquiry) -> Result<Checked, Vec<FieldProblem>> {
        let catalog = self.catalog.current();
        check::check(new, |id| catalog.product(id), today())
    }

    pub async fn send(self: &Arc<Self>, sending: Sending) -> anyhow::Result<Sent> {
        let retention = self.retention;
        let prune = self.due_for_pruning(sending.now);
        let notices = self.notices.clone();
        self.pool
            .run(move |records| {
                if prune {
                    prune_old(records, sending.now, retention)?;
                }
                send::send(records, &sending, &notices)
            })
            .await
    }

    /// Everything the submission behind `token` became; `None`: no such link.
    pub async fn buyer_view(
        self: &Arc<Self>,
        token: String,
    ) -> anyhow::Result<Option<BuyerInquiries>> {
        self.pool
            .run(move |records| {
                let mine = Stored::all(
                    records,
                    &sql::of_submission(),
                    &[Arg::Text(&digest(&token))],
                )?;
                if mine.is_empty() {
                    return Ok(None);
                }
                let inquiries = mine
                    .iter()
                    .map(|inquiry| inquiry.inquiry(records, Viewer::Buyer))
                    .collect::<anyhow::Result<_>>()?;
                Ok(Some(BuyerInquiries { inquiries }))
            })
            .await
    }

    pub async fn buyer_acts(
        self: &Arc<Self>,
        token: String,
        id: String,
        action: BuyerAction,
    ) -> anyhow::Result<Done> {
        let (at, notices) = (at_now(), self.notices.clone());
        self.pool
            .run(move |records| {
                let asker = (digest(&token), id);
                thread::buyer_acts(records, &notices, (&asker.0, &asker.1), &action, at)
            })
            .await
    }

    pub async fn inbox(
        self: &Arc<Self>,
        scope: Option<String>,
        filter: Filter,
    ) -> anyhow::Result<Inbox> {
        self.pool
            .run(move |records| inbox::inbox(records, scope.as_deref(), &filter))
            .await
    }

    pub async fn open(
        self: &Arc<Self>,
        scope: Option<String>,
        id: String,
    ) -> anyhow::Result<Option<Inquiry>> {
        self.pool
            .run(move |records| thread::open(records, scope.as_deref(), &id))
            .await
    }

    pub async fn factory_acts(
        self: &Arc<Self>,
        scope: Option<String>,
        id: String,
        action: FactoryAction,
    ) -> anyhow::Result<Done> {
        let (at, notices) = (at_now(), self.notices.clone());
        self.pool
            .run(move |records| {
                let asker = (scope.as_deref(), id.as_str());
                thread::factory_acts(records, &notices, asker, &action, at)
            })
            .await
    }

    /// A factory's answer record as counted last. The first time, it is
    /// counted now; after that, again in the background once a minute old.
    pub async fn answer_record(self: &Arc<Self>, supplier: &str) -> Option<AnswerRecord> {
        let at = now();
        if self.answers.due(at) {
            let this = self.clone();
            let counting = tokio::spawn(async move {
                let counted = this
                    .pool
                    .run(move |records| record::count(records, at))
                    .await;
                if let Err(err) = &counted {
                    tracing::warn!("factories' answer records not counted: {err:#}");
                }
                this.answers.set(counted.ok(), at);
            });
            if self.answers.counted_at() == 0 {
                let _ = counting.await;
            }
        }
        self.answers.of(supplier)
    }

    /// When the answer records shown now were counted.
    pub fn answers_counted_at(&self) -> i64 {
        self.answers.counted_at()
    }

    fn due_for_pruning(&self, now: i64) -> bool {
        let due = now - self.pruned_at.load(Ordering::Relaxed) >= PRUNE_EVERY;
        if due {
            self.pruned_at.store(now, Ordering::Relaxed);
        }
        due
    }
}

fn at_now() -> At {
    At {
        now: now(),
        today: today(),
    }
}

/// Deletes what no feature needs any more.
fn prune_old(records: &mut dyn Records, now: i64, retention: i64) -> anyhow::Result<()> {
    records.execute(sql::FORGET_REQUESTS, &[Arg::Int(now - KEY_KEPT_S)])?;
    records.execute(sql::FORGET_RATES, &[Arg::Int(now - 2 * 3600)])?;
    records.execute(sql::FORGET_OLD_BUYERS, &[Arg::Int(now - retention)])?;
    records.execute(sql::FORGET_OLD_MAIL_TOKENS, &[Arg::Int(now - retention)])?;
    Ok(())
}
