//! One migration runner for both stores: each store's schema is a list of
//! SQL files (`server/migrations/` for SQLite, `server/migrations/postgres/`),
//! applied in order, each in the transaction that records it.

use anyhow::{Context, bail};

/// Where a store keeps how many migrations it has applied, and how it applies one.
pub trait Schema {
    /// How many migrations the store has applied.
    fn applied(&mut self) -> anyhow::Result<usize>;
    /// Runs migration `number` (1-based) and records that it ran, in one transaction.
    fn apply(&mut self, number: usize, sql: &str) -> anyhow::Result<()>;
}

/// Applies the migrations the store lacks. A store migrated by a newer server
/// is an error that says so, and nothing is changed.
pub fn migrate(schema: &mut dyn Schema, migrations: &[&str]) -> anyhow::Result<()> {
    let applied = schema.applied()?;
    if applied > migrations.len() {
        bail!(
            "its schema version {applied} is newer than this server's {}; run a newer beltmart-server",
            migrations.len()
        );
    }
    for (n, sql) in migrations.iter().enumerate().skip(applied) {
        schema
            .apply(n + 1, sql)
            .with_context(|| format!("schema migration {} failed", n + 1))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema in memory: the migrations it ran.
    #[derive(Default)]
    struct Ran(Vec<(usize, String)>);

    impl Schema for Ran {
        fn applied(&mut self) -> anyhow::Result<usize> {
            Ok(self.0.len())
        }

        fn apply(&mut self, number: usize, sql: &str) -> anyhow::Result<()> {
            self.0.push((number, sql.to_owned()));
            Ok(())
        }
    }

    #[test]
    fn runs_what_is_missing_in_order_and_refuses_a_newer_schema() {
        let mut schema = Ran::default();
        migrate(&mut schema, &["a"]).unwrap();
        migrate(&mut schema, &["a", "b", "c"]).unwrap();
        assert_eq!(
            schema.0,
            [(1, "a".into()), (2, "b".into()), (3, "c".into())]
        );
        let newer = migrate(&mut schema, &["a", "b"]).unwrap_err();
        assert!(newer.to_string().contains("newer than this server's 2"));
    }
}
