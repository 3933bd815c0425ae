-- Beacon schema, version 39 (SQLite): indexes for the lists' sorts (issue #17 §2). On PostgreSQL the open-RHI index by
-- child also carries the work list's columns; SQLite has no INCLUDE, and at SQLite's scale the work list reads its rows
-- quickly, so that index is unchanged here.

-- The children list sorted by living situation (then given name) reads children in index order.
CREATE INDEX "ix_children_living_situation_given_name" ON "children" ("living_situation", "given_name");
