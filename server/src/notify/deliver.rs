//! The delivery loop: claim what is due, send it, mark it. One thread per
//! replica, polling the outbox each second when it found nothing to do.

use std::time::Duration;

use super::Channels;
use super::mail::Mailer;
use super::webhook::Webhook;
use crate::accounts::now;
use crate::store::StoreAt;
use crate::store::outbox_sql as sql;
use crate::store::records::{Arg, Cells, Records};

/// Notifications claimed at once, and for how long (a replica killed mid-way
/// holds them no longer than this).
const BATCH: i64 = 20;
const LEASE_S: i64 = 120;
/// Waits double from 2 s up to an hour; after this many tries, it is given up.
const FIRST_WAIT_S: i64 = 2;
const LONGEST_WAIT_S: i64 = 3600;
const TRIES: i64 = 15;
/// Settled rows are kept this long, then deleted.
const KEPT_S: i64 = 30 * 86_400;

pub struct Deliverer {
    mailer: Option<Mailer>,
    webhook: Option<Webhook>,
}

impl Deliverer {
    pub fn new(channels: &Channels) -> anyhow::Result<Deliverer> {
        let mailer = match (&channels.smtp_url, &channels.mail_from) {
            (Some(url), Some(from)) => Some(Mailer::new(url, from)?),
            (Some(_), None) => anyhow::bail!("--smtp-url needs --mail-from"),
            _ => None,
        };
        let webhook = channels
            .webhook_url
            .clone()
            .map(|url| Webhook::new(url, channels.webhook_secret.clone()));
        Ok(Deliverer { mailer, webhook })
    }

    /// Delivers what is due now; how many it tried.
    pub fn run_once(&self, records: &mut dyn Records) -> anyhow::Result<usize> {
        let at = now();
        let claimed = records.rows(
            sql::CLAIM,
            &[Arg::Int(at + LEASE_S), Arg::Int(at), Arg::Int(BATCH)],
        )?;
        let tried = claimed.len();
        for row in claimed {
            let note = Note::read(&mut Cells::of(row))?;
            let outcome = self.send(&note);
            settle(records, &note, outcome, now())?;
        }
        if tried == 0 {
            records.execute(sql::FORGET_SETTLED, &[Arg::Int(at - KEPT_S)])?;
        }
        Ok(tried)
    }

    fn send(&self, note: &Note) -> Result<(), String> {
        match (note.channel.as_str(), &self.mailer, &self.webhook) {
            ("email", Some(mailer), _) => mailer.send(&note.recipient, &note.subject, &note.body),
            ("webhook", _, Some(webhook)) => webhook.post(&note.event_id, &note.body),
            (channel, _, _) => Err(format!("no {channel} is configured on this replica")),
        }
    }
}

/// One claimed notification.
struct Note {
    id: i64,
    event_id: String,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    attempts: i64,
}

impl Note {
    fn read(cells: &mut Cells) -> anyhow::Result<Note> {
        let mut next = || cells.take();
        Ok(Note {
            id: next()?.int()?,
            event_id: next()?.text()?,
            channel: next()?.text()?,
            recipient: next()?.text()?,
            subject: next()?.text()?,
            body: next()?.text()?,
            attempts: next()?.int()?,
        })
    }
}

fn settle(
    records: &mut dyn Records,
    note: &Note,
    outcome: Result<(), String>,
    at: i64,
) -> anyhow::Result<()> {
    let why = match outcome {
        Ok(()) => {
            records.execute(sql::DELIVERED, &[Arg::Int(at), Arg::Int(note.id)])?;
            return Ok(());
        }
        Err(why) => why,
    };
    // The event and the attempt, never the recipient nor the receiver's words (they may name them).
    tracing::warn!(event = %note.event_id, channel = %note.channel, attempt = note.attempts, "a notification was not delivered");
    let args = [Arg::Int(at), Arg::Text(&why), Arg::Int(note.id)];
    if note.attempts >= TRIES {
        records.execute(sql::GIVE_UP, &args)?;
        return Ok(());
    }
    let wait = (FIRST_WAIT_S << (note.attempts - 1).clamp(0, 20)).min(LONGEST_WAIT_S);
    let args = [Arg::Int(at + wait), Arg::Text(&why), Arg::Int(note.id)];
    records.execute(sql::RETRY, &args)?;
    Ok(())
}

/// Starts the delivery thread; it runs as long as the process.
pub fn spawn(store: StoreAt, deliverer: Deliverer) {
    std::thread::Builder::new()
        .name("notifications".into())
        .spawn(move || {
            let mut records = None;
            loop {
                let tried = match deliver(&store, &mut records, &deliverer) {
                    Ok(tried) => tried,
                    Err(err) => {
                        // The store is down: what is waiting waits in it.
                        tracing::warn!("notifications wait: {err:#}");
                        records = None;
                        0
                    }
                };
                if tried == 0 {
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
        })
        .expect("a thread for notifications");
}

fn deliver(
    store: &StoreAt,
    records: &mut Option<Box<dyn Records>>,
    deliverer: &Deliverer,
) -> anyhow::Result<usize> {
    let connection = match records {
        Some(connection) => connection,
        None => records.insert(store.open_records()?),
    };
    deliverer.run_once(connection.as_mut())
}
