#!/usr/bin/env bash
# Load and soak test for Beacon on PostgreSQL (issue #6 §4). Starts a Release build of Beacon on the database you
# name, signs in a demo practitioner and issues an API token for the demo police liaison, then drives with wrk:
#   work list   GET  /return-interviews                (signed-in page)
#   child       GET  /children/{id}                    (signed-in page, random children, each view audited)
#   notify      POST /api/v1/notifications             (API, a new child's notification each request: random
#                                                       surname and date of birth, as real notifications vary)
# and prints requests/s, p50/p95/p99 and errors for each. With --soak MINUTES it then runs all three together at
# SOAK_CONNECTIONS for that long and samples Beacon's resident memory every 30 s.
#
# The national-scale dataset (about 317,000 children, 1,000,000 episodes, 315,000 RHIs and 20,000 referrals):
#   dotnet run --project src/Beacon.Cli -- demo generate notifications --rows 1000000 --out /tmp/n1m.csv
#   Beacon__Database__ConnectionString="Host=...;Database=beacon_load;..." dotnet run -c Release --project src/Beacon.Cli -- import notifications /tmp/n1m.csv
#   Beacon__Database__ConnectionString="..." dotnet run -c Release --project src/Beacon.Cli -- demo generate referrals --count 20000
# then:
#   BEACON_LOAD_DB="Host=127.0.0.1;Port=55432;Username=postgres;Database=beacon_load" scripts/load-test.sh [--soak 10]
#
# Needs wrk, curl and psql (Debian: apt-get install wrk curl postgresql-client). The API rate limit is raised for the
# run (a partner system normally has 1,200 requests a minute).
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${BEACON_LOAD_DB:?set BEACON_LOAD_DB to a PostgreSQL connection string (Host=...;Database=...)}
PORT=${BEACON_LOAD_PORT:-5099}
URL="http://127.0.0.1:$PORT"
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-50}
SOAK_MINUTES=0
if [ "${1:-}" = "--soak" ]; then SOAK_MINUTES=${2:-10}; fi
WORK=$(mktemp -d /tmp/beacon-load.XXXXXX)
PASSWORD=Lantern-Harbour-Demo-26

echo "==> Building (Release)"
dotnet build -c Release src/Beacon.Web -v q -nologo >/dev/null
dotnet build -c Release src/Beacon.Cli -v q -nologo >/dev/null

export Beacon__Database__ConnectionString="$DB"
export Beacon__Demo__Enabled=true Beacon__Demo__Years=0 # no demo history in a benchmark database
export Beacon__Security__RequireHttps=false
export Beacon__Security__ApiRequestsPerMinute=100000000
export Beacon__Security__SignInAttemptsPerMinute=1000
export ASPNETCORE_URLS="$URL"
export ASPNETCORE_ENVIRONMENT=Production

echo "==> Starting Beacon on $URL"
(cd src/Beacon.Web && exec dotnet bin/Release/net10.0/Beacon.Web.dll >"$WORK/beacon.log" 2>&1) &
BEACON=$!
trap 'kill $BEACON 2>/dev/null || true; wait $BEACON 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -fs "$URL/health/ready" >/dev/null && break; sleep 1; done
curl -fs "$URL/health/ready" >/dev/null || { echo "Beacon did not start:"; tail -20 "$WORK/beacon.log"; exit 1; }
PID=$BEACON # the subshell exec'd dotnet, so this is Beacon itself

echo "==> Signing in and issuing a token"
TOKEN_FIELD=$(curl -fs -c "$WORK/jar" "$URL/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data-urlencode "Email=practitioner@provider.beacon.example" \
  --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$TOKEN_FIELD" "$URL/account/sign-in"
COOKIE=$(awk '$6 ~ /^beacon\./ {printf "%s=%s; ", $6, $7}' "$WORK/jar")
case "$COOKIE" in *beacon.session*) ;; *) echo "Sign-in failed"; exit 1 ;; esac
API_TOKEN=$(dotnet src/Beacon.Cli/bin/Release/net10.0/beacon.dll tokens create --email police.liaison@police.beacon.example --name load-test --days 1 | grep -o 'bcn_[A-Za-z0-9_]*' | head -n 1)
[ -n "$API_TOKEN" ] || { echo "Could not issue an API token"; exit 1; }

PSQL_DB=$(echo "$DB" | tr ';' '\n' | awk -F= 'tolower($1)=="host"{h=$2} tolower($1)=="port"{p=$2} tolower($1)=="username"{u=$2} tolower($1)=="database"{d=$2} END{printf "-h %s -p %s -U %s -d %s", h, (p?p:5432), u, d}')
# shellcheck disable=SC2086
psql $PSQL_DB -Atc "select id from children where merged_into_id is null order by random() limit 5000" >"$WORK/children.txt"
CHILDREN=$(wc -l <"$WORK/children.txt")
EPISODES=$(psql $PSQL_DB -Atc "select count(*) from episodes")
echo "    dataset: $CHILDREN sampled children, $EPISODES episodes"

NOW=$(date -u +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
cat >"$WORK/report.lua" <<LUA
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.0f req/s  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  errors %d (status %d, timeout %d, connect %d)\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.errors.timeout, summary.errors.connect))
end
LUA
cat >"$WORK/child.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/children.txt") do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/children/" .. ids[math.random(#ids)], { ["Cookie"] = "$COOKIE" })
end
$(cat "$WORK/report.lua")
LUA
cat >"$WORK/notify.lua" <<LUA
local counter = 0
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
init = function() math.randomseed(os.time() + (tid or 0)) end
request = function()
  counter = counter + 1
  local ref = string.format("LOAD-%d-%d-%d-%d", $NOW, tid or 0, counter, math.random(1000000))
  local family = ""
  for _ = 1, 7 do family = family .. string.char(math.random(97, 122)) end
  local birth = string.format("%04d-%02d-%02d", math.random(2009, 2015), math.random(1, 12), math.random(1, 28))
  local body = string.format('{"police_reference":"%s","police_person_id":"LP-%s","given_name":"Loadtest","family_name":"L%s","date_of_birth":"%s","gender":"female","ethnicity":"WBRI","district_code":"E07000197","living_situation":"HOME","responsible_authority":"860","reported_missing_at":"$(iso $((NOW - 172800)))","returned_at":"$(iso $((NOW - 86400)))","missing_or_absent":"M","police_risk":"MEDIUM","prevention_interview_at":"$(iso $((NOW - 72000)))","notified_at":"$(iso $((NOW - 68400)))"}', ref, ref, family, birth)
  return wrk.format("POST", "/api/v1/notifications", { ["Authorization"] = "Bearer $API_TOKEN", ["Content-Type"] = "application/json" }, body)
end
$(cat "$WORK/report.lua")
LUA
cat >"$WORK/list.lua" <<LUA
request = function() return wrk.format("GET", "/return-interviews", { ["Cookie"] = "$COOKIE" }) end
$(cat "$WORK/report.lua")
LUA

rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$PID/status"; }
run() {
  local name=$1 script=$2
  echo "==> $name: $CONNECTIONS connections, $DURATION"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$script" "$URL" | grep -E "^RESULT|Non-2xx" | sed "s/^RESULT/    $name:/"
  echo "    memory after: $(rss)"
}
echo "==> Warming up"
wrk -t1 -c4 -d10s -s "$WORK/list.lua" "$URL" >/dev/null; wrk -t1 -c4 -d10s -s "$WORK/child.lua" "$URL" >/dev/null
run "work list" "$WORK/list.lua"
run "child record" "$WORK/child.lua"
run "notification API" "$WORK/notify.lua"

if [ "$SOAK_MINUTES" -gt 0 ]; then
  echo "==> Soak: all three together, $SOAK_CONNECTIONS connections each, $SOAK_MINUTES minutes; resident memory every 30 s"
  for script in list child notify; do
    wrk -t1 -c"$SOAK_CONNECTIONS" -d"${SOAK_MINUTES}m" --timeout 10s -s "$WORK/$script.lua" "$URL" >"$WORK/soak-$script.txt" &
  done
  for i in $(seq 0 $((SOAK_MINUTES * 2))); do echo "    $((i / 2)) min $(( (i % 2) * 30 )) s: $(rss)"; [ "$i" -lt $((SOAK_MINUTES * 2)) ] && sleep 30; done
  wait $(jobs -p | grep -v "^$BEACON\$") 2>/dev/null || true
  for script in list child notify; do echo "    soak $script: $(grep -E '^RESULT' "$WORK/soak-$script.txt" | sed 's/^RESULT //')"; done
fi
echo "==> Done (Beacon's log: $WORK/beacon.log)"
