-- Beacon schema, version 10 (PostgreSQL): open RHIs by due time, so the work list reads the soonest first from an
-- index instead of sorting every open interview (measured in the load test, README "Measured").

CREATE INDEX ix_return_interviews_due_at ON return_interviews (due_at) WHERE status IN (1, 2);
