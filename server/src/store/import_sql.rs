//! The SQL of an import, written once in the dialect SQLite and PostgreSQL
//! share (`$N` placeholders, `ON CONFLICT`, `TRUE`), so that the two stores
//! cannot drift apart in what an import means. SQLite numbers `$N` by first
//! appearance, so each statement names its parameters in ascending order.

/// A product row, in the column order of `product_params` / `product_row`.
pub const INSERT_PRODUCT: &str =
    "INSERT INTO products (id, title, category_id, belt_id, goods_kind,
    unit, moq, price_fen, supplier_id, sales_30d, listed_day, tiers, images)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/// A supplier row, in the column order of `supplier_params` / `supplier_row`.
pub const INSERT_SUPPLIER: &str =
    "INSERT INTO suppliers (id, name, belt_id, kinds, founded, years, profile, derived)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// The rows an import stages before anything changes; `sales_30d` and
/// `listed_day` may be NULL (unknown: kept from the product replaced). The
/// temporary tables live as long as the import's connection.
pub const CREATE_STAGED: &str = "CREATE TEMP TABLE staged (
    line BIGINT NOT NULL, id TEXT PRIMARY KEY, remove BOOLEAN NOT NULL,
    title TEXT, category_id TEXT, belt_id TEXT, goods_kind TEXT, unit TEXT, moq INTEGER,
    price_fen INTEGER, supplier_id TEXT, sales_30d INTEGER, listed_day INTEGER, tiers TEXT,
    images TEXT)";

/// The suppliers an import stages: from a suppliers file, or derived from
/// products that name a supplier without its id.
pub const CREATE_STAGED_SUPPLIERS: &str = "CREATE TEMP TABLE staged_suppliers (
    line BIGINT NOT NULL, id TEXT PRIMARY KEY, remove BOOLEAN NOT NULL,
    name TEXT, belt_id TEXT, kinds TEXT, founded INTEGER, years INTEGER, profile TEXT,
    derived BOOLEAN)";

/// Stages a product: nothing happens (0 rows) when its id is already staged.
pub const STAGE_PRODUCT: &str = "INSERT INTO staged (line, remove, id, title, category_id,
    belt_id, goods_kind, unit, moq, price_fen, supplier_id, sales_30d, listed_day, tiers, images)
    VALUES ($1, FALSE, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    ON CONFLICT (id) DO NOTHING";

/// Stages a supplier: 0 rows when its id is already staged.
pub const STAGE_SUPPLIER: &str = "INSERT INTO staged_suppliers (line, remove, id, name, belt_id,
    kinds, founded, years, profile, derived)
    VALUES ($1, FALSE, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (id) DO NOTHING";

/// Stages a removal (upsert mode): 0 rows when the id is already staged.
pub const STAGE_REMOVAL: &str =
    "INSERT INTO staged (line, id, remove) VALUES ($1, $2, TRUE) ON CONFLICT (id) DO NOTHING";
pub const STAGE_SUPPLIER_REMOVAL: &str = "INSERT INTO staged_suppliers (line, id, remove)
    VALUES ($1, $2, TRUE) ON CONFLICT (id) DO NOTHING";

/// The line that staged an id first.
pub const STAGED_LINE: &str = "SELECT line FROM staged WHERE id = $1";
pub const STAGED_SUPPLIER_LINE: &str = "SELECT line FROM staged_suppliers WHERE id = $1";

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

/// A factory's products (supplier `$1`), as text.
pub const COUNT_PRODUCTS_OF: &str =
    "SELECT CAST(count(*) AS TEXT) FROM products WHERE supplier_id = $1";

/// A factory's replace: only its own products (of supplier `$1`) the file does not name go.
pub const COUNT_NOT_STAGED_OF: &str = "SELECT CAST(count(*) AS TEXT) FROM products WHERE supplier_id = $1 AND id NOT IN (SELECT id FROM staged)";
pub const DELETE_NOT_STAGED_OF: &str =
    "DELETE FROM products WHERE supplier_id = $1 AND id NOT IN (SELECT id FROM staged)";

/// Staged rows (to add, change or remove) naming a product of another
/// supplier than `$1`: `line, id`, for a factory's import.
pub const STAGED_OF_OTHERS: &str = "SELECT CAST(s.line AS TEXT), s.id FROM staged s
    JOIN products p ON p.id = s.id WHERE p.supplier_id <> $1 ORDER BY s.line LIMIT 100";
pub const DELETE_REMOVED: &str =
    "DELETE FROM products WHERE id IN (SELECT id FROM staged WHERE remove)";

/// Writes the staged products over the catalog's; unknown sales and listing
/// days are kept from the product replaced, else 0 and `today`.
pub fn upsert_staged(today: u32) -> String {
    format!(
        "INSERT INTO products (id, title, category_id, belt_id, goods_kind, unit, moq, price_fen,
            supplier_id, sales_30d, listed_day, tiers, images)
         SELECT s.id, s.title, s.category_id, s.belt_id, s.goods_kind, s.unit, s.moq, s.price_fen,
            s.supplier_id, coalesce(s.sales_30d, p.sales_30d, 0),
            coalesce(s.listed_day, p.listed_day, {today}), s.tiers, s.images
         FROM staged s LEFT JOIN products p ON p.id = s.id WHERE NOT s.remove ORDER BY s.line
         ON CONFLICT (id) DO UPDATE SET
            title = excluded.title, category_id = excluded.category_id, belt_id = excluded.belt_id,
            goods_kind = excluded.goods_kind, unit = excluded.unit, moq = excluded.moq,
            price_fen = excluded.price_fen, supplier_id = excluded.supplier_id,
            sales_30d = excluded.sales_30d, listed_day = excluded.listed_day,
            tiers = excluded.tiers, images = excluded.images"
    )
}

/// The supplier of a name in a belt: the staged one, else the catalog's
/// (unless staged for removal).
pub const SUPPLIER_NAMED: &str = "SELECT id FROM staged_suppliers
    WHERE belt_id = $1 AND name = $2 AND NOT remove
    UNION ALL SELECT id FROM suppliers WHERE belt_id = $1 AND name = $2
    AND id NOT IN (SELECT id FROM staged_suppliers)";

/// Whether a supplier (staged or in the catalog) has the id.
pub const SUPPLIER_ID_TAKEN: &str = "SELECT id FROM staged_suppliers WHERE id = $1
    UNION ALL SELECT id FROM suppliers WHERE id = $1";

/// Staged products naming a supplier that neither the import nor the catalog has,
/// or that the import removes: (line, supplier id), by line.
pub fn unknown_suppliers(limit: usize) -> String {
    format!(
        "SELECT CAST(s.line AS TEXT), s.supplier_id FROM staged s WHERE NOT s.remove
         AND s.supplier_id NOT IN (SELECT id FROM staged_suppliers WHERE NOT remove)
         AND (s.supplier_id NOT IN (SELECT id FROM suppliers)
              OR s.supplier_id IN (SELECT id FROM staged_suppliers WHERE remove))
         ORDER BY s.line LIMIT {limit}"
    )
}

/// Staged suppliers whose name another supplier of the belt has (staged on an
/// earlier line, or in the catalog and not replaced): (line, name).
pub const DUPLICATE_SUPPLIER_NAMES: &str = "SELECT CAST(a.line AS TEXT), a.name
    FROM staged_suppliers a WHERE NOT a.remove AND (
        EXISTS (SELECT 1 FROM staged_suppliers b WHERE NOT b.remove AND b.belt_id = a.belt_id
            AND b.name = a.name AND b.id <> a.id AND b.line < a.line)
        OR EXISTS (SELECT 1 FROM suppliers s WHERE s.belt_id = a.belt_id AND s.name = a.name
            AND s.id <> a.id AND s.id NOT IN (SELECT id FROM staged_suppliers)))
    ORDER BY a.line LIMIT 100";

/// Replace mode with a suppliers file: every supplier it does not name goes.
pub const DELETE_SUPPLIERS_NOT_STAGED: &str =
    "DELETE FROM suppliers WHERE id NOT IN (SELECT id FROM staged_suppliers)";
pub const DELETE_SUPPLIERS_REMOVED: &str =
    "DELETE FROM suppliers WHERE id IN (SELECT id FROM staged_suppliers WHERE remove)";
pub const UPSERT_STAGED_SUPPLIERS: &str =
    "INSERT INTO suppliers (id, name, belt_id, kinds, founded, years, profile, derived)
     SELECT id, name, belt_id, kinds, founded, years, profile, derived
     FROM staged_suppliers WHERE NOT remove ORDER BY line
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, belt_id = excluded.belt_id,
        kinds = excluded.kinds, founded = excluded.founded, years = excluded.years,
        profile = excluded.profile, derived = excluded.derived";
/// Suppliers made from products' fields go when no product names them any more.
pub const DELETE_UNUSED_DERIVED: &str = "DELETE FROM suppliers
    WHERE derived AND id NOT IN (SELECT supplier_id FROM products)";
pub const COUNT_SUPPLIERS: &str = "SELECT count(*) FROM suppliers";
pub const COUNT_SUPPLIERS_STAGED: &str =
    "SELECT count(*) FROM staged_suppliers WHERE NOT remove AND NOT derived";
/// Products (after the import) whose supplier is gone: (id, supplier id).
pub fn orphans(limit: usize) -> String {
    format!(
        "SELECT id, supplier_id FROM products
         WHERE supplier_id NOT IN (SELECT id FROM suppliers)
         ORDER BY length(id), id LIMIT {limit}"
    )
}

/// The ids the taxonomy being committed knows, by the product column that names them.
pub const CREATE_KNOWN: &str =
    "CREATE TEMP TABLE known (col TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (col, id))";
pub const INSERT_KNOWN: &str = "INSERT INTO known (col, id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/// Rows of `table` whose `column` names an id the new taxonomy does not have, in id order.
pub fn dangling(table: &str, column: &str, limit: usize) -> String {
    format!(
        "SELECT id, {column} FROM {table}
         WHERE {column} NOT IN (SELECT id FROM known WHERE col = '{column}')
         ORDER BY length(id), id LIMIT {limit}"
    )
}

/// A meta value (`catalog_version`, `imports`), or none.
pub const META: &str = "SELECT value FROM meta WHERE key = $1";
pub const SET_META: &str = "INSERT INTO meta (key, value) VALUES ($1, $2)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/// The pictures that staged products show: (product id, picture name).
pub const CREATE_STAGED_PICTURES: &str = "CREATE TEMP TABLE staged_pictures (
    product_id TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (product_id, name))";
pub const STAGE_PICTURE_USE: &str =
    "INSERT INTO staged_pictures (product_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING";
/// The name, when the store (or this import) has the picture.
pub const PICTURE_STORED: &str = "SELECT name FROM pictures WHERE name = $1";
/// A picture, in the column order of `pictures::About`.
pub const INSERT_PICTURE: &str = "INSERT INTO pictures (name, width, height, color)
    VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING";
pub const INSERT_PICTURE_VARIANT: &str =
    "INSERT INTO picture_variants (name, width, encoding, bytes)
    VALUES ($1, $2, $3, $4) ON CONFLICT (name, width, encoding) DO NOTHING";
/// After the products are applied: the uses of products staged or gone are
/// replaced by the staged ones, and pictures no product shows go.
pub const DELETE_OLD_PICTURE_USES: &str = "DELETE FROM product_pictures
    WHERE product_id IN (SELECT id FROM staged) OR product_id NOT IN (SELECT id FROM products)";
pub const INSERT_PICTURE_USES: &str = "INSERT INTO product_pictures (product_id, name)
    SELECT product_id, name FROM staged_pictures
    WHERE product_id IN (SELECT id FROM staged WHERE NOT remove)";
pub const DELETE_UNUSED_VARIANTS: &str =
    "DELETE FROM picture_variants WHERE name NOT IN (SELECT name FROM product_pictures)";
pub const DELETE_UNUSED_PICTURES: &str =
    "DELETE FROM pictures WHERE name NOT IN (SELECT name FROM product_pictures)";
/// What a running server needs to show the pictures.
pub const ALL_PICTURES: &str = "SELECT name, width, height, color FROM pictures";
/// One variant's bytes.
pub const PICTURE_VARIANT: &str =
    "SELECT bytes FROM picture_variants WHERE name = $1 AND width = $2 AND encoding = $3";
