-- Beacon schema, version 5 (SQLite): actions agreed at intervention meetings, tracked to completion.
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "meeting_actions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_meeting_actions" PRIMARY KEY,
    "meeting_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "owner_agency" TEXT NOT NULL,
    "owner_name" TEXT NULL,
    "due_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "closed_on" TEXT NULL,
    "outcome" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_meeting_actions_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_meeting_actions_intervention_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "intervention_meetings" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_meeting_actions_child_id" ON "meeting_actions" ("child_id");

CREATE INDEX "ix_meeting_actions_meeting_id" ON "meeting_actions" ("meeting_id");

CREATE INDEX "ix_meeting_actions_status_due_on" ON "meeting_actions" ("status", "due_on");
