-- Beacon schema, version 31 (SQLite): onward referrals and place-based resources (issue #19 §3) — the provider's
-- directory of community resources and services, children's onward referrals to them and each referral's dated status
-- history. Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "community_resources" (
    "id" TEXT NOT NULL CONSTRAINT "pk_community_resources" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "districts" TEXT NULL,
    "min_age" INTEGER NULL,
    "max_age" INTEGER NULL,
    "contact" TEXT NULL,
    "referral_route" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL
);

CREATE UNIQUE INDEX "ix_community_resources_name" ON "community_resources" ("name");

CREATE TABLE "onward_referrals" (
    "id" TEXT NOT NULL CONSTRAINT "pk_onward_referrals" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "source_id" TEXT NULL,
    "made_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_on" TEXT NOT NULL,
    "notes" TEXT NULL,
    "made_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_onward_referrals_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_onward_referrals_community_resources_resource_id" FOREIGN KEY ("resource_id") REFERENCES "community_resources" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_onward_referrals_child_id" ON "onward_referrals" ("child_id");
CREATE INDEX "ix_onward_referrals_made_on" ON "onward_referrals" ("made_on");
CREATE INDEX "ix_onward_referrals_resource_id" ON "onward_referrals" ("resource_id");

CREATE TABLE "onward_referral_steps" (
    "id" TEXT NOT NULL CONSTRAINT "pk_onward_referral_steps" PRIMARY KEY,
    "onward_referral_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "on" TEXT NOT NULL,
    "note" TEXT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TEXT NOT NULL,
    CONSTRAINT "fk_onward_referral_steps_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_onward_referral_steps_onward_referrals_onward_referral_id" FOREIGN KEY ("onward_referral_id") REFERENCES "onward_referrals" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_onward_referral_steps_child_id" ON "onward_referral_steps" ("child_id");
CREATE INDEX "ix_onward_referral_steps_onward_referral_id" ON "onward_referral_steps" ("onward_referral_id");
