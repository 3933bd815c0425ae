-- Beacon schema, version 3 (SQLite): repeat-missing intervention meetings.
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "intervention_meetings" (
    "id" TEXT NOT NULL CONSTRAINT "pk_intervention_meetings" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "crossed_on" TEXT NOT NULL,
    "trigger_episode_id" TEXT NOT NULL,
    "due_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "held_on" TEXT NULL,
    "chair" TEXT NULL,
    "attendees" TEXT NULL,
    "risks_discussed" TEXT NULL,
    "actions" TEXT NULL,
    "next_review_on" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_intervention_meetings_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_intervention_meetings_episodes_trigger_episode_id" FOREIGN KEY ("trigger_episode_id") REFERENCES "episodes" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_intervention_meetings_child_id_level" ON "intervention_meetings" ("child_id", "level");

CREATE INDEX "ix_intervention_meetings_status_due_on" ON "intervention_meetings" ("status", "due_on");

CREATE INDEX "ix_intervention_meetings_trigger_episode_id" ON "intervention_meetings" ("trigger_episode_id");
