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
MINEFREE_DB=$store MINEFREE_PORT=$port MINEFREE_PUBLISHED=progress,hazards MINEFREE_ADMIN_PASSWORD=bench-password-1 \
  $minefree serve >/tmp/bench/web-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
day=2026-01-01
first=$(sed -n 2p /tmp/bench/out/s$scale/b2_minefree.csv | cut -d, -f1)
second=$(sed -n 1000p /tmp/bench/out/s$scale/b2_minefree.csv | cut -d, -f1)
time_of() { curl -s -o /dev/null -w "%{http_code} %{time_total}" "http://127.0.0.1:$port$1"; }
echo "explanation, first request after start (reads, ranks): $(time_of "/priorities/$first?as_of=$day")"
for i in 1 2 3 4 5; do echo "explanation, kept ($i): $(time_of "/priorities/$first?as_of=$day")"; done
echo "another hazard's explanation, kept: $(time_of "/priorities/$second?as_of=$day")"
echo "forecast of R01, first (simulates 10,000 iterations): $(time_of "/forecast?as_of=$day&scope=R01")"
for i in 1 2 3 4 5; do echo "forecast of R01, kept ($i): $(time_of "/forecast?as_of=$day&scope=R01")"; done
echo "forecast of R07, kept: $(time_of "/forecast?as_of=$day&scope=R07")"
echo "API explanation, kept: $(time_of "/api/v1/priorities/$first?as_of=$day")"
