//! `beltmart-server export`: the whole catalog in the import format, products
//! in id order, so that exporting, importing into an empty database and
//! exporting again gives the same bytes.

use std::io::Write;

use anyhow::Context;

use super::formats::{Format, csv, jsonl};
use crate::domain::product::Product;
use crate::store::{Order, Seed, StoreAt, postgres, sqlite};

/// Writes every product of the catalog at `db` to `out`; returns how many.
pub fn run(db: &StoreAt, format: Format, out: impl Write) -> anyhow::Result<u64> {
    let mut store = Store::open(db)?;
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

/// An open catalog to read from: export never creates one.
enum Store {
    Sqlite(rusqlite::Connection),
    Postgres(::postgres::Client),
}

impl Store {
    fn open(db: &StoreAt) -> anyhow::Result<Store> {
        Ok(match db {
            StoreAt::Sqlite(path) if !path.exists() => {
                anyhow::bail!("there is no catalog at {}", path.display())
            }
            StoreAt::Sqlite(path) => Store::Sqlite(sqlite::open_or_create(path, Seed::Empty)?),
            StoreAt::Postgres(url) => Store::Postgres(postgres::open_existing(url)?),
        })
    }
}

/// Streams the products in id order through `write`, stopping at its first error.
fn write_each(
    store: &mut Store,
    mut write: impl FnMut(&Product) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut count = 0;
    let mut failed: Option<anyhow::Error> = None;
    let each = |p: Product| {
        if failed.is_none() {
            count += 1;
            failed = write(&p).err();
        }
    };
    match store {
        Store::Sqlite(conn) => {
            sqlite::load(conn, Order::ById, each)?;
        }
        Store::Postgres(client) => {
            postgres::load(client, Order::ById, each)?;
        }
    }
    match failed {
        Some(err) => Err(err.context("cannot write the export")),
        None => Ok(count),
    }
}
