-- Beacon schema, version 33 (SQLite): spot purchases charged (issue #18 §5, ADR 26). A spot-purchased RHI records the
-- council that bought it (the charge goes to that council even if the child's responsible council changes later);
-- interviews bought before this version take the child's responsible council, which the purchase form set to the buyer.
-- A spot-purchase price records who set it and when (each change is also in the audit log).
ALTER TABLE "return_interviews" ADD COLUMN "purchased_by_id" TEXT NULL CONSTRAINT "fk_return_interviews_organisations_purchased_by_id" REFERENCES "organisations" ("id") ON DELETE RESTRICT;

UPDATE "return_interviews" SET "purchased_by_id" = (SELECT c."responsible_authority_id" FROM "children" c WHERE c."id" = "return_interviews"."child_id")
WHERE "is_spot_purchase" = 1;

CREATE INDEX "ix_return_interviews_purchased_by_id" ON "return_interviews" ("purchased_by_id");

ALTER TABLE "spot_purchase_prices" ADD COLUMN "set_by" TEXT NULL;

ALTER TABLE "spot_purchase_prices" ADD COLUMN "set_at" TEXT NULL;
