-- Beacon schema, version 32 (SQLite): the date an exploitation referral was decided (marked not for this service, or
-- the kind of work decided), for the KPI "referrals decided within N working days" (issue #18 §2, docs/decisions/0020).
-- Referrals decided before this version have no date and are left out of that KPI.
ALTER TABLE "referrals" ADD COLUMN "decided_on" TEXT NULL;
