//! All SQL: the schema and its migrations, creating a catalog, loading one
//! consistent version into memory, staging and committing imports, and export.
//! SQLite is the store of record, in WAL mode so that an import never blocks
//! the readers of a running server.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use beltmart_contract as api;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::generate::Generator;
use super::import::{Mode, Plan};
use super::product::{Product, stored};
use crate::progress::Progress;

/// Marks a SQLite file as Beltmart's (`PRAGMA application_id`), so another
/// program's database is refused rather than misread.
const APPLICATION_ID: i32 = 0x4265_6c74; // "Belt"

/// Schema migrations, one file each; `PRAGMA user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_catalog.sql"),
    include_str!("../../migrations/0002_products_carry_their_supplier.sql"),
];

/// How long a writer waits for another writer (an import, a health check) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What a new catalog file starts with.
pub enum Seed {
    /// The generated sample catalog: seed and number of products.
    Sample { seed: u64, products: u32 },
    /// The built-in taxonomy and no products, for a site owner's first import.
    Empty,
}

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
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        bail!("the file has application_id {app_id:#x}, not Beltmart's {APPLICATION_ID:#x}");
    }
    if version > MIGRATIONS.len() {
        bail!(
            "its schema version {version} is newer than this server's {}; run a newer beltmart-server",
            MIGRATIONS.len()
        );
    }
    migrate(conn, version)?;
    // Readers see the last commit while an import writes the next one.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "the catalog database could not switch to WAL mode");
    }
    Ok(())
}

fn migrate(conn: &Connection, from: usize) -> anyhow::Result<()> {
    for (n, sql) in MIGRATIONS.iter().enumerate().skip(from) {
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            n + 1
        ))
        .with_context(|| format!("schema migration {} failed", n + 1))?;
    }
    Ok(())
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
        migrate(&conn, 0)?;
        let tx = conn.transaction()?;
        match seed {
            Seed::Sample { seed, products } => {
                tracing::info!(db = %path.display(), products, seed, "creating the sample catalog");
                let generator = Generator::new(seed, products);
                write_taxonomy(&tx, &generator.taxonomy())?;
                let mut insert = tx.prepare(INSERT_PRODUCT)?;
                let mut progress = Progress::new("generating products", u64::from(products));
                for (n, p) in generator.products().enumerate() {
                    let row = product_params(&p, Some(p.sales_30d), Some(p.listed_day));
                    insert.execute(rusqlite::params_from_iter(row))?;
                    progress.update(n as u64 + 1);
                }
            }
            Seed::Empty => {
                tracing::info!(db = %path.display(), "creating an empty catalog with the built-in taxonomy");
                let taxonomy = super::reference::builtin_taxonomy();
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

const INSERT_PRODUCT: &str =
    "INSERT INTO products (id, title, category_id, belt_id, goods_kind, unit, moq, price_fen,
    supplier_name, supplier_kind, supplier_years, sales_30d, listed_day, tiers, images)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/// A product's row, in the column order of `INSERT_PRODUCT` (and of `staged`).
/// `sales_30d` and `listed_day` are given apart: an import may not know them.
fn product_params(
    p: &Product,
    sales_30d: Option<u32>,
    listed_day: Option<u32>,
) -> [Box<dyn rusqlite::ToSql + '_>; 15] {
    [
        Box::new(&p.id),
        Box::new(&p.title),
        Box::new(&p.category),
        Box::new(&p.belt),
        Box::new(&p.goods_kind),
        Box::new(&p.unit),
        Box::new(p.moq),
        Box::new(p.price_fen()),
        Box::new(&p.supplier.name),
        Box::new(&p.supplier.kind),
        Box::new(p.supplier.years),
        Box::new(sales_30d),
        Box::new(listed_day),
        Box::new(stored::encode_tiers(&p.tiers)),
        Box::new(stored::encode_images(&p.images)),
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
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('catalog_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [version],
    )?;
    Ok(())
}

/// In which order [`load`] gives the products.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Natural id order (p1, p2, … p10): what export writes.
    ById,
    /// As stored, which saves sorting a million rows when the index sorts them anyway.
    AsStored,
}

/// Everything at one catalog version: one read transaction, so an import that
/// commits meanwhile is either wholly in it or not at all.
pub fn load(
    conn: &Connection,
    order: Order,
    mut each: impl FnMut(Product),
) -> rusqlite::Result<api::Taxonomy> {
    conn.execute_batch("BEGIN")?;
    let loaded = load_taxonomy(conn).and_then(|taxonomy| {
        each_product(conn, order, &mut each)?;
        Ok(taxonomy)
    });
    conn.execute_batch("COMMIT")?;
    loaded
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
                p.goods_kind, p.supplier_name, p.supplier_kind, p.supplier_years, p.sales_30d,
                p.listed_day, p.images
         FROM products p LEFT JOIN belts b ON b.id = p.belt_id {order_by}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
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
                name: r.get(9)?,
                kind: r.get(10)?,
                years: r.get(11)?,
            },
            sales_30d: r.get(12)?,
            listed_day: r.get(13)?,
            images: stored::decode_images(&r.get::<_, String>(14)?),
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
        for city in rows(
            "SELECT id, name_zh, name_en FROM cities WHERE province_id = ?1 ORDER BY position",
            &[&province.id],
        )? {
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
            conn.execute(
                "INSERT INTO cities VALUES (?1, ?2, ?3, ?4, ?5)",
                params![city.id, province.id, city.name_zh, city.name_en, j],
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

/// One import in progress: a write transaction that holds the staged rows in
/// a temporary table. Nothing is visible to anyone until [`Import::commit`];
/// dropping it (or the process dying) leaves the catalog as it was.
pub struct Import {
    conn: Connection,
    mode: Mode,
    open: bool,
}

/// What staging a row found.
pub enum Staged {
    Fresh,
    /// The id was already staged, from this line.
    Duplicate {
        first_line: u64,
    },
}

impl Import {
    /// Starts an import: takes the write lock now, so a second import at the
    /// same time waits for this one (up to the busy timeout) instead of mixing in.
    pub fn begin(conn: Connection, mode: Mode) -> anyhow::Result<Import> {
        // Staged rows go to a temporary file, not memory: a million rows stay bounded.
        conn.execute_batch("PRAGMA temp_store = FILE;")?;
        conn.execute_batch("BEGIN IMMEDIATE").map_err(|err| match err {
            rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                anyhow::anyhow!("another import is still running on this catalog; try again when it has finished")
            }
            other => other.into(),
        })?;
        let import = Import {
            conn,
            mode,
            open: true,
        };
        import.conn.execute_batch(
            "CREATE TEMP TABLE staged (
                line INTEGER NOT NULL, id TEXT PRIMARY KEY, remove INTEGER NOT NULL,
                title TEXT, category_id TEXT, belt_id TEXT, goods_kind TEXT, unit TEXT, moq INTEGER,
                price_fen INTEGER, supplier_name TEXT, supplier_kind TEXT, supplier_years INTEGER,
                sales_30d INTEGER, listed_day INTEGER, tiers TEXT, images TEXT)",
        )?;
        Ok(import)
    }

    pub fn taxonomy(&self) -> anyhow::Result<api::Taxonomy> {
        Ok(load_taxonomy(&self.conn)?)
    }

    pub fn replace_taxonomy(&self, taxonomy: &api::Taxonomy) -> anyhow::Result<()> {
        write_taxonomy(
            &self.conn,
            &api::Taxonomy {
                catalog_version: String::new(),
                ..taxonomy.clone()
            },
        )?;
        Ok(())
    }

    /// Stages one product; `sales_30d` and `listed_day` may be unknown (kept
    /// from the product it replaces, else 0 and today).
    pub fn stage(
        &self,
        line: u64,
        product: &Product,
        sales_30d: Option<u32>,
        listed_day: Option<u32>,
    ) -> anyhow::Result<Staged> {
        let p = product_params(product, sales_30d, listed_day);
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&line];
        args.extend(p.iter().map(|b| b.as_ref() as &dyn rusqlite::ToSql));
        self.insert_staged(
            line,
            &product.id,
            "INSERT INTO staged (line, remove, id, title, category_id, belt_id, goods_kind, unit, moq,
                price_fen, supplier_name, supplier_kind, supplier_years, sales_30d, listed_day, tiers, images)
             VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            &args,
        )
    }

    /// Stages the removal of a product (upsert mode).
    pub fn stage_removal(&self, line: u64, id: &str) -> anyhow::Result<Staged> {
        self.insert_staged(
            line,
            id,
            "INSERT INTO staged (line, id, remove) VALUES (?1, ?2, 1)",
            &[&line, &id],
        )
    }

    fn insert_staged(
        &self,
        line: u64,
        id: &str,
        sql: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> anyhow::Result<Staged> {
        match self.conn.prepare_cached(sql)?.execute(args) {
            Ok(_) => Ok(Staged::Fresh),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                let first_line: u64 = self
                    .conn
                    .prepare_cached("SELECT line FROM staged WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .unwrap_or(line);
                Ok(Staged::Duplicate { first_line })
            }
            Err(err) => Err(err.into()),
        }
    }

    /// What committing would change.
    pub fn plan(&self) -> anyhow::Result<Plan> {
        let count =
            |sql: &str| -> rusqlite::Result<u64> { self.conn.query_row(sql, [], |r| r.get(0)) };
        let updated = count(
            "SELECT count(*) FROM staged s JOIN products p ON p.id = s.id WHERE NOT s.remove",
        )?;
        let added = count(
            "SELECT count(*) FROM staged s WHERE NOT s.remove AND s.id NOT IN (SELECT id FROM products)",
        )?;
        let removed = match self.mode {
            Mode::Replace => {
                count("SELECT count(*) FROM products WHERE id NOT IN (SELECT id FROM staged)")?
            }
            Mode::Upsert => count(
                "SELECT count(*) FROM staged s JOIN products p ON p.id = s.id WHERE s.remove",
            )?,
        };
        let missing_removals = count(
            "SELECT count(*) FROM staged s WHERE s.remove AND s.id NOT IN (SELECT id FROM products)",
        )?;
        let total = count("SELECT count(*) FROM products")? + added - removed;
        Ok(Plan {
            added,
            updated,
            removed,
            missing_removals,
            total,
        })
    }

    pub fn product_count(&self) -> anyhow::Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
    }

    /// Applies the staged rows to the products table (still uncommitted).
    pub fn apply(&self) -> anyhow::Result<()> {
        if self.mode == Mode::Replace {
            self.conn.execute(
                "DELETE FROM products WHERE id NOT IN (SELECT id FROM staged)",
                [],
            )?;
        }
        self.conn.execute(
            "DELETE FROM products WHERE id IN (SELECT id FROM staged WHERE remove)",
            [],
        )?;
        self.conn.execute(
            &format!(
                "INSERT INTO products (id, title, category_id, belt_id, goods_kind, unit, moq, price_fen,
                    supplier_name, supplier_kind, supplier_years, sales_30d, listed_day, tiers, images)
                 SELECT s.id, s.title, s.category_id, s.belt_id, s.goods_kind, s.unit, s.moq, s.price_fen,
                    s.supplier_name, s.supplier_kind, s.supplier_years,
                    coalesce(s.sales_30d, p.sales_30d, 0), coalesce(s.listed_day, p.listed_day, {today}),
                    s.tiers, s.images
                 FROM staged s LEFT JOIN products p ON p.id = s.id WHERE NOT s.remove ORDER BY s.line
                 ON CONFLICT (id) DO UPDATE SET
                    title = excluded.title, category_id = excluded.category_id, belt_id = excluded.belt_id,
                    goods_kind = excluded.goods_kind, unit = excluded.unit, moq = excluded.moq,
                    price_fen = excluded.price_fen, supplier_name = excluded.supplier_name,
                    supplier_kind = excluded.supplier_kind, supplier_years = excluded.supplier_years,
                    sales_30d = excluded.sales_30d, listed_day = excluded.listed_day,
                    tiers = excluded.tiers, images = excluded.images",
                today = super::product::today()
            ),
            [],
        )?;
        Ok(())
    }

    /// Products (after [`Import::apply`]) whose category, belt, goods or supplier
    /// kind the taxonomy no longer has: (id, field, value), at most `limit`.
    pub fn dangling(&self, limit: usize) -> anyhow::Result<Vec<(String, &'static str, String)>> {
        let mut found = Vec::new();
        let checks = [
            (
                "category",
                "category_id",
                "SELECT id FROM categories WHERE parent_id IS NOT NULL",
            ),
            ("belt", "belt_id", "SELECT id FROM belts"),
            (
                "goods_kind",
                "goods_kind",
                "SELECT id FROM vocabulary WHERE kind = 'goods'",
            ),
            (
                "supplier.kind",
                "supplier_kind",
                "SELECT id FROM vocabulary WHERE kind = 'supplier'",
            ),
        ];
        for (field, column, known) in checks {
            let condition = format!("{column} NOT IN ({known})");
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, {column} FROM products WHERE {condition} ORDER BY length(id), id LIMIT {limit}"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, field, r.get(1)?)))?;
            for row in rows {
                found.push(row?);
            }
        }
        found.truncate(limit);
        Ok(found)
    }

    /// Makes the import the catalog, under a new version, and returns it.
    pub fn commit(mut self) -> anyhow::Result<String> {
        let seq: u64 = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'imports'", [], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            + 1;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let version = format!("i{seq}-{:06x}", nanos & 0xff_ffff);
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('imports', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [seq.to_string()],
        )?;
        set_version(&self.conn, &version)?;
        self.conn.execute_batch("DROP TABLE temp.staged; COMMIT")?;
        self.open = false;
        Ok(version)
    }
}

impl Drop for Import {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
