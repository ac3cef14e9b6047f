//! [`Records`] on a SQLite connection.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, ToSql, TransactionBehavior};

use super::{Arg, Cell, Records, Sql};

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Arg::Text(text) | Arg::MaybeText(Some(text)) => ToSqlOutput::Borrowed(text.into()),
            Arg::MaybeText(None) => ToSqlOutput::Owned(Value::Null),
            Arg::Int(value) | Arg::MaybeInt(Some(value)) => {
                ToSqlOutput::Owned(Value::Integer(value))
            }
            Arg::MaybeInt(None) => ToSqlOutput::Owned(Value::Null),
            Arg::Bool(value) => ToSqlOutput::Owned(Value::Integer(value.into())),
        })
    }
}

fn cell(value: ValueRef<'_>) -> anyhow::Result<Cell> {
    Ok(match value {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(value) => Cell::Int(value),
        ValueRef::Text(text) => Cell::Text(std::str::from_utf8(text)?.to_owned()),
        other => anyhow::bail!("unexpected {:?} in a record", other.data_type()),
    })
}

impl Sql for Connection {
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        Within(self).execute(sql, args)
    }

    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Vec<Cell>>> {
        Within(self).rows(sql, args)
    }
}

impl Records for Connection {
    fn transaction(
        &mut self,
        work: &mut dyn FnMut(&mut dyn Sql) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        // Takes the write lock at once: a reader upgraded later could deadlock with another.
        let tx = self.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut inside = Within(&tx);
        work(&mut inside)?;
        tx.commit()?;
        Ok(())
    }
}

/// The statements of one transaction, on the connection that holds it.
struct Within<'a>(&'a Connection);

impl Sql for Within<'_> {
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        let changed = self
            .0
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args))?;
        Ok(changed as u64)
    }

    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Vec<Cell>>> {
        let mut statement = self.0.prepare_cached(sql)?;
        let columns = statement.column_count();
        let mut rows = statement.query(rusqlite::params_from_iter(args))?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            read.push(
                (0..columns)
                    .map(|i| cell(row.get_ref(i)?))
                    .collect::<anyhow::Result<_>>()?,
            );
        }
        Ok(read)
    }
}
