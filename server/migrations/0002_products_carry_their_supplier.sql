-- Imported products name their supplier (name, kind, years) and may carry image
-- URLs; tiers move onto the product row, so that loading a catalog is one scan.
-- The separate suppliers and price_tiers tables go. Catalog checks (known
-- category, belt, kinds) are done by the importer, which reports every bad row.
CREATE TABLE products_v2 (
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
INSERT INTO products_v2
SELECT p.id, p.title, p.category_id, p.belt_id, p.goods_kind, p.unit, p.moq, p.price_fen,
       s.name, s.kind, s.years, p.sales_30d, p.listed_day,
       (SELECT group_concat(t.min_qty || ':' || t.price_fen, ' ')
          FROM (SELECT min_qty, price_fen FROM price_tiers WHERE product_id = p.id ORDER BY min_qty) t),
       ''
FROM products p JOIN suppliers s ON s.id = p.supplier_id;
DROP TABLE price_tiers;
DROP TABLE products;
DROP TABLE suppliers;
ALTER TABLE products_v2 RENAME TO products;
