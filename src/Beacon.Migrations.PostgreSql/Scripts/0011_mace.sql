-- Beacon schema, version 11 (PostgreSQL): MACE panels (issue #5 §2-3) — panels, meetings, per-child discussions, adults
-- and locations of concern, disruption actions, the association map and partner flags for the vulnerability
-- cross-reference. Panel-only tables are filtered to panel roles in the application (docs/decisions/0013).

CREATE TABLE mace_panels (
    name character varying(100) NOT NULL,
    chair_name character varying(200),
    core_members character varying(4000) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_mace_panels PRIMARY KEY (name)
);

CREATE TABLE panel_meetings (
    id uuid NOT NULL,
    panel character varying(100) NOT NULL,
    meeting_on date NOT NULL,
    status character varying(20) NOT NULL,
    minutes character varying(20000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_panel_meetings PRIMARY KEY (id),
    CONSTRAINT fk_panel_meetings_mace_panels_panel FOREIGN KEY (panel) REFERENCES mace_panels (name) ON DELETE RESTRICT
);

CREATE INDEX ix_panel_meetings_panel_meeting_on ON panel_meetings (panel, meeting_on);

CREATE TABLE adults_of_concern (
    id uuid NOT NULL,
    reference character varying(20) NOT NULL,
    name character varying(200) NOT NULL,
    aliases character varying(1000),
    description character varying(4000),
    vehicles character varying(1000),
    phone_numbers character varying(1000),
    area character varying(200),
    recorded_by character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_adults_of_concern PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_adults_of_concern_reference ON adults_of_concern (reference);

CREATE TABLE locations_of_concern (
    id uuid NOT NULL,
    reference character varying(20) NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(40) NOT NULL,
    address character varying(500),
    district_code character varying(9),
    description character varying(4000),
    recorded_by character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_locations_of_concern PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_locations_of_concern_reference ON locations_of_concern (reference);

CREATE TABLE panel_discussions (
    id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    child_id uuid NOT NULL,
    decision character varying(4000) NOT NULL,
    since_last_time character varying(4000),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_panel_discussions PRIMARY KEY (id),
    CONSTRAINT fk_panel_discussions_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_panel_discussions_panel_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES panel_meetings (id) ON DELETE RESTRICT
);

CREATE INDEX ix_panel_discussions_child_id ON panel_discussions (child_id);

CREATE INDEX ix_panel_discussions_meeting_id_child_id ON panel_discussions (meeting_id, child_id);

CREATE TABLE disruption_actions (
    id uuid NOT NULL,
    meeting_id uuid NOT NULL,
    panel character varying(100) NOT NULL,
    child_id uuid,
    adult_id uuid,
    location_id uuid,
    owner_agency character varying(200) NOT NULL,
    description character varying(2000) NOT NULL,
    due_on date NOT NULL,
    status character varying(20) NOT NULL,
    outcome character varying(2000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_disruption_actions PRIMARY KEY (id),
    CONSTRAINT fk_disruption_actions_adults_of_concern_adult_id FOREIGN KEY (adult_id) REFERENCES adults_of_concern (id) ON DELETE RESTRICT,
    CONSTRAINT fk_disruption_actions_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_disruption_actions_locations_of_concern_location_id FOREIGN KEY (location_id) REFERENCES locations_of_concern (id) ON DELETE RESTRICT,
    CONSTRAINT fk_disruption_actions_panel_meetings_meeting_id FOREIGN KEY (meeting_id) REFERENCES panel_meetings (id) ON DELETE RESTRICT
);

CREATE INDEX ix_disruption_actions_adult_id ON disruption_actions (adult_id);

CREATE INDEX ix_disruption_actions_child_id ON disruption_actions (child_id);

CREATE INDEX ix_disruption_actions_location_id ON disruption_actions (location_id);

CREATE INDEX ix_disruption_actions_meeting_id ON disruption_actions (meeting_id);

CREATE INDEX ix_disruption_actions_status_due_on ON disruption_actions (status, due_on);

CREATE TABLE associations (
    id uuid NOT NULL,
    from_subject character varying(60) NOT NULL,
    to_subject character varying(60) NOT NULL,
    link_type character varying(40) NOT NULL,
    observed_on date NOT NULL,
    source character varying(40) NOT NULL,
    grading character varying(2) NOT NULL,
    notes character varying(2000),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_associations PRIMARY KEY (id)
);

CREATE INDEX ix_associations_from_subject ON associations (from_subject);

CREATE INDEX ix_associations_to_subject ON associations (to_subject);

CREATE TABLE child_flags (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    kind character varying(40) NOT NULL,
    detail character varying(1000),
    source_agency character varying(200) NOT NULL,
    recorded_on date NOT NULL,
    recorded_by character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_child_flags PRIMARY KEY (id),
    CONSTRAINT fk_child_flags_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE INDEX ix_child_flags_child_id ON child_flags (child_id);
