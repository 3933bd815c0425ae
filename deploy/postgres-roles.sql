-- Beacon on PostgreSQL with least privilege (docs/deploy.md, ADR 29). Run as a superuser with psql:
--
--   psql -h DBHOST -U postgres -v owner_password="$OWNER_PW" -v app_password="$APP_PW" -f deploy/postgres-roles.sql
--
-- then `beacon migrate` (or `Beacon.Web migrate`) with the OWNER's connection string, then this file again: it is
-- idempotent, and the second run also takes UPDATE and DELETE on the audit log away from the app role (the table
-- exists by then). Optional variables: -v db=beacon -v owner=beacon_owner -v app=beacon_app.
--
-- beacon_owner owns the database, the schema objects and the migrations; Beacon never runs as it.
-- beacon_app is what the running instances use: read and write rows, nothing else. It owns nothing, so it cannot
-- DROP or ALTER a table, nor DISABLE, DROP or replace the audit log's append-only triggers (only an owner can), and it
-- may only SELECT and INSERT audit entries.
\set ON_ERROR_STOP on
\if :{?db} \else \set db beacon \endif
\if :{?owner} \else \set owner beacon_owner \endif
\if :{?app} \else \set app beacon_app \endif

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'app', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
-- Neither may create roles or databases, nor bypass row security.
ALTER ROLE :"owner" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"app" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
-- The instances run many short queries. On a small server (the reference one has 2 cores) a parallel plan's workers
-- compete with the instances and each other for the same cores, and every large list was slower with them (README
-- "Measured", docs/decisions/0036). On a database server with many cores to spare, this line may go.
ALTER ROLE :"app" SET max_parallel_workers_per_gather = 0;

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'owner', 'UTF8')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";

\connect :"db"
-- The schema belongs to the owner; the app may use it but not create anything in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Tables and sequences the owner's migrations create from now on: rows only (never TRUNCATE, REFERENCES or TRIGGER).
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";

-- Tables that already exist (a second run, or a database that predates this file).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";

-- The audit log is append-only: its triggers refuse UPDATE, DELETE and TRUNCATE for everyone, and the app role may
-- not even ask (a second line of defence; the triggers can only be disabled by the owner).
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM %I', :'app')
WHERE to_regclass('public.audit_entries') IS NOT NULL \gexec
