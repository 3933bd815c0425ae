-- Beacon schema, version 15 (SQLite): risk reassessments of open exploitation referrals (issue #5 §1: every six
-- weeks while open, configurable; risk over time on the child's record).

CREATE TABLE "risk_reviews" (
    "id" TEXT NOT NULL CONSTRAINT "pk_risk_reviews" PRIMARY KEY,
    "referral_id" TEXT NOT NULL,
    "child_id" TEXT NOT NULL,
    "reviewed_on" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "reviewed_by" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_risk_reviews_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_risk_reviews_referrals_referral_id" FOREIGN KEY ("referral_id") REFERENCES "referrals" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_risk_reviews_child_id" ON "risk_reviews" ("child_id");

CREATE INDEX "ix_risk_reviews_referral_id" ON "risk_reviews" ("referral_id");
