-- Beacon schema, version 34 (PostgreSQL): mentors' training sessions and support (issue #20 §2, §4). A course now has
-- sessions (date, length, trainer, place) and attendance belongs to a session, with whether the mentor completed it;
-- each earlier attendance becomes a session of its own (trainer and place "Not recorded"), completed. Supervision
-- sessions and wellbeing check-ins per mentor (docs/decisions/0022).

CREATE TABLE training_sessions (
    id uuid NOT NULL,
    course_id uuid NOT NULL,
    held_on date NOT NULL,
    minutes integer NOT NULL,
    trainer character varying(200) NOT NULL,
    place character varying(200) NOT NULL,
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_training_sessions PRIMARY KEY (id),
    CONSTRAINT fk_training_sessions_training_courses_course_id FOREIGN KEY (course_id) REFERENCES training_courses (id) ON DELETE RESTRICT
);

CREATE INDEX ix_training_sessions_course_id ON training_sessions (course_id);

INSERT INTO training_sessions (id, course_id, held_on, minutes, trainer, place, recorded_by, recorded_at)
SELECT id, course_id, attended_on, minutes, 'Not recorded', 'Not recorded', recorded_by, recorded_at FROM training_attendances;

ALTER TABLE training_attendances ADD COLUMN session_id uuid;
ALTER TABLE training_attendances ADD COLUMN completed boolean NOT NULL DEFAULT TRUE;
UPDATE training_attendances SET session_id = id;
ALTER TABLE training_attendances ALTER COLUMN session_id SET NOT NULL;
ALTER TABLE training_attendances ALTER COLUMN completed DROP DEFAULT;
ALTER TABLE training_attendances DROP COLUMN course_id;
ALTER TABLE training_attendances DROP COLUMN attended_on;
ALTER TABLE training_attendances DROP COLUMN minutes;
ALTER TABLE training_attendances ADD CONSTRAINT fk_training_attendances_training_sessions_session_id FOREIGN KEY (session_id) REFERENCES training_sessions (id) ON DELETE RESTRICT;

CREATE UNIQUE INDEX ix_training_attendances_session_id_mentor_id ON training_attendances (session_id, mentor_id);

CREATE TABLE mentor_supervisions (
    id uuid NOT NULL,
    mentor_id uuid NOT NULL,
    held_on date NOT NULL,
    minutes integer NOT NULL,
    supervisor character varying(200) NOT NULL,
    notes character varying(4000) NOT NULL,
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_mentor_supervisions PRIMARY KEY (id),
    CONSTRAINT fk_mentor_supervisions_mentors_mentor_id FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE RESTRICT
);

CREATE INDEX ix_mentor_supervisions_mentor_id ON mentor_supervisions (mentor_id);

CREATE TABLE mentor_wellbeing_checks (
    id uuid NOT NULL,
    mentor_id uuid NOT NULL,
    held_on date NOT NULL,
    score integer NOT NULL,
    concerns character varying(4000),
    actions character varying(4000),
    recorded_by character varying(256) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_mentor_wellbeing_checks PRIMARY KEY (id),
    CONSTRAINT fk_mentor_wellbeing_checks_mentors_mentor_id FOREIGN KEY (mentor_id) REFERENCES mentors (id) ON DELETE RESTRICT
);

CREATE INDEX ix_mentor_wellbeing_checks_mentor_id ON mentor_wellbeing_checks (mentor_id);
