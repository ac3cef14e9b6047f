//! Sending a checked submission: one transaction makes one inquiry per
//! factory and the buyer's private link, and keeps the answer under the
//! sender's `Idempotency-Key`, so that sending twice (a retry, a double tap)
//! gives the same answer and stores nothing new. Limits per client address,
//! per contact and per identical content are counted in the store, so every
//! replica agrees.

use std::net::IpAddr;

use beltmart_contract::{InquiriesSent, SentInquiry};

use super::check::{Checked, Line};
use super::ids::{new_public_id, new_reference};
use super::notices::{self, Event, Notices};
use super::stored::Stored;
use crate::accounts::token::{digest, new_token};
use crate::store::inquiries_sql as sql;
use crate::store::records::{Arg, Records, Sql};

/// Submissions per hour from one client address, one contact, one identical body.
const PER_ADDRESS: i64 = 20;
const PER_CONTACT: i64 = 10;
const PER_BODY: i64 = 2;
const WINDOW_S: i64 = 3600;
/// How long an answer is kept for its key.
pub const KEY_KEPT_S: i64 = 24 * 3600;

/// One submission to send.
pub struct Sending {
    /// The SHA-256 of the `Idempotency-Key`, and of the body as sent.
    pub key_hash: String,
    pub body_hash: String,
    pub checked: Checked,
    pub address: IpAddr,
    pub now: i64,
}

#[derive(Debug)]
pub enum Sent {
    /// Sent now (201).
    New(InquiriesSent),
    /// The same key and body were sent before: the same answer.
    Again(InquiriesSent),
    /// The key was used for another body (422).
    KeyReused,
    /// Over a limit: try again in this many seconds (429).
    Limited(i64),
}

/// Why a transaction stopped without an error of the store.
#[derive(Debug)]
struct Stop(Sent);

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for Stop {}

pub fn send(
    records: &mut dyn Records,
    sending: &Sending,
    notices: &Notices,
) -> anyhow::Result<Sent> {
    let mut sent = None;
    let done = records.transaction(&mut |sql| {
        sent = Some(send_in(sql, sending, notices)?);
        Ok(())
    });
    match done {
        Ok(()) => sent.ok_or_else(|| anyhow::anyhow!("the transaction ran no work")),
        Err(err) => match err.downcast::<Stop>() {
            Ok(Stop(outcome)) => Ok(outcome),
            Err(err) => Err(err),
        },
    }
}

fn send_in(sql: &mut dyn Sql, sending: &Sending, notices: &Notices) -> anyhow::Result<Sent> {
    let claim = sql.rows(
        sql::CLAIM_REQUEST,
        &[
            Arg::Text(&sending.key_hash),
            Arg::Text(&sending.body_hash),
            Arg::Int(sending.now),
        ],
    )?;
    if claim.is_empty() {
        let row = sql.rows(sql::REQUEST_ANSWER, &[Arg::Text(&sending.key_hash)])?;
        let mut row = row.into_iter().next().unwrap_or_default().into_iter();
        let (Some(body_hash), Some(answer)) = (row.next(), row.next()) else {
            anyhow::bail!("a claimed key without its row");
        };
        if body_hash.text()? != sending.body_hash {
            return Ok(Sent::KeyReused);
        }
        return Ok(Sent::Again(serde_json::from_str(&answer.text()?)?));
    }
    if let Some(wait) = over_a_limit(sql, sending)? {
        // Rolls back the claim too: the same key may be sent again later.
        return Err(Stop(Sent::Limited(wait)).into());
    }
    let token = new_token()?;
    // Kept only to put the link in the emails the buyer asked for by giving an address.
    let mail_token = (notices.email && sending.checked.buyer.email.is_some()).then_some(&token);
    let submission = sql.rows(
        sql::INSERT_SUBMISSION,
        &[
            Arg::Text(&digest(&token)),
            Arg::MaybeText(mail_token.map(String::as_str)),
            Arg::Int(sending.now),
        ],
    )?;
    let submission = submission[0][0].int()?;
    let (mut inquiries, mut receipt) = (Vec::new(), Vec::new());
    for lines in by_factory(&sending.checked.lines) {
        let sent = insert_inquiry(sql, submission, &lines, sending)?;
        receipt.push((lines[0].supplier_name.clone(), sent.reference.clone()));
        if let Some(inquiry) = Stored::by_id(sql, &sent.id)? {
            notices::tell(sql, notices, Event::Created, &inquiry, None, sending.now)?;
        }
        inquiries.push(sent);
    }
    if let Some(email) = &sending.checked.buyer.email {
        notices::receipt(sql, notices, (email, &token), &receipt, sending.now)?;
    }
    let answer = InquiriesSent { token, inquiries };
    sql.execute(
        sql::SET_REQUEST_ANSWER,
        &[
            Arg::Text(&serde_json::to_string(&answer)?),
            Arg::Text(&sending.key_hash),
        ],
    )?;
    Ok(Sent::New(answer))
}

/// Counts this submission against each of its limits; the seconds to wait when over one.
fn over_a_limit(sql: &mut dyn Sql, sending: &Sending) -> anyhow::Result<Option<i64>> {
    let window = sending.now - sending.now.rem_euclid(WINDOW_S);
    let buyer = &sending.checked.buyer;
    let mut keys = vec![
        (format!("address:{}", sending.address), PER_ADDRESS),
        (format!("body:{}", sending.body_hash), PER_BODY),
    ];
    for contact in [&buyer.phone, &buyer.wechat, &buyer.email]
        .into_iter()
        .flatten()
    {
        keys.push((format!("contact:{contact}"), PER_CONTACT));
    }
    let mut over = false;
    for (key, limit) in keys {
        let sent = sql.rows(
            sql::COUNT_RATE,
            &[Arg::Text(&digest(&key)), Arg::Int(window)],
        )?;
        over |= sent[0][0].int()? > limit;
    }
    Ok(over.then_some(window + WINDOW_S - sending.now))
}

/// The lines grouped by factory, in the order the buyer listed them.
fn by_factory(lines: &[Line]) -> Vec<Vec<&Line>> {
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    for line in lines {
        match groups.iter_mut().find(|g| g[0].supplier == line.supplier) {
            Some(group) => group.push(line),
            None => groups.push(vec![line]),
        }
    }
    groups
}

fn insert_inquiry(
    sql: &mut dyn Sql,
    submission: i64,
    lines: &[&Line],
    sending: &Sending,
) -> anyhow::Result<SentInquiry> {
    let checked = &sending.checked;
    let buyer = &checked.buyer;
    // A reference or an id taken already (one in hundreds of millions) is drawn again.
    for _ in 0..5 {
        let (id, reference) = (new_public_id()?, new_reference()?);
        let row = sql.rows(
            sql::INSERT_INQUIRY,
            &[
                Arg::Text(&id),
                Arg::Text(&reference),
                Arg::Int(submission),
                Arg::Text(&lines[0].supplier),
                Arg::Text(&lines[0].supplier_name),
                Arg::Text(&buyer.name),
                Arg::MaybeText(buyer.phone.as_deref()),
                Arg::MaybeText(buyer.wechat.as_deref()),
                Arg::MaybeText(buyer.email.as_deref()),
                Arg::MaybeText(buyer.company.as_deref()),
                Arg::MaybeText(checked.ship_city.as_deref()),
                Arg::MaybeText(checked.needed_by.as_deref()),
                Arg::MaybeText(checked.message.as_deref()),
                Arg::Int(sending.now),
            ],
        )?;
        let Some(row) = row.into_iter().next() else {
            continue;
        };
        let inquiry = row[0].int()?;
        for (n, line) in lines.iter().enumerate() {
            insert_line(sql, inquiry, n, line)?;
        }
        return Ok(SentInquiry {
            id,
            supplier: lines[0].supplier.clone(),
            reference,
        });
    }
    anyhow::bail!("no free reference after 5 draws")
}

fn insert_line(sql: &mut dyn Sql, inquiry: i64, n: usize, line: &Line) -> anyhow::Result<()> {
    sql.execute(
        sql::INSERT_LINE,
        &[
            Arg::Int(inquiry),
            Arg::Int(i64::try_from(n)?),
            Arg::Text(&line.product),
            Arg::Text(&line.title),
            Arg::Text(&line.unit),
            Arg::Int(line.quantity.into()),
            Arg::Int(line.moq.into()),
            Arg::Int(line.tier_price_fen.into()),
            Arg::MaybeInt(line.target_price_fen.map(i64::from)),
            Arg::MaybeText(line.note.as_deref()),
        ],
    )?;
    Ok(())
}
