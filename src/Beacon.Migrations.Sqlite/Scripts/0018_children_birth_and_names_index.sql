-- Beacon schema, version 18 (SQLite): the date-of-birth index also carries what possible-duplicate matching reads
-- (merged, names, id), so proposing matches for a new child reads the index alone instead of one table row per child
-- born that day — on a large database that look-up dominated each import batch (issue #3 benchmark; README "Measured").

DROP INDEX "ix_children_date_of_birth";

CREATE INDEX "ix_children_date_of_birth_names" ON "children" ("date_of_birth", "merged_into_id", "given_name", "family_name", "id");
