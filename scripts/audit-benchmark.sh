#!/usr/bin/env bash
# Audited reads at speed (issue #21 §4, docs/decisions/0030): in one run on one machine, the child record page
# GET /children/{id} (a signed-in practitioner, a random sampled child per request) with its audit entry written by
# group commit, against the same page with the audit of reads switched off (Beacon:Audit:SkipReadsForBenchmark, which
# Beacon accepts only in the "Benchmark" environment — both modes run in that environment, so they differ only in
# the switch). For each mode, ROUNDS times, alternating: a warm-up (WARMUP seconds, so the JIT's tiered re-compilation
# has settled and the page is measured as a long-running server serves it), closed-loop throughput at CONNECTIONS connections
# for DURATION seconds (autocannon), then latency at a fixed offered rate of RATE req/s: requests sent evenly spaced
# whether or not earlier ones were answered, each timed from when it was due (scripts/audit-benchmark/open-loop.mjs;
# autocannon -R sends its rate in bursts, one per connection at the same instant, so it measures a burst instead). Prints the throughput ratio (target >= 0.75), the p95 at RATE req/s (target < 100 ms), the dataset's
# size and the machine's load average, which matters on a shared machine.
# Usage (the dataset: see README "Measured"; the database is a PostgreSQL one):
#   BEACON_BENCH_DB="Host=127.0.0.1;Port=55432;Username=postgres;Database=beacon_load" scripts/audit-benchmark.sh
# Environment: ROUNDS (2), WARMUP (60), DURATION (30), CONNECTIONS (64), RATE (100), RATE_DURATION (30),
# BUILD=0 to use the existing Release build. Needs node/npm (autocannon is installed into scripts/audit-benchmark),
# curl and psql.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BEACON_BENCH_DB:?set BEACON_BENCH_DB to a PostgreSQL connection string (Host=...;Database=...)}
PORT=${BEACON_BENCH_PORT:-5098}
URL="http://127.0.0.1:$PORT"
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-64}
RATE=${RATE:-100}
RATE_DURATION=${RATE_DURATION:-30}
WORK=$(mktemp -d /tmp/beacon-audit-bench.XXXXXX)
PASSWORD=Lantern-Harbour-Demo-26

if [ "${BUILD:-1}" != 0 ]; then
  echo "==> Building (Release)"
  dotnet build -c Release src/Beacon.Web -v q -nologo >/dev/null
fi
(cd scripts/audit-benchmark && npm install --no-audit --no-fund --silent >/dev/null)

PSQL_DB=$(echo "$DB" | tr ';' '\n' | awk -F= 'tolower($1)=="host"{h=$2} tolower($1)=="port"{p=$2} tolower($1)=="username"{u=$2} tolower($1)=="database"{d=$2} END{printf "-h %s -p %s -U %s -d %s", h, (p?p:5432), u, d}')
# shellcheck disable=SC2086
psql $PSQL_DB -Atc "select id from children where merged_into_id is null order by random() limit 5000" >"$WORK/children.txt"
# shellcheck disable=SC2086
DATASET=$(psql $PSQL_DB -Atc "select format('%s episodes, %s children, %s audit entries', (select count(*) from episodes), (select count(*) from children), (select count(*) from audit_entries))")
echo "==> Dataset: $DATASET"

export Beacon__Database__Provider=PostgreSql Beacon__Database__ConnectionString="$DB"
export Beacon__Demo__Enabled=true Beacon__Demo__Years=0 Beacon__Jobs__Enabled=false
export Beacon__Security__RequireHttps=false Beacon__Security__SignInAttemptsPerMinute=1000
export ASPNETCORE_URLS="$URL" ASPNETCORE_ENVIRONMENT=Benchmark

BEACON=
stop_beacon() { if [ -n "$BEACON" ]; then kill "$BEACON" 2>/dev/null || true; wait "$BEACON" 2>/dev/null || true; BEACON=; fi; }
trap stop_beacon EXIT

start_beacon() { # $1: true to switch the audit of reads off
  export Beacon__Audit__SkipReadsForBenchmark=$1
  (cd src/Beacon.Web && exec dotnet bin/Release/net10.0/Beacon.Web.dll >>"$WORK/beacon.log" 2>&1) &
  BEACON=$!
  for _ in $(seq 1 600); do curl -fs "$URL/health/ready" >/dev/null && break; sleep 1; done
  curl -fs "$URL/health/ready" >/dev/null || { echo "Beacon did not start:"; tail -20 "$WORK/beacon.log"; exit 1; }
  rm -f "$WORK/jar"
  local token
  token=$(curl -fs -c "$WORK/jar" "$URL/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data-urlencode "Email=practitioner@provider.beacon.example" \
    --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" "$URL/account/sign-in"
  COOKIE=$(awk '$6 ~ /^beacon\./ {printf "%s=%s; ", $6, $7}' "$WORK/jar")
  case "$COOKIE" in *beacon.session*) ;; *) echo "Sign-in failed"; exit 1 ;; esac
}

drive() { node scripts/audit-benchmark/drive.mjs "$URL" "$COOKIE" "$WORK/children.txt" "$@"; }
field() { node -e "const r = JSON.parse(process.argv[1]); console.log(r['$2'])" "$1"; }
entries() { psql $PSQL_DB -Atc "select coalesce(max(sequence), 0) from audit_entries"; } # shellcheck disable=SC2086

declare -A THROUGHPUT P95
for round in $(seq 1 "$ROUNDS"); do
  for mode in audited unaudited; do
    skip=false; [ "$mode" = unaudited ] && skip=true
    start_beacon "$skip"
    before=$(entries)
    drive "$WARMUP" 8 >/dev/null # warm-up
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    closed=$(drive "$DURATION" "$CONNECTIONS")
    open=$(node scripts/audit-benchmark/open-loop.mjs "$URL" "$COOKIE" "$WORK/children.txt" "$RATE_DURATION" "$RATE")
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    written=$(( $(entries) - before ))
    stop_beacon
    echo "    round $round $mode: closed loop $closed"
    echo "    round $round $mode: $RATE req/s   $open"
    echo "    round $round $mode: audit entries written $written; load average $load_before -> $load_after"
    THROUGHPUT[$mode]="${THROUGHPUT[$mode]:-} $(field "$closed" okPerSecond)"
    P95[$mode]="${P95[$mode]:-} $(field "$open" p95)"
  done
done

mean() { echo "$@" | tr ' ' '\n' | awk 'NF {s += $1; n++} END {printf "%.1f", s / n}'; }
audited=$(mean ${THROUGHPUT[audited]}); unaudited=$(mean ${THROUGHPUT[unaudited]})
echo "==> Child record page, $DATASET"
echo "    throughput ($CONNECTIONS connections, mean of $ROUNDS): audited $audited req/s, audit of reads off $unaudited req/s, ratio $(awk -v a="$audited" -v u="$unaudited" 'BEGIN {printf "%.2f", a / u}') (target >= 0.75)"
echo "    p95 at $RATE req/s (each round): audited${P95[audited]} ms; audit of reads off${P95[unaudited]} ms (target < 100 ms)"
echo "    load average now: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); Beacon's log: $WORK/beacon.log"
