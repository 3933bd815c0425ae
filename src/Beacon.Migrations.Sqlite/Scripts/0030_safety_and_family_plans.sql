-- Beacon schema, version 30 (SQLite): safety and support plans and the family plan (issue #19 §2, §4;
-- docs/decisions/0023) — versioned plans with their agreed actions; a family goal's measure and its dated progress;
-- which family members took part in which key-work session. Hand-written from the difference in
-- `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "safety_plans" (
    "id" TEXT NOT NULL CONSTRAINT "pk_safety_plans" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "is_current" INTEGER NOT NULL,
    "risks" TEXT NULL,
    "keeps_me_safe" TEXT NULL,
    "trusted_adults" TEXT NULL,
    "places_to_avoid" TEXT NULL,
    "review_on" TEXT NULL,
    "saved_by" TEXT NOT NULL,
    "saved_at" TEXT NOT NULL,
    CONSTRAINT "fk_safety_plans_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_safety_plans_child_id_version" ON "safety_plans" ("child_id", "version");

CREATE TABLE "safety_plan_actions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_safety_plan_actions" PRIMARY KEY,
    "plan_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "owner_organisation_id" TEXT NOT NULL,
    "due_on" TEXT NOT NULL,
    "done_on" TEXT NULL,
    "is_current" INTEGER NOT NULL,
    CONSTRAINT "fk_safety_plan_actions_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_safety_plan_actions_organisations_owner_organisation_id" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_safety_plan_actions_safety_plans_plan_id" FOREIGN KEY ("plan_id") REFERENCES "safety_plans" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_safety_plan_actions_child_id" ON "safety_plan_actions" ("child_id");
CREATE INDEX "ix_safety_plan_actions_owner_organisation_id_is_current_due_on" ON "safety_plan_actions" ("owner_organisation_id", "is_current", "due_on");
CREATE UNIQUE INDEX "ix_safety_plan_actions_plan_id_position" ON "safety_plan_actions" ("plan_id", "position");

ALTER TABLE "family_goals" ADD COLUMN "measure" TEXT NOT NULL DEFAULT 'scale';

CREATE TABLE "family_goal_progress" (
    "id" TEXT NOT NULL CONSTRAINT "pk_family_goal_progress" PRIMARY KEY,
    "goal_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "recorded_on" TEXT NOT NULL,
    "score" INTEGER NULL,
    "achieved" INTEGER NULL,
    "note" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_family_goal_progress_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_family_goal_progress_family_goals_goal_id" FOREIGN KEY ("goal_id") REFERENCES "family_goals" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_family_goal_progress_child_id" ON "family_goal_progress" ("child_id");
CREATE UNIQUE INDEX "ix_family_goal_progress_goal_id_recorded_on" ON "family_goal_progress" ("goal_id", "recorded_on");

CREATE TABLE "family_session_members" (
    "id" TEXT NOT NULL CONSTRAINT "pk_family_session_members" PRIMARY KEY,
    "session_id" TEXT NOT NULL,
    "family_member_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    CONSTRAINT "fk_family_session_members_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_family_session_members_family_members_family_member_id" FOREIGN KEY ("family_member_id") REFERENCES "family_members" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_family_session_members_key_work_sessions_session_id" FOREIGN KEY ("session_id") REFERENCES "key_work_sessions" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_family_session_members_child_id" ON "family_session_members" ("child_id");
CREATE INDEX "ix_family_session_members_family_member_id" ON "family_session_members" ("family_member_id");
CREATE UNIQUE INDEX "ix_family_session_members_session_id_family_member_id" ON "family_session_members" ("session_id", "family_member_id");
