//! `POST /api/v1/console/imports`: a catalog file uploaded from the browser,
//! checked and (unless a dry run) committed by the very import the command
//! line runs. The body is streamed to a private folder, up to the upload
//! limit; a factory's upload changes only its own products. A zip brings the
//! products file with the pictures its rows name (files/unzip.rs).

use std::path::{Path, PathBuf};

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use beltmart_contract::{ErrorCode, ImportProblem, ImportReport};
use http_body_util::BodyExt;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use super::Console;
use super::scratch::Scratch;
use crate::accounts::audit::Action;
use crate::files::formats::{Encoding, Format};
use crate::files::import::{self, Mode, Unreadable};
use crate::files::messages::{self, Language};
use crate::files::unzip::{self, ZipLimits};
use crate::http::error::ApiError;
use crate::pictures::Limits;
use crate::routes::session::{invalid_body_at, session_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `upsert` (the default) adds and changes; `replace` also removes what the file lacks.
    mode: Option<String>,
    /// `true` (the default) checks and reports, changing nothing.
    dry_run: Option<bool>,
}

pub async fn upload(
    State(console): State<Console>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    let session = session_of(&console.sessions, &headers).await?;
    let Query(params) =
        params.map_err(|e| invalid_body_at(StatusCode::BAD_REQUEST, &e.body_text()))?;
    let mode = match params.mode.as_deref() {
        None | Some("upsert") => Mode::Upsert,
        Some("replace") => Mode::Replace,
        Some(_) => {
            return Err(invalid_body_at(
                StatusCode::BAD_REQUEST,
                "mode is upsert or replace",
            ));
        }
    };
    let kind = kind_of(&headers)?;
    let upload = Upload::receive(body, console.upload_bytes, kind).await?;
    let dry_run = params.dry_run.unwrap_or(true);
    let db = console.db.clone();
    let scope = session.account.supplier.clone();
    let limits = ZipLimits {
        entries: ZIP_ENTRIES,
        total_bytes: console.upload_bytes.saturating_mul(ZIP_EXPANSION),
        picture_bytes: Limits::default().max_bytes as u64,
    };
    let report = tokio::task::spawn_blocking(move || {
        let (file, format, label) = upload.catalog(&limits)?;
        let options = import::Options {
            db,
            mode,
            dry_run,
            format: Some(format),
            encoding: Encoding::Auto,
            taxonomy: None,
            suppliers: None,
            // Pictures come only with the upload; never from the server's files or the network.
            images: file.parent().map(Path::to_owned),
            file: Some(file),
            fetch_images: false,
            scope,
            label: Some(label),
        };
        let report = import::run(&options);
        drop(upload);
        report
    })
    .await
    .map_err(ApiError::unavailable)?;
    let report = match report {
        Ok(report) => ImportReport::from(&report),
        Err(err) => match err.downcast_ref::<Unreadable>() {
            Some(why) => unreadable(&why.0),
            None => return Err(ApiError::unavailable(format!("{err:#}"))),
        },
    };
    let report = in_language(report, language_of(&headers));
    let account = session.account;
    let action = match report.committed {
        Some(_) => Action::CatalogImported,
        None => Action::CatalogChecked,
    };
    let detail = format!(
        "{} row(s), {} bad; added {}, updated {}, removed {}",
        report.rows, report.bad_rows, report.added, report.updated, report.removed
    );
    let subject = account.supplier.clone().unwrap_or_else(|| "catalog".into());
    console.log(account.email, action, subject, detail).await?;
    Ok(Json(report))
}

/// The person's language: the first `Accept-Language` names (the console sends its own).
fn language_of(headers: &HeaderMap) -> Language {
    let header = headers.get(header::ACCEPT_LANGUAGE);
    Language::from_accept_language(header.and_then(|v| v.to_str().ok()).unwrap_or_default())
}

/// The report's places and messages in `language`.
fn in_language(mut report: ImportReport, language: Language) -> ImportReport {
    for problem in &mut report.problems {
        problem.place = messages::translate(&problem.place, language);
        problem.message = messages::translate(&problem.message, language);
    }
    report
}

/// The report of a file that is not a catalog at all.
fn unreadable(why: &str) -> ImportReport {
    ImportReport {
        problems: vec![ImportProblem {
            place: "line 1".into(),
            field: "(file)".into(),
            message: why.to_owned(),
        }],
        dry_run: true,
        ..ImportReport::default()
    }
}

/// A zip may unpack to this many times the upload limit (a CSV deflates ten-fold).
const ZIP_EXPANSION: u64 = 4;
const ZIP_ENTRIES: usize = 20_000;

/// What was uploaded, by its `Content-Type`.
#[derive(Clone, Copy)]
enum Kind {
    Catalog(Format),
    /// A products file and its pictures.
    Zip,
}

fn kind_of(headers: &HeaderMap) -> Result<Kind, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    match essence.to_ascii_lowercase().as_str() {
        "text/csv" => Ok(Kind::Catalog(Format::Csv)),
        "application/x-ndjson" | "application/jsonl" => Ok(Kind::Catalog(Format::Jsonl)),
        // Windows' browsers call a .zip file the latter.
        "application/zip" | "application/x-zip-compressed" => Ok(Kind::Zip),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidBody,
            "upload a catalog as text/csv (UTF-8 or GBK), application/x-ndjson (JSON Lines), \
             or application/zip (the file with its pictures)",
        )),
    }
}

/// One upload, in a scratch folder of its own.
struct Upload {
    scratch: Scratch,
    kind: Kind,
}

impl Upload {
    async fn receive(body: Body, limit: u64, kind: Kind) -> Result<Upload, ApiError> {
        let scratch = Scratch::new().map_err(ApiError::unavailable)?;
        let upload = Upload { scratch, kind };
        let mut file = tokio::fs::File::create(upload.received())
            .await
            .map_err(ApiError::unavailable)?;
        let mut body = body;
        let mut written = 0u64;
        while let Some(frame) = body.frame().await {
            let frame =
                frame.map_err(|e| invalid_body_at(StatusCode::BAD_REQUEST, &e.to_string()))?;
            let Ok(data) = frame.into_data() else {
                continue;
            };
            written += data.len() as u64;
            if written > limit {
                return Err(upload_too_large(limit));
            }
            file.write_all(&data).await.map_err(ApiError::unavailable)?;
        }
        file.flush().await.map_err(ApiError::unavailable)?;
        Ok(upload)
    }

    /// The file as received.
    fn received(&self) -> PathBuf {
        let name = match self.kind {
            Kind::Catalog(Format::Csv) => "upload.csv",
            Kind::Catalog(Format::Jsonl) => "upload.jsonl",
            Kind::Zip => "upload.zip",
        };
        self.scratch.path().join(name)
    }

    /// The products file, its format, and what the report calls it; a zip is
    /// unpacked first (blocking).
    fn catalog(&self, limits: &ZipLimits) -> anyhow::Result<(PathBuf, Format, String)> {
        match self.kind {
            Kind::Catalog(format) => Ok((self.received(), format, "upload".into())),
            Kind::Zip => {
                let into = self.scratch.path().join("unpacked");
                std::fs::create_dir(&into)?;
                let unpacked = unzip::unpack(&self.received(), &into, limits)?;
                Ok((unpacked.file, unpacked.format, unpacked.name))
            }
        }
    }
}

pub fn upload_too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        format!(
            "an upload may have at most {} MB; split the file and upload the parts with mode=upsert",
            limit >> 20
        ),
    )
}
