#!/usr/bin/env bash
# Peer OGC API - Features servers on MineFree's data: tipg (FastAPI/asyncpg under uvicorn) and pygeoapi (Flask,
# PostgreSQL provider, under gunicorn), each with 2 workers, both reading the S=1 hazards (50,000 polygons) from
# one throwaway PostGIS cluster on loopback. For each: one items page of 100 features, checked with curl, then
# `wrk -t2 -cCONNECTIONS -dDURATION --timeout 10s --latency`. Prints and writes a markdown table (req/s, p50, p99,
# errors = non-2xx + socket connect/read/write errors, timeouts, bytes per page) and a JSON file, so that our
# server's figures on the same page size can be stated as a ratio to them.
#
# Usage, from the repo root with ../shared beside it (Debian 12, as root: it installs with apt-get and runs
# PostgreSQL as the postgres user):
#   bench/ogc_peers.sh
# Env: DURATION (s, default 30), CONNECTIONS (64), WARMUP (s, 5), MINEFREE_BENCH_DIR (.bench, under the repo
#   root), OUT ($MINEFREE_BENCH_DIR/out/serve), PEERS_PYTHON (python3, for the venv), PG_BIN
#   (/usr/lib/postgresql/15/bin), PG_PORT / TIPG_PORT / PYGEOAPI_PORT (first free from 54399 / 8081 / 8082),
#   PYGEOAPI_WORKER_CLASS (gunicorn's default, sync), PEERS_KEEP_RUN=1 (keep the run folder's logs on success).
# Installs postgresql-15-postgis-3 and wrk if missing, and a venv at $MINEFREE_BENCH_DIR/peers-venv with the
# versions pinned below (kept for the next run; reinstalled when the pins change). Data, if absent:
# ../shared/bench/gen_dataset.py --scale 1 --seed 7. Everything it starts (servers, cluster) is stopped on exit.
# Timeouts and errors under load are results, not failures: they are reported. Noisy on a busy 2-core machine:
# wrk, both servers and PostgreSQL share the cores.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
shared=$here/../shared/bench
bench_dir=${MINEFREE_BENCH_DIR:-$here/.bench}
mkdir -p "$bench_dir"; bench_dir=$(cd "$bench_dir" && pwd)
out=${OUT:-$bench_dir/out/serve}
mkdir -p "$out"; out=$(cd "$out" && pwd)
duration=${DURATION:-30}
connections=${CONNECTIONS:-64}
warmup=${WARMUP:-5}
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
venv=$bench_dir/peers-venv
data=$bench_dir/data/s1
run=$bench_dir/peers-run
db=minefree_peers

# Versions known to work together on Python 3.11 (Debian 12). pygeoapi 0.22 and later need Python >= 3.12.
pins=(
  tipg==1.6.1 asyncpg==0.32.0 fastapi==0.165.0 starlette==1.10.0 pydantic==2.14.4 orjson==3.13.0
  "uvicorn[standard]==0.55.0"
  pygeoapi==0.21.0 Flask==3.1.3 Werkzeug==3.1.9 gunicorn==27.0.1
  psycopg2-binary==2.9.13 SQLAlchemy==2.1.9 GeoAlchemy2==0.20.0 shapely==2.2.0 pygeofilter==0.4.0 pyproj==3.7.2
  numpy==2.4.6
)

say() { printf '[ogc_peers] %s\n' "$*" >&2; }

# --- 1. install ---------------------------------------------------------------------------------------------
missing=()
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || missing+=(postgresql-15-postgis-3)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[[ -x $pg_bin/pg_ctl ]] || { say "no PostgreSQL at $pg_bin (apt-get install postgresql-15, or set PG_BIN)"; exit 1; }

if [[ ! -f $venv/.pins || "$(cat "$venv/.pins")" != "${pins[*]}" ]]; then
  say "creating $venv"
  rm -rf "$venv"
  py=${PEERS_PYTHON:-python3}
  if ! "$py" -m venv "$venv" 2>/dev/null; then
    say "python3 -m venv failed: apt-get install python3-venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$venv"; "$py" -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/pip" install -q --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" > "$venv/.pins"
else
  say "reusing $venv"
fi
vpy=$venv/bin/python

# --- data -----------------------------------------------------------------------------------------------------
if [[ ! -f $data/hazards.geojson ]]; then
  gen_py=python3
  python3 -c 'import numpy' 2>/dev/null || gen_py=$vpy
  say "generating $data (gen_dataset.py --scale 1 --seed 7)"
  "$gen_py" "$shared/gen_dataset.py" --scale 1 --seed 7 --out "$data"
fi

# --- free ports, cleanup --------------------------------------------------------------------------------------
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
pg_port=${PG_PORT:-$(free_port 54399)}
tipg_port=${TIPG_PORT:-$(free_port 8081)}
pygeoapi_port=${PYGEOAPI_PORT:-$(free_port 8082)}
[[ $pygeoapi_port != "$tipg_port" ]] || pygeoapi_port=$(free_port $((tipg_port + 1)))

if [[ $EUID -eq 0 ]]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
pgdata=""; pg_started=0; server_pids=(); ok=0
cleanup() {
  set +e
  local pid i
  for pid in "${server_pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for pid in "${server_pids[@]}"; do
    for i in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  if ((pg_started)); then as_pg "$pg_bin/pg_ctl" -D "$pgdata/data" -m fast -w stop >/dev/null; fi
  [[ -n $pgdata ]] && rm -rf "$pgdata"
  if ((ok)) && [[ ${PEERS_KEEP_RUN:-0} != 1 ]]; then rm -rf "$run"; fi
  if ((!ok)) && [[ -d $run ]]; then say "failed; logs are in $run"; fi
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM

rm -rf "$run"; mkdir -p "$run"

# --- 2. PostgreSQL + PostGIS ----------------------------------------------------------------------------------
pgdata=$(mktemp -d "${TMPDIR:-/tmp}/minefree-peers-pg.XXXXXX")
[[ $EUID -eq 0 ]] && chown postgres: "$pgdata"
as_pg "$pg_bin/initdb" -D "$pgdata/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pgdata/data" -l "$pgdata/postgres.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pgdata -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null
pg_started=1
say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port ($pgdata)"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql_ -d postgres -c "CREATE DATABASE $db"
psql_ -d "$db" -c "CREATE EXTENSION postgis"
dsn="postgresql://postgres@127.0.0.1:$pg_port/$db"

# --- 3. load --------------------------------------------------------------------------------------------------
loaded=$("$vpy" "$here/bench/ogc_peers_load.py" --dsn "$dsn" --geojson "$data/hazards.geojson" --table hazards)
say "$loaded"
postgis_version=$(psql_ -d "$db" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")

# --- 4. servers -----------------------------------------------------------------------------------------------
# Each in its own session (setsid), so the trap can stop a server and its workers as one process group. They run
# with the run folder as working directory: tipg reads a .env file from there, if any.
start_server() { # name cmd...
  local name=$1; shift
  (cd "$run" && exec setsid "$@" >"$run/$name.log" 2>&1) &
  server_pids+=("$!")
}
wait_up() { # name url pid
  local i
  for i in $(seq 120); do
    if curl -fsS -o /dev/null --max-time 5 "$2" 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || { say "$1 exited:"; tail -n 30 "$run/$1.log" >&2; return 1; }
    sleep 0.5
  done
  say "$1 did not answer $2 within 60 s:"; tail -n 30 "$run/$1.log" >&2; return 1
}

start_server tipg env DATABASE_URL="$dsn" "$venv/bin/uvicorn" tipg.main:app --host 127.0.0.1 --port "$tipg_port" \
  --workers 2 --no-access-log --log-level warning
tipg_pid=${server_pids[-1]}

cat >"$run/pygeoapi-config.yml" <<EOF
server:
  bind: {host: 127.0.0.1, port: $pygeoapi_port}
  url: http://127.0.0.1:$pygeoapi_port
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  pretty_print: false
  limits: {default_items: 10, max_items: 10000}
  map: {url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: OpenStreetMap}
logging:
  level: ERROR
metadata:
  identification:
    title: MineFree peer benchmark
    description: S=1 hazards from ../shared/bench/gen_dataset.py
    keywords: [benchmark]
    url: http://127.0.0.1:$pygeoapi_port
    terms_of_service: https://creativecommons.org/licenses/by/4.0/
  license: {name: CC-BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}
  provider: {name: MineFree benchmark}
  contact: {name: MineFree benchmark}
resources:
  hazards:
    type: collection
    title: hazards
    description: Hazard polygons (S=1, seed 7)
    keywords: [hazards]
    extents:
      spatial: {bbox: [44.8, 38.4, 50.4, 41.9], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'}
    providers:
      - type: feature
        name: PostgreSQL
        data: {host: 127.0.0.1, port: $pg_port, dbname: $db, user: postgres, search_path: [public]}
        id_field: id
        table: hazards
        geom_field: geom
EOF
export PYGEOAPI_CONFIG=$run/pygeoapi-config.yml PYGEOAPI_OPENAPI=$run/pygeoapi-openapi.yml
"$venv/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >"$run/openapi-generate.log" 2>&1 \
  || { say "pygeoapi openapi generate failed:"; tail -n 30 "$run/openapi-generate.log" >&2; exit 1; }
start_server pygeoapi "$venv/bin/gunicorn" --workers 2 --worker-class "${PYGEOAPI_WORKER_CLASS:-sync}" \
  --bind "127.0.0.1:$pygeoapi_port" --log-level warning pygeoapi.flask_app:APP
pygeoapi_pid=${server_pids[-1]}

tipg_url="http://127.0.0.1:$tipg_port/collections/public.hazards/items?limit=100"
pygeoapi_url="http://127.0.0.1:$pygeoapi_port/collections/hazards/items?limit=100&f=json"
wait_up tipg "$tipg_url" "$tipg_pid"
wait_up pygeoapi "$pygeoapi_url" "$pygeoapi_pid"

vers() { "$vpy" -c 'import sys; from importlib.metadata import version; print(" ".join(version(n) for n in sys.argv[1:]))' "$@"; }
read -r tipg_v uvicorn_v pygeoapi_v gunicorn_v <<<"$(vers tipg uvicorn pygeoapi gunicorn)"

# --- 5. measure -----------------------------------------------------------------------------------------------
# wrk sends no Accept header; curl is told to send none either, so both get the same representation.
check_page() { # name url -> prints the byte size of the page, fails unless it is 200 with 100 features
  local code size
  read -r code size < <(curl -sS -H 'Accept:' -o "$run/$1-page.json" -w '%{http_code} %{size_download}\n' "$2")
  [[ $code == 200 ]] || { say "$1: HTTP $code from $2"; head -c 500 "$run/$1-page.json" >&2; return 1; }
  "$vpy" - "$run/$1-page.json" <<'EOF' || return 1
import json, sys
doc = json.load(open(sys.argv[1]))
n = len(doc.get("features", []))
sys.exit(0 if n == 100 else f"{sys.argv[1]}: {n} features, expected 100")
EOF
  echo "$size"
}
# -> "rps p50_ms p99_ms errors timeouts requests non2xx connect read write"; latency figures are of the answered
# requests only (wrk leaves timed-out ones out of its distribution).
parse_wrk() {
  awk '
    function ms(v,  u) { u = v; sub(/^[0-9.]+/, "", u); v = v + 0
      if (u == "us") return v / 1000; if (u == "ms") return v; if (u == "s") return v * 1000
      if (u == "m") return v * 60000; return v }
    BEGIN { rps = "null"; p50 = "null"; p99 = "null"; req = 0; n2 = 0; c = 0; r = 0; w = 0; t = 0 }
    $1 == "50%" { p50 = sprintf("%.2f", ms($2)) }
    $1 == "99%" { p99 = sprintf("%.2f", ms($2)) }
    $1 == "Requests/sec:" { rps = sprintf("%.1f", $2) }
    / requests in / { req = $1 }
    /Socket errors:/ { c = $4 + 0; r = $6 + 0; w = $8 + 0; t = $10 + 0 }
    /Non-2xx or 3xx responses:/ { n2 = $NF + 0 }
    END { print rps, p50, p99, n2 + c + r + w, t, req, n2, c, r, w }' "$1"
}

declare -A res
for peer in tipg pygeoapi; do
  url_var=${peer}_url; url=${!url_var}
  bytes=$(check_page "$peer" "$url")
  say "$peer: $url -> 100 features, $bytes bytes; warm-up ${warmup}s"
  wrk -t2 -c"$connections" -d"${warmup}s" --timeout 10s "$url" >/dev/null 2>&1 || true
  say "$peer: wrk -t2 -c$connections -d${duration}s --timeout 10s --latency (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency "$url" >"$out/ogc_peers_wrk_$peer.txt" 2>&1
  res[$peer]="$(parse_wrk "$out/ogc_peers_wrk_$peer.txt") $bytes"
  say "$peer: ${res[$peer]}"
done

# --- 6. report ------------------------------------------------------------------------------------------------
md=$out/ogc_peers.md; json=$out/ogc_peers.json
dash() { [[ $1 == null ]] && echo "-" || echo "$1"; }
{
  echo "Peer OGC API - Features servers, items page of 100 S=1 hazards, \`wrk -t2 -c$connections -d${duration}s --timeout 10s\`,"
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo "tipg $tipg_v (uvicorn $uvicorn_v, 2 workers); pygeoapi $pygeoapi_v (gunicorn $gunicorn_v, 2 ${PYGEOAPI_WORKER_CLASS:-sync} workers);"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), PostGIS $postgis_version. Errors: non-2xx + socket connect/read/write errors."
  echo
  echo "| peer | req/s | p50 ms | p99 ms | errors | timeouts | bytes per page |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for peer in tipg pygeoapi; do
    read -r rps p50 p99 errs tmo _ _ _ _ _ bytes <<<"${res[$peer]}"
    echo "| $peer | $(dash "$rps") | $(dash "$p50") | $(dash "$p99") | $errs | $tmo | $bytes |"
  done
} >"$md"
{
  echo "{"
  sep=""
  for peer in tipg pygeoapi; do
    read -r rps p50 p99 errs tmo req n2 c r w bytes <<<"${res[$peer]}"
    v_var=${peer}_v; u_var=${peer}_url
    printf '%s  "%s": {"rps": %s, "p50_ms": %s, "p99_ms": %s, "errors": %s, "timeouts": %s, "requests": %s, ' \
      "$sep" "$peer" "$rps" "$p50" "$p99" "$errs" "$tmo" "$req"
    printf '"non2xx": %s, "socket_errors": {"connect": %s, "read": %s, "write": %s}, "bytes_per_page": %s, ' \
      "$n2" "$c" "$r" "$w" "$bytes"
    printf '"version": "%s", "url": "%s", "connections": %s, "duration_s": %s}' \
      "${!v_var}" "${!u_var}" "$connections" "$duration"
    sep=$',\n'
  done
  printf '\n}\n'
} >"$json"
"$vpy" -m json.tool "$json" >/dev/null
cat "$md"
say "wrote $md, $json and the raw wrk output $out/ogc_peers_wrk_{tipg,pygeoapi}.txt"
ok=1
