-- Beacon schema, version 29 (SQLite): mentors and volunteers (issue #20). The register with its status history and
-- vetting, training courses and attendance, matches of mentors to children and the mentors' contacts. The old
-- children.matched_mentor_id link becomes records: each linked user gets a register entry (id = the user's id, active,
-- vetting not recorded, so they cannot be matched again until vetted) and each linked child a current match (id = the
-- child's id) dated from the child's record; then the column goes (docs/decisions/0022).
CREATE TABLE "mentors" (
    "id" TEXT NOT NULL CONSTRAINT "pk_mentors" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NULL,
    "phone" TEXT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "user_id" TEXT NULL,
    "skills" TEXT NULL,
    "areas" TEXT NULL,
    "availability" TEXT NULL,
    "dbs_checked_on" TEXT NULL,
    "dbs_certificate_number" TEXT NULL,
    "dbs_renewal_due_on" TEXT NULL,
    "references_received" INTEGER NOT NULL,
    "safeguarding_trained_on" TEXT NULL,
    "safeguarding_due_on" TEXT NULL,
    "agreement_signed_on" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_mentors_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_mentors_user_id" ON "mentors" ("user_id");

CREATE TABLE "mentor_status_changes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_mentor_status_changes" PRIMARY KEY,
    "mentor_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "changed_on" TEXT NOT NULL,
    "reason" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_mentor_status_changes_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_mentor_status_changes_mentor_id" ON "mentor_status_changes" ("mentor_id");

CREATE TABLE "mentor_matches" (
    "id" TEXT NOT NULL CONSTRAINT "pk_mentor_matches" PRIMARY KEY,
    "mentor_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "started_on" TEXT NOT NULL,
    "child_agreed_on" TEXT NOT NULL,
    "council_agreed_on" TEXT NULL,
    "council_agreed_by" TEXT NULL,
    "goals" TEXT NOT NULL,
    "ended_on" TEXT NULL,
    "end_reason" TEXT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_mentor_matches_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_mentor_matches_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_mentor_matches_child_id" ON "mentor_matches" ("child_id");

CREATE INDEX "ix_mentor_matches_mentor_id" ON "mentor_matches" ("mentor_id");

CREATE TABLE "mentor_contacts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_mentor_contacts" PRIMARY KEY,
    "match_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "held_on" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    "safeguarding_concern" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_mentor_contacts_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_mentor_contacts_mentor_matches_match_id" FOREIGN KEY ("match_id") REFERENCES "mentor_matches" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_mentor_contacts_child_id" ON "mentor_contacts" ("child_id");

CREATE INDEX "ix_mentor_contacts_match_id" ON "mentor_contacts" ("match_id");

CREATE TABLE "training_courses" (
    "id" TEXT NOT NULL CONSTRAINT "pk_training_courses" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "validity_months" INTEGER NULL
);

CREATE UNIQUE INDEX "ix_training_courses_name" ON "training_courses" ("name");

CREATE TABLE "training_attendances" (
    "id" TEXT NOT NULL CONSTRAINT "pk_training_attendances" PRIMARY KEY,
    "course_id" TEXT NOT NULL,
    "mentor_id" TEXT NOT NULL,
    "attended_on" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_training_attendances_mentors_mentor_id" FOREIGN KEY ("mentor_id") REFERENCES "mentors" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_training_attendances_training_courses_course_id" FOREIGN KEY ("course_id") REFERENCES "training_courses" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_training_attendances_course_id" ON "training_attendances" ("course_id");

CREATE INDEX "ix_training_attendances_mentor_id" ON "training_attendances" ("mentor_id");

INSERT INTO "mentors" ("id", "name", "email", "kind", "status", "user_id", "references_received", "created_at", "updated_at", "version")
SELECT u."id", u."display_name", u."email", 'mentor', 'active', u."id", 0, u."created_at", u."created_at", 0
FROM "users" u WHERE u."id" IN (SELECT "matched_mentor_id" FROM "children" WHERE "matched_mentor_id" IS NOT NULL);

INSERT INTO "mentor_status_changes" ("id", "mentor_id", "status", "changed_on", "reason", "recorded_by", "recorded_at")
SELECT m."id", m."id", 'active', substr(m."created_at", 1, 10), 'Carried over from the earlier mentor link (schema version 29)', 'migration', m."created_at"
FROM "mentors" m;

INSERT INTO "mentor_matches" ("id", "mentor_id", "child_id", "started_on", "child_agreed_on", "goals", "created_by", "created_at", "version")
SELECT c."id", c."matched_mentor_id", c."id", substr(c."created_at", 1, 10), substr(c."created_at", 1, 10),
       'Carried over from the earlier mentor link (goals and agreements not recorded)', 'migration', c."created_at", 0
FROM "children" c WHERE c."matched_mentor_id" IN (SELECT "id" FROM "mentors");

ALTER TABLE "children" DROP COLUMN "matched_mentor_id";
