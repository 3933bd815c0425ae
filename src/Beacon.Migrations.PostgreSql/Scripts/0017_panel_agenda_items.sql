-- Beacon schema, version 17 (PostgreSQL): adults and locations put on a MACE meeting's agenda by hand (issue #5 §2).

CREATE TABLE panel_agenda_items (
    id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    subject character varying(60) NOT NULL,
    added_by character varying(256) NOT NULL,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_panel_agenda_items PRIMARY KEY (id),
    CONSTRAINT fk_panel_agenda_items_panel_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES panel_meetings (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_panel_agenda_items_meeting_id_subject ON panel_agenda_items (meeting_id, subject);
