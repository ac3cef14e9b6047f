//! What each side adds to an inquiry's thread: the buyer replies (perhaps
//! with the prices they would pay), accepts or declines a quote, or withdraws
//! (their contact details go); the factory quotes, writes, or marks spam.
//! Each is one transaction, checked against the inquiry as it is then.

use beltmart_contract::{
    BuyerAction, CounterLine, EntryKind, FieldProblem, Inquiry, InquiryStatus, MAX_MESSAGE_CHARS,
    MAX_NOTE_CHARS, Quote,
};

use super::notices::{self, Event, Notices};
use super::problems::Problems;
use super::stored::{Stored, Viewer};
use crate::domain::product::parse_day;
use crate::store::inquiries_sql as sql;
use crate::store::records::{Arg, Records, Sql};

/// The longest lead time a quote may state, and how far ahead it may hold.
const MAX_LEAD_DAYS: u32 = 365;
const MAX_VALID_DAYS: u32 = 366;

/// What an action came to.
#[derive(Debug)]
pub enum Done {
    /// Done: the inquiry as it is now.
    Now(Box<Inquiry>),
    /// No such inquiry for this asker (404).
    NotFound,
    /// The inquiry no longer takes this (409): withdrawn, accepted, closed.
    Closed(InquiryStatus),
    /// The body's bad fields (400).
    Bad(Vec<FieldProblem>),
}

/// When, and today's day number.
#[derive(Clone, Copy, Debug)]
pub struct At {
    pub now: i64,
    pub today: u32,
}

/// What a factory adds.
#[derive(Clone, Debug)]
pub enum FactoryAction {
    Quote(Quote),
    Message(String),
    Spam,
}

/// The buyer's `action` on inquiry `id` of the submission behind `token_hash`.
pub fn buyer_acts(
    records: &mut dyn Records,
    notices: &Notices,
    (token_hash, id): (&str, &str),
    action: &BuyerAction,
    at: At,
) -> anyhow::Result<Done> {
    in_transaction(records, &mut |sql| {
        let mine = Stored::all(sql, &sql::of_submission(), &[Arg::Text(token_hash)])?;
        let Some(inquiry) = mine.into_iter().find(|i| i.id == id) else {
            return Ok(Done::NotFound);
        };
        let (done, event, text) = match action {
            BuyerAction::Withdraw => (withdraw(sql, &inquiry, at)?, Event::Withdrawn, None),
            BuyerAction::Reply { text, counter } => (
                reply(sql, &inquiry, text, counter, at)?,
                Event::BuyerMessage,
                Some(text.as_str()),
            ),
            BuyerAction::Accept { quote } => (
                answer(sql, &inquiry, *quote, None, at)?,
                Event::Accepted,
                None,
            ),
            BuyerAction::Decline { quote, text } => (
                answer(sql, &inquiry, *quote, Some(text.as_deref()), at)?,
                Event::Declined,
                text.as_deref(),
            ),
        };
        let told = (notices, event, text, at.now);
        finish(sql, &inquiry.id, done, Viewer::Buyer, Some(told))
    })
}

/// A factory's `action` on inquiry `id`; `scope` its supplier (`None`: the owner, any).
pub fn factory_acts(
    records: &mut dyn Records,
    notices: &Notices,
    (scope, id): (Option<&str>, &str),
    action: &FactoryAction,
    at: At,
) -> anyhow::Result<Done> {
    in_transaction(records, &mut |sql| {
        let Some(inquiry) = visible(sql, scope, id)? else {
            return Ok(Done::NotFound);
        };
        let (done, event, text) = match action {
            FactoryAction::Spam => {
                set_status(sql, &inquiry, InquiryStatus::Spam, at)?;
                (None, None, None)
            }
            FactoryAction::Message(text) => (
                factory_message(sql, &inquiry, text, at)?,
                Some(Event::FactoryMessage),
                Some(text.as_str()),
            ),
            FactoryAction::Quote(quote) => (
                factory_quote(sql, &inquiry, quote, at)?,
                Some(Event::Quoted),
                None,
            ),
        };
        // Marking spam tells nobody.
        let told = event.map(|event| (notices, event, text, at.now));
        finish(sql, &inquiry.id, done, Viewer::Console, told)
    })
}

/// Inquiry `id` as the console shows it to `scope`, marked read; `None`: not theirs.
pub fn open(
    records: &mut dyn Records,
    scope: Option<&str>,
    id: &str,
) -> anyhow::Result<Option<Inquiry>> {
    let Some(inquiry) = visible(records, scope, id)? else {
        return Ok(None);
    };
    records.execute(&sql::mark_read(), &[Arg::Int(inquiry.row)])?;
    Ok(Some(inquiry.inquiry(records, Viewer::Console)?))
}

/// The inquiry, if `scope` may see it: a factory only its own, and never one it cannot know exists.
fn visible(sql: &mut dyn Sql, scope: Option<&str>, id: &str) -> anyhow::Result<Option<Stored>> {
    let found = Stored::by_id(sql, id)?;
    Ok(found.filter(|i| scope.is_none_or(|own| own == i.supplier)))
}

fn in_transaction(
    records: &mut dyn Records,
    work: &mut dyn FnMut(&mut dyn Sql) -> anyhow::Result<Done>,
) -> anyhow::Result<Done> {
    let mut outcome = None;
    records.transaction(&mut |sql| {
        outcome = Some(work(sql)?);
        Ok(())
    })?;
    outcome.ok_or_else(|| anyhow::anyhow!("the transaction ran no work"))
}

/// What an action tells the other side: the channels, the event, what was written, when.
type Told<'a> = (&'a Notices, Event, Option<&'a str>, i64);

/// `None` from an action: done, and told; the inquiry is read back as it is now.
fn finish(
    sql: &mut dyn Sql,
    id: &str,
    refused: Option<Done>,
    viewer: Viewer,
    told: Option<Told<'_>>,
) -> anyhow::Result<Done> {
    if let Some(refused) = refused {
        return Ok(refused);
    }
    let Some(inquiry) = Stored::by_id(sql, id)? else {
        return Ok(Done::NotFound);
    };
    if let Some((notices, event, text, now)) = told {
        notices::tell(sql, notices, event, &inquiry, text, now)?;
    }
    Ok(Done::Now(Box::new(inquiry.inquiry(sql, viewer)?)))
}

fn closed_unless_open(inquiry: &Stored) -> Option<Done> {
    (!inquiry.status.is_open()).then_some(Done::Closed(inquiry.status))
}

fn withdraw(sql: &mut dyn Sql, inquiry: &Stored, at: At) -> anyhow::Result<Option<Done>> {
    if inquiry.status == InquiryStatus::Withdrawn {
        return Ok(Some(Done::Closed(inquiry.status)));
    }
    event(
        sql,
        inquiry,
        at,
        ("buyer", EntryKind::Withdrawn),
        None,
        None,
        None,
    )?;
    set_status(sql, inquiry, InquiryStatus::Withdrawn, at)?;
    buyer_wrote(sql, inquiry, at)?;
    sql.execute(sql::FORGET_BUYER, &[Arg::Int(inquiry.row)])?;
    sql.execute(sql::FORGET_MAIL_TOKEN, &[Arg::Int(inquiry.row)])?;
    Ok(None)
}

fn reply(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    text: &str,
    counter: &[CounterLine],
    at: At,
) -> anyhow::Result<Option<Done>> {
    if let Some(closed) = closed_unless_open(inquiry) {
        return Ok(Some(closed));
    }
    let mut problems = Problems::default();
    let text = required_text(&mut problems, "text", text, MAX_MESSAGE_CHARS);
    let products = products_of(sql, inquiry)?;
    for (n, line) in counter.iter().enumerate() {
        let at = |field: &str| format!("counter[{n}].{field}");
        let priced = (line.product.as_str(), line.quantity, line.unit_price_fen);
        priced_line(&mut problems, &at, &products, priced);
    }
    if let Err(bad) = problems.into_result(|| ()) {
        return Ok(Some(Done::Bad(bad)));
    }
    let detail = (!counter.is_empty())
        .then(|| serde_json::to_string(counter))
        .transpose()?;
    let said = ("buyer", EntryKind::Message);
    event(
        sql,
        inquiry,
        at,
        said,
        text.as_deref(),
        detail.as_deref(),
        None,
    )?;
    buyer_wrote(sql, inquiry, at)?;
    Ok(None)
}

/// Accepts quote `number` (`decline: None`), or declines it with an optional reason.
fn answer(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    number: u32,
    decline: Option<Option<&str>>,
    at: At,
) -> anyhow::Result<Option<Done>> {
    if let Some(closed) = closed_unless_open(inquiry) {
        return Ok(Some(closed));
    }
    let mut problems = Problems::default();
    let last = sql.rows(sql::LAST_QUOTE, &[Arg::Int(inquiry.row)])?;
    let last = last[0][0].maybe_int()?.unwrap_or(0);
    if number == 0 || i64::from(number) > last {
        problems.add("quote", "no such quote in this inquiry");
    } else if let Some(valid_until) = quote_valid_until(sql, inquiry, number)?
        && parse_day(&valid_until).is_some_and(|day| day < at.today)
    {
        problems.add(
            "quote",
            format!("this quote held until {valid_until}; ask for a new one"),
        );
    }
    let reason = decline.flatten();
    let reason = problems.text("text", reason, MAX_MESSAGE_CHARS, true);
    if let Err(bad) = problems.into_result(|| ()) {
        return Ok(Some(Done::Bad(bad)));
    }
    let (kind, status) = match decline {
        None => (EntryKind::Accepted, InquiryStatus::Accepted),
        Some(_) => (EntryKind::Declined, InquiryStatus::Declined),
    };
    let number = Some(i64::from(number));
    event(
        sql,
        inquiry,
        at,
        ("buyer", kind),
        reason.as_deref(),
        None,
        number,
    )?;
    set_status(sql, inquiry, status, at)?;
    buyer_wrote(sql, inquiry, at)?;
    Ok(None)
}

fn quote_valid_until(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    number: u32,
) -> anyhow::Result<Option<String>> {
    let thread = inquiry.inquiry(sql, Viewer::Console)?.thread;
    let quote = thread
        .into_iter()
        .filter_map(|e| e.quote)
        .find(|q| q.number == number);
    Ok(quote.and_then(|q| q.valid_until))
}

fn factory_message(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    text: &str,
    at: At,
) -> anyhow::Result<Option<Done>> {
    if let Some(closed) = closed_unless_open(inquiry) {
        return Ok(Some(closed));
    }
    let mut problems = Problems::default();
    let text = required_text(&mut problems, "text", text, MAX_MESSAGE_CHARS);
    if let Err(bad) = problems.into_result(|| ()) {
        return Ok(Some(Done::Bad(bad)));
    }
    event(
        sql,
        inquiry,
        at,
        ("factory", EntryKind::Message),
        text.as_deref(),
        None,
        None,
    )?;
    factory_wrote(sql, inquiry, at)?;
    Ok(None)
}

fn factory_quote(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    quote: &Quote,
    at: At,
) -> anyhow::Result<Option<Done>> {
    if let Some(closed) = closed_unless_open(inquiry) {
        return Ok(Some(closed));
    }
    let mut problems = Problems::default();
    if quote.lines.is_empty() {
        problems.add("lines", "quote at least one line");
    }
    let products = products_of(sql, inquiry)?;
    for (n, line) in quote.lines.iter().enumerate() {
        let at = |field: &str| format!("lines[{n}].{field}");
        let priced = (line.product.as_str(), line.quantity, line.unit_price_fen);
        priced_line(&mut problems, &at, &products, priced);
        if line.lead_time_days.is_some_and(|days| days > MAX_LEAD_DAYS) {
            problems.add(
                at("lead_time_days"),
                format!("at most {MAX_LEAD_DAYS} days"),
            );
        }
    }
    problems.date(
        "valid_until",
        quote.valid_until.as_deref(),
        at.today,
        MAX_VALID_DAYS,
    );
    let note = problems.text("note", quote.note.as_deref(), MAX_NOTE_CHARS, true);
    if let Err(bad) = problems.into_result(|| ()) {
        return Ok(Some(Done::Bad(bad)));
    }
    let last = sql.rows(sql::LAST_QUOTE, &[Arg::Int(inquiry.row)])?;
    let number = last[0][0].maybe_int()?.unwrap_or(0) + 1;
    let stored = Quote {
        number: u32::try_from(number)?,
        lines: quote.lines.clone(),
        valid_until: quote
            .valid_until
            .as_deref()
            .map(str::trim)
            .map(str::to_owned),
        note,
    };
    let detail = serde_json::to_string(&stored)?;
    let said = ("factory", EntryKind::Quote);
    event(sql, inquiry, at, said, None, Some(&detail), Some(number))?;
    factory_wrote(sql, inquiry, at)?;
    Ok(None)
}

/// A line of a counter-offer or a quote: one of the inquiry's products, a quantity, a unit price.
fn priced_line(
    problems: &mut Problems,
    at: &dyn Fn(&str) -> String,
    products: &[String],
    (product, quantity, unit_price_fen): (&str, u32, u32),
) {
    if !products.iter().any(|p| p == product) {
        problems.add(at("product"), "not a product of this inquiry");
    }
    problems.quantity(&at("quantity"), quantity);
    problems.price(&at("unit_price_fen"), Some(unit_price_fen));
}

fn required_text(problems: &mut Problems, field: &str, text: &str, max: usize) -> Option<String> {
    let text = problems.text(field, Some(text), max, true);
    if text.is_none() {
        problems.add(field, "write something");
    }
    text
}

fn products_of(sql: &mut dyn Sql, inquiry: &Stored) -> anyhow::Result<Vec<String>> {
    let rows = sql.rows(sql::LINES_OF, &[Arg::Int(inquiry.row)])?;
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .next()
                .ok_or_else(|| anyhow::anyhow!("no product"))
        })
        .map(|cell| cell?.text())
        .collect()
}

fn factory_wrote(sql: &mut dyn Sql, inquiry: &Stored, at: At) -> anyhow::Result<()> {
    sql.execute(
        &sql::factory_wrote(),
        &[
            Arg::Text(InquiryStatus::Answered.as_str()),
            Arg::Int(at.now),
            Arg::Int(inquiry.row),
        ],
    )?;
    Ok(())
}

fn buyer_wrote(sql: &mut dyn Sql, inquiry: &Stored, at: At) -> anyhow::Result<()> {
    sql.execute(
        &sql::buyer_wrote(),
        &[Arg::Int(at.now), Arg::Int(inquiry.row)],
    )?;
    Ok(())
}

fn set_status(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    status: InquiryStatus,
    at: At,
) -> anyhow::Result<()> {
    sql.execute(
        sql::SET_STATUS,
        &[
            Arg::Text(status.as_str()),
            Arg::Int(at.now),
            Arg::Int(inquiry.row),
        ],
    )?;
    Ok(())
}

/// Appends one entry: who and what, its words, its detail (JSON), the quote it names.
fn event(
    sql: &mut dyn Sql,
    inquiry: &Stored,
    at: At,
    (author, kind): (&str, EntryKind),
    text: Option<&str>,
    detail: Option<&str>,
    quote_number: Option<i64>,
) -> anyhow::Result<()> {
    sql.execute(
        sql::INSERT_EVENT,
        &[
            Arg::Int(inquiry.row),
            Arg::Int(at.now),
            Arg::Text(author),
            Arg::Text(kind.as_str()),
            Arg::MaybeText(text),
            Arg::MaybeText(detail),
            Arg::MaybeInt(quote_number),
        ],
    )?;
    Ok(())
}
