-- Beacon schema, version 35 (SQLite): participation events and training delivered to partners (issue #20 §5, §6).
-- An event's attendance by children Beacon knows is part of each child's record; facilitators and deliverers are a
-- staff user or a mentor from the register (docs/decisions/0028).
CREATE TABLE "participation_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_participation_events" PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "co_produced" TEXT NOT NULL,
    "you_said_we_did" TEXT NULL,
    "other_attendees" INTEGER NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL
);

CREATE INDEX "ix_participation_events_held_on" ON "participation_events" ("held_on");

CREATE TABLE "participation_attendances" (
    "id" TEXT NOT NULL CONSTRAINT "pk_participation_attendances" PRIMARY KEY,
    "event_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    CONSTRAINT "fk_participation_attendances_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_participation_attendances_participation_events_event_id" FOREIGN KEY ("event_id") REFERENCES "participation_events" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_participation_attendances_child_id" ON "participation_attendances" ("child_id");

CREATE UNIQUE INDEX "ix_participation_attendances_event_id_child_id" ON "participation_attendances" ("event_id", "child_id");

CREATE TABLE "participation_facilitators" (
    "id" TEXT NOT NULL CONSTRAINT "pk_participation_facilitators" PRIMARY KEY,
    "event_id" TEXT NOT NULL,
    "user_id" TEXT NULL,
    "mentor_id" TEXT NULL,
    CONSTRAINT "fk_participation_facilitators_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_participation_facilitators_participation_events_event_id" FOREIGN KEY ("event_id") REFERENCES "participation_events" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_participation_facilitators_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_participation_facilitators_event_id" ON "participation_facilitators" ("event_id");

CREATE INDEX "ix_participation_facilitators_mentor_id" ON "participation_facilitators" ("mentor_id");

CREATE INDEX "ix_participation_facilitators_user_id" ON "participation_facilitators" ("user_id");

CREATE TABLE "partner_trainings" (
    "id" TEXT NOT NULL CONSTRAINT "pk_partner_trainings" PRIMARY KEY,
    "delivered_on" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL
);

CREATE INDEX "ix_partner_trainings_delivered_on" ON "partner_trainings" ("delivered_on");

CREATE TABLE "partner_training_audiences" (
    "id" TEXT NOT NULL CONSTRAINT "pk_partner_training_audiences" PRIMARY KEY,
    "training_id" TEXT NOT NULL,
    "agency" TEXT NOT NULL,
    "attending" INTEGER NOT NULL,
    CONSTRAINT "fk_partner_training_audiences_partner_trainings_training_id" FOREIGN KEY ("training_id") REFERENCES "partner_trainings" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_partner_training_audiences_training_id_agency" ON "partner_training_audiences" ("training_id", "agency");

CREATE TABLE "partner_training_deliverers" (
    "id" TEXT NOT NULL CONSTRAINT "pk_partner_training_deliverers" PRIMARY KEY,
    "training_id" TEXT NOT NULL,
    "user_id" TEXT NULL,
    "mentor_id" TEXT NULL,
    CONSTRAINT "fk_partner_training_deliverers_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_partner_training_deliverers_partner_trainings_training_id" FOREIGN KEY ("training_id") REFERENCES "partner_trainings" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_partner_training_deliverers_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_partner_training_deliverers_mentor_id" ON "partner_training_deliverers" ("mentor_id");

CREATE INDEX "ix_partner_training_deliverers_training_id" ON "partner_training_deliverers" ("training_id");

CREATE INDEX "ix_partner_training_deliverers_user_id" ON "partner_training_deliverers" ("user_id");
