//! Where the catalog is kept: `--db` names a SQLite file (the embedded
//! default) or a PostgreSQL database (`postgres://…`) that several servers share.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

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
            StoreAt::Postgres(url) => f.write_str(&super::postgres::redact(url)),
        }
    }
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
