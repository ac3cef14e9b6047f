//! Records that are not the catalog (accounts, sessions, the audit log): a few
//! rows at a time, written by the running server, in the SQL both stores
//! share (`$N` placeholders numbered in order of first appearance,
//! `ON CONFLICT`, `RETURNING`). Each store binds and reads the few value
//! types these tables use; what the statements mean is written once, beside
//! the code that runs them.

/// A statement's parameter.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Text(&'a str),
    MaybeText(Option<&'a str>),
    Int(i64),
    MaybeInt(Option<i64>),
    Bool(bool),
}

/// A column's value in a row read: booleans read as 0 or 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
}

impl Cell {
    pub fn int(&self) -> anyhow::Result<i64> {
        match self {
            Cell::Int(value) => Ok(*value),
            other => anyhow::bail!("expected an integer, found {other:?}"),
        }
    }

    pub fn text(self) -> anyhow::Result<String> {
        match self {
            Cell::Text(value) => Ok(value),
            other => anyhow::bail!("expected text, found {other:?}"),
        }
    }

    pub fn maybe_int(&self) -> anyhow::Result<Option<i64>> {
        match self {
            Cell::Null => Ok(None),
            other => other.int().map(Some),
        }
    }

    pub fn maybe_text(self) -> anyhow::Result<Option<String>> {
        match self {
            Cell::Null => Ok(None),
            other => other.text().map(Some),
        }
    }

    pub fn flag(&self) -> anyhow::Result<bool> {
        Ok(self.int()? != 0)
    }
}

/// A row's cells, taken in column order; one missing is an error, not a default.
pub struct Cells(std::vec::IntoIter<Cell>);

impl Cells {
    pub fn of(row: Vec<Cell>) -> Cells {
        Cells(row.into_iter())
    }

    pub fn take(&mut self) -> anyhow::Result<Cell> {
        self.0
            .next()
            .ok_or_else(|| anyhow::anyhow!("a column short"))
    }
}

/// Statements run on one connection or inside one transaction.
pub trait Sql {
    /// How many rows the statement changed.
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64>;
    /// Every row the statement returns.
    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Vec<Cell>>>;
}

/// A connection for such records.
pub trait Records: Sql + Send {
    /// Runs `work` in one transaction: all of it commits, or none of it when it fails.
    fn transaction(
        &mut self,
        work: &mut dyn FnMut(&mut dyn Sql) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
}

mod pool;
mod postgres;
mod sqlite;

pub use pool::RecordsPool;
