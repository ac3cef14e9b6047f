//! All SQL: the schema and its migrations, seeding the sample catalog, loading it
//! into memory, and product detail. SQLite is the store of record.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use beltmart_contract as api;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::generate::{self, GOODS_KINDS, PRICE_BANDS, SUPPLIER_KINDS};
use super::sample_data::{CATEGORIES, PROVINCES};

/// Marks a SQLite file as Beltmart's (`PRAGMA application_id`), so another
/// program's database is refused rather than misread.
const APPLICATION_ID: i32 = 0x4265_6c74; // "Belt"

/// Schema migrations; `PRAGMA user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE categories (
    id TEXT PRIMARY KEY, parent_id TEXT REFERENCES categories(id),
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE provinces (
    id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE cities (
    id TEXT PRIMARY KEY, province_id TEXT NOT NULL REFERENCES provinces(id),
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE belts (
    id TEXT PRIMARY KEY, city_id TEXT NOT NULL REFERENCES cities(id),
    name_zh TEXT NOT NULL, name_en TEXT NOT NULL, factories INTEGER NOT NULL, position INTEGER NOT NULL);
CREATE TABLE belt_categories (
    belt_id TEXT NOT NULL REFERENCES belts(id), category_id TEXT NOT NULL REFERENCES categories(id),
    position INTEGER NOT NULL, PRIMARY KEY (belt_id, category_id)) WITHOUT ROWID;
-- Small fixed vocabularies: kind is 'goods', 'supplier' or 'price_band'.
CREATE TABLE vocabulary (
    kind TEXT NOT NULL, id TEXT NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
    position INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE suppliers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, years INTEGER NOT NULL,
    belt_id TEXT NOT NULL REFERENCES belts(id));
CREATE TABLE products (
    id TEXT PRIMARY KEY, title TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES categories(id), belt_id TEXT NOT NULL REFERENCES belts(id),
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id), goods_kind TEXT NOT NULL,
    unit TEXT NOT NULL, moq INTEGER NOT NULL, price_fen INTEGER NOT NULL,
    sales_30d INTEGER NOT NULL, listed_day INTEGER NOT NULL);
CREATE TABLE price_tiers (
    product_id TEXT NOT NULL REFERENCES products(id), min_qty INTEGER NOT NULL, price_fen INTEGER NOT NULL,
    PRIMARY KEY (product_id, min_qty)) WITHOUT ROWID;
"#];

/// Opens the catalog database, creating and seeding it when the file is missing.
/// A file that is not a Beltmart catalog, or from a newer server, is an error
/// that names the file and the fix.
pub fn open_or_create(path: &Path, seed: u64, products: u32) -> anyhow::Result<Connection> {
    if !path.exists() {
        create(path, seed, products)?;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .with_context(|| format!("cannot open the catalog database {}", path.display()))?;
    check_and_migrate(&conn)
        .with_context(|| format!("{} is not a usable Beltmart catalog; move it away or delete it, and a fresh sample catalog is created on the next start", path.display()))?;
    Ok(conn)
}

/// Opens another connection to an already checked database, for readers.
pub fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
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
    migrate(conn, version)
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

/// Seeds into a temporary file and renames it into place, so an interrupted
/// seed never leaves a half-filled catalog behind.
fn create(path: &Path, seed: u64, products: u32) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let partial = PathBuf::from(format!("{}.partial", path.display()));
    let _ = std::fs::remove_file(&partial);
    tracing::info!(db = %path.display(), products, seed, "creating the sample catalog");
    let started = std::time::Instant::now();
    {
        let mut conn = Connection::open(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        conn.execute_batch(&format!("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA application_id = {APPLICATION_ID};"))?;
        migrate(&conn, 0)?;
        seed_catalog(&mut conn, seed, products)?;
        conn.execute_batch("PRAGMA journal_mode = DELETE; VACUUM;")?;
    }
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move the new catalog to {}", path.display()))?;
    tracing::info!(db = %path.display(), seconds = started.elapsed().as_secs_f32(), "sample catalog ready");
    Ok(())
}

fn seed_catalog(conn: &mut Connection, seed: u64, count: u32) -> anyhow::Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('catalog_version', ?1)",
        [generate::catalog_version(seed, count)],
    )?;
    for (i, top) in CATEGORIES.iter().enumerate() {
        tx.execute(
            "INSERT INTO categories VALUES (?1, NULL, ?2, ?3, ?4)",
            params![top.id, top.name_zh, top.name_en, i],
        )?;
        for (j, leaf) in top.leaves.iter().enumerate() {
            tx.execute(
                "INSERT INTO categories VALUES (?1, ?2, ?3, ?4, ?5)",
                params![leaf.id, top.id, leaf.name_zh, leaf.name_en, j],
            )?;
        }
    }
    for (i, province) in PROVINCES.iter().enumerate() {
        tx.execute(
            "INSERT INTO provinces VALUES (?1, ?2, ?3, ?4)",
            params![province.id, province.name_zh, province.name_en, i],
        )?;
        for (j, city) in province.cities.iter().enumerate() {
            tx.execute(
                "INSERT INTO cities VALUES (?1, ?2, ?3, ?4, ?5)",
                params![city.id, province.id, city.name_zh, city.name_en, j],
            )?;
            for (k, belt) in city.belts.iter().enumerate() {
                tx.execute(
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
                    tx.execute(
                        "INSERT INTO belt_categories VALUES (?1, ?2, ?3)",
                        params![belt.id, category, n],
                    )?;
                }
            }
        }
    }
    let vocabularies = [
        ("goods", &GOODS_KINDS[..]),
        ("supplier", &SUPPLIER_KINDS[..]),
        ("price_band", &PRICE_BANDS[..]),
    ];
    for (kind, words) in vocabularies {
        for (i, (id, zh, en)) in words.iter().enumerate() {
            tx.execute(
                "INSERT INTO vocabulary VALUES (?1, ?2, ?3, ?4, ?5)",
                params![kind, id, zh, en, i],
            )?;
        }
    }
    let suppliers = generate::suppliers(seed, count);
    {
        let mut insert = tx.prepare("INSERT INTO suppliers VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for s in &suppliers {
            insert.execute(params![s.id, s.name, s.kind, s.years, s.belt])?;
        }
        let mut product = tx.prepare(
            "INSERT INTO products VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut tier = tx.prepare("INSERT INTO price_tiers VALUES (?1, ?2, ?3)")?;
        let mut progress = Progress::new(count);
        for (n, p) in generate::products(seed, count, &suppliers).enumerate() {
            product.execute(params![
                p.id,
                p.title,
                p.category,
                p.belt,
                p.supplier_id,
                p.goods_kind,
                p.unit,
                p.moq,
                p.tiers[0].1,
                p.sales_30d,
                p.listed_day
            ])?;
            for (min_qty, price_fen) in &p.tiers {
                tier.execute(params![p.id, min_qty, price_fen])?;
            }
            progress.update(n as u32 + 1);
        }
    }
    tx.commit()?;
    Ok(())
}

/// A progress bar on a terminal, a log line every 10 % otherwise.
struct Progress {
    total: u32,
    shown_percent: u32,
    terminal: bool,
}

impl Progress {
    fn new(total: u32) -> Self {
        use std::io::IsTerminal;
        Progress {
            total,
            shown_percent: 0,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, done: u32) {
        let percent = (u64::from(done) * 100 / u64::from(self.total.max(1))) as u32;
        if percent == self.shown_percent {
            return;
        }
        self.shown_percent = percent;
        if self.terminal {
            let bar = "#".repeat(percent as usize / 2);
            eprint!(
                "\r  generating products [{bar:<50}] {percent:>3}% ({done}/{})",
                self.total
            );
            if done == self.total {
                eprintln!();
            }
        } else if percent.is_multiple_of(10) {
            tracing::info!(percent, done, total = self.total, "generating products");
        }
    }
}

/// One product row as the in-memory index needs it.
pub struct ProductRow {
    pub id: String,
    pub title: String,
    pub category: String,
    pub city: String,
    pub belt: String,
    pub supplier_kind: String,
    pub goods_kind: String,
    pub unit: String,
    pub moq: u32,
    pub price_fen: u32,
    pub sales_30d: u32,
    pub listed_day: u32,
}

pub fn catalog_version(conn: &Connection) -> rusqlite::Result<String> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'catalog_version'",
        [],
        |r| r.get(0),
    )
}

pub fn load_products(conn: &Connection, mut each: impl FnMut(ProductRow)) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.title, p.category_id, b.city_id, p.belt_id, s.kind, p.goods_kind,
                p.unit, p.moq, p.price_fen, p.sales_30d, p.listed_day
         FROM products p JOIN belts b ON b.id = p.belt_id JOIN suppliers s ON s.id = p.supplier_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(ProductRow {
            id: r.get(0)?,
            title: r.get(1)?,
            category: r.get(2)?,
            city: r.get(3)?,
            belt: r.get(4)?,
            supplier_kind: r.get(5)?,
            goods_kind: r.get(6)?,
            unit: r.get(7)?,
            moq: r.get(8)?,
            price_fen: r.get(9)?,
            sales_30d: r.get(10)?,
            listed_day: r.get(11)?,
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
    let leaves = |parent: &str| -> rusqlite::Result<Vec<api::Category>> {
        Ok(rows(
            "SELECT id, name_zh, name_en FROM categories WHERE parent_id = ?1 ORDER BY position",
            &[&parent],
        )?
        .into_iter()
        .map(|n| api::Category {
            id: n.id,
            name_zh: n.name_zh,
            name_en: n.name_en,
            children: Vec::new(),
        })
        .collect())
    };
    let mut categories = Vec::new();
    for top in rows(
        "SELECT id, name_zh, name_en FROM categories WHERE parent_id IS NULL ORDER BY position",
        &[],
    )? {
        let children = leaves(&top.id)?;
        categories.push(api::Category {
            id: top.id,
            name_zh: top.name_zh,
            name_en: top.name_en,
            children,
        });
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

/// The product page: `None` when there is no such product.
pub fn product_detail(
    conn: &Connection,
    id: &str,
    image: impl Fn(&str, u32) -> String,
) -> rusqlite::Result<Option<api::ProductDetail>> {
    let found = conn
        .prepare_cached(
            "SELECT p.id, p.title, p.price_fen, p.moq, p.unit, p.category_id, b.city_id, p.belt_id,
                    p.goods_kind, p.sales_30d, p.listed_day, s.name, s.kind, s.years
             FROM products p JOIN belts b ON b.id = p.belt_id JOIN suppliers s ON s.id = p.supplier_id
             WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            let id: String = r.get(0)?;
            Ok(api::ProductDetail {
                images: (1..=3).map(|n| image(&id, n)).collect(),
                id,
                title: r.get(1)?,
                price_fen: r.get(2)?,
                moq: r.get(3)?,
                unit: r.get(4)?,
                category: r.get(5)?,
                city: r.get(6)?,
                belt: r.get(7)?,
                goods_kind: r.get(8)?,
                sales_30d: r.get(9)?,
                listed_on: generate::format_day(r.get(10)?),
                tiers: Vec::new(),
                supplier: api::Supplier { name: r.get(11)?, kind: r.get(12)?, years: r.get(13)? },
            })
        })
        .optional()?;
    let Some(mut product) = found else {
        return Ok(None);
    };
    product.tiers = conn
        .prepare_cached(
            "SELECT min_qty, price_fen FROM price_tiers WHERE product_id = ?1 ORDER BY min_qty",
        )?
        .query_map([id], |r| {
            Ok(api::PriceTier {
                min_qty: r.get(0)?,
                price_fen: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(product))
}
