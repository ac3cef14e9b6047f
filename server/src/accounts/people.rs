//! Managing accounts: adding one (with a one-time link, or a password given
//! directly), listing them, disabling, enabling and resetting. Each change is
//! one transaction with its audit entry; disabling or resetting ends every
//! session of the account. The command line uses these, and so will the console.

use std::fmt;

use beltmart_contract::Role;

use super::audit::{self, Action, Entry};
use super::password::{self, Weak};
use super::token::{digest, new_token};
use super::{Account, Email, Lifetimes};
use crate::store::accounts_sql as sql;
use crate::store::records::{Arg, Cell, Cells, Records, Sql};

/// Why a change was refused (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    BadEmail,
    EmailTaken,
    /// A factory account names no supplier.
    SupplierNeeded,
    /// An owner's account names one.
    SupplierForOwner,
    NoSuchSupplier(String),
    NoSuchAccount,
    Weak(Weak),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::BadEmail => f.write_str("that is not an email address"),
            Refusal::EmailTaken => f.write_str("there is already an account with that email"),
            Refusal::SupplierNeeded => f.write_str("a factory's account needs --supplier ID"),
            Refusal::SupplierForOwner => f.write_str("an owner's account has no supplier"),
            Refusal::NoSuchSupplier(id) => write!(f, "the catalog has no supplier {id}"),
            Refusal::NoSuchAccount => f.write_str("there is no account with that email"),
            Refusal::Weak(weak) => f.write_str(&weak.explain()),
        }
    }
}

/// A change's outcome: done, or refused; `Err` only when the store failed.
pub type Outcome<T> = anyhow::Result<Result<T, Refusal>>;

/// Who is asking for a change, and when.
#[derive(Clone, Copy)]
pub struct By<'a> {
    pub actor: &'a str,
    pub at: i64,
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub role: Role,
    pub supplier: Option<&'a str>,
    /// Set directly (provisioning scripts); otherwise a setup link is made.
    pub password: Option<&'a str>,
}

/// A new account, and the token of its setup link when no password was given.
pub struct Added {
    pub account: Account,
    pub setup_token: Option<String>,
}

pub fn add(
    records: &mut dyn Records,
    new: &NewAccount<'_>,
    lifetimes: Lifetimes,
    by: By<'_>,
) -> Outcome<Added> {
    let Some(email) = Email::parse(new.email) else {
        return Ok(Err(Refusal::BadEmail));
    };
    match (new.role, new.supplier) {
        (Role::Factory, None) => return Ok(Err(Refusal::SupplierNeeded)),
        (Role::Owner, Some(_)) => return Ok(Err(Refusal::SupplierForOwner)),
        (Role::Factory, Some(id)) => {
            if records
                .rows(sql::SUPPLIER_EXISTS, &[Arg::Text(id)])?
                .is_empty()
            {
                return Ok(Err(Refusal::NoSuchSupplier(id.to_owned())));
            }
        }
        (Role::Owner, None) => {}
    }
    if find(records, &email)?.is_some() {
        return Ok(Err(Refusal::EmailTaken));
    }
    let hash = match new.password {
        Some(given) => match password::check_new(given, email.as_str()) {
            Ok(()) => Some(password::hash(given)?),
            Err(weak) => return Ok(Err(Refusal::Weak(weak))),
        },
        None => None,
    };
    let setup_token = match hash {
        Some(_) => None,
        None => Some(new_token()?),
    };
    let mut id = 0;
    records.transaction(&mut |sql| {
        let row = sql.rows(
            sql::INSERT_ACCOUNT,
            &[
                Arg::Text(email.as_str()),
                Arg::Text(new.role.as_str()),
                Arg::MaybeText(new.supplier),
                Arg::MaybeText(hash.as_deref()),
                Arg::Int(by.at),
            ],
        )?;
        id = row[0][0].int()?;
        if let Some(token) = &setup_token {
            add_setup_link(sql, id, token, by.at + lifetimes.setup_link)?;
        }
        let detail = match new.supplier {
            Some(supplier) => format!("{} of {supplier}", new.role.as_str()),
            None => new.role.as_str().to_owned(),
        };
        let entry = entry_for(by, Action::AccountAdded, email.as_str(), &detail);
        audit::append(sql, by.at, &entry)
    })?;
    let account = by_id(records, id)?.ok_or_else(|| anyhow::anyhow!("account {id} vanished"))?;
    Ok(Ok(Added {
        account,
        setup_token,
    }))
}

/// Every account, with how many sessions it has, by email.
pub fn list(records: &mut dyn Records) -> anyhow::Result<Vec<(Account, i64)>> {
    let rows = records.rows(sql::ALL_ACCOUNTS, &[])?;
    rows.into_iter()
        .map(|row| {
            let mut cells = Cells::of(row);
            let account = Account::read(&mut cells)?;
            let sessions = cells.take()?.int()?;
            Ok((account, sessions))
        })
        .collect()
}

/// Every live session: `(email, client, began, last used)`, latest first.
pub fn sessions(records: &mut dyn Records) -> anyhow::Result<Vec<(String, String, i64, i64)>> {
    let rows = records.rows(sql::ALL_SESSIONS, &[])?;
    rows.into_iter()
        .map(|row| {
            let mut cells = Cells::of(row);
            let mut next = || cells.take();
            Ok((
                next()?.text()?,
                next()?.text()?,
                next()?.int()?,
                next()?.int()?,
            ))
        })
        .collect()
}

/// Where a one-time link's token is used: the console's page, the token
/// after a `#` (browsers never send it, so it stays out of every log).
pub fn setup_path(token: &str) -> String {
    format!("{}#{token}", beltmart_contract::page::CONSOLE_SETUP)
}

/// Disables (or enables again) the account; disabling ends its sessions and links.
pub fn set_disabled(
    records: &mut dyn Records,
    email: &str,
    disabled: bool,
    by: By<'_>,
) -> Outcome<Account> {
    let Some(account) = Email::parse(email)
        .map(|e| find(records, &e))
        .transpose()?
        .flatten()
    else {
        return Ok(Err(Refusal::NoSuchAccount));
    };
    records.transaction(&mut |sql| {
        sql.execute(
            sql::SET_DISABLED,
            &[Arg::Bool(disabled), Arg::Int(account.id)],
        )?;
        let action = match disabled {
            true => {
                end_everything(sql, account.id)?;
                Action::AccountDisabled
            }
            false => Action::AccountEnabled,
        };
        audit::append(sql, by.at, &entry_for(by, action, &account.email, ""))
    })?;
    Ok(Ok(Account {
        disabled,
        ..account
    }))
}

/// Clears the password, ends every session and link, and makes a new link:
/// its token is returned, to hand to the person.
pub fn reset(
    records: &mut dyn Records,
    email: &str,
    lifetimes: Lifetimes,
    by: By<'_>,
) -> Outcome<(Account, String)> {
    let Some(account) = Email::parse(email)
        .map(|e| find(records, &e))
        .transpose()?
        .flatten()
    else {
        return Ok(Err(Refusal::NoSuchAccount));
    };
    let token = new_token()?;
    records.transaction(&mut |sql| {
        sql.execute(
            sql::SET_PASSWORD,
            &[Arg::MaybeText(None), Arg::Int(account.id)],
        )?;
        end_everything(sql, account.id)?;
        add_setup_link(sql, account.id, &token, by.at + lifetimes.setup_link)?;
        audit::append(
            sql,
            by.at,
            &entry_for(by, Action::AccountReset, &account.email, ""),
        )
    })?;
    Ok(Ok((account, token)))
}

pub(super) fn find(records: &mut dyn Sql, email: &Email) -> anyhow::Result<Option<Account>> {
    one(records.rows(sql::ACCOUNT_BY_EMAIL, &[Arg::Text(email.as_str())])?)
}

pub(super) fn by_id(records: &mut dyn Sql, id: i64) -> anyhow::Result<Option<Account>> {
    one(records.rows(sql::ACCOUNT_BY_ID, &[Arg::Int(id)])?)
}

fn one(rows: Vec<Vec<Cell>>) -> anyhow::Result<Option<Account>> {
    rows.into_iter()
        .next()
        .map(|row| Account::read(&mut Cells::of(row)))
        .transpose()
}

/// Ends every session and setup link of the account.
pub(super) fn end_everything(sql: &mut dyn Sql, account: i64) -> anyhow::Result<()> {
    sql.execute(sql::DELETE_SESSIONS_OF, &[Arg::Int(account)])?;
    sql.execute(sql::DELETE_SETUP_LINKS_OF, &[Arg::Int(account)])?;
    Ok(())
}

fn add_setup_link(
    sql: &mut dyn Sql,
    account: i64,
    token: &str,
    expires: i64,
) -> anyhow::Result<()> {
    let hash = digest(token);
    sql.execute(
        sql::INSERT_SETUP_LINK,
        &[Arg::Text(&hash), Arg::Int(account), Arg::Int(expires)],
    )?;
    Ok(())
}

fn entry_for<'a>(by: By<'a>, action: Action, subject: &'a str, detail: &'a str) -> Entry<'a> {
    Entry {
        actor: by.actor,
        action,
        subject,
        detail,
    }
}
