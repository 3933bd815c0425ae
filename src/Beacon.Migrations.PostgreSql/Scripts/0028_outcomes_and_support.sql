-- Beacon schema, version 28 (PostgreSQL): outcomes and personalised support (issue #19) — the outcome framework's
-- versions, readings of the outcome measure and their scores per life area. Hand-written from the difference in
-- `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE outcome_frameworks (
    version integer NOT NULL,
    name character varying(200) NOT NULL,
    definition text NOT NULL,
    published_at timestamp with time zone NOT NULL,
    published_by character varying(256) NOT NULL,
    CONSTRAINT pk_outcome_frameworks PRIMARY KEY (version)
);

CREATE TABLE outcome_readings (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    taken_on date NOT NULL,
    framework_version integer NOT NULL,
    next_steps character varying(4000),
    taken_by character varying(256) NOT NULL,
    source character varying(20) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_outcome_readings PRIMARY KEY (id),
    CONSTRAINT fk_outcome_readings_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_outcome_readings_outcome_frameworks_framework_version FOREIGN KEY (framework_version) REFERENCES outcome_frameworks (version) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_outcome_readings_child_id_taken_on ON outcome_readings (child_id, taken_on);
CREATE INDEX ix_outcome_readings_framework_version ON outcome_readings (framework_version);

CREATE TABLE outcome_scores (
    id uuid NOT NULL,
    reading_id uuid NOT NULL,
    child_id uuid NOT NULL,
    area character varying(50) NOT NULL,
    score integer,
    child_words character varying(2000),
    notes character varying(2000),
    CONSTRAINT pk_outcome_scores PRIMARY KEY (id),
    CONSTRAINT fk_outcome_scores_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_outcome_scores_outcome_readings_reading_id FOREIGN KEY (reading_id) REFERENCES outcome_readings (id) ON DELETE CASCADE
);

CREATE INDEX ix_outcome_scores_child_id ON outcome_scores (child_id);
CREATE UNIQUE INDEX ix_outcome_scores_reading_id_area ON outcome_scores (reading_id, area);
