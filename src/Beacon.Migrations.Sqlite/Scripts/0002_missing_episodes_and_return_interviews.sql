-- Beacon schema, version 2 (SQLite): missing episodes, possible child matches, Return Home Interviews, attempts, sharing.
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "match_proposals" (
    "id" TEXT NOT NULL CONSTRAINT "pk_match_proposals" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "candidate_child_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "moved_episode_ids" TEXT NULL,
    "decided_by_id" TEXT NULL,
    "decided_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_match_proposals_children_candidate_child_id" FOREIGN KEY ("candidate_child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_match_proposals_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE TABLE "return_interviews" (
    "id" TEXT NOT NULL CONSTRAINT "pk_return_interviews" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "first_returned_at" TEXT NOT NULL,
    "due_at" TEXT NOT NULL,
    "assigned_to_id" TEXT NULL,
    "offered_at" TEXT NULL,
    "closed_at" TEXT NULL,
    "declined_by" TEXT NULL,
    "not_offered_reason" TEXT NULL,
    "outcome_note" TEXT NULL,
    "method" TEXT NULL,
    "venue" TEXT NULL,
    "interviewed_at" TEXT NULL,
    "reasons" TEXT NULL,
    "primary_reason" TEXT NULL,
    "push_factors" TEXT NULL,
    "pull_factors" TEXT NULL,
    "where_went" TEXT NULL,
    "with_whom" TEXT NULL,
    "travel" TEXT NULL,
    "harm" TEXT NULL,
    "exploitation_indicators" TEXT NULL,
    "childs_words" TEXT NULL,
    "actions_agreed" TEXT NULL,
    "referrals_made" TEXT NULL,
    "submitted_at" TEXT NULL,
    "submitted_by_id" TEXT NULL,
    "reviewed_at" TEXT NULL,
    "reviewed_by_id" TEXT NULL,
    "is_spot_purchase" INTEGER NOT NULL,
    "legacy_reference" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_return_interviews_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT
);

CREATE TABLE "episodes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_episodes" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "police_reference" TEXT NOT NULL,
    "police_person_id" TEXT NULL,
    "given_name" TEXT NOT NULL,
    "family_name" TEXT NOT NULL,
    "date_of_birth" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "ethnicity_code" TEXT NULL,
    "nhs_number" TEXT NULL,
    "host_district_code" TEXT NOT NULL,
    "living_situation" TEXT NOT NULL,
    "responsible_authority_id" TEXT NOT NULL,
    "reported_missing_at" TEXT NOT NULL,
    "returned_at" TEXT NULL,
    "missing_or_absent" TEXT NOT NULL,
    "police_risk" TEXT NOT NULL,
    "prevention_interview_at" TEXT NULL,
    "notified_at" TEXT NOT NULL,
    "circumstances" TEXT NULL,
    "notifying_police_force_id" TEXT NULL,
    "return_interview_id" TEXT NULL,
    "source" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    CONSTRAINT "fk_episodes_areas_host_district_code" FOREIGN KEY ("host_district_code") REFERENCES "areas" ("gss_code") ON DELETE RESTRICT,
    CONSTRAINT "fk_episodes_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_episodes_organisations_responsible_authority_id" FOREIGN KEY ("responsible_authority_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_episodes_return_interviews_return_interview_id" FOREIGN KEY ("return_interview_id") REFERENCES "return_interviews" ("id") ON DELETE RESTRICT
);

CREATE TABLE "rhi_attempts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_rhi_attempts" PRIMARY KEY,
    "return_interview_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "attempted_at" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "note" TEXT NULL,
    "recorded_by_id" TEXT NULL,
    "recorded_by_name" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_rhi_attempts_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_rhi_attempts_return_interviews_return_interview_id" FOREIGN KEY ("return_interview_id") REFERENCES "return_interviews" ("id") ON DELETE RESTRICT
);

CREATE TABLE "rhi_shares" (
    "id" TEXT NOT NULL CONSTRAINT "pk_rhi_shares" PRIMARY KEY,
    "return_interview_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "shared_at" TEXT NOT NULL,
    "first_viewed_at" TEXT NULL,
    CONSTRAINT "fk_rhi_shares_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_rhi_shares_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_rhi_shares_return_interviews_return_interview_id" FOREIGN KEY ("return_interview_id") REFERENCES "return_interviews" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_episodes_child_id" ON "episodes" ("child_id");

CREATE INDEX "ix_episodes_host_district_code" ON "episodes" ("host_district_code");

CREATE INDEX "ix_episodes_notified_at" ON "episodes" ("notified_at");

CREATE UNIQUE INDEX "ix_episodes_police_reference" ON "episodes" ("police_reference");

CREATE INDEX "ix_episodes_responsible_authority_id" ON "episodes" ("responsible_authority_id");

CREATE INDEX "ix_episodes_return_interview_id" ON "episodes" ("return_interview_id");

CREATE INDEX "ix_match_proposals_candidate_child_id" ON "match_proposals" ("candidate_child_id");

CREATE INDEX "ix_match_proposals_child_id" ON "match_proposals" ("child_id");

CREATE INDEX "ix_return_interviews_assigned_to_id" ON "return_interviews" ("assigned_to_id");

CREATE INDEX "ix_return_interviews_child_id" ON "return_interviews" ("child_id");

CREATE INDEX "ix_return_interviews_legacy_reference" ON "return_interviews" ("legacy_reference");

CREATE UNIQUE INDEX "ix_return_interviews_reference" ON "return_interviews" ("reference");

CREATE INDEX "ix_return_interviews_status_due_at" ON "return_interviews" ("status", "due_at");

CREATE INDEX "ix_rhi_attempts_child_id" ON "rhi_attempts" ("child_id");

CREATE INDEX "ix_rhi_attempts_return_interview_id" ON "rhi_attempts" ("return_interview_id");

CREATE INDEX "ix_rhi_shares_child_id" ON "rhi_shares" ("child_id");

CREATE INDEX "ix_rhi_shares_organisation_id" ON "rhi_shares" ("organisation_id");

CREATE UNIQUE INDEX "ix_rhi_shares_return_interview_id_organisation_id" ON "rhi_shares" ("return_interview_id", "organisation_id");

-- Children: reversible merges, and matching by date of birth.
ALTER TABLE "children" ADD COLUMN "merged_into_id" TEXT NULL;

CREATE INDEX "ix_children_date_of_birth" ON "children" ("date_of_birth");
