-- Factories become records of their own (kinds, founding year, facts with their
-- evidence), and products name theirs by id. Each distinct (belt, name) the
-- products gave becomes a supplier, `derived` because no suppliers file named
-- it: such a supplier goes when no product names it any more.
CREATE TABLE suppliers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    belt_id TEXT NOT NULL,
    -- Supplier kind ids, space-separated; the first is the one cards show.
    kinds TEXT NOT NULL,
    founded INTEGER,
    years INTEGER NOT NULL,
    -- Facts, certificates and audits: the JSON of the API's object.
    profile TEXT NOT NULL DEFAULT '{}',
    derived BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (belt_id, name)
);
INSERT INTO suppliers (id, name, belt_id, kinds, years, derived)
SELECT 'f' || row_number() OVER (ORDER BY min(length(id)), min(id)),
       supplier_name, belt_id, min(supplier_kind), max(supplier_years), TRUE
FROM products GROUP BY belt_id, supplier_name;
ALTER TABLE products ADD COLUMN supplier_id TEXT NOT NULL DEFAULT '';
UPDATE products SET supplier_id = (
    SELECT s.id FROM suppliers s WHERE s.belt_id = products.belt_id AND s.name = products.supplier_name);
ALTER TABLE products DROP COLUMN supplier_name;
ALTER TABLE products DROP COLUMN supplier_kind;
ALTER TABLE products DROP COLUMN supplier_years;
CREATE INDEX products_by_supplier ON products (supplier_id);
