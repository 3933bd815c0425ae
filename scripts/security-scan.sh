#!/usr/bin/env bash
# Security scans (issue #6 §5): sqlmap and wapiti (Debian packages) against Beacon on loopback with a signed-in
# session and an API token. Starts a Release build on a throwaway SQLite database with demo data, then:
#   sqlmap   the search and filter parameters of the children list, work list and audit log (as a team
#            manager), of the MACE pages (adults search, association map filters; as a panel chair), and every
#            field of the notification API's JSON body;
#   wapiti   crawls and attacks the signed-in site as a scan user who is both team manager and panel chair (so the
#            casework, audit and MACE pages are all reached; sign-out excluded) for up to SCAN_MINUTES.
# Exits non-zero when sqlmap finds an injectable parameter or wapiti reports a vulnerability.
# Usage: scripts/security-scan.sh        (apt-get install sqlmap wapiti curl; SKIP_SQLMAP=1 runs wapiti only)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BEACON_SCAN_PORT:-5098}
URL="http://127.0.0.1:$PORT"
SCAN_MINUTES=${SCAN_MINUTES:-8}
WORK=$(mktemp -d /tmp/beacon-scan.XXXXXX)
PASSWORD=Lantern-Harbour-Demo-26

dotnet build -c Release src/Beacon.Web -v q -nologo >/dev/null
dotnet build -c Release src/Beacon.Cli -v q -nologo >/dev/null
export Beacon__Database__ConnectionString="Data Source=$WORK/beacon.db"
export Beacon__Demo__Enabled=true
export Beacon__Demo__Children=30 Beacon__Demo__Years=0
export Beacon__Security__RequireHttps=false
export Beacon__Security__ApiRequestsPerMinute=1000000
export Beacon__Security__SignInAttemptsPerMinute=1000
export ASPNETCORE_URLS="$URL"
export ASPNETCORE_ENVIRONMENT=Production
(cd src/Beacon.Web && exec dotnet bin/Release/net10.0/Beacon.Web.dll >"$WORK/beacon.log" 2>&1) &
BEACON=$!
trap 'kill $BEACON 2>/dev/null || true; wait $BEACON 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/health/ready" >/dev/null && break; sleep 1; done

sign_in() {
  local jar=$1 email=$2 token
  token=$(curl -fs -c "$jar" "$URL/account/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "Email=$email" --data-urlencode "Password=$PASSWORD" \
    --data-urlencode "__RequestVerificationToken=$token" "$URL/account/sign-in"
  awk '$6 ~ /^beacon\./ {printf "%s=%s; ", $6, $7}' "$jar"
}
COOKIE=$(sign_in "$WORK/jar" team.manager@provider.beacon.example)
case "$COOKIE" in *beacon.session*) ;; *) echo "Sign-in failed"; exit 1 ;; esac
PANEL_COOKIE=$(sign_in "$WORK/panel-jar" panel.chair@provider.beacon.example)
dotnet src/Beacon.Cli/bin/Release/net10.0/beacon.dll users create --email scan.user@provider.beacon.example --name "Scan User" --organisation PROVIDER \
  --role team-manager --role panel-chair --password "$PASSWORD" >/dev/null
SCAN_COOKIE=$(sign_in "$WORK/scan-jar" scan.user@provider.beacon.example)
case "$SCAN_COOKIE" in *beacon.session*) ;; *) echo "Scan user sign-in failed"; exit 1 ;; esac
TOKEN=$(dotnet src/Beacon.Cli/bin/Release/net10.0/beacon.dll tokens create --email police.liaison@police.beacon.example --name scan --days 1 | grep -o 'bcn_[A-Za-z0-9_]*' | head -n 1)
FOUND=0

if [ -z "${SKIP_SQLMAP:-}" ]; then
echo "==> sqlmap"
sqlmap_run() {
  local name=$1; shift
  sqlmap --batch --flush-session --level 3 --risk 2 --threads 2 --disable-coloring --output-dir "$WORK/sqlmap" "$@" >"$WORK/sqlmap-$name.log" 2>&1 || true
  if grep -qiE "is vulnerable|parameter '.*' is '.*' injectable|sqlmap identified the following injection" "$WORK/sqlmap-$name.log"; then
    echo "    $name: INJECTABLE (see $WORK/sqlmap-$name.log)"; FOUND=1
  else
    echo "    $name: $(grep -ciE "testing '" "$WORK/sqlmap-$name.log") techniques tried, nothing injectable"
  fi
}
sqlmap_run children -u "$URL/children?q=Test*&pageNumber=1*" --cookie "$COOKIE"
sqlmap_run work-list -u "$URL/return-interviews?state=overdue*&assigned=me*&locality=North*" --cookie "$COOKIE"
sqlmap_run audit -u "$URL/audit?record=b*&userName=a*" --cookie "$COOKIE"
sqlmap_run mace-adults -u "$URL/mace/adults?Search=Rook*" --cookie "$PANEL_COOKIE"
sqlmap_run mace-map -u "$URL/mace/network?panel=Stafford*&from=1/1/2020*&type=seen-at*" --cookie "$PANEL_COOKIE"
NOW=$(date -u +%s)
BODY="{\"police_reference\":\"SCAN-$NOW*\",\"police_person_id\":\"SP-$NOW*\",\"given_name\":\"Scan*\",\"family_name\":\"Person*\",\"date_of_birth\":\"2011-05-17*\",\"gender\":\"female*\",\"ethnicity\":\"WBRI*\",\"district_code\":\"E07000197*\",\"living_situation\":\"HOME*\",\"responsible_authority\":\"860*\",\"reported_missing_at\":\"$(date -u -d @$((NOW - 172800)) +%FT%TZ)*\",\"returned_at\":\"$(date -u -d @$((NOW - 86400)) +%FT%TZ)*\",\"missing_or_absent\":\"M*\",\"police_risk\":\"MEDIUM*\"}"
sqlmap_run notification-api -u "$URL/api/v1/notifications" --method POST --data "$BODY" \
  --headers "Authorization: Bearer $TOKEN
Content-Type: application/json"
fi

echo "==> wapiti (up to $SCAN_MINUTES minutes)"
printf '{"127.0.0.1": {"/": {%s}}}' "$(awk '$6 ~ /^beacon\./ {printf "%s\"%s\": {\"value\": \"%s\", \"expires\": null, \"secure\": false, \"port\": null, \"version\": 0}", (n++ ? ", " : ""), $6, $7}' "$WORK/scan-jar")" >"$WORK/cookies.json"
# Debian's wapiti 3.0.4 builds exclusion patterns Python 3.11 rejects ("(?ms)" at the end); run it with that fixed.
wapiti() {
  /usr/bin/python3 - "$@" <<'PY'
import re, sys
import wapitiCore.net.crawler as crawler
crawler.wildcard_translate = lambda pattern: re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")
from wapitiCore.main.wapiti import wapiti_main
sys.argv = ["wapiti"] + sys.argv[1:]
wapiti_main()
PY
}
wapiti -u "$URL/" -c "$WORK/cookies.json" -x "$URL/account/sign-out" -x "$URL/account/two-factor" -x "$URL/account/api-tokens" \
  --flush-session --max-scan-time $((SCAN_MINUTES * 60)) --max-attack-time 30 --max-links-per-page 30 -f json -o "$WORK/wapiti.json" -v 0 >"$WORK/wapiti.log" 2>&1 || true
if [ ! -s "$WORK/wapiti.json" ]; then echo "    wapiti produced no report:"; tail -5 "$WORK/wapiti.log"; exit 1; fi
python3 - "$WORK/wapiti.json" <<'PY' || FOUND=1
import json, sys
# Reports that are by design on this plain-HTTP loopback scan, each with the reason; anything else fails the scan.
EXPECTED = {
    "Strict-Transport-Security is not set": "HSTS is only sent over HTTPS (on whenever Beacon:Security:RequireHttps is)",
    "X-XSS-Protection is not set": "Beacon sends X-XSS-Protection: 0 as OWASP advises; wapiti 3.0.4 wants the obsolete 1",
    "Secure flag is not set in the cookie": "cookies are Secure whenever RequireHttps is on; this scan is plain HTTP",
    "HttpOnly flag is not set in the cookie : beacon.": "false positive: Beacon's cookies are HttpOnly (FoundationTests checks), wapiti reads the attribute case-sensitively",
}
report = json.load(open(sys.argv[1]))
failed = False
for kind, items in report.get("vulnerabilities", {}).items():
    for item in items:
        info = item.get("info", "")
        reason = next((why for text, why in EXPECTED.items() if text in info), None)
        if reason:
            print(f"    expected  {kind}: {info} ({reason})")
        else:
            print(f"    VULNERABILITY {kind}: {item.get('method')} {item.get('path')} {info}")
            failed = True
anomalies = {k: len(v) for k, v in report.get("anomalies", {}).items() if v}
if anomalies:
    print(f"    ANOMALIES: {anomalies}")
    failed = True
sys.exit(1 if failed else 0)
PY
ERRORS=$(grep -c 'fail: Microsoft.AspNetCore.Diagnostics' "$WORK/beacon.log" || true)
echo "==> Server errors logged during the scans: $ERRORS"
[ "$ERRORS" = "0" ] || FOUND=1
echo "==> Reports in $WORK"
exit $FOUND
