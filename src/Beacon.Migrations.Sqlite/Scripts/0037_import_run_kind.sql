-- Beacon schema, version 37 (SQLite): what an import run imported (issue #17 §5): notifications, or a council's child
-- ids. Earlier runs were all notifications.
ALTER TABLE "import_runs" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'notifications';
