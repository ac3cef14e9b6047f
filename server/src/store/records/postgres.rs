//! [`Records`] on a PostgreSQL connection.

use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, Row};

use super::{Arg, Cell, Records, Sql};

fn params<'a>(args: &'a [Arg<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter()
        .map(|arg| -> &(dyn ToSql + Sync) {
            match arg {
                Arg::Text(text) => text,
                Arg::MaybeText(text) => text,
                Arg::Int(value) => value,
                Arg::MaybeInt(value) => value,
                Arg::Bool(value) => value,
            }
        })
        .collect()
}

fn cells(row: &Row) -> anyhow::Result<Vec<Cell>> {
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_();
            Ok(if *ty == Type::INT8 {
                row.get::<_, Option<i64>>(i).map_or(Cell::Null, Cell::Int)
            } else if *ty == Type::INT4 {
                row.get::<_, Option<i32>>(i)
                    .map_or(Cell::Null, |v| Cell::Int(v.into()))
            } else if *ty == Type::BOOL {
                row.get::<_, Option<bool>>(i)
                    .map_or(Cell::Null, |v| Cell::Int(v.into()))
            } else if *ty == Type::TEXT {
                row.get::<_, Option<String>>(i)
                    .map_or(Cell::Null, Cell::Text)
            } else {
                anyhow::bail!("unexpected column type {ty} in a record")
            })
        })
        .collect()
}

/// Either a connection or one of its transactions.
struct On<'a, C: GenericClient>(&'a mut C);

impl<C: GenericClient> Sql for On<'_, C> {
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        Ok(self.0.execute(sql, &params(args))?)
    }

    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Vec<Cell>>> {
        let rows = self.0.query(sql, &params(args))?;
        rows.iter().map(cells).collect()
    }
}

impl Sql for Client {
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64> {
        On(self).execute(sql, args)
    }

    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Vec<Cell>>> {
        On(self).rows(sql, args)
    }
}

impl Records for Client {
    fn transaction(
        &mut self,
        work: &mut dyn FnMut(&mut dyn Sql) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut tx = Client::transaction(self)?;
        work(&mut On(&mut tx))?;
        tx.commit()?;
        Ok(())
    }
}
