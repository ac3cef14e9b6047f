-- Site owners' pictures, stored by content (the name is 128 bits of the file's
-- SHA-256), so that every server sharing the store serves them. The original
-- is not kept: only its size and average colour, and the variants served.
CREATE TABLE pictures (
    name TEXT PRIMARY KEY,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    color TEXT NOT NULL
);
-- One picture at one width in one encoding ('webp', 'jpg').
CREATE TABLE picture_variants (
    name TEXT NOT NULL,
    width INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (name, width, encoding)
);
-- Which products show which pictures: a picture no product shows goes at the
-- end of the import that made it so.
CREATE TABLE product_pictures (
    product_id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (product_id, name)
);
CREATE INDEX product_pictures_by_name ON product_pictures (name);
