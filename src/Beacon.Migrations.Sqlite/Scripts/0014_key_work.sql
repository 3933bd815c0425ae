-- Beacon schema, version 14 (SQLite): key work (issue #5 §4) — the referral's key worker, plan goals and closure
-- (reason, closing level, note, transition plan), sessions against the plan, and the family's members and goals.

ALTER TABLE "referrals" ADD COLUMN "key_worker_id" TEXT NULL CONSTRAINT "fk_referrals_users_key_worker_id" REFERENCES "users" ("id") ON DELETE RESTRICT;
ALTER TABLE "referrals" ADD COLUMN "plan_goals" TEXT NULL;
ALTER TABLE "referrals" ADD COLUMN "closed_on" TEXT NULL;
ALTER TABLE "referrals" ADD COLUMN "closure_reason" TEXT NULL;
ALTER TABLE "referrals" ADD COLUMN "closing_level" INTEGER NULL;
ALTER TABLE "referrals" ADD COLUMN "closure_note" TEXT NULL;
ALTER TABLE "referrals" ADD COLUMN "transition_plan" TEXT NULL;

CREATE INDEX "ix_referrals_key_worker_id" ON "referrals" ("key_worker_id");

CREATE TABLE "key_work_sessions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_key_work_sessions" PRIMARY KEY,
    "referral_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "work_type" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "notes" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_key_work_sessions_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_key_work_sessions_referrals_referral_id" FOREIGN KEY ("referral_id") REFERENCES "referrals" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_key_work_sessions_child_id" ON "key_work_sessions" ("child_id");

CREATE INDEX "ix_key_work_sessions_referral_id" ON "key_work_sessions" ("referral_id");

CREATE TABLE "family_members" (
    "id" TEXT NOT NULL CONSTRAINT "pk_family_members" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "notes" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_family_members_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_family_members_child_id" ON "family_members" ("child_id");

CREATE TABLE "family_goals" (
    "id" TEXT NOT NULL CONSTRAINT "pk_family_goals" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_family_goals_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_family_goals_child_id" ON "family_goals" ("child_id");
