-- Beacon schema, version 30 (PostgreSQL): safety and support plans and the family plan (issue #19 §2, §4;
-- docs/decisions/0023) — versioned plans with their agreed actions; a family goal's measure and its dated progress;
-- which family members took part in which key-work session. Hand-written from the difference in
-- `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE safety_plans (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    version integer NOT NULL,
    is_current boolean NOT NULL,
    risks character varying(4000),
    keeps_me_safe character varying(4000),
    trusted_adults character varying(4000),
    places_to_avoid character varying(4000),
    review_on date,
    saved_by character varying(256) NOT NULL,
    saved_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_safety_plans PRIMARY KEY (id),
    CONSTRAINT fk_safety_plans_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_safety_plans_child_id_version ON safety_plans (child_id, version);

CREATE TABLE safety_plan_actions (
    id uuid NOT NULL,
    plan_id uuid NOT NULL,
    child_id uuid NOT NULL,
    position integer NOT NULL,
    action character varying(1000) NOT NULL,
    owner_organisation_id uuid NOT NULL,
    due_on date NOT NULL,
    done_on date,
    is_current boolean NOT NULL,
    CONSTRAINT pk_safety_plan_actions PRIMARY KEY (id),
    CONSTRAINT fk_safety_plan_actions_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_safety_plan_actions_organisations_owner_organisation_id FOREIGN KEY (owner_organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_safety_plan_actions_safety_plans_plan_id FOREIGN KEY (plan_id) REFERENCES safety_plans (id) ON DELETE CASCADE
);

CREATE INDEX ix_safety_plan_actions_child_id ON safety_plan_actions (child_id);
CREATE INDEX ix_safety_plan_actions_owner_organisation_id_is_current_due_on ON safety_plan_actions (owner_organisation_id, is_current, due_on);
CREATE UNIQUE INDEX ix_safety_plan_actions_plan_id_position ON safety_plan_actions (plan_id, position);

ALTER TABLE family_goals ADD COLUMN measure character varying(20) NOT NULL DEFAULT 'scale';

CREATE TABLE family_goal_progress (
    id uuid NOT NULL,
    goal_id uuid NOT NULL,
    child_id uuid NOT NULL,
    recorded_on date NOT NULL,
    score integer,
    achieved boolean,
    note character varying(1000),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_family_goal_progress PRIMARY KEY (id),
    CONSTRAINT fk_family_goal_progress_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_family_goal_progress_family_goals_goal_id FOREIGN KEY (goal_id) REFERENCES family_goals (id) ON DELETE CASCADE
);

CREATE INDEX ix_family_goal_progress_child_id ON family_goal_progress (child_id);
CREATE UNIQUE INDEX ix_family_goal_progress_goal_id_recorded_on ON family_goal_progress (goal_id, recorded_on);

CREATE TABLE family_session_members (
    id uuid NOT NULL,
    session_id uuid NOT NULL,
    family_member_id uuid NOT NULL,
    child_id uuid NOT NULL,
    CONSTRAINT pk_family_session_members PRIMARY KEY (id),
    CONSTRAINT fk_family_session_members_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_family_session_members_family_members_family_member_id FOREIGN KEY (family_member_id) REFERENCES family_members (id) ON DELETE CASCADE,
    CONSTRAINT fk_family_session_members_key_work_sessions_session_id FOREIGN KEY (session_id) REFERENCES key_work_sessions (id) ON DELETE CASCADE
);

CREATE INDEX ix_family_session_members_child_id ON family_session_members (child_id);
CREATE INDEX ix_family_session_members_family_member_id ON family_session_members (family_member_id);
CREATE UNIQUE INDEX ix_family_session_members_session_id_family_member_id ON family_session_members (session_id, family_member_id);
