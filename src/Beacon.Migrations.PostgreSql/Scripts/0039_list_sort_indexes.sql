-- Beacon schema, version 39 (PostgreSQL): indexes for the lists' sorts (issue #17 §2, README "Measured",
-- docs/decisions/0036).
-- The open-RHI index by child (version 36) also carries every column of an interview the work list shows, so a sort on
-- another table's column (district, worker) reads the 100,000 open interviews from this small index instead of visiting
-- them scattered across the table.
DROP INDEX ix_return_interviews_open_child_id;
CREATE INDEX ix_return_interviews_open_child_id ON return_interviews (child_id)
    INCLUDE (id, reference, status, due_at, assigned_to_id, is_spot_purchase) WHERE status IN (1, 2);

-- The children list sorted by living situation (then given name) reads children in index order.
CREATE INDEX ix_children_living_situation_given_name ON children (living_situation, given_name);

-- The children list sorted by district reads one district at a time in given-name order (ChildRecords.PageAsync). The
-- index also serves the district's foreign key, so it replaces the index on the district alone.
DROP INDEX ix_children_host_district_code;
CREATE INDEX ix_children_host_district_code_given_name ON children (host_district_code, given_name);
