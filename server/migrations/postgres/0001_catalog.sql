-- PostgreSQL's first schema: the catalog as SQLite holds it since its
-- migration 2 (products carry their supplier, tiers and images), with the
-- taxonomy kept whole as the JSON document GET /api/v1/taxonomy serves.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    category_id TEXT NOT NULL,
    belt_id TEXT NOT NULL,
    goods_kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    moq INTEGER NOT NULL,
    -- The first tier's unit price, kept for SQL readers.
    price_fen INTEGER NOT NULL,
    supplier_name TEXT NOT NULL,
    supplier_kind TEXT NOT NULL,
    supplier_years INTEGER NOT NULL,
    sales_30d INTEGER NOT NULL,
    listed_day INTEGER NOT NULL,
    -- `min_qty:price_fen` pairs, space-separated, ascending: `10:2500 100:2300`.
    tiers TEXT NOT NULL,
    -- Image URLs, one per line; empty means the generated pictures.
    images TEXT NOT NULL DEFAULT ''
);
