-- Beacon schema, version 38 (PostgreSQL): the children search finds a name anywhere in "given family" with LIKE
-- '%...%', which read every child (0.5–1 s on the 1,000,000-episode database). A trigram index serves it (issue #17 §2,
-- README "Measured"). pg_trgm ships with PostgreSQL and is a trusted extension, so the database owner may create it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX ix_children_full_name_trgm ON children USING gin (lower(given_name || ' ' || family_name) gin_trgm_ops);
