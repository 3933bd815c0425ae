-- Beacon schema, version 19 (SQLite): police references and police person ids are identifiers of the force that
-- issued them (issue #16 §1–2). A notification is idempotent on (police reference, notifying force), with the
-- references entered without a force unique among themselves; person ids are looked up with their force. A change of
-- responsible or host authority that would take a child out of an organisation's view waits for a provider
-- caseworker to confirm it (authority_changes).

DROP INDEX "ix_episodes_police_reference";

CREATE UNIQUE INDEX "ix_episodes_police_reference_notifying_police_force_id" ON "episodes" ("police_reference", "notifying_police_force_id");

CREATE UNIQUE INDEX "ix_episodes_police_reference_unattributed" ON "episodes" ("police_reference") WHERE notifying_police_force_id IS NULL;

CREATE INDEX "ix_episodes_police_person_id_notifying_police_force_id" ON "episodes" ("police_person_id", "notifying_police_force_id");

CREATE TABLE "authority_changes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_authority_changes" PRIMARY KEY,
    "child_id" TEXT NOT NULL,
    "episode_id" TEXT NOT NULL,
    "host_district_code" TEXT NOT NULL,
    "host_authority_id" TEXT NULL,
    "responsible_authority_id" TEXT NOT NULL,
    "living_situation" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "decided_by_id" TEXT NULL,
    "decided_at" TEXT NULL,
    "created_at" TEXT NOT NULL,
    CONSTRAINT "fk_authority_changes_children_child_id" FOREIGN KEY ("child_id") REFERENCES "children" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_authority_changes_episodes_episode_id" FOREIGN KEY ("episode_id") REFERENCES "episodes" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_authority_changes_child_id" ON "authority_changes" ("child_id");

CREATE INDEX "ix_authority_changes_episode_id" ON "authority_changes" ("episode_id");

CREATE INDEX "ix_authority_changes_status" ON "authority_changes" ("status");
