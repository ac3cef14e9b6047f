//! Every catalog test runs against both stores: SQLite (a file) and
//! PostgreSQL (a database in the test binary's shared throwaway cluster).
//! A test is written once, taking the [`Store`]; [`on_both_stores!`] makes
//! `name::sqlite` and `name::postgres` of it.

use std::path::PathBuf;

use super::postgres::{self, off_runtime};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// Whether the store can be tested here: PostgreSQL may be missing outside
/// CI (where `Cluster::start` insists on it), and then its tests say so.
pub fn available(store: Store) -> bool {
    store == Store::Sqlite || postgres::shared().is_some()
}

/// A fresh, empty catalog location in one store (what `--db` takes), and a
/// scratch folder for the test's files.
pub struct TestDb {
    pub store: Store,
    pub db: String,
    pub dir: PathBuf,
}

impl TestDb {
    pub fn new(store: Store) -> TestDb {
        let dir = super::temp_dir();
        let db = match store {
            Store::Sqlite => dir.join("catalog.sqlite").to_str().unwrap().to_owned(),
            Store::Postgres => postgres::shared()
                .expect("PostgreSQL is available")
                .new_database(),
        };
        TestDb { store, db, dir }
    }

    /// A `SELECT count(*)` in the store, read as any client of it would.
    pub fn count(&self, sql: &str) -> i64 {
        match self.store {
            Store::Sqlite => rusqlite::Connection::open(&self.db)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Store::Postgres => off_runtime(|| {
                ::postgres::Client::connect(&self.db, ::postgres::NoTls)
                    .unwrap()
                    .query_one(sql, &[])
                    .unwrap()
                    .get(0)
            }),
        }
    }

    /// Runs a statement as any client of the store could; how many rows it
    /// changed, or the store's refusal.
    pub fn execute(&self, sql: &str) -> Result<u64, String> {
        match self.store {
            Store::Sqlite => rusqlite::Connection::open(&self.db)
                .unwrap()
                .execute(sql, [])
                .map(|n| n as u64)
                .map_err(|e| e.to_string()),
            Store::Postgres => off_runtime(|| {
                ::postgres::Client::connect(&self.db, ::postgres::NoTls)
                    .unwrap()
                    .execute(sql, &[])
                    .map_err(|e| format!("{e:?}"))
            }),
        }
    }

    /// The version the store holds, read as any client of it would.
    pub fn stored_version(&self) -> String {
        const SQL: &str = "SELECT value FROM meta WHERE key = 'catalog_version'";
        match self.store {
            Store::Sqlite => rusqlite::Connection::open(&self.db)
                .unwrap()
                .query_row(SQL, [], |r| r.get(0))
                .unwrap(),
            Store::Postgres => off_runtime(|| {
                ::postgres::Client::connect(&self.db, ::postgres::NoTls)
                    .unwrap()
                    .query_one(SQL, &[])
                    .unwrap()
                    .get(0)
            }),
        }
    }
}

/// `on_both_stores!(a, b)` makes `#[test]`s `a::sqlite` and `a::postgres`
/// calling `a(Store::…)`; `on_both_stores!(async: a)` makes `#[tokio::test]`s,
/// and `on_both_stores!(async multi_thread: a)` multi-threaded ones.
macro_rules! on_both_stores {
    (@each [$test:meta] $($name:ident),* $(,)?) => {$(
        mod $name {
            use super::support::store::{Store, available};

            #[$test]
            async fn sqlite() {
                super::$name(Store::Sqlite).await
            }

            #[$test]
            async fn postgres() {
                if available(Store::Postgres) {
                    super::$name(Store::Postgres).await
                } else {
                    eprintln!("skipped: PostgreSQL is not installed (scripts/test.sh installs it)");
                }
            }
        }
    )*};
    (async multi_thread: $($name:ident),* $(,)?) => {
        on_both_stores!(@each [tokio::test(flavor = "multi_thread", worker_threads = 2)] $($name),*);
    };
    (async: $($name:ident),* $(,)?) => {
        on_both_stores!(@each [tokio::test] $($name),*);
    };
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use super::support::store::{Store, available};

            #[test]
            fn sqlite() {
                super::$name(Store::Sqlite)
            }

            #[test]
            fn postgres() {
                if available(Store::Postgres) {
                    super::$name(Store::Postgres)
                } else {
                    eprintln!("skipped: PostgreSQL is not installed (scripts/test.sh installs it)");
                }
            }
        }
    )*};
}
pub(crate) use on_both_stores;
