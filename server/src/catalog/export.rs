//! `beltmart-server export`: the whole catalog in the import format, products
//! in id order, so that exporting, importing into an empty database and
//! exporting again gives the same bytes.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::db;
use super::formats::{Format, csv, jsonl};

/// Writes every product of the catalog at `db_path` to `out`; returns how many.
pub fn run(db_path: &Path, format: Format, out: impl Write) -> anyhow::Result<u64> {
    if !db_path.exists() {
        anyhow::bail!("there is no catalog at {}", db_path.display());
    }
    let conn = db::open_or_create(db_path, db::Seed::Empty)?;
    let mut count = 0;
    let mut failed: Option<anyhow::Error> = None;
    match format {
        Format::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            db::load(&conn, db::Order::ById, |p| {
                if failed.is_none() {
                    count += 1;
                    failed = jsonl::write(&mut out, &p).err().map(Into::into);
                }
            })?;
            out.flush().context("cannot write the export")?;
        }
        Format::Csv => {
            let mut out = ::csv::Writer::from_writer(out);
            csv::write_header(&mut out)?;
            db::load(&conn, db::Order::ById, |p| {
                if failed.is_none() {
                    count += 1;
                    failed = csv::write(&mut out, &p).err().map(Into::into);
                }
            })?;
            out.flush().context("cannot write the export")?;
        }
    }
    match failed {
        Some(err) => Err(err.context("cannot write the export")),
        None => Ok(count),
    }
}
