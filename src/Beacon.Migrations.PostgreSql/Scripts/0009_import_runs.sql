-- Beacon schema, version 9 (PostgreSQL): uploaded imports kept until imported, so they survive the instance that
-- received them (issue #7 §1). Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE import_runs (
    id uuid NOT NULL,
    uploaded_by_id uuid NOT NULL,
    file_name character varying(260) NOT NULL,
    content bytea,
    notifying_police_force_id uuid,
    status character varying(20) NOT NULL,
    lease_owner character varying(200),
    lease_until timestamp with time zone,
    attempts integer NOT NULL,
    rows bigint NOT NULL,
    created bigint NOT NULL,
    updated bigint NOT NULL,
    unchanged bigint NOT NULL,
    rejected bigint NOT NULL,
    file_problem character varying(1000),
    problems text,
    rejected_rows text,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    CONSTRAINT pk_import_runs PRIMARY KEY (id),
    CONSTRAINT fk_import_runs_users_uploaded_by_id FOREIGN KEY (uploaded_by_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_import_runs_status_created_at ON import_runs (status, created_at);
CREATE INDEX ix_import_runs_uploaded_by_id ON import_runs (uploaded_by_id);
