//! What a factory's page says of its answers to 询价单: over the last 90 days
//! (inquiries younger than a day left out, as not yet fairly answerable; spam
//! left out), how many it had, the share it answered, and the median time to
//! its first answer. Counted from the store at most once a minute, when a
//! factory page asks, and kept in memory meanwhile.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use beltmart_contract::AnswerRecord;

use crate::domain::product::{format_day, today};
use crate::store::inquiries_sql as sql;
use crate::store::records::{Arg, Cells, Records};

/// Fewer inquiries than this say nothing about a factory.
const AT_LEAST: usize = 3;
const WINDOW_S: i64 = 90 * 86_400;
const YOUNGEST_S: i64 = 86_400;
/// How old the counts may be before a page asks for new ones.
const FRESH_S: i64 = 60;

/// Every factory's record, and when it was counted.
#[derive(Default)]
pub struct AnswerRecords {
    by_supplier: RwLock<Arc<HashMap<String, AnswerRecord>>>,
    counted_at: AtomicI64,
    counting: AtomicBool,
}

impl AnswerRecords {
    pub fn of(&self, supplier: &str) -> Option<AnswerRecord> {
        let all = self.by_supplier.read().ok()?.clone();
        all.get(supplier).cloned()
    }

    /// When the records were counted: what a cache of pages showing them is keyed by.
    pub fn counted_at(&self) -> i64 {
        self.counted_at.load(Ordering::Relaxed)
    }

    /// Whether to count again (and, if so, that this caller will).
    pub fn due(&self, now: i64) -> bool {
        now - self.counted_at() >= FRESH_S
            && self
                .counting
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
    }

    /// The new counts (`None`: counting failed; the old ones stay).
    pub fn set(&self, counted: Option<HashMap<String, AnswerRecord>>, now: i64) {
        if let (Some(counted), Ok(mut all)) = (counted, self.by_supplier.write()) {
            *all = Arc::new(counted);
            self.counted_at.store(now, Ordering::Relaxed);
        }
        self.counting.store(false, Ordering::Release);
    }
}

/// Every factory's record as of `now`.
pub fn count(records: &mut dyn Records, now: i64) -> anyhow::Result<HashMap<String, AnswerRecord>> {
    let rows = records.rows(
        sql::ANSWER_TIMES,
        &[Arg::Int(now - WINDOW_S), Arg::Int(now - YOUNGEST_S)],
    )?;
    let mut times: HashMap<String, Vec<Option<i64>>> = HashMap::new();
    for row in rows {
        let mut cells = Cells::of(row);
        let supplier = cells.take()?.text()?;
        let asked = cells.take()?.int()?;
        let answered = cells.take()?.maybe_int()?;
        times
            .entry(supplier)
            .or_default()
            .push(answered.map(|at| at - asked));
    }
    let as_of = format_day(today());
    Ok(times
        .into_iter()
        .filter(|(_, waits)| waits.len() >= AT_LEAST)
        .map(|(supplier, waits)| (supplier, record(&waits, &as_of)))
        .collect())
}

fn record(waits: &[Option<i64>], as_of: &str) -> AnswerRecord {
    let mut answered: Vec<i64> = waits.iter().flatten().copied().collect();
    answered.sort_unstable();
    let share = answered.len() * 100 / waits.len();
    let median = (!answered.is_empty()).then(|| answered[(answered.len() - 1) / 2]);
    AnswerRecord {
        inquiries: u32::try_from(waits.len()).unwrap_or(u32::MAX),
        answered_pct: u32::try_from(share).unwrap_or(100),
        median_first_answer_minutes: median
            .map(|s| u32::try_from(s.max(0) / 60).unwrap_or(u32::MAX)),
        source: "beltmart_records".into(),
        as_of: as_of.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_counts_the_answered_and_the_median_wait() {
        let waits = [Some(600), None, Some(7200), Some(3600)];
        let got = record(&waits, "2026-12-07");
        assert_eq!((got.inquiries, got.answered_pct), (4, 75));
        assert_eq!(got.median_first_answer_minutes, Some(60));
        let none = record(&[None, None, None], "2026-12-07");
        assert_eq!(
            (none.answered_pct, none.median_first_answer_minutes),
            (0, None)
        );
    }

    #[test]
    fn one_caller_counts_at_a_time_and_not_too_often() {
        let records = AnswerRecords::default();
        assert!(records.due(1_000));
        assert!(!records.due(1_000), "already counting");
        records.set(Some(HashMap::new()), 1_000);
        assert!(!records.due(1_030));
        assert!(records.due(1_061));
    }
}
