-- Beacon schema, version 1 (SQLite). Hand-maintained: started from `beacon dev schema-script`, then reviewed.
-- Never edit after release; add a new NNNN_name.sql instead (docs/decisions/0003-hand-written-sql-migrations.md).

CREATE TABLE "audit_entries" (
    "sequence" INTEGER NOT NULL CONSTRAINT "pk_audit_entries" PRIMARY KEY,
    "occurred_at" TEXT NOT NULL,
    "user_id" TEXT NULL,
    "user_name" TEXT NOT NULL,
    "organisation_code" TEXT NULL,
    "action" TEXT NOT NULL,
    "record_type" TEXT NOT NULL,
    "record_id" TEXT NULL,
    "outcome" TEXT NOT NULL,
    "ip_address" TEXT NULL,
    "details" TEXT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NOT NULL
);

CREATE TABLE "organisations" (
    "id" TEXT NOT NULL CONSTRAINT "pk_organisations" PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "dfe_la_number" INTEGER NULL,
    "gss_code" TEXT NULL,
    "is_active" INTEGER NOT NULL
);

CREATE TABLE "roles" (
    "id" TEXT NOT NULL CONSTRAINT "pk_roles" PRIMARY KEY,
    "name" TEXT NULL,
    "normalized_name" TEXT NULL,
    "concurrency_stamp" TEXT NULL
);

CREATE TABLE "areas" (
    "gss_code" TEXT NOT NULL CONSTRAINT "pk_areas" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parent_gss_code" TEXT NULL,
    "locality" TEXT NULL,
    "authority_id" TEXT NOT NULL,
    CONSTRAINT "fk_areas_organisations_authority_id" FOREIGN KEY ("authority_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "display_name" TEXT NOT NULL,
    "organisation_id" TEXT NOT NULL,
    "team" TEXT NULL,
    "is_demo" INTEGER NOT NULL,
    "is_service_account" INTEGER NOT NULL,
    "created_at" TEXT NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" TEXT NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL,
    CONSTRAINT "fk_users_organisations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "role_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_role_claims" PRIMARY KEY AUTOINCREMENT,
    "role_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_role_claims_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE
);

CREATE TABLE "children" (
    "id" TEXT NOT NULL CONSTRAINT "pk_children" PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "given_name" TEXT NOT NULL,
    "family_name" TEXT NOT NULL,
    "date_of_birth" TEXT NOT NULL,
    "gender" TEXT NOT NULL,
    "ethnicity_code" TEXT NULL,
    "nhs_number" TEXT NULL,
    "police_person_id" TEXT NULL,
    "host_district_code" TEXT NOT NULL,
    "host_authority_id" TEXT NULL,
    "responsible_authority_id" TEXT NOT NULL,
    "living_situation" TEXT NOT NULL,
    "notifying_police_force_id" TEXT NULL,
    "matched_mentor_id" TEXT NULL,
    "allocated_worker_id" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "fk_children_areas_host_district_code" FOREIGN KEY ("host_district_code") REFERENCES "areas" ("gss_code") ON DELETE RESTRICT,
    CONSTRAINT "fk_children_organisations_host_authority_id" FOREIGN KEY ("host_authority_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_children_organisations_notifying_police_force_id" FOREIGN KEY ("notifying_police_force_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_children_organisations_responsible_authority_id" FOREIGN KEY ("responsible_authority_id") REFERENCES "organisations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    "last_used_at" TEXT NULL,
    "revoked_at" TEXT NULL,
    CONSTRAINT "fk_api_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_user_claims_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_user_logins_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_roles" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_roles" PRIMARY KEY ("user_id", "role_id"),
    CONSTRAINT "fk_user_roles_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_user_roles_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_user_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_api_tokens_prefix" ON "api_tokens" ("prefix");

CREATE INDEX "ix_api_tokens_user_id" ON "api_tokens" ("user_id");

CREATE INDEX "ix_areas_authority_id" ON "areas" ("authority_id");

CREATE INDEX "ix_audit_entries_occurred_at" ON "audit_entries" ("occurred_at");

CREATE INDEX "ix_audit_entries_record_type_record_id" ON "audit_entries" ("record_type", "record_id");

CREATE INDEX "ix_audit_entries_user_id" ON "audit_entries" ("user_id");

CREATE INDEX "ix_children_family_name_given_name" ON "children" ("family_name", "given_name");

CREATE INDEX "ix_children_host_authority_id" ON "children" ("host_authority_id");

CREATE INDEX "ix_children_host_district_code" ON "children" ("host_district_code");

CREATE INDEX "ix_children_nhs_number" ON "children" ("nhs_number");

CREATE INDEX "ix_children_notifying_police_force_id" ON "children" ("notifying_police_force_id");

CREATE INDEX "ix_children_police_person_id" ON "children" ("police_person_id");

CREATE UNIQUE INDEX "ix_children_reference" ON "children" ("reference");

CREATE INDEX "ix_children_responsible_authority_id" ON "children" ("responsible_authority_id");

CREATE UNIQUE INDEX "ix_organisations_code" ON "organisations" ("code");

CREATE UNIQUE INDEX "ix_organisations_dfe_la_number" ON "organisations" ("dfe_la_number");

CREATE INDEX "ix_role_claims_role_id" ON "role_claims" ("role_id");

CREATE UNIQUE INDEX "role_name_index" ON "roles" ("normalized_name");

CREATE INDEX "ix_user_claims_user_id" ON "user_claims" ("user_id");

CREATE INDEX "ix_user_logins_user_id" ON "user_logins" ("user_id");

CREATE INDEX "ix_user_roles_role_id" ON "user_roles" ("role_id");

CREATE INDEX "email_index" ON "users" ("normalized_email");

CREATE INDEX "ix_users_organisation_id" ON "users" ("organisation_id");

CREATE UNIQUE INDEX "user_name_index" ON "users" ("normalized_user_name");


-- The audit log is append-only (issue #2 §6): the database refuses changes and deletions.
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
