//! All SQL: the schema and its migrations, creating a catalog, loading one
//! consistent version into memory, staging and committing imports, and export.
//! SQLite is the store of record, in WAL mode so that an import never blocks
//! the readers of a running server.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use beltmart_contract as api;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::import_sql as sql;
use super::migrations::{Schema, migrate};
use super::{Loaded, Order, Seed, Shelf, Staging, Store};
use crate::domain::product::{Product, stored};
use crate::domain::supplier;
use crate::domain::taxonomy::builtin_taxonomy;
use crate::pictures;
use crate::progress::Progress;
use crate::sample::Generator;

/// Marks a SQLite file as Beltmart's (`PRAGMA application_id`), so another
/// program's database is refused rather than misread.
const APPLICATION_ID: i32 = 0x4265_6c74; // "Belt"

/// Schema migrations, one file each; `PRAGMA user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_catalog.sql"),
    include_str!("../../migrations/0002_products_carry_their_supplier.sql"),
    include_str!("../../migrations/0003_cities_have_coordinates.sql"),
    include_str!("../../migrations/0004_suppliers_are_records.sql"),
    include_str!("../../migrations/0005_pictures.sql"),
    include_str!("../../migrations/0006_accounts.sql"),
    include_str!("../../migrations/0007_inquiries.sql"),
    include_str!("../../migrations/0008_outbox.sql"),
];

/// How long a writer waits for another writer (an import, a health check) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the catalog database, creating it when the file is missing.
/// A file that is not a Beltmart catalog, or from a newer server, is an error
/// that names the file and the fix.
pub fn open_or_create(path: &Path, seed: Seed) -> anyhow::Result<Connection> {
    if !path.exists() {
        create(path, seed)?;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .with_context(|| format!("cannot open the catalog database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    check_and_migrate(&conn)
        .with_context(|| format!("{} is not a usable Beltmart catalog; move it away or delete it, and a fresh catalog is created on the next start", path.display()))?;
    Ok(conn)
}

/// The SQLite store: a file, opened again at each check while following it
/// and closed while waiting, so that another program can lock it meanwhile.
pub struct SqliteStore {
    path: PathBuf,
    conn: Option<Connection>,
}

impl SqliteStore {
    pub fn open(path: &Path, seed: Seed) -> anyhow::Result<SqliteStore> {
        Ok(SqliteStore {
            conn: Some(open_or_create(path, seed)?),
            path: path.to_owned(),
        })
    }

    /// The catalog at `path`; a missing file is an error, never a new catalog.
    pub fn open_existing(path: &Path) -> anyhow::Result<SqliteStore> {
        if !path.exists() {
            bail!("there is no catalog at {}", path.display());
        }
        SqliteStore::open(path, Seed::Empty)
    }
}

impl SqliteStore {
    fn conn(&mut self) -> anyhow::Result<&Connection> {
        if self.conn.is_none() {
            self.conn = Some(open_existing(&self.path)?);
        }
        Ok(self.conn.as_ref().expect("opened above"))
    }
}

impl Store for SqliteStore {
    fn catalog_version(&mut self) -> anyhow::Result<String> {
        Ok(catalog_version(self.conn()?)?)
    }

    fn load(&mut self, order: Order, each: &mut dyn FnMut(Product)) -> anyhow::Result<Loaded> {
        load(self.conn()?, order, each)
    }

    fn wait_for_commit(&mut self, wait: Duration) -> anyhow::Result<()> {
        self.conn = None;
        std::thread::sleep(wait);
        self.conn()?;
        Ok(())
    }
}

/// Opens another connection to an already checked database. It never creates
/// the file: a vanished catalog is an error, not a new empty one.
pub fn open_existing(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

fn check_and_migrate(conn: &Connection) -> anyhow::Result<()> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        bail!("the file has application_id {app_id:#x}, not Beltmart's {APPLICATION_ID:#x}");
    }
    migrate(&mut Versioned(conn), MIGRATIONS)?;
    // Readers see the last commit while an import writes the next one.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "the catalog database could not switch to WAL mode");
    }
    Ok(())
}

/// A SQLite file's schema: `PRAGMA user_version` is how many migrations it has.
struct Versioned<'a>(&'a Connection);

impl Schema for Versioned<'_> {
    fn applied(&mut self) -> anyhow::Result<usize> {
        Ok(self
            .0
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    fn apply(&mut self, number: usize, sql: &str) -> anyhow::Result<()> {
        let batch = format!("BEGIN; {sql}; PRAGMA user_version = {number}; COMMIT;");
        Ok(self.0.execute_batch(&batch)?)
    }
}

/// Fills a temporary file and renames it into place, so an interrupted
/// creation never leaves a half-filled catalog behind.
fn create(path: &Path, seed: Seed) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let partial = PathBuf::from(format!("{}.partial", path.display()));
    let _ = std::fs::remove_file(&partial);
    let started = std::time::Instant::now();
    {
        let mut conn = Connection::open(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        conn.execute_batch(&format!("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA application_id = {APPLICATION_ID};"))?;
        migrate(&mut Versioned(&conn), MIGRATIONS)?;
        let tx = conn.transaction()?;
        match seed {
            Seed::Sample { seed, products } => {
                tracing::info!(db = %path.display(), products, seed, "creating the sample catalog");
                let generator = Generator::new(seed, products);
                write_taxonomy(&tx, &generator.taxonomy())?;
                let mut insert = tx.prepare(sql::INSERT_SUPPLIER)?;
                for s in generator.suppliers() {
                    insert.execute(rusqlite::params_from_iter(supplier_params(&s, false)))?;
                }
                let mut insert = tx.prepare(sql::INSERT_PRODUCT)?;
                let mut progress = Progress::new("generating products", u64::from(products));
                for (n, p) in generator.products().enumerate() {
                    let row = product_params(&p, Some(p.sales_30d), Some(p.listed_day));
                    insert.execute(rusqlite::params_from_iter(row))?;
                    progress.update(n as u64 + 1);
                }
            }
            Seed::Empty => {
                tracing::info!(db = %path.display(), "creating an empty catalog with the built-in taxonomy");
                let taxonomy = builtin_taxonomy();
                write_taxonomy(&tx, &taxonomy)?;
                set_version(&tx, "empty")?;
            }
        }
        tx.commit()?;
        conn.execute_batch("PRAGMA journal_mode = DELETE; VACUUM;")?;
    }
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move the new catalog to {}", path.display()))?;
    tracing::info!(db = %path.display(), seconds = started.elapsed().as_secs_f32(), "catalog ready");
    Ok(())
}

/// A product's row, in the column order of `sql::INSERT_PRODUCT` (and of `staged`).
/// `sales_30d` and `listed_day` are given apart: an import may not know them.
fn product_params(
    p: &Product,
    sales_30d: Option<u32>,
    listed_day: Option<u32>,
) -> [Box<dyn rusqlite::ToSql + '_>; 13] {
    [
        Box::new(&p.id),
        Box::new(&p.title),
        Box::new(&p.category),
        Box::new(&p.belt),
        Box::new(&p.goods_kind),
        Box::new(&p.unit),
        Box::new(p.moq),
        Box::new(p.price_fen()),
        Box::new(&p.supplier.id),
        Box::new(sales_30d),
        Box::new(listed_day),
        Box::new(stored::encode_tiers(&p.tiers)),
        Box::new(stored::encode_images(&p.images)),
    ]
}

/// A supplier's row, in the column order of `sql::INSERT_SUPPLIER`.
fn supplier_params(s: &api::SupplierProfile, derived: bool) -> [Box<dyn rusqlite::ToSql + '_>; 8] {
    [
        Box::new(&s.id),
        Box::new(&s.name),
        Box::new(&s.belt),
        Box::new(supplier::encode_kinds(&s.kinds)),
        Box::new(s.founded),
        Box::new(s.years),
        Box::new(supplier::encode_evidence(s)),
        Box::new(derived),
    ]
}

fn decode_tiers(text: &str) -> rusqlite::Result<Vec<api::PriceTier>> {
    stored::decode_tiers(text).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(0, "tiers".into(), rusqlite::types::Type::Text)
    })
}

pub fn catalog_version(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'catalog_version'",
        [],
        |r| r.get(0),
    )
}

fn set_version(conn: &Connection, version: &str) -> rusqlite::Result<()> {
    conn.execute(sql::SET_META, ["catalog_version", version])?;
    Ok(())
}

/// Everything at one catalog version: one read transaction, so an import that
/// commits meanwhile is either wholly in it or not at all.
pub fn load(
    conn: &Connection,
    order: Order,
    mut each: impl FnMut(Product),
) -> anyhow::Result<Loaded> {
    conn.execute_batch("BEGIN")?;
    let loaded = load_taxonomy(conn)
        .map_err(anyhow::Error::from)
        .and_then(|taxonomy| {
            let suppliers = load_suppliers(conn)?;
            let pictures = load_pictures(conn)?;
            each_product(conn, order, &mut each)?;
            Ok(Loaded {
                taxonomy,
                suppliers,
                pictures,
            })
        });
    conn.execute_batch("COMMIT")?;
    loaded
}

fn load_pictures(conn: &Connection) -> rusqlite::Result<Vec<pictures::About>> {
    conn.prepare(sql::ALL_PICTURES)?
        .query_map([], |r| {
            Ok(pictures::About {
                name: r.get(0)?,
                width: r.get(1)?,
                height: r.get(2)?,
                color: r.get(3)?,
            })
        })?
        .collect()
}

impl Shelf for Connection {
    fn variant(
        &mut self,
        name: &str,
        width: u32,
        encoding: pictures::Encoding,
    ) -> anyhow::Result<Option<Vec<u8>>> {
        Ok(self
            .prepare_cached(sql::PICTURE_VARIANT)?
            .query_row(params![name, width, encoding.extension()], |r| r.get(0))
            .optional()?)
    }
}

fn load_suppliers(conn: &Connection) -> anyhow::Result<Vec<api::SupplierProfile>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.name, b.city_id, s.belt_id, s.kinds, s.founded, s.years, s.profile
         FROM suppliers s LEFT JOIN belts b ON b.id = s.belt_id ORDER BY length(s.id), s.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut suppliers = Vec::new();
    while let Some(r) = rows.next()? {
        let mut profile = api::SupplierProfile {
            id: r.get(0)?,
            name: r.get(1)?,
            city: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            belt: r.get(3)?,
            kinds: supplier::decode_kinds(&r.get::<_, String>(4)?),
            founded: r.get(5)?,
            years: r.get(6)?,
            facts: api::SupplierFacts::default(),
            certificates: Vec::new(),
            audits: Vec::new(),
        };
        supplier::decode_evidence(&r.get::<_, String>(7)?, &mut profile)
            .with_context(|| format!("supplier {}: unreadable profile", profile.id))?;
        suppliers.push(profile);
    }
    Ok(suppliers)
}

fn each_product(
    conn: &Connection,
    order: Order,
    each: &mut dyn FnMut(Product),
) -> rusqlite::Result<()> {
    let order_by = match order {
        Order::ById => "ORDER BY length(p.id), p.id",
        Order::AsStored => "",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT p.id, p.title, p.category_id, b.city_id, p.belt_id, p.unit, p.moq, p.tiers,
                p.goods_kind, p.supplier_id, s.name, s.kinds, s.years, p.sales_30d,
                p.listed_day, p.images
         FROM products p LEFT JOIN belts b ON b.id = p.belt_id
         LEFT JOIN suppliers s ON s.id = p.supplier_id {order_by}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let kinds: Option<String> = r.get(11)?;
        each(Product {
            id: r.get(0)?,
            title: r.get(1)?,
            category: r.get(2)?,
            city: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            belt: r.get(4)?,
            unit: r.get(5)?,
            moq: r.get(6)?,
            tiers: decode_tiers(&r.get::<_, String>(7)?)?,
            goods_kind: r.get(8)?,
            supplier: api::Supplier {
                id: r.get(9)?,
                name: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                kind: kinds
                    .as_deref()
                    .and_then(|k| k.split_whitespace().next())
                    .unwrap_or_default()
                    .to_owned(),
                years: r.get::<_, Option<u32>>(12)?.unwrap_or_default(),
            },
            sales_30d: r.get(13)?,
            listed_day: r.get(14)?,
            images: stored::decode_images(&r.get::<_, String>(15)?),
        });
    }
    Ok(())
}

fn named(r: &rusqlite::Row<'_>) -> rusqlite::Result<api::Named> {
    Ok(api::Named {
        id: r.get("id")?,
        name_zh: r.get("name_zh")?,
        name_en: r.get("name_en")?,
    })
}

pub fn load_taxonomy(conn: &Connection) -> rusqlite::Result<api::Taxonomy> {
    let rows = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<Vec<api::Named>> {
        conn.prepare_cached(sql)?.query_map(args, named)?.collect()
    };
    let category = |n: api::Named, children| api::Category {
        id: n.id,
        name_zh: n.name_zh,
        name_en: n.name_en,
        children,
    };
    let mut categories = Vec::new();
    for top in rows(
        "SELECT id, name_zh, name_en FROM categories WHERE parent_id IS NULL ORDER BY position",
        &[],
    )? {
        let children = rows(
            "SELECT id, name_zh, name_en FROM categories WHERE parent_id = ?1 ORDER BY position",
            &[&top.id],
        )?
        .into_iter()
        .map(|n| category(n, Vec::new()))
        .collect();
        categories.push(category(top, children));
    }
    let mut regions = Vec::new();
    for province in rows(
        "SELECT id, name_zh, name_en FROM provinces ORDER BY position",
        &[],
    )? {
        let mut cities = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT id, name_zh, name_en, lon, lat FROM cities WHERE province_id = ?1 ORDER BY position",
        )?;
        let found: Vec<(api::Named, Option<[f64; 2]>)> = stmt
            .query_map([&province.id], |r| {
                let at = r.get::<_, Option<f64>>(3)?.zip(r.get::<_, Option<f64>>(4)?);
                Ok((named(r)?, at.map(|(lon, lat)| [lon, lat])))
            })?
            .collect::<Result<_, _>>()?;
        for (city, coordinates) in found {
            let mut belts = Vec::new();
            let mut stmt = conn.prepare_cached("SELECT id, name_zh, name_en, factories FROM belts WHERE city_id = ?1 ORDER BY position")?;
            let found: Vec<(api::Named, u32)> = stmt
                .query_map([&city.id], |r| Ok((named(r)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            for (belt, factories) in found {
                let mut cats = conn.prepare_cached(
                    "SELECT category_id FROM belt_categories WHERE belt_id = ?1 ORDER BY position",
                )?;
                let categories = cats
                    .query_map([&belt.id], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                belts.push(api::Belt {
                    id: belt.id,
                    name_zh: belt.name_zh,
                    name_en: belt.name_en,
                    categories,
                    factories,
                });
            }
            cities.push(api::City {
                id: city.id,
                name_zh: city.name_zh,
                name_en: city.name_en,
                coordinates,
                belts,
            });
        }
        regions.push(api::Province {
            id: province.id,
            name_zh: province.name_zh,
            name_en: province.name_en,
            cities,
        });
    }
    let vocabulary = |kind: &str| {
        rows(
            "SELECT id, name_zh, name_en FROM vocabulary WHERE kind = ?1 ORDER BY position",
            &[&kind],
        )
    };
    Ok(api::Taxonomy {
        catalog_version: catalog_version(conn)?,
        categories,
        regions,
        price_bands: vocabulary("price_band")?,
        goods_kinds: vocabulary("goods")?,
        supplier_kinds: vocabulary("supplier")?,
    })
}

/// Replaces the taxonomy tables with `taxonomy` (and its version, when it has one).
fn write_taxonomy(conn: &Connection, taxonomy: &api::Taxonomy) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM belt_categories; DELETE FROM belts; DELETE FROM cities; DELETE FROM provinces;
         DELETE FROM categories; DELETE FROM vocabulary;",
    )?;
    if !taxonomy.catalog_version.is_empty() {
        set_version(conn, &taxonomy.catalog_version)?;
    }
    for (i, top) in taxonomy.categories.iter().enumerate() {
        conn.execute(
            "INSERT INTO categories VALUES (?1, NULL, ?2, ?3, ?4)",
            params![top.id, top.name_zh, top.name_en, i],
        )?;
        for (j, leaf) in top.children.iter().enumerate() {
            conn.execute(
                "INSERT INTO categories VALUES (?1, ?2, ?3, ?4, ?5)",
                params![leaf.id, top.id, leaf.name_zh, leaf.name_en, j],
            )?;
        }
    }
    for (i, province) in taxonomy.regions.iter().enumerate() {
        conn.execute(
            "INSERT INTO provinces VALUES (?1, ?2, ?3, ?4)",
            params![province.id, province.name_zh, province.name_en, i],
        )?;
        for (j, city) in province.cities.iter().enumerate() {
            let [lon, lat] = city.coordinates.map_or([None, None], |at| at.map(Some));
            conn.execute(
                "INSERT INTO cities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    city.id,
                    province.id,
                    city.name_zh,
                    city.name_en,
                    j,
                    lon,
                    lat
                ],
            )?;
            for (k, belt) in city.belts.iter().enumerate() {
                conn.execute(
                    "INSERT INTO belts VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        belt.id,
                        city.id,
                        belt.name_zh,
                        belt.name_en,
                        belt.factories,
                        k
                    ],
                )?;
                for (n, category) in belt.categories.iter().enumerate() {
                    conn.execute(
                        "INSERT INTO belt_categories VALUES (?1, ?2, ?3)",
                        params![belt.id, category, n],
                    )?;
                }
            }
        }
    }
    let vocabularies = [
        ("goods", &taxonomy.goods_kinds),
        ("supplier", &taxonomy.supplier_kinds),
        ("price_band", &taxonomy.price_bands),
    ];
    for (kind, words) in vocabularies {
        for (i, word) in words.iter().enumerate() {
            conn.execute(
                "INSERT INTO vocabulary VALUES (?1, ?2, ?3, ?4, ?5)",
                params![kind, word.id, word.name_zh, word.name_en, i],
            )?;
        }
    }
    Ok(())
}

/// One import in progress on SQLite: a write transaction, with the staged
/// rows in a temporary table ([`Staging`] says the rest).
pub struct Import {
    conn: Connection,
    open: bool,
}

impl Import {
    /// Takes the write lock now, so a second import at the same time waits
    /// for this one (up to the busy timeout) instead of mixing in.
    pub fn begin(conn: Connection) -> anyhow::Result<Import> {
        // Staged rows go to a temporary file, not memory: a million rows stay bounded.
        conn.execute_batch("PRAGMA temp_store = FILE;")?;
        conn.execute_batch("BEGIN IMMEDIATE").map_err(|err| match err {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                anyhow::anyhow!("another import is still running on this catalog; try again when it has finished")
            }
            other => other.into(),
        })?;
        Ok(Import { conn, open: true })
    }
}

impl Staging for Import {
    fn taxonomy(&mut self) -> anyhow::Result<api::Taxonomy> {
        Ok(load_taxonomy(&self.conn)?)
    }

    fn replace_taxonomy(&mut self, taxonomy: &api::Taxonomy) -> anyhow::Result<()> {
        write_taxonomy(
            &self.conn,
            &api::Taxonomy {
                catalog_version: String::new(),
                ..taxonomy.clone()
            },
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
        let row = product_params(product, sales_30d, listed_day);
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&line];
        args.extend(row.iter().map(|b| b.as_ref() as &dyn rusqlite::ToSql));
        Ok(self
            .conn
            .prepare_cached(sql::STAGE_PRODUCT)?
            .execute(args.as_slice())?
            == 1)
    }

    fn stage_supplier(
        &mut self,
        line: u64,
        supplier: &api::SupplierProfile,
        derived: bool,
    ) -> anyhow::Result<bool> {
        let row = supplier_params(supplier, derived);
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&line];
        args.extend(row.iter().map(|b| b.as_ref() as &dyn rusqlite::ToSql));
        Ok(self
            .conn
            .prepare_cached(sql::STAGE_SUPPLIER)?
            .execute(args.as_slice())?
            == 1)
    }

    fn store_picture(&mut self, picture: &pictures::Stored) -> anyhow::Result<()> {
        let about = &picture.about;
        self.conn
            .prepare_cached(sql::INSERT_PICTURE)?
            .execute(params![about.name, about.width, about.height, about.color])?;
        let mut insert = self.conn.prepare_cached(sql::INSERT_PICTURE_VARIANT)?;
        for v in &picture.variants {
            insert.execute(params![
                about.name,
                v.width,
                v.encoding.extension(),
                v.bytes
            ])?;
        }
        Ok(())
    }

    fn stage_supplier_removal(&mut self, line: u64, id: &str) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .prepare_cached(sql::STAGE_SUPPLIER_REMOVAL)?
            .execute(params![line, id])?
            == 1)
    }

    fn stage_removal(&mut self, line: u64, id: &str) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .prepare_cached(sql::STAGE_REMOVAL)?
            .execute(params![line, id])?
            == 1)
    }

    fn staged_line(&mut self, sql: &str, id: &str) -> anyhow::Result<u64> {
        Ok(self.conn.query_row(sql, [id], |r| r.get(0))?)
    }

    fn execute(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<u64> {
        let changed = self
            .conn
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args))?;
        Ok(changed as u64)
    }

    fn count(&mut self, sql: &str) -> anyhow::Result<u64> {
        Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
    }

    fn text(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row(sql, rusqlite::params_from_iter(args), |r| r.get(0))
            .optional()?)
    }

    fn pairs(&mut self, sql: &str, args: &[&str]) -> anyhow::Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn commit(mut self: Box<Self>, _version: &str) -> anyhow::Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Import {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
