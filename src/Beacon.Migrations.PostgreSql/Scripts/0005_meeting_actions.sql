-- Beacon schema, version 5 (PostgreSQL): actions agreed at intervention meetings, tracked to completion.
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE meeting_actions (
    id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    child_id uuid NOT NULL,
    description character varying(1000) NOT NULL,
    owner_agency character varying(200) NOT NULL,
    owner_name character varying(200),
    due_on date NOT NULL,
    status character varying(20) NOT NULL,
    closed_on date,
    outcome character varying(2000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_meeting_actions PRIMARY KEY (id),
    CONSTRAINT fk_meeting_actions_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_meeting_actions_intervention_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES intervention_meetings (id) ON DELETE RESTRICT
);

CREATE INDEX ix_meeting_actions_child_id ON meeting_actions (child_id);

CREATE INDEX ix_meeting_actions_meeting_id ON meeting_actions (meeting_id);

CREATE INDEX ix_meeting_actions_status_due_on ON meeting_actions (status, due_on);
