-- The first schema: taxonomy tables, suppliers, products and their price tiers.
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
