-- Beacon schema, version 39 (SQLite): indexes for the lists' sorts (issue #17 §2). On PostgreSQL the open-RHI index by
-- child also carries the work list's columns; SQLite has no INCLUDE, and at SQLite's scale the work list reads its rows
-- quickly, so that index is unchanged here.

-- The children list sorted by living situation (then given name) reads children in index order.
CREATE INDEX "ix_children_living_situation_given_name" ON "children" ("living_situation", "given_name");

-- The children list sorted by district reads one district at a time in given-name order (ChildRecords.PageAsync). The
-- index also serves the district's foreign key, so it replaces the index on the district alone.
DROP INDEX "ix_children_host_district_code";
CREATE INDEX "ix_children_host_district_code_given_name" ON "children" ("host_district_code", "given_name");
