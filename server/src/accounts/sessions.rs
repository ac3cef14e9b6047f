//! Signing in and out, and the session a cookie names. A session's cookie
//! holds a new random token; the store keeps its digest, when it began and
//! was last used, and which browser on which system it is (no address).

use std::net::IpAddr;

use beltmart_contract::SessionInfo;

use super::audit::{self, Action, Entry};
use super::password::{self, Weak};
use super::people::{by_id, end_everything, find};
use super::throttle::{self, WINDOW_S};
use super::token::{digest, is_token, new_token};
use super::{Account, Email, Lifetimes};
use crate::store::accounts_sql as sql;
use crate::store::records::{Arg, Cells, Records, Sql};

/// A session's `seen_at` is written at most this often (seconds), not at every request.
const TOUCH_EVERY: i64 = 60;

/// A sign-in attempt.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub address: IpAddr,
    /// The `User-Agent`, of which only the browser and system are kept.
    pub user_agent: &'a str,
}

/// A new session: the cookie's token (handed out once) and who it is.
pub struct Started {
    pub token: String,
    pub info: SessionInfo,
}

#[derive(Debug)]
pub enum Refused {
    /// Wrong email or password, or an account that may not sign in: one answer for all.
    Wrong,
    /// Wait this many seconds.
    Throttled(i64),
}

/// The session a cookie names, while it lasts.
#[derive(Clone, Debug)]
pub struct Session {
    pub account: Account,
    pub token_hash: String,
}

pub fn sign_in(
    records: &mut dyn Records,
    attempt: &Attempt<'_>,
    now: i64,
) -> anyhow::Result<Result<Started, Refused>> {
    let keys = throttle::keys(attempt.email, attempt.address);
    let wait = throttled(records, &keys, now)?;
    if wait > 0 {
        return Ok(Err(Refused::Throttled(wait)));
    }
    let account = match Email::parse(attempt.email) {
        Some(email) => find(records, &email)?,
        None => None,
    };
    let kept = account
        .as_ref()
        .filter(|account| !account.disabled)
        .and_then(|account| account.password_hash.as_deref());
    // An unknown email is checked against a decoy: the same work, the same answer.
    let matches = password::verify(attempt.password, kept);
    let account = match account {
        Some(account) if matches => account,
        other => {
            failed(records, &keys, other.as_ref(), now)?;
            return Ok(Err(Refused::Wrong));
        }
    };
    let client = describe_client(attempt.user_agent);
    let token = new_token()?;
    records.transaction(&mut |sql| {
        sql.execute(
            sql::CLEAR_FAILURES,
            &[Arg::Text(&keys[0].0), Arg::Text(&keys[1].0)],
        )?;
        start(sql, &account, &token, &client, now)
    })?;
    Ok(Ok(Started {
        token,
        info: account.info(),
    }))
}

/// Counts a failure under every key, and logs it: with the account's email
/// when there is one (what was typed as an unknown email may be a password).
fn failed(
    records: &mut dyn Records,
    keys: &[(String, throttle::Rule); 3],
    account: Option<&Account>,
    now: i64,
) -> anyhow::Result<()> {
    let email = account.map_or("", |account| account.email.as_str());
    records.transaction(&mut |sql| {
        for (key, _) in keys {
            sql.execute(
                sql::COUNT_FAILURE,
                &[Arg::Text(key), Arg::Int(now), Arg::Int(now - WINDOW_S)],
            )?;
        }
        let entry = Entry {
            actor: email,
            action: Action::SignInFailed,
            subject: email,
            detail: "",
        };
        audit::append(sql, now, &entry)
    })
}

/// Seconds to wait before another attempt under these keys (0: none).
fn throttled(
    records: &mut dyn Records,
    keys: &[(String, throttle::Rule); 3],
    now: i64,
) -> anyhow::Result<i64> {
    let rows = records.rows(
        sql::FAILURES,
        &[
            Arg::Text(&keys[0].0),
            Arg::Text(&keys[1].0),
            Arg::Text(&keys[2].0),
        ],
    )?;
    let mut wait = 0;
    for row in rows {
        let mut cells = Cells::of(row);
        let key = cells.take()?.text()?;
        let failures = cells.take()?.int()?;
        let last_at = cells.take()?.int()?;
        if let Some((_, rule)) = keys.iter().find(|(k, _)| *k == key) {
            wait = wait.max(throttle::wait(*rule, failures, last_at, now));
        }
    }
    Ok(wait)
}

/// Records a new session and its audit entry.
fn start(
    sql: &mut dyn Sql,
    account: &Account,
    token: &str,
    client: &str,
    now: i64,
) -> anyhow::Result<()> {
    sql.execute(
        sql::INSERT_SESSION,
        &[
            Arg::Text(&digest(token)),
            Arg::Int(account.id),
            Arg::Int(now),
            Arg::Text(client),
        ],
    )?;
    let entry = Entry {
        actor: &account.email,
        action: Action::SignedIn,
        subject: &account.email,
        detail: client,
    };
    audit::append(sql, now, &entry)
}

/// The live session `token` names: none when it is unknown, has ended, or its
/// account is disabled. An idle or too old session is deleted as it is found.
pub fn current(
    records: &mut dyn Records,
    token: &str,
    lifetimes: Lifetimes,
    now: i64,
) -> anyhow::Result<Option<Session>> {
    if !is_token(token) {
        return Ok(None);
    }
    let token_hash = digest(token);
    let Some(row) = records
        .rows(sql::SESSION, &[Arg::Text(&token_hash)])?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let mut cells = Cells::of(row);
    let account = Account::read(&mut cells)?;
    let began = cells.take()?.int()?;
    let seen = cells.take()?.int()?;
    if now - seen > lifetimes.session_idle || now - began > lifetimes.session_max {
        records.execute(sql::DELETE_SESSION, &[Arg::Text(&token_hash)])?;
        return Ok(None);
    }
    if now - seen >= TOUCH_EVERY {
        records.execute(sql::TOUCH_SESSION, &[Arg::Int(now), Arg::Text(&token_hash)])?;
    }
    Ok(Some(Session {
        account,
        token_hash,
    }))
}

/// Ends this session, or every session of its account.
pub fn sign_out(
    records: &mut dyn Records,
    session: &Session,
    everywhere: bool,
    now: i64,
) -> anyhow::Result<()> {
    let email = &session.account.email;
    records.transaction(&mut |sql| {
        let action = if everywhere {
            end_everything(sql, session.account.id)?;
            Action::SignedOutEverywhere
        } else {
            sql.execute(sql::DELETE_SESSION, &[Arg::Text(&session.token_hash)])?;
            Action::SignedOut
        };
        let entry = Entry {
            actor: email,
            action,
            subject: email,
            detail: "",
        };
        audit::append(sql, now, &entry)
    })
}

#[derive(Debug)]
pub enum LinkRefused {
    /// Unknown, used, replaced or expired: one answer for all.
    Invalid,
    Weak(Weak),
}

/// Sets the password of the account a setup link is for, using the link up,
/// ending the account's other sessions, and signing in.
pub fn set_password(
    records: &mut dyn Records,
    token: &str,
    password: &str,
    user_agent: &str,
    now: i64,
) -> anyhow::Result<Result<Started, LinkRefused>> {
    if !is_token(token) {
        return Ok(Err(LinkRefused::Invalid));
    }
    let token_hash = digest(token);
    let rows = records.rows(sql::SETUP_LINK, &[Arg::Text(&token_hash)])?;
    let Some((account_id, expires)) = rows
        .into_iter()
        .next()
        .map(|row| Ok::<_, anyhow::Error>((row[0].int()?, row[1].int()?)))
        .transpose()?
    else {
        return Ok(Err(LinkRefused::Invalid));
    };
    let account = by_id(records, account_id)?;
    let Some(account) = account.filter(|a| !a.disabled && expires >= now) else {
        return Ok(Err(LinkRefused::Invalid));
    };
    if let Err(weak) = password::check_new(password, &account.email) {
        return Ok(Err(LinkRefused::Weak(weak)));
    }
    let hash = password::hash(password)?;
    let (client, session) = (describe_client(user_agent), new_token()?);
    let mut used = false;
    records.transaction(&mut |sql| {
        // Whoever deletes the link first uses it; a second use finds nothing.
        used = sql.execute(sql::DELETE_SETUP_LINK, &[Arg::Text(&token_hash)])? == 1;
        if !used {
            return Ok(());
        }
        sql.execute(
            sql::SET_PASSWORD,
            &[Arg::MaybeText(Some(&hash)), Arg::Int(account.id)],
        )?;
        end_everything(sql, account.id)?;
        let entry = Entry {
            actor: &account.email,
            action: Action::PasswordSet,
            subject: &account.email,
            detail: "",
        };
        audit::append(sql, now, &entry)?;
        start(sql, &account, &session, &client, now)
    })?;
    if !used {
        return Ok(Err(LinkRefused::Invalid));
    }
    Ok(Ok(Started {
        token: session,
        info: account.info(),
    }))
}

/// Deletes what has ended: idle and old sessions, expired links, forgotten failures.
pub fn prune(records: &mut dyn Records, lifetimes: Lifetimes, now: i64) -> anyhow::Result<()> {
    records.execute(
        sql::DELETE_EXPIRED_SESSIONS,
        &[
            Arg::Int(now - lifetimes.session_idle),
            Arg::Int(now - lifetimes.session_max),
        ],
    )?;
    records.execute(sql::DELETE_EXPIRED_SETUP_LINKS, &[Arg::Int(now)])?;
    records.execute(sql::DELETE_OLD_FAILURES, &[Arg::Int(now - WINDOW_S)])?;
    Ok(())
}

/// "Chrome on Android": what a person recognises in a list of their sessions,
/// and no more of the `User-Agent` than that.
pub fn describe_client(user_agent: &str) -> String {
    const BROWSERS: [(&str, &str); 7] = [
        ("MicroMessenger", "WeChat"),
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ];
    const SYSTEMS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let first = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(needle, _)| user_agent.contains(needle))
            .map(|(_, name)| *name)
    };
    match (first(&BROWSERS), first(&SYSTEMS)) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("a browser on {system}"),
        (None, None) => "an unknown client".to_owned(),
    }
}
