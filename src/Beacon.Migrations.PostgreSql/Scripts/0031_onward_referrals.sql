-- Beacon schema, version 31 (PostgreSQL): onward referrals and place-based resources (issue #19 §3) — the provider's
-- directory of community resources and services, children's onward referrals to them and each referral's dated status
-- history. Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE community_resources (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(50) NOT NULL,
    districts character varying(1000),
    min_age integer,
    max_age integer,
    contact character varying(1000),
    referral_route character varying(2000),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    updated_by character varying(256) NOT NULL,
    CONSTRAINT pk_community_resources PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_community_resources_name ON community_resources (name);

CREATE TABLE onward_referrals (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    resource_id uuid NOT NULL,
    source character varying(20) NOT NULL,
    source_id uuid,
    made_on date NOT NULL,
    status character varying(20) NOT NULL,
    status_on date NOT NULL,
    notes character varying(2000),
    made_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_onward_referrals PRIMARY KEY (id),
    CONSTRAINT fk_onward_referrals_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_onward_referrals_community_resources_resource_id FOREIGN KEY (resource_id) REFERENCES community_resources (id) ON DELETE RESTRICT
);

CREATE INDEX ix_onward_referrals_child_id ON onward_referrals (child_id);
CREATE INDEX ix_onward_referrals_made_on ON onward_referrals (made_on);
CREATE INDEX ix_onward_referrals_resource_id ON onward_referrals (resource_id);

CREATE TABLE onward_referral_steps (
    id uuid NOT NULL,
    onward_referral_id uuid NOT NULL,
    child_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    "on" date NOT NULL,
    note character varying(2000),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_onward_referral_steps PRIMARY KEY (id),
    CONSTRAINT fk_onward_referral_steps_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_onward_referral_steps_onward_referrals_onward_referral_id FOREIGN KEY (onward_referral_id) REFERENCES onward_referrals (id) ON DELETE CASCADE
);

CREATE INDEX ix_onward_referral_steps_child_id ON onward_referral_steps (child_id);
CREATE INDEX ix_onward_referral_steps_onward_referral_id ON onward_referral_steps (onward_referral_id);
