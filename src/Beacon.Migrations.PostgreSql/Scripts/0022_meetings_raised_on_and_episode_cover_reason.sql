-- Beacon schema, version 22 (PostgreSQL): an intervention meeting records the date it was raised beside the date of
-- the crossing, so a meeting raised late (its episodes arrived late or out of order) says so (issue #22). Meetings
-- raised before this version take the UTC date they were created (the same on both databases).
ALTER TABLE intervention_meetings ADD raised_on date;

UPDATE intervention_meetings SET raised_on = (created_at AT TIME ZONE 'UTC')::date;

ALTER TABLE intervention_meetings ALTER COLUMN raised_on SET NOT NULL;

-- A practitioner's reason for covering an episode by an interview it would not join by default (issue #22 §2).
ALTER TABLE episodes ADD cover_reason character varying(500);
