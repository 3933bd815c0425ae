-- Beacon schema, version 13 (PostgreSQL): imported exploitation referrals keep the previous system's reference
-- (beacon import exploitation-referrals, issue #5 §5), so re-importing a file creates nothing new.

ALTER TABLE referrals ADD COLUMN legacy_reference character varying(50);

CREATE UNIQUE INDEX ix_referrals_legacy_reference ON referrals (legacy_reference);
