#!/usr/bin/env bash
# MineFree's test command (README, .ci/run).
#  1. Builds, then runs every test on the embedded default (SQLite files in a temp dir).
#  2. System tests against the running server (Tests/system/run.sh): GDAL reads the OGC API, chromium +
#     selenium walk the web app, schemathesis fuzzes the API; crash (kill -9), abuse and load (wrk) tests.
#     libhxl validates every layer's HXL export.
#     Needs gdal-bin, chromium, chromium-driver, libjs-leaflet, wrk and PyPI selenium + schemathesis + libhxl + six;
#     skipped (with a note) when they are missing, unless
#     MINEFREE_REQUIRE_SYSTEM=1 (CI). MINEFREE_SKIP_SYSTEM=1 skips them.
#  3. If PostgreSQL's server programs are installed (Debian: postgresql-15), starts a throwaway cluster on
#     127.0.0.1, runs the store tests again with DATABASE_URL pointing at it, then the server tests on a
#     database of their own, and removes it.
#     MINEFREE_SKIP_POSTGRES=1 skips this pass; MINEFREE_REQUIRE_POSTGRES=1 (CI) fails if it cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Formatting is checked first: the repository's .swift-format, which `swift format -i -r -p Sources Tests Package.swift`
# applies (swift-format ships with the Swift 6 toolchain).
if swift format --version >/dev/null 2>&1; then
  echo "== swift format lint"
  swift format lint --strict -r -p Sources Tests Package.swift
else
  echo "== swift format lint skipped: this toolchain has no swift-format" >&2
fi
swift build --build-tests
echo "== tests on SQLite"
swift test --skip-build

if [[ "${MINEFREE_SKIP_SYSTEM:-0}" != 1 ]]; then
  missing=()
  for tool in ogrinfo ogr2ogr chromium chromedriver curl wrk; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  python3 -c "import selenium, schemathesis" 2>/dev/null || missing+=("PyPI selenium schemathesis")
  python3 -c "import hxl, six" 2>/dev/null || missing+=("PyPI libhxl six")
  [[ -f /usr/share/javascript/leaflet/leaflet.js ]] || missing+=("libjs-leaflet")
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "== system tests (GDAL, browser, schemathesis)"
    Tests/system/run.sh
  elif [[ "${MINEFREE_REQUIRE_SYSTEM:-0}" == 1 ]]; then
    echo "system tests need: ${missing[*]}" >&2; exit 1
  else
    echo "== system tests skipped: missing ${missing[*]} (.ci/run installs them)"
  fi
fi

if [[ "${MINEFREE_SKIP_POSTGRES:-0}" == 1 ]]; then exit 0; fi
initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$initdb" ]]; then
  if [[ "${MINEFREE_REQUIRE_POSTGRES:-0}" == 1 ]]; then echo "PostgreSQL server not installed" >&2; exit 1; fi
  echo "== PostgreSQL pass skipped: no initdb (apt-get install postgresql-15)"
  exit 0
fi
bin=$(dirname "$initdb")
port=${MINEFREE_TEST_PG_PORT:-54330}
dir=$(mktemp -d /tmp/minefree-pg.XXXXXX)
# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$dir"
cleanup() { as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$bin/initdb" -D "$dir/data" -U minefree -A trust --no-sync >/dev/null
start_pg() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 120 -l "$dir/log" \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
}
# Once on a clean clone the server did not start (its log went with the directory): say why, and try another port.
if ! start_pg; then
  echo "PostgreSQL did not start on port $port; its log:" >&2
  tail -n 20 "$dir/log" >&2 || true
  port=$((port + 7))
  echo "== trying port $port" >&2
  start_pg || { tail -n 20 "$dir/log" >&2; exit 1; }
fi
as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U minefree minefree
echo "== store tests on PostgreSQL ($("$bin/postgres" --version))"
# One database shared by the suites: run them one after another.
DATABASE_URL="postgres://minefree@127.0.0.1:$port/minefree?sslmode=disable" swift test --skip-build --no-parallel --filter MineFreeStoreTests
echo "== server tests on PostgreSQL (demo programme, API, review workflow, pages)"
as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U minefree minefree_server
MINEFREE_TEST_SERVER_DATABASE_URL="postgres://minefree@127.0.0.1:$port/minefree_server?sslmode=disable" \
  swift test --skip-build --filter MineFreeServerTests
if [[ "${MINEFREE_SKIP_SYSTEM:-0}" != 1 ]]; then
  echo "== crash safety on PostgreSQL (kill -9 during an import and during API writes)"
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U minefree minefree_crash
  # One kill during an upload here (the SQLite pass has two): PostgreSQL's slower bulk writes, CI's time.
  PATH="$bin:$PATH" python3 Tests/system/crash_test.py --upload-rounds 1 \
    --postgres "postgres://minefree@127.0.0.1:$port/minefree_crash?sslmode=disable"
fi
