-- Product ids sort byte by byte, as SQLite's do, whatever the database's
-- collation: export order and the order of an import's problems are the same
-- on both stores.
ALTER TABLE products ALTER COLUMN id TYPE TEXT COLLATE "C";
