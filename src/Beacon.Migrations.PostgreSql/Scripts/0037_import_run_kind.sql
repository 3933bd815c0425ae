-- Beacon schema, version 37 (PostgreSQL): what an import run imported (issue #17 §5): notifications, or a council's
-- child ids. Earlier runs were all notifications.
ALTER TABLE import_runs ADD kind character varying(40) NOT NULL DEFAULT 'notifications';
