//! All SQL for PostgreSQL, the store several servers share: its migrations,
//! creating and seeding a catalog, and loading one consistent version. The
//! catalog semantics are SQLite's (`db.rs`): the same products, tiers and
//! images as text, the same `catalog_version`, the same import SQL
//! (`import_sql.rs`); the taxonomy is kept whole as the JSON document the API
//! serves. A commit is announced on [`CHANNEL`], which every server LISTENs to.

use std::time::Duration;

use anyhow::{Context, bail};
use beltmart_contract as api;
use fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};

use super::import_sql as sql;
use super::migrations::{Schema, migrate};
use super::{Loaded, Order, Seed, Shelf, Store};
use crate::domain::product::{Product, stored};
use crate::domain::supplier;
use crate::domain::taxonomy::builtin_taxonomy;
use crate::pictures;
use crate::progress::Progress;
use crate::sample::Generator;

mod import;
pub use import::Import;

/// Where an import's commit is announced (the payload is the new version).
pub const CHANNEL: &str = "beltmart_catalog";

/// Schema migrations, one file each; `meta.schema_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_catalog.sql"),
    include_str!("../../../migrations/postgres/0002_ids_sort_as_bytes.sql"),
    include_str!("../../../migrations/postgres/0003_suppliers_are_records.sql"),
    include_str!("../../../migrations/postgres/0004_pictures.sql"),
    include_str!("../../../migrations/postgres/0005_accounts.sql"),
    include_str!("../../../migrations/postgres/0006_inquiries.sql"),
    include_str!("../../../migrations/postgres/0007_outbox.sql"),
];

/// Held while the schema is created or migrated, so that replicas starting
/// together do it once ("Belt").
const SCHEMA_LOCK: i64 = 0x4265_6c74;

/// Products fetched per round trip while loading.
const LOAD_BATCH: i32 = 10_000;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Connects to the database at `url` (`postgres://user@host:port/db`).
pub fn connect(url: &str) -> anyhow::Result<Client> {
    let mut config: postgres::Config = url
        .parse()
        .with_context(|| format!("{} is not a PostgreSQL URL", redact(url)))?;
    config.connect_timeout(CONNECT_TIMEOUT);
    config
        .connect(NoTls)
        .with_context(|| format!("cannot connect to PostgreSQL at {}", redact(url)))
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest
        .split_once('@')
        .map(|(credentials, host)| (credentials.split_once(':'), host))
    {
        Some((Some((user, _password)), host)) => format!("{scheme}://{user}:***@{host}"),
        _ => url.to_owned(),
    }
}

/// Connects to a database that holds a catalog (migrated if it is older); never creates one.
pub fn open_existing(url: &str) -> anyhow::Result<Client> {
    let mut client = connect(url)?;
    let has_schema: bool = client
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
        .get(0);
    if !has_schema {
        bail!("there is no catalog in {}", redact(url));
    }
    drop(client);
    open_or_create(url, Seed::Empty)
}

/// Connects, and creates the schema (and seeds the catalog) when the database
/// has none; a schema from a newer server is an error that says so.
pub fn open_or_create(url: &str, seed: Seed) -> anyhow::Result<Client> {
    let mut client = connect(url)?;
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    let has_schema: bool = tx
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
        .get(0);
    migrate(
        &mut Versioned {
            tx: &mut tx,
            has_schema,
        },
        MIGRATIONS,
    )
    .with_context(|| format!("the database at {}", redact(url)))?;
    if !has_schema {
        seed_catalog(&mut tx, seed)?;
    }
    tx.commit()?;
    Ok(client)
}

/// A database's schema: `meta.schema_version` is how many migrations it has;
/// they run in the transaction that holds the schema lock.
struct Versioned<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    has_schema: bool,
}

impl Schema for Versioned<'_, '_> {
    fn applied(&mut self) -> anyhow::Result<usize> {
        if !self.has_schema {
            return Ok(0);
        }
        let version: String = self
            .tx
            .query_one("SELECT value FROM meta WHERE key = 'schema_version'", &[])
            .context("the database has a meta table but no Beltmart schema version")?
            .get(0);
        Ok(version.parse()?)
    }

    fn apply(&mut self, number: usize, sql: &str) -> anyhow::Result<()> {
        self.tx.batch_execute(sql)?;
        set_meta(self.tx, "schema_version", &number.to_string())
    }
}

fn set_meta(tx: &mut postgres::Transaction<'_>, key: &str, value: &str) -> anyhow::Result<()> {
    tx.execute(sql::SET_META, &[&key, &value])?;
    Ok(())
}

fn seed_catalog(tx: &mut postgres::Transaction<'_>, seed: Seed) -> anyhow::Result<()> {
    let (taxonomy, generator) = match seed {
        Seed::Sample { seed, products } => {
            tracing::info!(products, seed, "creating the sample catalog in PostgreSQL");
            let generator = Generator::new(seed, products);
            (generator.taxonomy(), Some((generator, products)))
        }
        Seed::Empty => {
            let mut taxonomy = builtin_taxonomy();
            taxonomy.catalog_version = "empty".into();
            (taxonomy, None)
        }
    };
    set_meta(tx, "catalog_version", &taxonomy.catalog_version)?;
    set_meta(tx, "taxonomy", &serde_json::to_string(&taxonomy)?)?;
    let Some((generator, count)) = generator else {
        return Ok(());
    };
    let insert = tx.prepare(sql::INSERT_SUPPLIER)?;
    for s in generator.suppliers() {
        let row = supplier_row(&s, false);
        tx.execute(&insert, &row.iter().map(|v| v.as_ref()).collect::<Vec<_>>())?;
    }
    let insert = tx.prepare(sql::INSERT_PRODUCT)?;
    let mut progress = Progress::new("generating products", u64::from(count));
    for (n, p) in generator.products().enumerate() {
        let row = product_row(&p, Some(p.sales_30d), Some(p.listed_day));
        tx.execute(&insert, &row.iter().map(|v| v.as_ref()).collect::<Vec<_>>())?;
        progress.update(n as u64 + 1);
    }
    Ok(())
}

type Param = Box<dyn postgres::types::ToSql + Sync>;

/// A product's row, in the column order of `sql::INSERT_PRODUCT`; `sales_30d`
/// and `listed_day` are given apart: an import may not know them.
fn product_row(p: &Product, sales_30d: Option<u32>, listed_day: Option<u32>) -> [Param; 13] {
    [
        Box::new(p.id.clone()),
        Box::new(p.title.clone()),
        Box::new(p.category.clone()),
        Box::new(p.belt.clone()),
        Box::new(p.goods_kind.clone()),
        Box::new(p.unit.clone()),
        Box::new(int(p.moq)),
        Box::new(int(p.price_fen())),
        Box::new(p.supplier.id.clone()),
        Box::new(sales_30d.map(int)),
        Box::new(listed_day.map(int)),
        Box::new(stored::encode_tiers(&p.tiers)),
        Box::new(stored::encode_images(&p.images)),
    ]
}

fn int(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// A supplier's row, in the column order of `sql::INSERT_SUPPLIER`.
fn supplier_row(s: &api::SupplierProfile, derived: bool) -> [Param; 8] {
    [
        Box::new(s.id.clone()),
        Box::new(s.name.clone()),
        Box::new(s.belt.clone()),
        Box::new(supplier::encode_kinds(&s.kinds)),
        Box::new(s.founded.map(int)),
        Box::new(int(s.years)),
        Box::new(supplier::encode_evidence(s)),
        Box::new(derived),
    ]
}

/// The PostgreSQL store: a connection that listens for commits ([`CHANNEL`]).
pub struct PostgresStore {
    client: Client,
}

impl PostgresStore {
    pub fn open(url: &str, seed: Seed) -> anyhow::Result<PostgresStore> {
        PostgresStore::listening(open_or_create(url, seed)?)
    }

    pub fn open_existing(url: &str) -> anyhow::Result<PostgresStore> {
        PostgresStore::listening(open_existing(url)?)
    }

    fn listening(mut client: Client) -> anyhow::Result<PostgresStore> {
        client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        Ok(PostgresStore { client })
    }
}

impl Store for PostgresStore {
    fn catalog_version(&mut self) -> anyhow::Result<String> {
        Ok(self
            .client
            .query_one(sql::META, &[&"catalog_version"])?
            .get(0))
    }

    fn load(&mut self, order: Order, each: &mut dyn FnMut(Product)) -> anyhow::Result<Loaded> {
        load(&mut self.client, order, each)
    }

    fn wait_for_commit(&mut self, wait: Duration) -> anyhow::Result<()> {
        if self.client.is_closed() {
            bail!("the connection to PostgreSQL closed");
        }
        let mut notifications = self.client.notifications();
        notifications.timeout_iter(wait).next()?;
        // Several commits since: one reload covers them all.
        while notifications.iter().next()?.is_some() {}
        Ok(())
    }
}

/// Everything at one catalog version: one repeatable-read transaction, so an
/// import that commits meanwhile is either wholly in it or not at all.
fn load(
    client: &mut Client,
    order: Order,
    mut each: impl FnMut(Product),
) -> anyhow::Result<Loaded> {
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let mut taxonomy: api::Taxonomy =
        serde_json::from_str(&tx.query_one(sql::META, &[&"taxonomy"])?.get::<_, String>(0))
            .context("the stored taxonomy is not valid JSON")?;
    taxonomy.catalog_version = tx.query_one(sql::META, &[&"catalog_version"])?.get(0);
    let city_of: std::collections::HashMap<&str, &str> = taxonomy
        .all_belts()
        .map(|(city, belt)| (belt.id.as_str(), city.id.as_str()))
        .collect();
    let suppliers = load_suppliers(&mut tx, &city_of)?;
    let order_by = match order {
        Order::ById => "ORDER BY length(p.id), p.id",
        Order::AsStored => "",
    };
    let portal = tx.bind(
        &format!(
            "SELECT p.id, p.title, p.category_id, p.belt_id, p.unit, p.moq, p.tiers, p.goods_kind,
                    p.supplier_id, s.name, s.kinds, s.years, p.sales_30d, p.listed_day, p.images
             FROM products p LEFT JOIN suppliers s ON s.id = p.supplier_id {order_by}"
        ),
        &[],
    )?;
    loop {
        let rows = tx.query_portal(&portal, LOAD_BATCH)?;
        if rows.is_empty() {
            break;
        }
        for r in rows {
            let count = |at: usize| u32::try_from(r.get::<_, i32>(at)).unwrap_or(0);
            let belt: String = r.get(3);
            let tiers: String = r.get(6);
            each(Product {
                id: r.get(0),
                title: r.get(1),
                category: r.get(2),
                city: city_of
                    .get(belt.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                belt,
                unit: r.get(4),
                moq: count(5),
                tiers: stored::decode_tiers(&tiers).with_context(|| {
                    format!(
                        "product {}: unreadable tiers {tiers:?}",
                        r.get::<_, String>(0)
                    )
                })?,
                goods_kind: r.get(7),
                supplier: api::Supplier {
                    id: r.get(8),
                    name: r.get::<_, Option<String>>(9).unwrap_or_default(),
                    kind: r
                        .get::<_, Option<String>>(10)
                        .as_deref()
                        .and_then(|k| k.split_whitespace().next())
                        .unwrap_or_default()
                        .to_owned(),
                    years: r.get::<_, Option<i32>>(11).map_or(0, |y| y as u32),
                },
                sales_30d: count(12),
                listed_day: count(13),
                images: stored::decode_images(&r.get::<_, String>(14)),
            });
        }
    }
    let pictures = tx
        .query(sql::ALL_PICTURES, &[])?
        .iter()
        .map(|r| pictures::About {
            name: r.get(0),
            width: r.get::<_, i32>(1) as u32,
            height: r.get::<_, i32>(2) as u32,
            color: r.get(3),
        })
        .collect();
    tx.commit()?;
    Ok(Loaded {
        taxonomy,
        suppliers,
        pictures,
    })
}

impl Shelf for Client {
    fn variant(
        &mut self,
        name: &str,
        width: u32,
        encoding: pictures::Encoding,
    ) -> anyhow::Result<Option<Vec<u8>>> {
        let width = i32::try_from(width)?;
        let row = self.query_opt(
            sql::PICTURE_VARIANT,
            &[&name, &width, &encoding.extension()],
        )?;
        Ok(row.map(|r| r.get(0)))
    }
}

fn load_suppliers(
    tx: &mut postgres::Transaction<'_>,
    city_of: &std::collections::HashMap<&str, &str>,
) -> anyhow::Result<Vec<api::SupplierProfile>> {
    let rows = tx.query(
        "SELECT id, name, belt_id, kinds, founded, years, profile FROM suppliers
         ORDER BY length(id), id",
        &[],
    )?;
    let mut suppliers = Vec::with_capacity(rows.len());
    for r in rows {
        let belt: String = r.get(2);
        let mut profile = api::SupplierProfile {
            id: r.get(0),
            name: r.get(1),
            city: city_of
                .get(belt.as_str())
                .copied()
                .unwrap_or_default()
                .to_owned(),
            belt,
            kinds: supplier::decode_kinds(r.get(3)),
            founded: r.get::<_, Option<i32>>(4).map(|y| y as u32),
            years: r.get::<_, i32>(5) as u32,
            facts: api::SupplierFacts::default(),
            certificates: Vec::new(),
            audits: Vec::new(),
        };
        supplier::decode_evidence(r.get(6), &mut profile)
            .with_context(|| format!("supplier {}: unreadable profile", profile.id))?;
        suppliers.push(profile);
    }
    Ok(suppliers)
}
