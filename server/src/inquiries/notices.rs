//! What each event of an inquiry tells the other side, written to the outbox
//! in the event's own transaction (so none is lost, and none is told of what
//! did not happen): the site owner's webhook gets every event, the factory's
//! accounts an email of what the buyer did, the buyer (if they gave an email)
//! an email of what the factory did, with their private link. Texts are in
//! `server/data/messages/notices.txt`. The webhook carries no contact
//! details; a receiver asks the console API for them.

use std::sync::LazyLock;

use beltmart_contract::{InquiryStatus, page};
use serde_json::json;

use super::ids::new_public_id;
use super::stored::Stored;
use crate::store::inquiries_sql as sql;
use crate::store::outbox_sql;
use crate::store::records::{Arg, Cells, Sql};

/// Which channels are configured, and the site's address for links.
#[derive(Clone, Debug, Default)]
pub struct Notices {
    pub email: bool,
    pub webhook: bool,
    /// `https://www.example.com`, without a final `/`.
    pub site: String,
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Created,
    BuyerMessage,
    Accepted,
    Declined,
    Withdrawn,
    Quoted,
    FactoryMessage,
}

impl Event {
    fn name(self) -> &'static str {
        match self {
            Event::Created => "created",
            Event::BuyerMessage => "buyer_message",
            Event::Accepted => "accepted",
            Event::Declined => "declined",
            Event::Withdrawn => "withdrawn",
            Event::Quoted => "quoted",
            Event::FactoryMessage => "factory_message",
        }
    }

    fn to_buyer(self) -> bool {
        matches!(self, Event::Quoted | Event::FactoryMessage)
    }
}

/// Writes what `event` on `inquiry` tells; `text` is what was written, if anything.
pub fn tell(
    sql: &mut dyn Sql,
    notices: &Notices,
    event: Event,
    inquiry: &Stored,
    text: Option<&str>,
    now: i64,
) -> anyhow::Result<()> {
    if !notices.email && !notices.webhook {
        return Ok(());
    }
    let event_id = format!("evt_{}", new_public_id()?);
    if notices.webhook {
        let body = webhook_body(&event_id, event, inquiry, now);
        enqueue(sql, &event_id, "webhook", "", event.name(), &body, now)?;
    }
    if !notices.email {
        return Ok(());
    }
    let lines = sql.rows(sql::FIRST_TITLE_AND_LINES, &[Arg::Int(inquiry.row)])?;
    let lines = lines
        .first()
        .and_then(|row| row.get(1))
        .map(|c| c.int())
        .transpose()?;
    let (recipients, link) = match event.to_buyer() {
        true => buyer_mail(sql, notices, inquiry)?,
        false => (
            factory_mail(sql, inquiry)?,
            format!("{}/console", notices.site),
        ),
    };
    let fill = |template: &str| {
        template
            .replace("{reference}", &inquiry.reference)
            .replace("{supplier}", &inquiry.supplier_name)
            .replace("{lines}", &lines.unwrap_or(0).to_string())
            .replace("{link}", &link)
            .replace("{text}", text.unwrap_or_default())
    };
    let (subject, body) = template(event);
    let (subject, body) = (fill(subject), fill(body));
    for to in recipients {
        enqueue(sql, &event_id, "email", &to, &subject, &body, now)?;
    }
    Ok(())
}

/// The buyer's own receipt, once per submission, when she gave an email: where
/// it went (each factory and reference) and her private link, to open on any device.
pub fn receipt(
    sql: &mut dyn Sql,
    notices: &Notices,
    (email, token): (&str, &str),
    sent: &[(String, String)],
    now: i64,
) -> anyhow::Result<()> {
    if !notices.email {
        return Ok(());
    }
    let list: Vec<String> = sent
        .iter()
        .map(|(supplier, reference)| format!("{reference} · {supplier}"))
        .collect();
    let link = format!("{}{}", notices.site, page::inquiry(token));
    let (subject, body) = template_named("sent");
    let fill = |template: &str| {
        template
            .replace("{count}", &sent.len().to_string())
            .replace("{list}", &list.join("\n"))
            .replace("{link}", &link)
    };
    let event_id = format!("evt_{}", new_public_id()?);
    enqueue(
        sql,
        &event_id,
        "email",
        email,
        &fill(subject),
        &fill(body),
        now,
    )
}

fn webhook_body(event_id: &str, event: Event, inquiry: &Stored, now: i64) -> String {
    let status = match event {
        Event::Created => InquiryStatus::New,
        _ => inquiry.status,
    };
    json!({
        "id": event_id,
        "type": format!("inquiry.{}", event.name()),
        "at": now,
        "inquiry": {
            "id": inquiry.id,
            "reference": inquiry.reference,
            "supplier": inquiry.supplier,
            "status": status,
        },
    })
    .to_string()
}

/// The factory's accounts that may sign in.
fn factory_mail(sql: &mut dyn Sql, inquiry: &Stored) -> anyhow::Result<Vec<String>> {
    let rows = sql.rows(sql::FACTORY_EMAILS, &[Arg::Text(&inquiry.supplier)])?;
    rows.into_iter()
        .map(|row| Cells::of(row).take()?.text())
        .collect()
}

/// The buyer's email and private link, when they gave an email (and have not withdrawn).
fn buyer_mail(
    sql: &mut dyn Sql,
    notices: &Notices,
    inquiry: &Stored,
) -> anyhow::Result<(Vec<String>, String)> {
    let rows = sql.rows(sql::BUYER_MAIL, &[Arg::Int(inquiry.row)])?;
    let Some(row) = rows.into_iter().next() else {
        return Ok((Vec::new(), String::new()));
    };
    let mut cells = Cells::of(row);
    let (email, token) = (cells.take()?.maybe_text()?, cells.take()?.maybe_text()?);
    match (email, token) {
        (Some(email), Some(token)) => Ok((
            vec![email],
            format!("{}{}", notices.site, page::inquiry(&token)),
        )),
        _ => Ok((Vec::new(), String::new())),
    }
}

fn enqueue(
    sql: &mut dyn Sql,
    event_id: &str,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    now: i64,
) -> anyhow::Result<()> {
    sql.execute(
        outbox_sql::ENQUEUE,
        &[
            Arg::Text(event_id),
            Arg::Text(channel),
            Arg::Text(recipient),
            Arg::Text(subject),
            Arg::Text(body),
            Arg::Int(now),
        ],
    )?;
    Ok(())
}

/// An event's subject and text, from the data file.
fn template(event: Event) -> (&'static str, &'static str) {
    template_named(event.name())
}

fn template_named(name: &str) -> (&'static str, &'static str) {
    static TEMPLATES: LazyLock<Vec<(&'static str, &'static str, &'static str)>> =
        LazyLock::new(|| parse(include_str!("../../data/messages/notices.txt")));
    TEMPLATES
        .iter()
        .find(|(found, _, _)| *found == name)
        .map(|(_, subject, body)| (*subject, *body))
        .expect("every email is in notices.txt")
}

/// `[name]`, a subject line, a text: as the data file writes them.
fn parse(text: &'static str) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut found = Vec::new();
    for part in text.split("\n[").skip(1) {
        let Some((name, rest)) = part.split_once("]\n") else {
            continue;
        };
        let (subject, body) = rest.split_once('\n').unwrap_or((rest, ""));
        found.push((name, subject.trim(), body.trim()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_an_email_in_both_languages() {
        for event in [
            Event::Created,
            Event::BuyerMessage,
            Event::Accepted,
            Event::Declined,
            Event::Withdrawn,
            Event::Quoted,
            Event::FactoryMessage,
        ] {
            let (subject, body) = template(event);
            assert!(subject.contains("{reference}"), "{event:?}: {subject}");
            assert!(body.contains("{link}"), "{event:?}");
            // Chinese, then English after a `·`.
            assert!(!subject.is_ascii() && subject.contains('·'), "{subject}");
        }
    }
}
