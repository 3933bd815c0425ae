-- Beacon schema, version 22 (SQLite): an intervention meeting records the date it was raised beside the date of the
-- crossing, so a meeting raised late (its episodes arrived late or out of order) says so (issue #22). Meetings raised
-- before this version take the UTC date they were created (the same on both databases).
ALTER TABLE "intervention_meetings" ADD COLUMN "raised_on" TEXT NOT NULL DEFAULT '0001-01-01';

UPDATE "intervention_meetings" SET "raised_on" = substr("created_at", 1, 10);

-- A practitioner's reason for covering an episode by an interview it would not join by default (issue #22 §2).
ALTER TABLE "episodes" ADD COLUMN "cover_reason" TEXT NULL;
