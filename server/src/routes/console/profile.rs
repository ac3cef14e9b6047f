//! `GET`/`PATCH /api/v1/console/suppliers/{id}`: a factory's profile, as its
//! factory or the site's owner edits it. A change is written as a one-row
//! suppliers import (the same rules and transaction as the command line's),
//! and answered once this server serves it.

use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use beltmart_contract::{self as api, ErrorCode, ProfileEdit, Role};

use super::Console;
use super::scratch::Scratch;
use crate::accounts::Account;
use crate::accounts::audit::Action;
use crate::domain::product::{format_day, today};
use crate::files::formats::{Encoding, Format};
use crate::files::import::{self, Mode};
use crate::files::suppliers;
use crate::http::error::ApiError;
use crate::routes::session::{invalid_body_at, session_of};

/// The source of a fact a factory states itself, and of one the owner sets.
const FACTORYS_WORD: &str = "self_declared";
const OWNERS_WORD: &str = "platform_record";

pub async fn show(
    State(console): State<Console>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<api::SupplierProfile>, ApiError> {
    let session = session_of(&console.sessions, &headers).await?;
    Ok(Json(profile(&console, &session.account, &id)?))
}

pub async fn edit(
    State(console): State<Console>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<ProfileEdit>, JsonRejection>,
) -> Result<Json<api::SupplierProfile>, ApiError> {
    let session = session_of(&console.sessions, &headers).await?;
    let current = profile(&console, &session.account, &id)?;
    let Json(edit) = body.map_err(|e| invalid_body_at(e.status(), &e.body_text()))?;
    let account = session.account;
    let changed =
        apply(current, &edit, account.role, &format_day(today())).map_err(owner_only_because)?;
    let db = console.db.clone();
    let written = tokio::task::spawn_blocking({
        let changed = changed.clone();
        move || write(db, &changed)
    })
    .await
    .map_err(ApiError::unavailable)?
    .map_err(ApiError::unavailable)?;
    let version = written.map_err(|why| ApiError::bad_request(ErrorCode::InvalidChange, why))?;
    let detail = describe(&edit);
    console
        .log(account.email, Action::ProfileChanged, id, detail)
        .await?;
    served(&console, &version).await;
    Ok(Json(changed))
}

/// 403 `owner_only`, saying why.
pub fn owner_only_because(why: String) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OwnerOnly, why)
}

/// The profile `id` as this account may see it: a factory only its own (any
/// other is 404, as if it did not exist).
fn profile(
    console: &Console,
    account: &Account,
    id: &str,
) -> Result<api::SupplierProfile, ApiError> {
    let mine = account.role == Role::Owner || account.supplier.as_deref() == Some(id);
    let catalog = console.catalog.current();
    let found = catalog.factories.profile(id).filter(|_| mine).cloned();
    found.ok_or_else(|| ApiError::not_found("no such factory"))
}

/// The profile with `edit` applied by someone in `role` on `day`; `Err` names
/// what only the owner may change.
fn apply(
    mut profile: api::SupplierProfile,
    edit: &ProfileEdit,
    role: Role,
    day: &str,
) -> Result<api::SupplierProfile, String> {
    let word = match role {
        Role::Owner => OWNERS_WORD,
        Role::Factory => FACTORYS_WORD,
    };
    let evidence = || api::Evidence {
        source: word.to_owned(),
        as_of: day.to_owned(),
        valid_until: None,
        expired: false,
    };
    // A factory's word does not replace what someone else vouches for.
    let may = |field: &str, held: Option<&api::Evidence>| match (role, held) {
        (Role::Factory, Some(held)) if held.source != FACTORYS_WORD => Err(format!(
            "{field} is vouched for by {} ; only the site's owner changes it",
            held.source
        )),
        _ => Ok(()),
    };
    let facts = &mut profile.facts;
    if let Some(value) = edit.staff {
        may("staff", facts.staff.as_ref().map(|f| &f.evidence))?;
        facts.staff = Some(api::CountFact {
            value,
            evidence: evidence(),
        });
    }
    if let Some(value) = edit.workshop_m2 {
        may(
            "workshop_m2",
            facts.workshop_m2.as_ref().map(|f| &f.evidence),
        )?;
        facts.workshop_m2 = Some(api::CountFact {
            value,
            evidence: evidence(),
        });
    }
    if let Some(value) = &edit.annual_capacity {
        may(
            "annual_capacity",
            facts.annual_capacity.as_ref().map(|f| &f.evidence),
        )?;
        facts.annual_capacity = Some(api::TextFact {
            value: value.clone(),
            evidence: evidence(),
        });
    }
    if let Some(value) = &edit.main_categories {
        may(
            "main_categories",
            facts.main_categories.as_ref().map(|f| &f.evidence),
        )?;
        facts.main_categories = Some(api::ListFact {
            value: value.clone(),
            evidence: evidence(),
        });
    }
    if role == Role::Factory && (edit.certificates.is_some() || edit.audits.is_some()) {
        return Err("certificates and audits are set by the site's owner".into());
    }
    if let Some(certificates) = &edit.certificates {
        profile.certificates = certificates.clone();
    }
    if let Some(audits) = &edit.audits {
        profile.audits = audits.clone();
    }
    if let Some(name) = &edit.name {
        profile.name = name.clone();
    }
    if edit.founded.is_some() {
        profile.founded = edit.founded;
    }
    Ok(profile)
}

/// Writes the profile as a one-row suppliers import: the new catalog version,
/// or what the import's rules refused.
fn write(
    db: crate::store::StoreAt,
    profile: &api::SupplierProfile,
) -> anyhow::Result<Result<String, String>> {
    let scratch = Scratch::new()?;
    let file = scratch.path().join("profile.jsonl");
    let mut row = Vec::new();
    suppliers::write_jsonl(&mut row, profile)?;
    std::fs::write(&file, row)?;
    let options = import::Options {
        db,
        mode: Mode::Upsert,
        dry_run: false,
        format: Some(Format::Jsonl),
        encoding: Encoding::Auto,
        taxonomy: None,
        suppliers: Some(file),
        file: None,
        images: Some(scratch.path().to_owned()),
        fetch_images: false,
        scope: None,
        label: Some("profile".into()),
    };
    let report = import::run(&options)?;
    Ok(match report.committed {
        Some(version) => Ok(version),
        None => Err(report
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join("; ")),
    })
}

/// Waits (a few seconds at most) until this server serves `version`, so that
/// the factory's public page shows the change once the answer arrives.
async fn served(console: &Console, version: &str) {
    let started = Instant::now();
    while console.catalog.current().version() != version
        && started.elapsed() < Duration::from_secs(5)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// For the audit log: which fields changed.
fn describe(edit: &ProfileEdit) -> String {
    let value = serde_json::to_value(edit).unwrap_or_default();
    let fields: Vec<&str> = value
        .as_object()
        .map_or(Vec::new(), |o| o.keys().map(String::as_str).collect());
    format!("changed {}", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> api::SupplierProfile {
        serde_json::from_value(serde_json::json!({
            "id": "yiwu-2", "name": "义乌万顺袜子实业有限公司", "belt": "yiwu-socks",
            "kinds": ["source-factory"], "years": 3,
            "facts": {"staff": {"value": 149, "source": "third_party_audit", "as_of": "2026-03-04"}}
        }))
        .unwrap()
    }

    #[test]
    fn a_factorys_word_is_marked_and_never_replaces_anothers() {
        let edit = ProfileEdit {
            workshop_m2: Some(5200),
            ..ProfileEdit::default()
        };
        let changed = apply(profile(), &edit, Role::Factory, "2026-12-07").unwrap();
        let fact = changed.facts.workshop_m2.unwrap();
        assert_eq!(
            (fact.value, fact.evidence.source.as_str()),
            (5200, "self_declared")
        );
        assert_eq!(fact.evidence.as_of, "2026-12-07");
        let audited = ProfileEdit {
            staff: Some(500),
            ..ProfileEdit::default()
        };
        assert!(apply(profile(), &audited, Role::Factory, "2026-12-07").is_err());
        let by_owner = apply(profile(), &audited, Role::Owner, "2026-12-07").unwrap();
        assert_eq!(
            by_owner.facts.staff.unwrap().evidence.source,
            "platform_record"
        );
        let certificates = ProfileEdit {
            certificates: Some(Vec::new()),
            ..ProfileEdit::default()
        };
        assert!(apply(profile(), &certificates, Role::Factory, "2026-12-07").is_err());
    }
}
