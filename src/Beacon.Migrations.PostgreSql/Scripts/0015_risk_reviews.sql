-- Beacon schema, version 15 (PostgreSQL): risk reassessments of open exploitation referrals (issue #5 §1: every six
-- weeks while open, configurable; risk over time on the child's record).

CREATE TABLE risk_reviews (
    id uuid NOT NULL,
    referral_id uuid NOT NULL,
    child_id uuid NOT NULL,
    reviewed_on date NOT NULL,
    level integer NOT NULL,
    note character varying(2000) NOT NULL,
    reviewed_by character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_risk_reviews PRIMARY KEY (id),
    CONSTRAINT fk_risk_reviews_children_child_id FOREIGN KEY (child_id) REFERENCES children (id) ON DELETE RESTRICT,
    CONSTRAINT fk_risk_reviews_referrals_referral_id FOREIGN KEY (referral_id) REFERENCES referrals (id) ON DELETE RESTRICT
);

CREATE INDEX ix_risk_reviews_child_id ON risk_reviews (child_id);

CREATE INDEX ix_risk_reviews_referral_id ON risk_reviews (referral_id);
