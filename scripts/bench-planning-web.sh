#!/usr/bin/env bash
# How fast the web app answers one hazard's priority explanation and a region's forecast at national scale (S=1):
# the first request after new records (which reads the day's inputs, ranks, and simulates) and the ones after it
# (kept structures), each timed by curl from request to last byte. Usage: scripts/bench-planning-web.sh [SCALE]
# Needs a release build and the dataset (scripts/bench-planning.sh makes it). The store is imported once (B1).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
data=/tmp/bench/s$scale
store=/tmp/bench/web-s$scale.sqlite
port=${MINEFREE_BENCH_PORT:-8097}
minefree=.build/release/minefree
[[ -f $store ]] || $minefree bench b1 --data "$data" --store "$store" >/dev/null
MINEFREE_WARM_PLANNING=${MINEFREE_WARM_PLANNING:-1} MINEFREE_DB=$store MINEFREE_PORT=$port MINEFREE_PUBLISHED=progress,hazards MINEFREE_ADMIN_PASSWORD=bench-password-1 \
  $minefree serve >/tmp/bench/web-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
day=2026-01-01
# Two hazards still open on any day after 2026-01-01: ranked in B2 and never released after it.
read -r first second < <(python3 - "$data" /tmp/bench/out/s$scale/b2_minefree.csv <<'PY'
import csv, sys
later = {r["hazard_id"] for r in csv.DictReader(open(sys.argv[1] + "/release_events.csv")) if r["date"] >= "2026-01-01"}
ranked = [r["hazard_id"] for r in csv.DictReader(open(sys.argv[2])) if r["hazard_id"] not in later]
print(ranked[0], ranked[999])
PY
)
time_of() { curl -s -o /dev/null -w "%{http_code} %{time_total}" "http://127.0.0.1:$port$1"; }
if [[ "${MINEFREE_WARM_PLANNING:-1}" != 0 ]]; then
  # Any first request starts the background warm-up of today's figures; the pages below then find them kept.
  echo "first request (starts the warm-up): $(time_of "/api/v1/states?limit=1")"
  sleep "${WARM_SECONDS:-8}"
  day=$(date -u +%F)
fi
echo "explanation, first request for the day (reads, ranks unless warmed): $(time_of "/priorities/$first?as_of=$day")"
for i in 1 2 3 4 5; do echo "explanation, kept ($i): $(time_of "/priorities/$first?as_of=$day")"; done
echo "another hazard's explanation, kept: $(time_of "/priorities/$second?as_of=$day")"
echo "forecast of R01, first for the day (simulates unless warmed): $(time_of "/forecast?as_of=$day&scope=R01")"
for i in 1 2 3 4 5; do echo "forecast of R01, kept ($i): $(time_of "/forecast?as_of=$day&scope=R01")"; done
echo "forecast of R07, kept: $(time_of "/forecast?as_of=$day&scope=R07")"
echo "API explanation, kept: $(time_of "/api/v1/priorities/$first?as_of=$day")"
