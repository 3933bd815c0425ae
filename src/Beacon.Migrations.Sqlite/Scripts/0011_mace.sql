-- Beacon schema, version 11 (SQLite): MACE panels (issue #5 §2-3) — panels, meetings, per-child discussions, adults and
-- locations of concern, disruption actions, the association map and partner flags for the vulnerability cross-reference.
-- Panel-only tables are filtered to panel roles in the application (docs/decisions/0013).

CREATE TABLE "mace_panels" (
    "name" TEXT NOT NULL CONSTRAINT "pk_mace_panels" PRIMARY KEY,
    "chair_name" TEXT NULL,
    "core_members" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "panel_meetings" (
    "id" TEXT NOT NULL CONSTRAINT "pk_panel_meetings" PRIMARY KEY,
    "panel" TEXT NOT NULL,
    "meeting_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "minutes" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_panel_meetings_mace_panels_panel" FOREIGN KEY ("panel") REFERENCES "mace_panels" ("name") ON DELETE RESTRICT
);

CREATE INDEX "ix_panel_meetings_panel_meeting_on" ON "panel_meetings" ("panel", "meeting_on");

CREATE TABLE "adults_of_concern" (
    "id" TEXT NOT NULL CONSTRAINT "pk_adults_of_concern" PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT NULL,
    "description" TEXT NULL,
    "vehicles" TEXT NULL,
    "phone_numbers" TEXT NULL,
    "area" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ix_adults_of_concern_reference" ON "adults_of_concern" ("reference");

CREATE TABLE "locations_of_concern" (
    "id" TEXT NOT NULL CONSTRAINT "pk_locations_of_concern" PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT NULL,
    "district_code" TEXT NULL,
    "description" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "ix_locations_of_concern_reference" ON "locations_of_concern" ("reference");

CREATE TABLE "panel_discussions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_panel_discussions" PRIMARY KEY,
    "meeting_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "since_last_time" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_panel_discussions_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_panel_discussions_panel_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "panel_meetings" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_panel_discussions_child_id" ON "panel_discussions" ("child_id");

CREATE INDEX "ix_panel_discussions_meeting_id_child_id" ON "panel_discussions" ("meeting_id", "child_id");

CREATE TABLE "disruption_actions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_disruption_actions" PRIMARY KEY,
    "meeting_id" TEXT NOT NULL,
    "panel" TEXT NOT NULL,
    "child_id" TEXT NULL,
    "adult_id" TEXT NULL,
    "location_id" TEXT NULL,
    "owner_agency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "due_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_disruption_actions_adults_of_concern_adult_id" FOREIGN KEY ("adult_id") REFERENCES "adults_of_concern" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_disruption_actions_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_disruption_actions_locations_of_concern_location_id" FOREIGN KEY ("location_id") REFERENCES "locations_of_concern" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_disruption_actions_panel_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "panel_meetings" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_disruption_actions_adult_id" ON "disruption_actions" ("adult_id");

CREATE INDEX "ix_disruption_actions_child_id" ON "disruption_actions" ("child_id");

CREATE INDEX "ix_disruption_actions_location_id" ON "disruption_actions" ("location_id");

CREATE INDEX "ix_disruption_actions_meeting_id" ON "disruption_actions" ("meeting_id");

CREATE INDEX "ix_disruption_actions_status_due_on" ON "disruption_actions" ("status", "due_on");

CREATE TABLE "associations" (
    "id" TEXT NOT NULL CONSTRAINT "pk_associations" PRIMARY KEY,
    "from_subject" TEXT NOT NULL,
    "to_subject" TEXT NOT NULL,
    "link_type" TEXT NOT NULL,
    "observed_on" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "grading" TEXT NOT NULL,
    "notes" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL
);

CREATE INDEX "ix_associations_from_subject" ON "associations" ("from_subject");

CREATE INDEX "ix_associations_to_subject" ON "associations" ("to_subject");

CREATE TABLE "child_flags" (
    "id" TEXT NOT NULL CONSTRAINT "pk_child_flags" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NULL,
    "source_agency" TEXT NOT NULL,
    "recorded_on" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_child_flags_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_child_flags_child_id" ON "child_flags" ("child_id");
