-- Beacon schema, version 8 (SQLite): alerts and the notification centre (issue #7 §3, docs/decisions/0012).
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

ALTER TABLE "users" ADD COLUMN "locality" TEXT NULL;

CREATE TABLE "alert_email_preferences" (
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    CONSTRAINT "pk_alert_email_preferences" PRIMARY KEY ("user_id", "kind"),
    CONSTRAINT "fk_alert_email_preferences_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "alerts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_alerts" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "created_at" TEXT NOT NULL,
    "read_at" TEXT NULL,
    "email_state" INTEGER NOT NULL,
    "email_attempts" INTEGER NOT NULL,
    "email_sent_at" TEXT NULL,
    CONSTRAINT "fk_alerts_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_alerts_email_state" ON "alerts" ("email_state");
CREATE UNIQUE INDEX "ix_alerts_key" ON "alerts" ("key");
CREATE INDEX "ix_alerts_user_id_read_at" ON "alerts" ("user_id", "read_at");
