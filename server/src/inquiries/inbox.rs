//! A factory's inbox in the console (an owner's: every factory's): newest
//! activity first, filtered by status and by a search over the reference,
//! the buyer's name and company and the products asked about, with the
//! unread count and each status's count beside it.

use beltmart_contract::{Inbox, InboxItem, InquiryStatus, StatusCount};

use super::stored::Stored;
use crate::store::inquiries_sql as sql;
use crate::store::records::{Arg, Cells, Sql};

pub const PER_PAGE: u32 = 50;

/// What to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub status: Option<InquiryStatus>,
    /// Words to find; `%` and `_` are taken literally.
    pub search: Option<String>,
    /// 1-based.
    pub page: u32,
}

/// `scope`: a factory's supplier id, or `None` for the owner's view of all.
pub fn inbox(sql: &mut dyn Sql, scope: Option<&str>, filter: &Filter) -> anyhow::Result<Inbox> {
    let pattern = filter.search.as_deref().map(like_pattern);
    let offset = i64::from(filter.page.saturating_sub(1)) * i64::from(PER_PAGE);
    let page = Stored::all(
        sql,
        &sql::inbox(),
        &[
            Arg::MaybeText(scope),
            Arg::MaybeText(filter.status.map(InquiryStatus::as_str)),
            Arg::MaybeText(pattern.as_deref()),
            Arg::Int(i64::from(PER_PAGE) + 1),
            Arg::Int(offset),
        ],
    )?;
    let more = page.len() > PER_PAGE as usize;
    let items = page
        .iter()
        .take(PER_PAGE as usize)
        .map(|inquiry| item(sql, inquiry))
        .collect::<anyhow::Result<_>>()?;
    let unread = sql.rows(sql::UNREAD_COUNT, &[Arg::MaybeText(scope)])?;
    Ok(Inbox {
        items,
        unread: u32::try_from(unread[0][0].int()?)?,
        counts: counts(sql, scope)?,
        more,
    })
}

fn item(sql: &mut dyn Sql, inquiry: &Stored) -> anyhow::Result<InboxItem> {
    let row = sql.rows(sql::FIRST_TITLE_AND_LINES, &[Arg::Int(inquiry.row)])?;
    let mut cells = Cells::of(row.into_iter().next().unwrap_or_default());
    let title = cells.take()?.maybe_text()?.unwrap_or_default();
    let lines = u32::try_from(cells.take()?.int()?)?;
    Ok(InboxItem {
        id: inquiry.id.clone(),
        reference: inquiry.reference.clone(),
        supplier: inquiry.supplier.clone(),
        status: inquiry.status,
        buyer: inquiry
            .buyer
            .as_ref()
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        title,
        lines,
        created_at: inquiry.created_at,
        updated_at: inquiry.updated_at,
        unread: inquiry.unread(),
    })
}

fn counts(sql: &mut dyn Sql, scope: Option<&str>) -> anyhow::Result<Vec<StatusCount>> {
    let rows = sql.rows(sql::STATUS_COUNTS, &[Arg::MaybeText(scope)])?;
    let mut counts = Vec::new();
    for row in rows {
        let mut cells = Cells::of(row);
        let status = cells.take()?.text()?;
        let count = u32::try_from(cells.take()?.int()?)?;
        if let Some(status) = InquiryStatus::parse(&status) {
            counts.push(StatusCount { status, count });
        }
    }
    counts.sort_by_key(|c| InquiryStatus::ALL.iter().position(|s| *s == c.status));
    Ok(counts)
}

/// `%words%`, lowercased, LIKE's own `%` and `_` dropped (a search never matches everything).
fn like_pattern(words: &str) -> String {
    let literal: String = words
        .trim()
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect::<String>()
        .to_lowercase();
    format!("%{literal}%")
}
