-- Beacon schema, version 3 (PostgreSQL): repeat-missing intervention meetings.
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE intervention_meetings (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    level integer NOT NULL,
    crossed_on date NOT NULL,
    trigger_episode_id uuid NOT NULL,
    due_on date NOT NULL,
    status character varying(20) NOT NULL,
    held_on date,
    chair character varying(200),
    attendees text,
    risks_discussed text,
    actions text,
    next_review_on date,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_intervention_meetings PRIMARY KEY (id),
    CONSTRAINT fk_intervention_meetings_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_intervention_meetings_episodes_trigger_episode_id FOREIGN KEY (trigger_episode_id) REFERENCES episodes (id) ON DELETE RESTRICT
);

CREATE INDEX ix_intervention_meetings_child_id_level ON intervention_meetings (child_id, level);

CREATE INDEX ix_intervention_meetings_status_due_on ON intervention_meetings (status, due_on);

CREATE INDEX ix_intervention_meetings_trigger_episode_id ON intervention_meetings (trigger_episode_id);
