-- Beacon schema, version 36 (SQLite): open RHIs by child, so the work list counts its total from a small index and,
-- sorted by child name, walks children in name order to their open interviews (issue #17 §2, README "Measured").

CREATE INDEX "ix_return_interviews_open_child_id" ON "return_interviews" ("child_id") WHERE status IN (1, 2);
