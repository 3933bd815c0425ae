-- Beacon schema, version 20 (SQLite): sign-in back-off and role grants awaiting a second administrator (issue #16 §7, §9;
-- docs/decisions/0005). Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "sign_in_failures" (
    "id" TEXT NOT NULL CONSTRAINT "pk_sign_in_failures" PRIMARY KEY,
    "account_key" TEXT NOT NULL,
    "address_key" TEXT NOT NULL,
    "failed_at" TEXT NOT NULL
);

CREATE INDEX "ix_sign_in_failures_account_key_address_key" ON "sign_in_failures" ("account_key", "address_key");
CREATE INDEX "ix_sign_in_failures_failed_at" ON "sign_in_failures" ("failed_at");

CREATE TABLE "pending_role_grants" (
    "id" TEXT NOT NULL CONSTRAINT "pk_pending_role_grants" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "roles" TEXT NOT NULL,
    "requested_by_id" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TEXT NOT NULL,
    "decided_by" TEXT NULL,
    "decided_at" TEXT NULL,
    "approved" INTEGER NULL,
    CONSTRAINT "fk_pending_role_grants_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_pending_role_grants_user_id" ON "pending_role_grants" ("user_id");
