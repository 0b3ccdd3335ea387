#!/bin/sh
# IATI import benchmark (issue 18): a deterministic IATI 2.03 file of SIZE MB (scripts/gen-iati.py, seed 18) imported
# into a new SQLite store by the release build, RUNS times, each beside the peer (scripts/iati_peer.py: the same
# extraction with Python's streaming ElementTree, nothing stored), on the same machine in the same run. Prints wall
# time and peak memory of both and checks that the store holds exactly the peer's parts and sums per currency.
#   scripts/bench-iati.sh [SIZE_MB] [RUNS]
set -eu
SIZE=${1:-50}
RUNS=${2:-3}
OUT=${BENCH_OUT:-/tmp/bench/iati}
mkdir -p "$OUT"
FILE="$OUT/iati-${SIZE}mb-s18.xml"
[ -f "$FILE" ] || python3 scripts/gen-iati.py --size-mb "$SIZE" --seed 18 --out "$FILE" 2>"$OUT/gen.json"
swift build -c release --product minefree >/dev/null
echo "file: $FILE ($(wc -c <"$FILE") bytes)"
i=0
while [ "$i" -lt "$RUNS" ]; do
    i=$((i + 1))
    rm -f "$OUT"/store.sqlite*
    MINEFREE_DB="$OUT/store.sqlite" .build/release/minefree migrate >/dev/null
    MINEFREE_DB="$OUT/store.sqlite" /usr/bin/time -f "%e %M" -o "$OUT/minefree.time" \
        .build/release/minefree iati import "$FILE" --format json >"$OUT/minefree.json"
    /usr/bin/time -f "%e %M" -o "$OUT/peer.time" python3 scripts/iati_peer.py "$FILE" >"$OUT/peer.json"
    python3 - "$OUT" <<'PY'
import json, sqlite3, sys
out = sys.argv[1]
m = open(out + "/minefree.time").read().split()
p = open(out + "/peer.time").read().split()
peer = json.load(open(out + "/peer.json"))
db = sqlite3.connect(out + "/store.sqlite")
sums = dict(db.execute("SELECT currency, SUM(amount) FROM contributions GROUP BY currency ORDER BY currency"))
parts = db.execute("SELECT COUNT(*) FROM contributions").fetchone()[0]
projects = db.execute("SELECT COUNT(*) FROM funding_projects").fetchone()[0]
same = sums == peer["sums"] and parts == peer["parts"] and projects == peer["mine_action_activities"]
print(f"minefree (read, check, store) {float(m[0]):.2f} s, peak {int(m[1]) // 1024} MB | "
      f"peer (read only) {float(p[0]):.2f} s, peak {int(p[1]) // 1024} MB | "
      f"ratio {float(m[0]) / float(p[0]):.2f} | {parts} contributions, {projects} projects | "
      f"{'SAME parts and sums as the peer' if same else 'DIFFERENT: ' + str(sums) + ' vs ' + str(peer['sums'])}")
PY
done
