-- Beacon schema, version 20 (PostgreSQL): sign-in back-off and role grants awaiting a second administrator (issue #16
-- §7, §9; docs/decisions/0005). Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE sign_in_failures (
    id uuid NOT NULL,
    account_key character varying(64) NOT NULL,
    address_key character varying(64) NOT NULL,
    failed_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_sign_in_failures PRIMARY KEY (id)
);

CREATE INDEX ix_sign_in_failures_account_key_address_key ON sign_in_failures (account_key, address_key);
CREATE INDEX ix_sign_in_failures_failed_at ON sign_in_failures (failed_at);

CREATE TABLE pending_role_grants (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    roles character varying(300) NOT NULL,
    requested_by_id uuid NOT NULL,
    requested_by character varying(256) NOT NULL,
    requested_at timestamp with time zone NOT NULL,
    decided_by character varying(256),
    decided_at timestamp with time zone,
    approved boolean,
    CONSTRAINT pk_pending_role_grants PRIMARY KEY (id),
    CONSTRAINT fk_pending_role_grants_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_pending_role_grants_user_id ON pending_role_grants (user_id);
