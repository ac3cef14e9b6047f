//! `GET /api/v1/console/export?format=csv|jsonl`: the catalog as the import
//! reads it, to edit and upload again: a factory's own products, or (an
//! owner's) all. CSV comes with a BOM, so that Excel reads its Chinese.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Console;
use crate::files::export::{self, What};
use crate::files::formats::Format;
use crate::http::error::ApiError;
use crate::routes::session::{invalid_body_at, session_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `csv` (the default) or `jsonl`.
    format: Option<String>,
}

pub async fn download(
    State(console): State<Console>,
    headers: HeaderMap,
    params: Result<Query<Params>, QueryRejection>,
) -> Result<Response, ApiError> {
    let session = session_of(&console.sessions, &headers).await?;
    let Query(params) =
        params.map_err(|e| invalid_body_at(StatusCode::BAD_REQUEST, &e.body_text()))?;
    let (format, content_type, extension) = match params.format.as_deref() {
        None | Some("csv") => (Format::Csv, "text/csv; charset=utf-8", "csv"),
        Some("jsonl") => (Format::Jsonl, "application/x-ndjson", "jsonl"),
        Some(_) => {
            return Err(invalid_body_at(
                StatusCode::BAD_REQUEST,
                "format is csv or jsonl",
            ));
        }
    };
    let only = session.account.supplier.clone();
    let name = format!(
        "beltmart-{}.{extension}",
        only.as_deref().unwrap_or("catalog")
    );
    let db = console.db.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        let mut out = match format {
            Format::Csv => "\u{feff}".as_bytes().to_vec(),
            Format::Jsonl => Vec::new(),
        };
        export::run_of(&db, What::Products, format, &mut out, only.as_deref())?;
        Ok::<_, anyhow::Error>(out)
    })
    .await
    .map_err(ApiError::unavailable)?
    .map_err(ApiError::unavailable)?;
    let mut response = Body::from(bytes).into_response();
    let set = response.headers_mut();
    set.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let disposition = format!("attachment; filename=\"{name}\"");
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        set.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
