-- Beacon schema, version 6 (SQLite): recurring jobs, claimed by one instance at a time (docs/decisions/0011).
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "scheduled_jobs" (
    "name" TEXT NOT NULL CONSTRAINT "pk_scheduled_jobs" PRIMARY KEY,
    "next_run_at" TEXT NOT NULL,
    "lease_owner" TEXT NULL,
    "lease_until" TEXT NULL,
    "last_started_at" TEXT NULL,
    "last_finished_at" TEXT NULL,
    "last_outcome" TEXT NULL,
    "runs" INTEGER NOT NULL
);
