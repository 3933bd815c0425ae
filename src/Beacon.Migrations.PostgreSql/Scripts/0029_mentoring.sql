-- Beacon schema, version 29 (PostgreSQL): mentors and volunteers (issue #20). The register with its status history
-- and vetting, training courses and attendance, matches of mentors to children and the mentors' contacts. The old
-- children.matched_mentor_id link becomes records: each linked user gets a register entry (id = the user's id, active,
-- vetting not recorded, so they cannot be matched again until vetted) and each linked child a current match (id = the
-- child's id) dated from the child's record; then the column goes (docs/decisions/0022).
CREATE TABLE mentors (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    email character varying(256),
    phone character varying(40),
    kind character varying(20) NOT NULL,
    status character varying(20) NOT NULL,
    user_id uuid,
    skills character varying(1000),
    areas character varying(500),
    availability character varying(500),
    dbs_checked_on date,
    dbs_certificate_number character varying(20),
    dbs_renewal_due_on date,
    references_received integer NOT NULL,
    safeguarding_trained_on date,
    safeguarding_due_on date,
    agreement_signed_on date,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_mentors PRIMARY KEY (id),
    CONSTRAINT fk_mentors_users_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT
);

CREATE UNIQUE INDEX ix_mentors_user_id ON mentors (user_id);

CREATE TABLE mentor_status_changes (
    id uuid NOT NULL,
    mentor_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    changed_on date NOT NULL,
    reason character varying(500),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_mentor_status_changes PRIMARY KEY (id),
    CONSTRAINT fk_mentor_status_changes_mentors_mentor_id FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE RESTRICT
);

CREATE INDEX ix_mentor_status_changes_mentor_id ON mentor_status_changes (mentor_id);

CREATE TABLE mentor_matches (
    id uuid NOT NULL,
    mentor_id uuid NOT NULL,
    child_id uuid NOT NULL,
    started_on date NOT NULL,
    child_agreed_on date NOT NULL,
    council_agreed_on date,
    council_agreed_by character varying(200),
    goals character varying(2000) NOT NULL,
    ended_on date,
    end_reason character varying(500),
    created_by character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_mentor_matches PRIMARY KEY (id),
    CONSTRAINT fk_mentor_matches_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_mentor_matches_mentors_mentor_id FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE RESTRICT
);

CREATE INDEX ix_mentor_matches_child_id ON mentor_matches (child_id);

CREATE INDEX ix_mentor_matches_mentor_id ON mentor_matches (mentor_id);

CREATE TABLE mentor_contacts (
    id uuid NOT NULL,
    match_id uuid NOT NULL,
    child_id uuid NOT NULL,
    held_on date NOT NULL,
    minutes integer NOT NULL,
    kind character varying(20) NOT NULL,
    place character varying(200) NOT NULL,
    notes character varying(4000) NOT NULL,
    safeguarding_concern character varying(4000),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_mentor_contacts PRIMARY KEY (id),
    CONSTRAINT fk_mentor_contacts_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_mentor_contacts_mentor_matches_match_id FOREIGN KEY (match_id) REFERENCES mentor_matches (id) ON DELETE RESTRICT
);

CREATE INDEX ix_mentor_contacts_child_id ON mentor_contacts (child_id);

CREATE INDEX ix_mentor_contacts_match_id ON mentor_contacts (match_id);

CREATE TABLE training_courses (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(40) NOT NULL,
    validity_months integer,
    CONSTRAINT pk_training_courses PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_training_courses_name ON training_courses (name);

CREATE TABLE training_attendances (
    id uuid NOT NULL,
    course_id uuid NOT NULL,
    mentor_id uuid NOT NULL,
    attended_on date NOT NULL,
    minutes integer NOT NULL,
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_training_attendances PRIMARY KEY (id),
    CONSTRAINT fk_training_attendances_mentors_mentor_id FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE RESTRICT,
    CONSTRAINT fk_training_attendances_training_courses_course_id FOREIGN KEY (course_id) REFERENCES training_courses (id) ON DELETE RESTRICT
);

CREATE INDEX ix_training_attendances_course_id ON training_attendances (course_id);

CREATE INDEX ix_training_attendances_mentor_id ON training_attendances (mentor_id);

INSERT INTO mentors (id, name, email, kind, status, user_id, references_received, created_at, updated_at, version)
SELECT u.id, u.display_name, u.email, 'mentor', 'active', u.id, 0, u.created_at, u.created_at, 0
FROM users u WHERE u.id IN (SELECT matched_mentor_id FROM children WHERE matched_mentor_id IS NOT NULL);

INSERT INTO mentor_status_changes (id, mentor_id, status, changed_on, reason, recorded_by, recorded_at)
SELECT m.id, m.id, 'active', (m.created_at AT TIME ZONE 'UTC')::date, 'Carried over from the earlier mentor link (schema version 29)', 'migration', m.created_at
FROM mentors m;

INSERT INTO mentor_matches (id, mentor_id, child_id, started_on, child_agreed_on, goals, created_by, created_at, version)
SELECT c.id, c.matched_mentor_id, c.id, (c.created_at AT TIME ZONE 'UTC')::date, (c.created_at AT TIME ZONE 'UTC')::date,
       'Carried over from the earlier mentor link (goals and agreements not recorded)', 'migration', c.created_at, 0
FROM children c WHERE c.matched_mentor_id IN (SELECT id FROM mentors);

ALTER TABLE children DROP COLUMN matched_mentor_id;
