-- Beacon schema, version 2 (PostgreSQL): missing episodes, possible child matches, Return Home Interviews, attempts, sharing.
-- Hand-written from the difference in `beacon dev schema-script` (docs/decisions/0003).

CREATE TABLE match_proposals (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    candidate_child_id uuid NOT NULL,
    reason character varying(200) NOT NULL,
    status character varying(20) NOT NULL,
    moved_episode_ids text,
    decided_by_id uuid,
    decided_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_match_proposals PRIMARY KEY (id),
    CONSTRAINT fk_match_proposals_children_candidate_child_id FOREIGN KEY (candidate_child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_match_proposals_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE TABLE return_interviews (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    reference character varying(20) NOT NULL,
    status integer NOT NULL,
    first_returned_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone NOT NULL,
    assigned_to_id uuid,
    offered_at timestamp with time zone,
    closed_at timestamp with time zone,
    declined_by character varying(30),
    not_offered_reason character varying(30),
    outcome_note text,
    method character varying(30),
    venue character varying(30),
    interviewed_at timestamp with time zone,
    reasons character varying(300),
    primary_reason character varying(30),
    push_factors text,
    pull_factors text,
    where_went text,
    with_whom text,
    travel text,
    harm text,
    exploitation_indicators character varying(300),
    childs_words text,
    actions_agreed text,
    referrals_made text,
    submitted_at timestamp with time zone,
    submitted_by_id uuid,
    reviewed_at timestamp with time zone,
    reviewed_by_id uuid,
    is_spot_purchase boolean NOT NULL,
    legacy_reference character varying(50),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_return_interviews PRIMARY KEY (id),
    CONSTRAINT fk_return_interviews_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT
);

CREATE TABLE episodes (
    id uuid NOT NULL,
    child_id uuid NOT NULL,
    police_reference character varying(50) NOT NULL,
    police_person_id character varying(50),
    given_name character varying(100) NOT NULL,
    family_name character varying(100) NOT NULL,
    date_of_birth date NOT NULL,
    gender character varying(20) NOT NULL,
    ethnicity_code character varying(4),
    nhs_number character varying(10),
    host_district_code character varying(9) NOT NULL,
    living_situation character varying(20) NOT NULL,
    responsible_authority_id uuid NOT NULL,
    reported_missing_at timestamp with time zone NOT NULL,
    returned_at timestamp with time zone,
    missing_or_absent character varying(1) NOT NULL,
    police_risk character varying(20) NOT NULL,
    prevention_interview_at timestamp with time zone,
    notified_at timestamp with time zone NOT NULL,
    circumstances character varying(4000),
    notifying_police_force_id uuid,
    return_interview_id uuid,
    source character varying(10) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_episodes PRIMARY KEY (id),
    CONSTRAINT fk_episodes_areas_host_district_code FOREIGN KEY (host_district_code) REFERENCES areas (gss_code) ON DELETE RESTRICT,
    CONSTRAINT fk_episodes_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_episodes_organisations_responsible_authority_id FOREIGN KEY (responsible_authority_id) REFERENCES organisations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_episodes_return_interviews_return_interview_id FOREIGN KEY (return_interview_id) REFERENCES return_interviews (id) ON DELETE RESTRICT
);

CREATE TABLE rhi_attempts (
    id uuid NOT NULL,
    return_interview_id uuid NOT NULL,
    child_id uuid NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    method character varying(20) NOT NULL,
    outcome character varying(20) NOT NULL,
    note character varying(2000),
    recorded_by_id uuid,
    recorded_by_name character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_rhi_attempts PRIMARY KEY (id),
    CONSTRAINT fk_rhi_attempts_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_rhi_attempts_return_interviews_return_interview_id FOREIGN KEY (return_interview_id) REFERENCES return_interviews (id) ON DELETE RESTRICT
);

CREATE TABLE rhi_shares (
    id uuid NOT NULL,
    return_interview_id uuid NOT NULL,
    child_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    shared_at timestamp with time zone NOT NULL,
    first_viewed_at timestamp with time zone,
    CONSTRAINT pk_rhi_shares PRIMARY KEY (id),
    CONSTRAINT fk_rhi_shares_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_rhi_shares_organisations_organisation_id FOREIGN KEY (organisation_id) REFERENCES organisations (id) ON DELETE RESTRICT,
    CONSTRAINT fk_rhi_shares_return_interviews_return_interview_id FOREIGN KEY (return_interview_id) REFERENCES return_interviews (id) ON DELETE RESTRICT
);

CREATE INDEX ix_episodes_child_id ON episodes (child_id);

CREATE INDEX ix_episodes_host_district_code ON episodes (host_district_code);

CREATE INDEX ix_episodes_notified_at ON episodes (notified_at);

CREATE UNIQUE INDEX ix_episodes_police_reference ON episodes (police_reference);

CREATE INDEX ix_episodes_responsible_authority_id ON episodes (responsible_authority_id);

CREATE INDEX ix_episodes_return_interview_id ON episodes (return_interview_id);

CREATE INDEX ix_match_proposals_candidate_child_id ON match_proposals (candidate_child_id);

CREATE INDEX ix_match_proposals_child_id ON match_proposals (child_id);

CREATE INDEX ix_return_interviews_assigned_to_id ON return_interviews (assigned_to_id);

CREATE INDEX ix_return_interviews_child_id ON return_interviews (child_id);

CREATE INDEX ix_return_interviews_legacy_reference ON return_interviews (legacy_reference);

CREATE UNIQUE INDEX ix_return_interviews_reference ON return_interviews (reference);

CREATE INDEX ix_return_interviews_status_due_at ON return_interviews (status, due_at);

CREATE INDEX ix_rhi_attempts_child_id ON rhi_attempts (child_id);

CREATE INDEX ix_rhi_attempts_return_interview_id ON rhi_attempts (return_interview_id);

CREATE INDEX ix_rhi_shares_child_id ON rhi_shares (child_id);

CREATE INDEX ix_rhi_shares_organisation_id ON rhi_shares (organisation_id);

CREATE UNIQUE INDEX ix_rhi_shares_return_interview_id_organisation_id ON rhi_shares (return_interview_id, organisation_id);

-- Children: reversible merges, and matching by date of birth.
ALTER TABLE children ADD merged_into_id uuid;

CREATE INDEX ix_children_date_of_birth ON children (date_of_birth);
