#!/usr/bin/env bash
# B1 and B3 of ../shared/bench/WORKLOAD.md: MineFree and the anchors, timed in the same run on this machine.
# Usage: bench/run_land.sh SCALE [RUNS]   (needs ../shared beside the repo; see docs/BENCHMARKS.md for the set-up)
set -euo pipefail
scale=${1:-1}; runs=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$here/../shared/bench" && pwd)
work=${MINEFREE_BENCH_DIR:-$here/.bench}
data=$work/data/s$scale; out=$work/out/s$scale; log=$out/times.log
mkdir -p "$out"
[[ -f $data/MANIFEST.json ]] || python3 "$shared/gen_dataset.py" --scale "$scale" --seed 7 --out "$data"
(cd "$here" && swift build -c release --product minefree >/dev/null)
mf=$here/.build/release/minefree
: > "$log"
for i in $(seq "$runs"); do
  /usr/bin/time -f "[minefree b1] peak_rss_kb %M" "$mf" bench b1 --data "$data" --store "$work/s$scale.sqlite" 2>&1 | grep -E "phase|peak" | tee -a "$log"
  "$mf" bench b3 --data "$data" --store "$work/s$scale.sqlite" --out "$out/b3_minefree.csv" | tee -a "$log"
  python3 "$shared/anchors/ogr2ogr_gpkg_b1.py" --data "$data" --out "$out" 2>&1 | grep "TOTAL" | tee -a "$log"
  python3 "$shared/anchors/duckdb_anchor.py" --data "$data" --out "$out" 2>&1 | grep -E "b3\] phase TOTAL" | tee -a "$log"
  python3 "$shared/anchors/geopandas_anchor.py" --data "$data" --out "$out" 2>&1 | grep -E "phase" | tee -a "$log"
done
python3 "$shared/compare.py" b3 "$out/b3_duckdb.csv" "$out/b3_minefree.csv" | tee -a "$log"
python3 "$shared/compare.py" b3 "$out/b3_geopandas.csv" "$out/b3_minefree.csv" | tee -a "$log"
