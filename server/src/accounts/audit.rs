//! The audit log: who signed in, changed whom or what, and when. Entries are
//! only ever appended (the tables' triggers refuse changes and deletions).

use beltmart_contract::AuditEntry;

use crate::store::accounts_sql as sql;
use crate::store::records::{Arg, Cells, Records, Sql};

/// The actor of what is done from the server's command line.
pub const COMMAND_LINE: &str = "command line";

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    SignedIn,
    SignInFailed,
    SignedOut,
    SignedOutEverywhere,
    PasswordSet,
    AccountAdded,
    AccountDisabled,
    AccountEnabled,
    AccountReset,
    /// A catalog upload checked (a dry run, or one with bad rows).
    CatalogChecked,
    /// A catalog upload committed.
    CatalogImported,
    /// A factory's profile changed.
    ProfileChanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignedIn => "signed_in",
            Action::SignInFailed => "sign_in_failed",
            Action::SignedOut => "signed_out",
            Action::SignedOutEverywhere => "signed_out_everywhere",
            Action::PasswordSet => "password_set",
            Action::AccountAdded => "account_added",
            Action::AccountDisabled => "account_disabled",
            Action::AccountEnabled => "account_enabled",
            Action::AccountReset => "account_reset",
            Action::CatalogChecked => "catalog_checked",
            Action::CatalogImported => "catalog_imported",
            Action::ProfileChanged => "profile_changed",
        }
    }
}

/// One entry to append: `actor` did `action` to `subject` (an email, a
/// supplier id …), with `detail` for people to read.
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: Action,
    pub subject: &'a str,
    pub detail: &'a str,
}

pub fn append(sql: &mut dyn Sql, at: i64, entry: &Entry<'_>) -> anyhow::Result<()> {
    sql.execute(
        sql::APPEND_AUDIT,
        &[
            Arg::Int(at),
            Arg::Text(entry.actor),
            Arg::Text(entry.action.as_str()),
            Arg::Text(entry.subject),
            Arg::Text(entry.detail),
        ],
    )?;
    Ok(())
}

/// The newest `limit` entries before id `before` (`i64::MAX`: the newest of all).
pub fn page(records: &mut dyn Records, before: i64, limit: i64) -> anyhow::Result<Vec<AuditEntry>> {
    let rows = records.rows(sql::AUDIT_PAGE, &[Arg::Int(before), Arg::Int(limit)])?;
    rows.into_iter()
        .map(|row| {
            let mut cells = Cells::of(row);
            let mut next = || cells.take();
            Ok(AuditEntry {
                id: next()?.int()?,
                at: next()?.int()?,
                actor: next()?.text()?,
                action: next()?.text()?,
                subject: next()?.text()?,
                detail: next()?.text()?,
            })
        })
        .collect()
}
