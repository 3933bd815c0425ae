#!/usr/bin/env bash
# How long the database alone takes to store what an import wrote: the floor under `beacon import notifications`.
# Takes a database that an import has filled, copies it, empties the copy of every row the import wrote (children,
# episodes, RHIs, match proposals, repeat-missing meetings, audit entries), and times putting the same rows back with
# the database's own fastest path — COPY FROM a file on PostgreSQL, INSERT ... SELECT from an attached file on SQLite
# (foreign keys on, Beacon's pragmas) — with no Beacon code running. Import throughput can never beat this figure.
# Usage:
#   scripts/import-floor.sh /path/to/imported.db                       # SQLite (needs the sqlite3 command)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres scripts/import-floor.sh --postgres imported_db   # PostgreSQL (psql)
# NOTIFICATIONS (optional): the number of notifications the import wrote, to print rows/s; default: episodes found.
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

tables=(children return_interviews episodes match_proposals intervention_meetings audit_entries)
work=$(mktemp -d /tmp/beacon-floor.XXXXXX)
trap 'rm -rf "$work"' EXIT

report() { # seconds notifications
  awk -v s="$1" -v n="$2" 'BEGIN { printf "%d notifications stored in %.2f s by the database alone: %.0f notifications/s at most\n", n, s, n / s }'
}

if [ "${1:-}" = "--postgres" ]; then
  source_db=$2
  floor_db="${source_db}_floor"
  psql -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $floor_db" -c "CREATE DATABASE $floor_db TEMPLATE $source_db"
  for t in "${tables[@]}"; do
    psql -q -v ON_ERROR_STOP=1 -d "$source_db" -c "\\copy $t TO '$work/$t.bin' WITH (FORMAT binary)"
  done
  n=${NOTIFICATIONS:-$(psql -At -d "$source_db" -c "SELECT count(*) FROM episodes")}
  psql -q -v ON_ERROR_STOP=1 -d "$floor_db" \
    -c "ALTER TABLE audit_entries DISABLE TRIGGER USER" \
    -c "TRUNCATE $(IFS=,; echo "${tables[*]}") CASCADE" \
    -c "ALTER TABLE audit_entries ENABLE TRIGGER USER" \
    -c "VACUUM ANALYZE"
  script="$work/load.sql"
  { echo "BEGIN;"; for t in "${tables[@]}"; do echo "\\copy $t FROM '$work/$t.bin' WITH (FORMAT binary)"; done; echo "COMMIT;"; } > "$script"
  start=$(date +%s.%N)
  psql -q -v ON_ERROR_STOP=1 -d "$floor_db" -f "$script"
  end=$(date +%s.%N)
  psql -q -d postgres -c "DROP DATABASE $floor_db"
else
  source_file=$1
  cp "$source_file" "$work/floor.db"
  sqlite3 "$work/floor.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  n=${NOTIFICATIONS:-$(sqlite3 "$source_file" "SELECT count(*) FROM episodes")}
  {
    echo "ATTACH '$work/rows.db' AS saved;"
    for t in "${tables[@]}"; do echo "CREATE TABLE saved.$t AS SELECT * FROM main.$t;"; done
    echo "DROP TRIGGER audit_entries_no_delete;"
    for t in $(printf '%s\n' "${tables[@]}" | tac); do echo "DELETE FROM main.$t;"; done
    echo "VACUUM main;"
  } | sqlite3 "$work/floor.db"
  # The source's triggers come back with the copy for the timed run (the delete trigger was only dropped to empty it).
  trigger=$(sqlite3 "$source_file" "SELECT sql FROM sqlite_master WHERE name = 'audit_entries_no_delete'")
  sqlite3 "$work/floor.db" "$trigger;"
  {
    echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384;"
    echo "ATTACH '$work/rows.db' AS saved;"
    echo "BEGIN;"
    for t in "${tables[@]}"; do echo "INSERT INTO main.$t SELECT * FROM saved.$t;"; done
    echo "COMMIT;"
  } > "$work/load.sql"
  start=$(date +%s.%N)
  sqlite3 "$work/floor.db" < "$work/load.sql" >/dev/null
  end=$(date +%s.%N)
fi

report "$(echo "$end - $start" | bc)" "$n"
