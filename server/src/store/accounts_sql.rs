//! The SQL of accounts, sessions, failed sign-ins and the audit log, written
//! once for both stores (see [`super::records`]); `src/accounts/` runs it.
//! Times are Unix seconds.

/// Columns of an account, in the order `accounts::Account::read` takes them.
macro_rules! account_columns {
    () => {
        "a.id, a.email, a.role, a.supplier_id, a.password_hash, a.disabled, a.created_at"
    };
}

pub const INSERT_ACCOUNT: &str = "INSERT INTO accounts
    (email, role, supplier_id, password_hash, disabled, created_at)
    VALUES ($1, $2, $3, $4, FALSE, $5) RETURNING id";

pub const ACCOUNT_BY_EMAIL: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts a WHERE a.email = $1"
);

pub const ACCOUNT_BY_ID: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts a WHERE a.id = $1"
);

/// Every account with its live sessions' count, by email.
pub const ALL_ACCOUNTS: &str = concat!(
    "SELECT ",
    account_columns!(),
    ", (SELECT count(*) FROM sessions s WHERE s.account_id = a.id)
    FROM accounts a ORDER BY a.email"
);

pub const SUPPLIER_EXISTS: &str = "SELECT id FROM suppliers WHERE id = $1";

pub const SET_DISABLED: &str = "UPDATE accounts SET disabled = $1 WHERE id = $2";

/// `$1` NULL clears the password (a reset).
pub const SET_PASSWORD: &str = "UPDATE accounts SET password_hash = $1 WHERE id = $2";

pub const INSERT_SETUP_LINK: &str =
    "INSERT INTO setup_links (token_hash, account_id, expires_at) VALUES ($1, $2, $3)";

pub const SETUP_LINK: &str = "SELECT account_id, expires_at FROM setup_links WHERE token_hash = $1";

/// A link is used once: whoever deletes it first sets the password.
pub const DELETE_SETUP_LINK: &str = "DELETE FROM setup_links WHERE token_hash = $1";

pub const DELETE_SETUP_LINKS_OF: &str = "DELETE FROM setup_links WHERE account_id = $1";

pub const DELETE_EXPIRED_SETUP_LINKS: &str = "DELETE FROM setup_links WHERE expires_at < $1";

pub const INSERT_SESSION: &str = "INSERT INTO sessions
    (token_hash, account_id, created_at, seen_at, client) VALUES ($1, $2, $3, $3, $4)";

/// A session of an account that is not disabled.
pub const SESSION: &str = concat!(
    "SELECT ",
    account_columns!(),
    ", s.created_at, s.seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id
    WHERE s.token_hash = $1 AND a.disabled = FALSE"
);

pub const TOUCH_SESSION: &str = "UPDATE sessions SET seen_at = $1 WHERE token_hash = $2";

pub const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";

pub const DELETE_SESSIONS_OF: &str = "DELETE FROM sessions WHERE account_id = $1";

/// Sessions idle since `$1` or begun before `$2`.
pub const DELETE_EXPIRED_SESSIONS: &str =
    "DELETE FROM sessions WHERE seen_at < $1 OR created_at < $2";

/// Who is signed in where: `email, client, created_at, seen_at`, latest first.
pub const ALL_SESSIONS: &str = "SELECT a.email, s.client, s.created_at, s.seen_at
    FROM sessions s JOIN accounts a ON a.id = s.account_id ORDER BY s.seen_at DESC";

/// Failures counted under three keys at once.
pub const FAILURES: &str =
    "SELECT key, failures, last_at FROM sign_in_failures WHERE key IN ($1, $2, $3)";

/// One more failure at `$2`; a count whose last failure is older than `$3` starts again.
pub const COUNT_FAILURE: &str = "INSERT INTO sign_in_failures (key, failures, last_at)
    VALUES ($1, 1, $2) ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN sign_in_failures.last_at < $3 THEN 1
                    ELSE sign_in_failures.failures + 1 END,
    last_at = $2";

pub const CLEAR_FAILURES: &str = "DELETE FROM sign_in_failures WHERE key IN ($1, $2)";

pub const DELETE_OLD_FAILURES: &str = "DELETE FROM sign_in_failures WHERE last_at < $1";

pub const APPEND_AUDIT: &str = "INSERT INTO audit_log (at, actor, action, subject, detail)
    VALUES ($1, $2, $3, $4, $5)";

/// The newest entries before id `$1`, at most `$2`.
pub const AUDIT_PAGE: &str = "SELECT id, at, actor, action, subject, detail FROM audit_log
    WHERE id < $1 ORDER BY id DESC LIMIT $2";
