//! The SQL of an import, written once in the dialect SQLite and PostgreSQL
//! share (`$N` placeholders, `ON CONFLICT`, `TRUE`), so that the two stores
//! cannot drift apart in what an import means. SQLite numbers `$N` by first
//! appearance, so each statement names its parameters in ascending order.

/// A product row, in the column order of [`PRODUCT_COLUMNS`].
pub const INSERT_PRODUCT: &str =
    "INSERT INTO products (id, title, category_id, belt_id, goods_kind,
    unit, moq, price_fen, supplier_name, supplier_kind, supplier_years, sales_30d, listed_day,
    tiers, images)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

/// The rows an import stages before anything changes; `sales_30d` and
/// `listed_day` may be NULL (unknown: kept from the product replaced).
/// PostgreSQL adds `ON COMMIT DROP`; SQLite drops it at commit.
pub const CREATE_STAGED: &str = "CREATE TEMP TABLE staged (
    line BIGINT NOT NULL, id TEXT PRIMARY KEY, remove BOOLEAN NOT NULL,
    title TEXT, category_id TEXT, belt_id TEXT, goods_kind TEXT, unit TEXT, moq INTEGER,
    price_fen INTEGER, supplier_name TEXT, supplier_kind TEXT, supplier_years INTEGER,
    sales_30d INTEGER, listed_day INTEGER, tiers TEXT, images TEXT)";

/// Stages a product: nothing happens (0 rows) when its id is already staged.
pub const STAGE_PRODUCT: &str = "INSERT INTO staged (line, remove, id, title, category_id,
    belt_id, goods_kind, unit, moq, price_fen, supplier_name, supplier_kind, supplier_years,
    sales_30d, listed_day, tiers, images)
    VALUES ($1, FALSE, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
    ON CONFLICT (id) DO NOTHING";

/// Stages a removal (upsert mode): 0 rows when the id is already staged.
pub const STAGE_REMOVAL: &str =
    "INSERT INTO staged (line, id, remove) VALUES ($1, $2, TRUE) ON CONFLICT (id) DO NOTHING";

/// The line that staged an id first.
pub const STAGED_LINE: &str = "SELECT line FROM staged WHERE id = $1";

pub const COUNT_PRODUCTS: &str = "SELECT count(*) FROM products";
pub const COUNT_UPDATED: &str =
    "SELECT count(*) FROM staged s JOIN products p ON p.id = s.id WHERE NOT s.remove";
pub const COUNT_ADDED: &str =
    "SELECT count(*) FROM staged s WHERE NOT s.remove AND s.id NOT IN (SELECT id FROM products)";
/// Replace mode: every product the file does not name goes.
pub const COUNT_NOT_STAGED: &str =
    "SELECT count(*) FROM products WHERE id NOT IN (SELECT id FROM staged)";
pub const COUNT_REMOVED: &str =
    "SELECT count(*) FROM staged s JOIN products p ON p.id = s.id WHERE s.remove";
pub const COUNT_MISSING_REMOVALS: &str =
    "SELECT count(*) FROM staged s WHERE s.remove AND s.id NOT IN (SELECT id FROM products)";

pub const DELETE_NOT_STAGED: &str = "DELETE FROM products WHERE id NOT IN (SELECT id FROM staged)";
pub const DELETE_REMOVED: &str =
    "DELETE FROM products WHERE id IN (SELECT id FROM staged WHERE remove)";

/// Writes the staged products over the catalog's; unknown sales and listing
/// days are kept from the product replaced, else 0 and `today`.
pub fn upsert_staged(today: u32) -> String {
    format!(
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
            tiers = excluded.tiers, images = excluded.images"
    )
}

/// The ids the taxonomy being committed knows, by the product column that names them.
pub const CREATE_KNOWN: &str =
    "CREATE TEMP TABLE known (col TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (col, id))";
pub const INSERT_KNOWN: &str = "INSERT INTO known (col, id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/// Products whose `column` names an id the new taxonomy does not have, in id order.
pub fn dangling(column: &str, limit: usize) -> String {
    format!(
        "SELECT id, {column} FROM products
         WHERE {column} NOT IN (SELECT id FROM known WHERE col = '{column}')
         ORDER BY length(id), id LIMIT {limit}"
    )
}

/// A meta value (`catalog_version`, `imports`), or none.
pub const META: &str = "SELECT value FROM meta WHERE key = $1";
pub const SET_META: &str = "INSERT INTO meta (key, value) VALUES ($1, $2)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value";
