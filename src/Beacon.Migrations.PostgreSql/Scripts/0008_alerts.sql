-- Beacon schema, version 8 (PostgreSQL): alerts and the notification centre (issue #7 §3, docs/decisions/0012).
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

ALTER TABLE users ADD COLUMN locality character varying(100);

CREATE TABLE alert_email_preferences (
    user_id uuid NOT NULL,
    kind character varying(40) NOT NULL,
    CONSTRAINT pk_alert_email_preferences PRIMARY KEY (user_id, kind),
    CONSTRAINT fk_alert_email_preferences_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE TABLE alerts (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind character varying(40) NOT NULL,
    key character varying(200) NOT NULL,
    title character varying(300) NOT NULL,
    link character varying(300) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    read_at timestamp with time zone,
    email_state integer NOT NULL,
    email_attempts integer NOT NULL,
    email_sent_at timestamp with time zone,
    CONSTRAINT pk_alerts PRIMARY KEY (id),
    CONSTRAINT fk_alerts_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_alerts_email_state ON alerts (email_state);
CREATE UNIQUE INDEX ix_alerts_key ON alerts (key);
CREATE INDEX ix_alerts_user_id_read_at ON alerts (user_id, read_at);
