//! The catalog's file formats, both directions: JSON Lines (one product per
//! line, the object `GET /api/v1/products/{id}` returns) and CSV (the same
//! fields flattened, UTF-8 or GBK). Readers turn each row into a
//! `Draft` (`validate.rs`) for the validator; writers are `export`.

pub mod csv;
pub mod jsonl;

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::validate::{Draft, FieldError};

/// Larger than any real catalog (a million products is about 500 MB): a file
/// past this is refused instead of filling the disk and memory.
pub const MAX_FILE_BYTES: u64 = 4 << 30;
/// Longer than any real product row (a few hundred bytes): such a line is
/// reported and skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 64 << 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

impl Format {
    /// From a file name's extension: `.jsonl`/`.ndjson`/`.json` or `.csv`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// How the format names a field in a report (CSV flattens `supplier.kind`).
    pub fn field_name(self, field: &str) -> String {
        match self {
            Format::Jsonl => field.to_owned(),
            Format::Csv => field.replace('.', "_"),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (with or without a BOM), else GBK/GB18030 as Excel saves it in China.
    #[default]
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK or GB18030 (a superset of GBK).
    #[value(name = "gbk", alias = "gb18030")]
    Gbk,
}

/// One row of a file: where it starts, and what it said or why it is unreadable.
pub struct Row {
    pub line: u64,
    pub draft: Result<Draft, Vec<FieldError>>,
}

/// Reads the rows of `input` in `format`; an `Err` item is the end of reading
/// (the file is unusable as a whole: too large, unreadable, a bad CSV header).
pub fn rows(
    input: impl Read + 'static,
    format: Format,
    encoding: Encoding,
) -> anyhow::Result<Box<dyn Iterator<Item = anyhow::Result<Row>>>> {
    Ok(match format {
        Format::Jsonl => Box::new(jsonl::rows(input)),
        Format::Csv => Box::new(csv::rows(input, encoding)?),
    })
}

/// Counts the bytes read, for the progress bar, and refuses a file past `MAX_FILE_BYTES`.
pub struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub fn new(inner: R) -> (Counted<R>, Arc<AtomicU64>) {
        let read = Arc::new(AtomicU64::new(0));
        (
            Counted {
                inner,
                read: read.clone(),
            },
            read,
        )
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.read.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if total > MAX_FILE_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "the file is over {} GB, larger than any catalog this server takes; split it and import the parts with --mode upsert",
                    MAX_FILE_BYTES >> 30
                ),
            ));
        }
        Ok(n)
    }
}

/// A non-negative whole number that fits in u32, from JSON or CSV text.
pub(crate) fn whole_number(field: &'static str, text: &str) -> Result<u32, FieldError> {
    let text = text.trim();
    if !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = text.parse::<u32>()
    {
        return Ok(n);
    }
    Err(FieldError::new(
        field,
        format!("{text:?} is not a whole number (digits only, no sign or decimals)"),
    ))
}
