//! JSON bodies of the console's sessions: signing in with a password, or
//! setting one through a one-time link, and who is signed in.

use serde::{Deserialize, Serialize};

/// What a person may do in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The whole site: every catalog row, every factory, the people and the audit log.
    Owner,
    /// One factory: its own products and profile only.
    Factory,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Factory => "factory",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Owner, Role::Factory]
            .into_iter()
            .find(|role| role.as_str() == text)
    }
}

/// `POST /api/v1/session`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/session/password`: the token from a setup link's `#` part,
/// and the new password; it signs the person in.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPassword {
    pub token: String,
    pub password: String,
}

/// Who is signed in: `GET /api/v1/session`, and the answer to signing in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub email: String,
    pub role: Role,
    /// The factory's supplier id; `null` for an owner.
    pub supplier: Option<String>,
}

/// `POST /api/v1/console/imports`: what an upload changes (or, in a dry run,
/// would change), or why it changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// No problem: the import committed, or (a dry run) would.
    pub ok: bool,
    pub dry_run: bool,
    /// Rows read.
    pub rows: u64,
    /// Rows with at least one problem.
    pub bad_rows: u64,
    /// The first 100 problems, in file order.
    pub problems: Vec<ImportProblem>,
    /// Problems past those listed.
    pub more_problems: u64,
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    /// Products in the catalog afterwards (a factory's: its own).
    pub total: u64,
    /// Pictures stored that the catalog did not have.
    pub pictures: u64,
    /// The new catalog version, when the import committed.
    pub committed: Option<String>,
}

/// One problem of an upload: where (`line 5`), which field, and what to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    pub place: String,
    pub field: String,
    pub message: String,
}

/// `PATCH /api/v1/console/suppliers/{id}`: what to change of a factory's
/// profile; what is left out stays. The facts a factory sets are marked as its
/// own statement (`self_declared`, today); facts another source vouches for,
/// and certificates and audits, only the site's owner changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfileEdit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop_m2: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_capacity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_categories: Option<Vec<String>>,
    /// The owner's only: the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<crate::Certificate>>,
    /// The owner's only: the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audits: Option<Vec<crate::Audit>>,
}

/// `GET /api/v1/console/people` (owner): every account, and where each is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct People {
    pub people: Vec<Person>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub email: String,
    pub role: Role,
    pub supplier: Option<String>,
    /// `invited` (no password yet), `active` or `disabled`.
    pub status: String,
    pub sessions: Vec<SignedIn>,
}

/// One live session: which browser on which system, since when, last used when (Unix seconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedIn {
    pub client: String,
    pub since: i64,
    pub seen: i64,
}

/// `POST /api/v1/console/people` (owner): invite someone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub email: String,
    pub role: Role,
    /// A factory's supplier id.
    #[serde(default)]
    pub supplier: Option<String>,
}

/// `PATCH /api/v1/console/people` (owner): disable, enable or reset an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonChange {
    pub email: String,
    /// `disable`, `enable` or `reset`.
    pub action: String,
}

/// What inviting or resetting hands the owner: the one-time link to pass on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonChanged {
    pub email: String,
    /// The path and token of the one-time link (`/console/setup#…`), when there is one.
    pub setup_link: Option<String>,
}

/// `GET /api/v1/console/audit?before=ID` (owner): the newest entries first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// `before` for the next (older) page, when there is one.
    pub next: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}
