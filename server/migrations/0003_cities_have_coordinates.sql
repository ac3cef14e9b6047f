-- Where each city is ([longitude, latitude] in the taxonomy), for the belts
-- map; NULL for a city the taxonomy gives none.
ALTER TABLE cities ADD COLUMN lon REAL;
ALTER TABLE cities ADD COLUMN lat REAL;
