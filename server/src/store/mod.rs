//! The store of record, behind one seam: `--db` names a SQLite file (the
//! embedded default) or a PostgreSQL database (`postgres://…`) that several
//! servers share. Both keep the same tables (`migrations/`), load one
//! consistent version, and stage imports in one transaction ([`Staging`]); what
//! an import means is written once, in `import_sql.rs`, for both.

pub mod accounts_sql;
pub mod import_sql;
pub mod inquiries_sql;
mod migrations;
pub mod outbox_sql;
pub mod postgres;
pub mod records;
pub mod sqlite;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use beltmart_contract as api;

use crate::domain::product::Product;
use crate::pictures;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreAt {
    Sqlite(PathBuf),
    /// A libpq-style URL: `postgres://user:password@host:port/database`.
    Postgres(String),
}

impl FromStr for StoreAt {
    type Err = String;

    fn from_str(text: &str) -> Result<StoreAt, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(StoreAt::Postgres(text.to_owned()));
        }
        if text.contains("://") {
            return Err(format!(
                "{text}: --db takes a SQLite file path or a postgres:// URL"
            ));
        }
        Ok(StoreAt::Sqlite(PathBuf::from(text)))
    }
}

/// For messages and logs: a PostgreSQL URL without its password.
impl fmt::Display for StoreAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreAt::Sqlite(path) => write!(f, "{}", path.display()),
            StoreAt::Postgres(url) => f.write_str(&postgres::redact(url)),
        }
    }
}

/// What a new store starts with.
pub enum Seed {
    /// The generated sample catalog: seed and number of products.
    Sample { seed: u64, products: u32 },
    /// The built-in taxonomy and no products, for a site owner's first import.
    Empty,
}

/// In which order a store's `load` gives the products.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Natural id order (p1, p2, … p10): what export writes.
    ById,
    /// As stored, which saves sorting a million rows when the index sorts them anyway.
    AsStored,
}

/// One catalog version's taxonomy (with the version) and suppliers; the
/// products go one by one to a callback.
pub struct Loaded {
    pub taxonomy: api::Taxonomy,
    /// In id order; `city` filled from the belt.
    pub suppliers: Vec<api::SupplierProfile>,
    /// The stored pictures, in no order.
    pub pictures: Vec<pictures::About>,
}

/// A connection to the store of record: what a running server follows and
/// what `export` reads.
pub trait Store: Send {
    /// The catalog version the store holds now.
    fn catalog_version(&mut self) -> anyhow::Result<String>;
    /// Everything at one version, in one read transaction, so that an import
    /// that commits meanwhile is either wholly in it or not at all: the
    /// taxonomy (with the version) and suppliers, each product given to
    /// `each` with its supplier's name, first kind and years.
    fn load(&mut self, order: Order, each: &mut dyn FnMut(Product)) -> anyhow::Result<Loaded>;
    /// Waits up to `wait` for an import to commit: PostgreSQL announces
    /// commits; a SQLite file is opened again after the wait, so that one
    /// that vanished or was replaced is noticed.
    fn wait_for_commit(&mut self, wait: Duration) -> anyhow::Result<()>;
}

/// A connection that reads stored pictures, for serving them.
pub trait Shelf: Send {
    /// One picture's variant ([`import_sql::PICTURE_VARIANT`]): `None` when
    /// the store has no such picture, width or encoding.
    fn variant(
        &mut self,
        name: &str,
        width: u32,
        encoding: pictures::Encoding,
    ) -> anyhow::Result<Option<Vec<u8>>>;
}

impl StoreAt {
    /// Opens the store, creating a catalog from `seed` when it has none.
    pub fn open(&self, seed: Seed) -> anyhow::Result<Box<dyn Store>> {
        Ok(match self {
            StoreAt::Sqlite(path) => Box::new(sqlite::SqliteStore::open(path, seed)?),
            StoreAt::Postgres(url) => Box::new(postgres::PostgresStore::open(url, seed)?),
        })
    }

    /// Opens a store that holds a catalog; never creates one.
    pub fn open_existing(&self) -> anyhow::Result<Box<dyn Store>> {
        Ok(match self {
            StoreAt::Sqlite(path) => Box::new(sqlite::SqliteStore::open_existing(path)?),
            StoreAt::Postgres(url) => Box::new(postgres::PostgresStore::open_existing(url)?),
        })
    }

    /// Opens a connection that reads stored pictures (the catalog must exist).
    pub fn open_shelf(&self) -> anyhow::Result<Box<dyn Shelf>> {
        Ok(match self {
            StoreAt::Sqlite(path) => Box::new(sqlite::open_existing(path)?),
            StoreAt::Postgres(url) => Box::new(postgres::connect(url)?),
        })
    }

    /// Opens a connection for accounts, sessions and the audit log (the catalog must exist).
    pub fn open_records(&self) -> anyhow::Result<Box<dyn records::Records>> {
        Ok(match self {
            StoreAt::Sqlite(path) => Box::new(sqlite::open_existing(path)?),
            StoreAt::Postgres(url) => Box::new(postgres::connect(url)?),
        })
    }

    /// Starts an import in the store at `db` (a new SQLite file gets the built-in
    /// taxonomy and no products, as does a PostgreSQL database with no catalog).
    pub fn begin_import(&self) -> anyhow::Result<Box<dyn Staging>> {
        let mut staging: Box<dyn Staging> = match self {
            StoreAt::Sqlite(path) => Box::new(sqlite::Import::begin(sqlite::open_or_create(
                path,
                Seed::Empty,
            )?)?),
            StoreAt::Postgres(url) => Box::new(postgres::Import::begin(postgres::open_or_create(
                url,
                Seed::Empty,
            )?)?),
        };
        staging.execute(import_sql::CREATE_STAGED, &[])?;
        staging.execute(import_sql::CREATE_STAGED_SUPPLIERS, &[])?;
        staging.execute(import_sql::CREATE_STAGED_PICTURES, &[])?;
        Ok(staging)
    }
}

/// One import in progress, in one transaction of the store of record. Nothing
/// is visible to anyone until [`Staging::commit`]; dropping it (or the process
/// dying) leaves the catalog as it was. Each store does the few things the two
/// dialects disagree on; what an import means is the SQL in `import_sql.rs`,
/// run by the functions below for both.
pub trait Staging {
    fn taxonomy(&mut self) -> anyhow::Result<api::Taxonomy>;
    /// Replaces the taxonomy, keeping the catalog version.
    fn replace_taxonomy(&mut self, taxonomy: &api::Taxonomy) -> anyhow::Result<()>;
    /// Runs [`import_sql::STAGE_PRODUCT`]; false when the id was already staged.
    fn stage(
        &mut self,
        line: u64,
        product: &Product,
        sales_30d: Option<u32>,
        listed_day: Option<u32>,
    ) -> anyhow::Result<bool>;
    /// Runs [`import_sql::STAGE_SUPPLIER`]; false when the id was already staged.
    fn stage_supplier(
        &mut self,
        line: u64,
        supplier: &api::SupplierProfile,
        derived: bool,
    ) -> anyhow::Result<bool>;
    /// Runs [`import_sql::STAGE_SUPPLIER_REMOVAL`]; false when the id was already staged.
    fn stage_supplier_removal(&mut self, line: u64, id: &str) -> anyhow::Result<bool>;
    /// Stores a picture and its variants ([`import_sql::INSERT_PICTURE`],
    /// [`import_sql::INSERT_PICTURE_VARIANT`]); nothing when it is stored already.
    fn store_picture(&mut self, picture: &pictures::Stored) -> anyhow::Result<()>;
    /// Runs [`import_sql::STAGE_REMOVAL`]; false when the id was already staged.
    fn stage_removal(&mut self, line: u64, id: &str) -> anyhow::Result<bool>;
    /// The line that staged `id`: with `sql`, [`import_sql::STAGED_LINE`] or
    /// [`import_sql::STAGED_SUPPLIER_LINE`].
    fn staged_line(&mut self, sql: &str, id: &str) -> anyhow::Result<u64>;
    /// Runs a statement with text parameters; how many rows it changed.
    fn execute(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<u64>;
    /// A `SELECT count(*)`.
    fn count(&mut self, sql: &str) -> anyhow::Result<u64>;
    /// A query of one text column, with text parameters: the first row's, if any.
    fn text(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<Option<String>>;
    /// A query of two text columns, with text parameters.
    fn pairs(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<Vec<(String, String)>>;
    /// Commits the import, which made `version` the catalog's.
    fn commit(self: Box<Self>, version: &str) -> anyhow::Result<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_sqlite_and_a_postgres_url_is_postgres() {
        assert_eq!(
            "data/c.sqlite".parse(),
            Ok(StoreAt::Sqlite("data/c.sqlite".into()))
        );
        let url = "postgres://shop:secret@db.internal:5432/beltmart";
        assert_eq!(url.parse(), Ok(StoreAt::Postgres(url.into())));
        assert!("mysql://db/beltmart".parse::<StoreAt>().is_err());
        let shown = StoreAt::Postgres(url.into()).to_string();
        assert_eq!(shown, "postgres://shop:***@db.internal:5432/beltmart");
    }
}
