-- Beacon schema, version 28 (SQLite): outcomes and personalised support (issue #19) — the outcome framework's versions,
-- readings of the outcome measure and their scores per life area. Hand-written from the difference in
-- `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "outcome_frameworks" (
    "version" INTEGER NOT NULL CONSTRAINT "pk_outcome_frameworks" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "published_at" TEXT NOT NULL,
    "published_by" TEXT NOT NULL
);

CREATE TABLE "outcome_readings" (
    "id" TEXT NOT NULL CONSTRAINT "pk_outcome_readings" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "taken_on" TEXT NOT NULL,
    "framework_version" INTEGER NOT NULL,
    "next_steps" TEXT NULL,
    "taken_by" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_outcome_readings_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_outcome_readings_outcome_frameworks_framework_version" FOREIGN KEY ("framework_version") REFERENCES "outcome_frameworks" ("version") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_outcome_readings_child_id_taken_on" ON "outcome_readings" ("child_id", "taken_on");
CREATE INDEX "ix_outcome_readings_framework_version" ON "outcome_readings" ("framework_version");

CREATE TABLE "outcome_scores" (
    "id" TEXT NOT NULL CONSTRAINT "pk_outcome_scores" PRIMARY KEY,
    "reading_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "score" INTEGER NULL,
    "child_words" TEXT NULL,
    "notes" TEXT NULL,
    CONSTRAINT "fk_outcome_scores_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_outcome_scores_outcome_readings_reading_id" FOREIGN KEY ("reading_id") REFERENCES "outcome_readings" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_outcome_scores_child_id" ON "outcome_scores" ("child_id");
CREATE UNIQUE INDEX "ix_outcome_scores_reading_id_area" ON "outcome_scores" ("reading_id", "area");
