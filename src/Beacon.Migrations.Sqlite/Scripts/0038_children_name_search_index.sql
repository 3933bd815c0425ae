-- Beacon schema, version 38 (SQLite): PostgreSQL gains a trigram index for the children name search (issue #17 §2).
-- SQLite has no such index; its search reads the children table, which at SQLite's scale is quick. Nothing to change.

SELECT 1;
