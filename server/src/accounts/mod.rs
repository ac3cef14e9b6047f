//! Who may sign in to the console, and how: accounts (an owner of the whole
//! site, or a factory bound to one supplier), one-time links that set a
//! password, sessions, the throttling of failed sign-ins, and the audit log.
//! Everything is kept in the store of record (SQL in
//! `store/accounts_sql.rs`), so that every replica sees the same sessions.
//! Secrets are kept only as digests (tokens) or argon2id hashes (passwords).

pub mod audit;
mod email;
pub mod password;
pub mod people;
mod service;
pub mod sessions;
mod throttle;
pub mod token;

pub use email::Email;
pub use service::Accounts;

use beltmart_contract::{Role, SessionInfo};

use crate::store::records::Cells;

/// How long the things handed out last, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    /// A session unused for this long has ended.
    pub session_idle: i64,
    /// A session ends this long after it began, however busy.
    pub session_max: i64,
    /// A setup link works for this long.
    pub setup_link: i64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes {
            session_idle: 60 * 60,
            session_max: 12 * 60 * 60,
            setup_link: 24 * 60 * 60,
        }
    }
}

/// An account as stored.
#[derive(Clone, Debug)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub role: Role,
    /// A factory's supplier id.
    pub supplier: Option<String>,
    password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: i64,
}

impl Account {
    /// Reads the columns `account_columns!` names, in order, from `cells`.
    fn read(cells: &mut Cells) -> anyhow::Result<Account> {
        let mut next = || cells.take();
        let id = next()?.int()?;
        let email = next()?.text()?;
        let role = next()?.text()?;
        let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
        Ok(Account {
            id,
            email,
            role,
            supplier: next()?.maybe_text()?,
            password_hash: next()?.maybe_text()?,
            disabled: next()?.flag()?,
            created_at: next()?.int()?,
        })
    }

    /// Whether a password has been set (through a link, or by `--password-stdin`).
    pub fn has_password(&self) -> bool {
        self.password_hash.is_some()
    }

    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            email: self.email.clone(),
            role: self.role,
            supplier: self.supplier.clone(),
        }
    }
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}
