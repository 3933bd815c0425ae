#!/usr/bin/env bash
# The import and quarterly-return benchmarks of issues #3 and #4, end to end, on a database of your choosing:
#   1. writes ROWS synthetic notifications (default 1,000,000: about 317,000 children over five years);
#   2. imports them with `beacon import notifications` (Release build), printing rows/s and the CLI's peak memory;
#   3. closes the RHIs due more than 14 days ago as a service would (`beacon demo generate rhi-outcomes`), so the
#      return's breakdowns have data in them;
#   4. times the quarterly return against one bare SQL query (`beacon report missing-quarterly --benchmark RUNS`).
# Usage:
#   scripts/benchmark.sh                                   # SQLite, a new file under /tmp
#   BEACON_BENCH_DB="Host=127.0.0.1;Port=5432;Username=postgres;Database=beacon_bench" scripts/benchmark.sh
# Environment: ROWS (default 1000000), RUNS (default 15), YEAR (financial year to report; default two before the
# current one, well inside the generated five years). The PostgreSQL database must exist and be empty (migrations run
# first). Needs /usr/bin/time (Debian: apt-get install time) for the memory figure.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
RUNS=${RUNS:-15}
WORK=$(mktemp -d /tmp/beacon-bench.XXXXXX)
if [ -n "${BEACON_BENCH_DB:-}" ]; then
  export Beacon__Database__Provider=PostgreSql Beacon__Database__ConnectionString="$BEACON_BENCH_DB"
  WHERE="PostgreSQL"
else
  export Beacon__Database__Provider=Sqlite Beacon__Database__ConnectionString="Data Source=$WORK/bench.db"
  WHERE="SQLite ($WORK/bench.db)"
fi
month=$(date -u +%m); year=$(date -u +%Y)
current=$(( 10#$month >= 4 ? year : year - 1 ))
YEAR=${YEAR:-$(( current - 2 ))}

echo "==> Building the CLI (Release)"
dotnet build -c Release src/Beacon.Cli -v q -nologo >/dev/null
beacon=(dotnet src/Beacon.Cli/bin/Release/net10.0/beacon.dll)

echo "==> $WHERE: migrating"
"${beacon[@]}" migrate >/dev/null

echo "==> Writing $ROWS synthetic notifications"
"${beacon[@]}" demo generate notifications --rows "$ROWS" --out "$WORK/notifications.csv"

echo "==> Importing"
/usr/bin/time -f "peak memory %M KB, %e s" -o "$WORK/time.txt" "${beacon[@]}" import notifications "$WORK/notifications.csv" 2>/dev/null | tail -1
cat "$WORK/time.txt"

echo "==> Closing older RHIs as a service would"
"${beacon[@]}" demo generate rhi-outcomes 2>/dev/null | tail -1

echo "==> Quarterly return for financial year $YEAR against one bare SQL query ($RUNS runs each)"
"${beacon[@]}" report missing-quarterly --financial-year "$YEAR" --benchmark "$RUNS"

echo "Files in $WORK (delete when done)."
