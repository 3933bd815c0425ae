-- Beacon schema, version 14 (PostgreSQL): key work (issue #5 §4) — the referral's key worker, plan goals and closure
-- (reason, closing level, note, transition plan), sessions against the plan, and the family's members and goals.

ALTER TABLE referrals ADD COLUMN key_worker_id uuid CONSTRAINT fk_referrals_users_key_worker_id REFERENCES users (id) ON DELETE RESTRICT;
ALTER TABLE referrals ADD COLUMN plan_goals character varying(4000);
ALTER TABLE referrals ADD COLUMN closed_on date;
ALTER TABLE referrals ADD COLUMN closure_reason character varying(40);
ALTER TABLE referrals ADD COLUMN closing_level integer;
ALTER TABLE referrals ADD COLUMN closure_note character varying(2000);
ALTER TABLE referrals ADD COLUMN transition_plan character varying(4000);

CREATE INDEX ix_referrals_key_worker_id ON referrals (key_worker_id);

CREATE TABLE key_work_sessions (
    id uuid NOT NULL,
    referral_id uuid NOT NULL,
    child_id uuid NOT NULL,
    held_on date NOT NULL,
    work_type character varying(30) NOT NULL,
    minutes integer NOT NULL,
    notes character varying(4000) NOT NULL,
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_key_work_sessions PRIMARY KEY (id),
    CONSTRAINT fk_key_work_sessions_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_key_work_sessions_referrals_referral_id FOREIGN KEY (referral_id) REFERENCES referrals (id) ON DELETE RESTRICT
);

CREATE INDEX ix_key_work_sessions_child_id ON key_work_sessions (child_id);

CREATE INDEX ix_key_work_sessions_referral_id ON key_work_sessions (referral_id);

CREATE TABLE family_members (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    relationship character varying(100) NOT NULL,
    notes character varying(1000),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_family_members PRIMARY KEY (id),
    CONSTRAINT fk_family_members_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE INDEX ix_family_members_child_id ON family_members (child_id);

CREATE TABLE family_goals (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    goal character varying(1000) NOT NULL,
    status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_family_goals PRIMARY KEY (id),
    CONSTRAINT fk_family_goals_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE INDEX ix_family_goals_child_id ON family_goals (child_id);
