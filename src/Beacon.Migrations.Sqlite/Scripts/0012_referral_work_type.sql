-- Beacon schema, version 12 (SQLite): how the service works with a referred child (issue #5 §4–5: direct work,
-- bespoke co-delivery, resource sharing, group work or consultation), for the exploitation return and imports.

ALTER TABLE "referrals" ADD COLUMN "work_type" TEXT NULL;
