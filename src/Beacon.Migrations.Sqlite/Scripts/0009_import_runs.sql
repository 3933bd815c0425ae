-- Beacon schema, version 9 (SQLite): uploaded imports kept until imported, so they survive the instance that
-- received them (issue #7 §1). Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE "import_runs" (
    "id" TEXT NOT NULL CONSTRAINT "pk_import_runs" PRIMARY KEY,
    "uploaded_by_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content" BLOB NULL,
    "notifying_police_force_id" TEXT NULL,
    "status" TEXT NOT NULL,
    "lease_owner" TEXT NULL,
    "lease_until" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "rows" INTEGER NOT NULL,
    "created" INTEGER NOT NULL,
    "updated" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "file_problem" TEXT NULL,
    "problems" TEXT NULL,
    "rejected_rows" TEXT NULL,
    "created_at" TEXT NOT NULL,
    "started_at" TEXT NULL,
    "finished_at" TEXT NULL,
    CONSTRAINT "fk_import_runs_users_uploaded_by_id" FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_import_runs_status_created_at" ON "import_runs" ("status", "created_at");
CREATE INDEX "ix_import_runs_uploaded_by_id" ON "import_runs" ("uploaded_by_id");
