-- Beacon schema, version 4 (SQLite): the responsible authority's own child identifier, for statutory returns.
ALTER TABLE "children" ADD COLUMN "local_authority_child_id" TEXT NULL;

CREATE INDEX "ix_children_responsible_authority_id_local_authority_child_id" ON "children" ("responsible_authority_id", "local_authority_child_id");
