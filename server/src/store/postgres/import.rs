//! An import on PostgreSQL: one transaction that holds the import lock, with
//! the staged rows in a temporary table ([`Staging`] says the rest).

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use beltmart_contract as api;
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Statement};

use super::{CHANNEL, Param, product_row, supplier_row};
use crate::domain::product::Product;
use crate::pictures;
use crate::store::Staging;
use crate::store::import_sql as sql;

/// Held for the whole import, so that two imports never mix ("Imp").
const IMPORT_LOCK: i64 = 0x0049_6d70;

/// How long a second import waits for the first before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(5);

pub struct Import {
    client: Client,
    /// Statements run once per row, prepared once.
    prepared: HashMap<String, Statement>,
    open: bool,
}

impl Import {
    pub fn begin(mut client: Client) -> anyhow::Result<Import> {
        client.batch_execute(&format!(
            "BEGIN; SET LOCAL lock_timeout = '{}ms'",
            LOCK_WAIT.as_millis()
        ))?;
        let mut import = Import {
            client,
            prepared: HashMap::new(),
            open: true,
        };
        match import
            .client
            .execute("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])
        {
            Err(err) if err.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => anyhow::bail!(
                "another import is still running on this catalog; try again when it has finished"
            ),
            other => other?,
        };
        Ok(import)
    }

    fn prepared(&mut self, sql: &str) -> anyhow::Result<Statement> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.prepared.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    fn run(&mut self, sql: &str, args: &[&(dyn ToSql + Sync)]) -> anyhow::Result<u64> {
        let statement = self.prepared(sql)?;
        Ok(self.client.execute(&statement, args)?)
    }
}

fn texts<'a>(args: &'a [&'a str]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl Staging for Import {
    fn taxonomy(&mut self) -> anyhow::Result<api::Taxonomy> {
        let text = self
            .text(sql::META, &["taxonomy"])?
            .context("the catalog has no taxonomy")?;
        serde_json::from_str(&text).context("the stored taxonomy is not valid JSON")
    }

    fn replace_taxonomy(&mut self, taxonomy: &api::Taxonomy) -> anyhow::Result<()> {
        // The version is the catalog's (meta's catalog_version), not the file's.
        let document = api::Taxonomy {
            catalog_version: String::new(),
            ..taxonomy.clone()
        };
        self.execute(
            sql::SET_META,
            &["taxonomy", &serde_json::to_string(&document)?],
        )?;
        Ok(())
    }

    fn stage(
        &mut self,
        line: u64,
        product: &Product,
        sales_30d: Option<u32>,
        listed_day: Option<u32>,
    ) -> anyhow::Result<bool> {
        let line: Param = Box::new(i64::try_from(line)?);
        let row = product_row(product, sales_30d, listed_day);
        let args: Vec<&(dyn ToSql + Sync)> = std::iter::once(&line)
            .chain(&row)
            .map(|v| v.as_ref())
            .collect();
        Ok(self.run(sql::STAGE_PRODUCT, &args)? == 1)
    }

    fn stage_supplier(
        &mut self,
        line: u64,
        supplier: &api::SupplierProfile,
        derived: bool,
    ) -> anyhow::Result<bool> {
        let line: Param = Box::new(i64::try_from(line)?);
        let row = supplier_row(supplier, derived);
        let args: Vec<&(dyn ToSql + Sync)> = std::iter::once(&line)
            .chain(&row)
            .map(|v| v.as_ref())
            .collect();
        Ok(self.run(sql::STAGE_SUPPLIER, &args)? == 1)
    }

    fn store_picture(&mut self, picture: &pictures::Stored) -> anyhow::Result<()> {
        let about = &picture.about;
        let (width, height) = (i32::try_from(about.width)?, i32::try_from(about.height)?);
        self.run(
            sql::INSERT_PICTURE,
            &[&about.name, &width, &height, &about.color],
        )?;
        for v in &picture.variants {
            let width = i32::try_from(v.width)?;
            self.run(
                sql::INSERT_PICTURE_VARIANT,
                &[&about.name, &width, &v.encoding.extension(), &v.bytes],
            )?;
        }
        Ok(())
    }

    fn stage_supplier_removal(&mut self, line: u64, id: &str) -> anyhow::Result<bool> {
        let line = i64::try_from(line)?;
        Ok(self.run(sql::STAGE_SUPPLIER_REMOVAL, &[&line, &id])? == 1)
    }

    fn stage_removal(&mut self, line: u64, id: &str) -> anyhow::Result<bool> {
        let line = i64::try_from(line)?;
        Ok(self.run(sql::STAGE_REMOVAL, &[&line, &id])? == 1)
    }

    fn staged_line(&mut self, sql: &str, id: &str) -> anyhow::Result<u64> {
        let line: i64 = self.client.query_one(sql, &[&id])?.get(0);
        Ok(u64::try_from(line)?)
    }

    fn execute(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<u64> {
        self.run(sql, &texts(args))
    }

    fn count(&mut self, sql: &str) -> anyhow::Result<u64> {
        let count: i64 = self.client.query_one(sql, &[])?.get(0);
        Ok(u64::try_from(count)?)
    }

    fn text(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<Option<String>> {
        let row = self.client.query_opt(sql, &texts(args))?;
        Ok(row.map(|r| r.get(0)))
    }

    fn pairs(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<Vec<(String, String)>> {
        let rows = self.client.query(sql, &texts(args))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Announces the version with the commit: NOTIFY is delivered only if it commits.
    fn commit(mut self: Box<Self>, version: &str) -> anyhow::Result<()> {
        self.client
            .execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &version])?;
        self.client.batch_execute("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Import {
    fn drop(&mut self) {
        if self.open {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}
