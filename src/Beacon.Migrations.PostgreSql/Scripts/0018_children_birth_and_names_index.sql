-- Beacon schema, version 18 (PostgreSQL): the date-of-birth index also carries what possible-duplicate matching reads
-- (merged, names, id), so proposing matches for a new child can be answered from the index (issue #3 benchmark;
-- README "Measured").

DROP INDEX ix_children_date_of_birth;

CREATE INDEX ix_children_date_of_birth_names ON children (date_of_birth, merged_into_id, given_name, family_name, id);
