-- Beacon schema, version 6 (PostgreSQL): recurring jobs, claimed by one instance at a time (docs/decisions/0011).
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE scheduled_jobs (
    name character varying(100) NOT NULL,
    next_run_at timestamp with time zone NOT NULL,
    lease_owner character varying(200),
    lease_until timestamp with time zone,
    last_started_at timestamp with time zone,
    last_finished_at timestamp with time zone,
    last_outcome character varying(500),
    runs integer NOT NULL,
    CONSTRAINT pk_scheduled_jobs PRIMARY KEY (name)
);
