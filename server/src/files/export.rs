//! `beltmart-server export`: the whole catalog in the import format, products
//! in id order, so that exporting, importing into an empty database and
//! exporting again gives the same bytes.

use std::io::Write;

use anyhow::Context;

use super::formats::{Format, csv, jsonl};
use crate::domain::product::Product;
use crate::store::{Order, Store, StoreAt};

/// Writes every product of the catalog at `db` to `out`; returns how many.
pub fn run(db: &StoreAt, format: Format, out: impl Write) -> anyhow::Result<u64> {
    // Export never creates a catalog.
    let mut store = db.open_existing()?;
    match format {
        Format::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            let count = write_each(&mut store, |p| {
                jsonl::write(&mut out, p).map_err(Into::into)
            })?;
            out.flush().context("cannot write the export")?;
            Ok(count)
        }
        Format::Csv => {
            let mut out = ::csv::Writer::from_writer(out);
            csv::write_header(&mut out)?;
            let count = write_each(&mut store, |p| csv::write(&mut out, p).map_err(Into::into))?;
            out.flush().context("cannot write the export")?;
            Ok(count)
        }
    }
}

/// Streams the products in id order through `write`, stopping at its first error.
fn write_each(
    store: &mut Box<dyn Store>,
    mut write: impl FnMut(&Product) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut count = 0;
    let mut failed: Option<anyhow::Error> = None;
    let mut each = |p: Product| {
        if failed.is_none() {
            count += 1;
            failed = write(&p).err();
        }
    };
    store.load(Order::ById, &mut each)?;
    match failed {
        Some(err) => Err(err.context("cannot write the export")),
        None => Ok(count),
    }
}
