-- Beacon schema, version 34 (SQLite): mentors' training sessions and support (issue #20 §2, §4). A course now has
-- sessions (date, length, trainer, place) and attendance belongs to a session, with whether the mentor completed it;
-- each earlier attendance becomes a session of its own (trainer and place "Not recorded"), completed. Supervision
-- sessions and wellbeing check-ins per mentor (docs/decisions/0022).

CREATE TABLE "training_sessions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_training_sessions" PRIMARY KEY,
    "course_id" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "trainer" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_training_sessions_training_courses_course_id" FOREIGN KEY ("course_id") REFERENCES "training_courses" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_training_sessions_course_id" ON "training_sessions" ("course_id");

INSERT INTO "training_sessions" ("id", "course_id", "held_on", "minutes", "trainer", "place", "recorded_by", "recorded_at")
SELECT "id", "course_id", "attended_on", "minutes", 'Not recorded', 'Not recorded', "recorded_by", "recorded_at" FROM "training_attendances";

CREATE TABLE "training_attendances_34" (
    "id" TEXT NOT NULL CONSTRAINT "pk_training_attendances" PRIMARY KEY,
    "session_id" TEXT NOT NULL,
    "mentor_id" TEXT NOT NULL,
    "completed" INTEGER NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_training_attendances_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_training_attendances_training_sessions_session_id" FOREIGN KEY ("session_id") REFERENCES "training_sessions" ("id") ON DELETE RESTRICT
);

INSERT INTO "training_attendances_34" ("id", "session_id", "mentor_id", "completed", "recorded_by", "recorded_at")
SELECT "id", "id", "mentor_id", 1, "recorded_by", "recorded_at" FROM "training_attendances";

DROP TABLE "training_attendances";

ALTER TABLE "training_attendances_34" RENAME TO "training_attendances";

CREATE INDEX "ix_training_attendances_mentor_id" ON "training_attendances" ("mentor_id");

CREATE UNIQUE INDEX "ix_training_attendances_session_id_mentor_id" ON "training_attendances" ("session_id", "mentor_id");

CREATE TABLE "mentor_supervisions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_mentor_supervisions" PRIMARY KEY,
    "mentor_id" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "supervisor" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_mentor_supervisions_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_mentor_supervisions_mentor_id" ON "mentor_supervisions" ("mentor_id");

CREATE TABLE "mentor_wellbeing_checks" (
    "id" TEXT NOT NULL CONSTRAINT "pk_mentor_wellbeing_checks" PRIMARY KEY,
    "mentor_id" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "concerns" TEXT NULL,
    "actions" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_mentor_wellbeing_checks_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_mentor_wellbeing_checks_mentor_id" ON "mentor_wellbeing_checks" ("mentor_id");
