//! `beltmart-server export`: the whole catalog in the import format, products
//! in id order, so that exporting, importing into an empty database and
//! exporting again gives the same bytes.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::db;
use super::formats::{Format, csv, jsonl};
use super::product::Product;

/// Writes every product of the catalog at `db_path` to `out`; returns how many.
pub fn run(db_path: &Path, format: Format, out: impl Write) -> anyhow::Result<u64> {
    if !db_path.exists() {
        anyhow::bail!("there is no catalog at {}", db_path.display());
    }
    let conn = db::open_or_create(db_path, db::Seed::Empty)?;
    match format {
        Format::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            let count = write_each(&conn, |p| jsonl::write(&mut out, p).map_err(Into::into))?;
            out.flush().context("cannot write the export")?;
            Ok(count)
        }
        Format::Csv => {
            let mut out = ::csv::Writer::from_writer(out);
            csv::write_header(&mut out)?;
            let count = write_each(&conn, |p| csv::write(&mut out, p).map_err(Into::into))?;
            out.flush().context("cannot write the export")?;
            Ok(count)
        }
    }
}

/// Streams the products in id order through `write`, stopping at its first error.
fn write_each(
    conn: &rusqlite::Connection,
    mut write: impl FnMut(&Product) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut count = 0;
    let mut failed: Option<anyhow::Error> = None;
    db::load(conn, db::Order::ById, |p| {
        if failed.is_none() {
            count += 1;
            failed = write(&p).err();
        }
    })?;
    match failed {
        Some(err) => Err(err.context("cannot write the export")),
        None => Ok(count),
    }
}
