#!/usr/bin/env bash
# Issue 15's read load: MineFree's release build serving a national-scale store (S=1 of ../shared/bench: 50,000
# hazards, 200,000 releases; S=10 ten times that), every read `wrk` hits with 64 connections for 30 s, with a valid
# bearer token. Each row: requests/s, p50, p99, non-2xx and socket errors, time-outs. Rows marked "varied" give
# every request its own URL (a random page, a random day, a random box), so they measure the work behind an answer,
# not the answers the server keeps per store generation; the other rows repeat one URL, as a crowd reading a
# published page does. The server's peak memory (VmHWM) is reported after the last row.
#
# Usage, from the repo root with ../shared beside it:
#   bench/serve_load.sh [SCALE] [sqlite|postgres]       (default: 1 sqlite)
# Each row is measured after a warm-up with the same load (WARMUP s, 5), as bench/ogc_peers.sh does for the peers.
# Env: DURATION (s, 30), CONNECTIONS (64), THREADS (2), MINEFREE_BENCH_DIR (.bench), PORT (8090), PEERS=1 (then
#   runs bench/ogc_peers.sh, tipg and pygeoapi on PostGIS with the same data, in the same run, and prints
#   MineFree's OGC page of 100 as a ratio of theirs),
#   ROWS (an extended regular expression: only the rows whose name matches, e.g. "progress|OGC"),
#   PG_BIN (/usr/lib/postgresql/15/bin; postgres builds a throwaway cluster on loopback, port PG_PORT, 54398).
# The store is built once per scale and database with `minefree import --profile workload` and kept
# ($MINEFREE_BENCH_DIR/serve-sSCALE.sqlite, or the cluster's data directory). Output:
# $MINEFREE_BENCH_DIR/out/serve/serve_sSCALE_DB.md and .json. docs/BENCHMARKS.md states the figures.
set -euo pipefail
scale=${1:-1}; db=${2:-sqlite}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$here/../shared/bench
work=${MINEFREE_BENCH_DIR:-$here/.bench}
mkdir -p "$work"; work=$(cd "$work" && pwd)
out=$work/out/serve; mkdir -p "$out"
duration=${DURATION:-30}; connections=${CONNECTIONS:-64}; threads=${THREADS:-2}
port=${PORT:-8090}
data=$work/data/s$scale
password=bench-$(date +%s)-pass
run=$(mktemp -d "$work/serve-run.XXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [[ $db == postgres && -n ${pgdata:-} ]]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$run"
}
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
[[ -f $data/MANIFEST.json ]] || python3 "$shared/gen_dataset.py" --scale "$scale" --seed 7 --out "$data"
(cd "$here" && swift build -c release --product minefree >/dev/null)
# The build's hundreds of MB of objects are written back before anything is measured (the kernel's write-back of
# them stalled the first rows of S=10 runs: p99 over 100 ms for a minute, then 20–30 ms).
sync; sleep 5
mf=$here/.build/release/minefree

case $db in
  sqlite)
    store=$work/serve-s$scale.sqlite
    export MINEFREE_DB=$store
    unset DATABASE_URL || true
    if [[ ! -f $store ]]; then
      echo "building $store"
      "$mf" import "$data" --profile workload >/dev/null
    fi
    ;;
  postgres)
    pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}; pg_port=${PG_PORT:-54398}
    pgdata=$work/serve-pg-s$scale
    fresh=0
    if [[ ! -d $pgdata ]]; then
      mkdir -p "$pgdata"; chown postgres "$pgdata"
      runuser -u postgres -- "$pg_bin/initdb" -D "$pgdata" -U postgres -A trust >/dev/null
      fresh=1
    fi
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pgdata" -w -l "$pgdata/log" \
      -o "-h 127.0.0.1 -p $pg_port -k /tmp -c shared_buffers=512MB -c max_connections=200" start >/dev/null
    export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/minefree?sslmode=disable"
    if [[ $fresh == 1 ]]; then
      runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" minefree
      echo "building the PostgreSQL store"
      "$mf" import "$data" --profile workload >/dev/null
      runuser -u postgres -- "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -d minefree -qc "VACUUM ANALYZE" >/dev/null
    fi
    ;;
  *) echo "unknown database '$db': expected sqlite or postgres" >&2; exit 2 ;;
esac

# The administrator's password is reset for the run (the store is the bench's own).
# (a new store has no administrator yet: the server creates it with MINEFREE_ADMIN_PASSWORD).
MINEFREE_NEW_PASSWORD=$password "$mf" user reset-password admin >/dev/null 2>&1 || true
MINEFREE_ADMIN_PASSWORD=$password MINEFREE_BASELINE=2020-01-01 "$mf" serve --port "$port" >"$run/server.log" 2>&1 &
server=$!; pids+=("$server")
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$run/server.log" >&2; exit 1; }
token=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/tokens" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
base=http://127.0.0.1:$port
hazard=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/hazards?limit=1&offset=1234" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
region=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/hazards?limit=1&offset=20000" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["region"])')
total=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/hazards?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["page"]["total"])')

# Varied URLs: a Lua script per kind, the random choice seeded per thread.
cat >"$run/varied.lua" <<EOF
local kind = os.getenv("VARIED")
local total = $total
local n = 0
function setup(thread) n = n + 1; thread:set("seed", n) end
function init(args) math.randomseed(seed * 7919 + os.time()) end
local function day()
  local y = math.random(2000, 2026)
  local m = math.random(1, 12)
  local d = math.random(1, 28)
  return string.format("%04d-%02d-%02d", y, m, d)
end
function request()
  local path
  if kind == "hazards" then
    -- the generator's ids: HA-0000001 …
    path = string.format("/api/v1/hazards?limit=50&after=HA-%07d", math.random(1, total - 50))
  elseif kind == "offsets" then
    path = "/api/v1/hazards?limit=50&offset=" .. math.random(0, total - 50)
  elseif kind == "progress" then
    path = "/api/v1/progress?as_of=" .. day()
  else
    local lon = 44.85 + math.random() * 5.4
    local lat = 38.45 + math.random() * 3.3
    path = string.format("/ogc/collections/hazards/items?limit=100&bbox=%.4f,%.4f,%.4f,%.4f", lon, lat, lon + 0.3, lat + 0.2)
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer $token" })
end
EOF

rows=(
  "hazards, page of 50|/api/v1/hazards?limit=50"
  "hazards, page of 50, filtered|/api/v1/hazards?limit=50&status=worked_on&region=$region"
  "one hazard|/api/v1/hazards/$hazard"
  "progress, today|/api/v1/progress"
  "progress, a past day|/api/v1/progress?as_of=2024-06-17"
  "OGC page of 100|/ogc/collections/hazards/items?limit=100"
  "states|/api/v1/states"
  "page /programme|/programme"
  "page /treaty|/treaty"
  "page /hazards|/hazards"
  "hazards, varied pages by keyset (after=)|varied:hazards"
  "hazards, varied pages by offset|varied:offsets"
  "progress, varied days|varied:progress"
  "OGC page of 100, varied boxes|varied:ogc"
)
: >"$run/results.txt"
warmup=${WARMUP:-5}
for row in "${rows[@]}"; do
  name=${row%%|*}; target=${row#*|}
  [[ -z ${ROWS:-} || $name =~ $ROWS ]] || continue
  if [[ $target == varied:* ]]; then
    VARIED=${target#varied:} wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$run/varied.lua" "$base" >/dev/null 2>&1 || true
    VARIED=${target#varied:} wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s --latency \
      -s "$run/varied.lua" "$base" >"$run/wrk.txt" 2>&1 || true
  else
    curl -fs -o /dev/null -H "Authorization: Bearer $token" "$base$target" || echo "warning: $target did not answer 200" >&2
    wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Authorization: Bearer $token" "$base$target" >/dev/null 2>&1 || true
    wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s --latency \
      -H "Authorization: Bearer $token" "$base$target" >"$run/wrk.txt" 2>&1 || true
  fi
  python3 "$here/bench/serve_load_parse.py" "$name" "$target" <"$run/wrk.txt" | tee -a "$run/results.txt"
  sleep 3  # what the last row left queued is finished before the next starts
done
peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
python3 "$here/bench/serve_load_parse.py" --table "$scale" "$db" "$peak" "$connections" "$duration" \
  <"$run/results.txt" >"$out/serve_s${scale}_$db.md" 3>"$out/serve_s${scale}_$db.json"
cat "$out/serve_s${scale}_$db.md"
if [[ ${PEERS:-0} == 1 ]]; then
  kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true
  DURATION=$duration CONNECTIONS=$connections "$here/bench/ogc_peers.sh" >"$run/peers.log" 2>&1 || { cat "$run/peers.log" >&2; exit 1; }
  python3 - "$out/serve_s${scale}_$db.json" "$out/ogc_peers.json" <<'PY' | tee -a "$out/serve_s${scale}_$db.md"
import json, sys
ours = {r["read"]: r for r in json.load(open(sys.argv[1]))["rows"]}
peers = json.load(open(sys.argv[2]))
print("\n| OGC page of 100, 64 connections | req/s | p99 ms | MineFree's req/s ÷ theirs (one URL) | (varied boxes) |")
print("|---|---:|---:|---:|---:|")
same, varied = ours["OGC page of 100"], ours["OGC page of 100, varied boxes"]
print(f"| MineFree | {same['rps']:,.0f} | {same['p99_ms']:.1f} | | |")
for name, p in peers.items():
    print(f"| {name} | {p['rps']:,.1f} | {p['p99_ms']:.1f} | {same['rps'] / p['rps']:.1f} | {varied['rps'] / p['rps']:.1f} |")
PY
fi
