-- Beacon schema, version 16 (PostgreSQL): the notification-date index also carries the district, so the missing
-- return's count of last year's notifications by district (its comparisons) is an index-only scan instead of reading
-- every episode row (issue #4 benchmark; README "Measured").

DROP INDEX ix_episodes_notified_at;

CREATE INDEX ix_episodes_notified_at_host_district_code ON episodes (notified_at, host_district_code);
