-- Beacon schema, version 17 (SQLite): adults and locations put on a MACE meeting's agenda by hand (issue #5 §2).

CREATE TABLE "panel_agenda_items" (
    "id" TEXT NOT NULL CONSTRAINT "pk_panel_agenda_items" PRIMARY KEY,
    "meeting_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "added_by" TEXT NOT NULL,
    "added_at" TEXT NOT NULL,
    CONSTRAINT "fk_panel_agenda_items_panel_meetings_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "panel_meetings" ("id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "ix_panel_agenda_items_meeting_id_subject" ON "panel_agenda_items" ("meeting_id", "subject");
