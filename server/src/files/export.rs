//! `beltmart-server export`: the whole catalog in the import format, products
//! (or suppliers) in id order, so that exporting, importing into an empty
//! database and exporting again gives the same bytes.

use std::io::Write;

use anyhow::Context;
use beltmart_contract as api;

use super::formats::{Format, csv, jsonl};
use super::suppliers;
use crate::domain::product::Product;
use crate::store::{Order, Store, StoreAt};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Products,
    Suppliers,
}

/// Writes every product (or supplier) of the catalog at `db` to `out`; returns how many.
pub fn run(db: &StoreAt, what: What, format: Format, out: impl Write) -> anyhow::Result<u64> {
    run_of(db, what, format, out, None)
}

/// [`run`], with `only` a supplier's products (a factory's download of its own).
pub fn run_of(
    db: &StoreAt,
    what: What,
    format: Format,
    out: impl Write,
    only: Option<&str>,
) -> anyhow::Result<u64> {
    // Export never creates a catalog.
    let mut store = db.open_existing()?;
    if what == What::Suppliers {
        return write_suppliers(&mut store, format, out);
    }
    match format {
        Format::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            let count = write_each(&mut store, only, |p| {
                jsonl::write(&mut out, p).map_err(Into::into)
            })?;
            out.flush().context("cannot write the export")?;
            Ok(count)
        }
        Format::Csv => {
            let mut out = ::csv::Writer::from_writer(out);
            csv::write_header(&mut out)?;
            let count = write_each(&mut store, only, |p| {
                csv::write(&mut out, p).map_err(Into::into)
            })?;
            out.flush().context("cannot write the export")?;
            Ok(count)
        }
    }
}

fn write_suppliers(
    store: &mut Box<dyn Store>,
    format: Format,
    out: impl Write,
) -> anyhow::Result<u64> {
    let listed: Vec<api::SupplierProfile> = store.load(Order::ById, &mut |_| {})?.suppliers;
    match format {
        Format::Jsonl => {
            let mut out = std::io::BufWriter::new(out);
            for s in &listed {
                suppliers::write_jsonl(&mut out, s).context("cannot write the export")?;
            }
            out.flush().context("cannot write the export")?;
        }
        Format::Csv => {
            let mut out = ::csv::Writer::from_writer(out);
            suppliers::csv::write_header(&mut out)?;
            for s in &listed {
                suppliers::csv::write(&mut out, s)?;
            }
            out.flush().context("cannot write the export")?;
        }
    }
    Ok(listed.len() as u64)
}

/// Streams the products (of supplier `only`, if given) in id order through
/// `write`, stopping at its first error.
fn write_each(
    store: &mut Box<dyn Store>,
    only: Option<&str>,
    mut write: impl FnMut(&Product) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut count = 0;
    let mut failed: Option<anyhow::Error> = None;
    let mut each = |p: Product| {
        let wanted = only.is_none_or(|id| p.supplier.id == id);
        if failed.is_none() && wanted {
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
