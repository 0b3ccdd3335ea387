#!/usr/bin/env bash
# B2 (priority) and B4 (forecast) of ../shared/bench/WORKLOAD.md, MineFree against its anchors in one run on this
# machine: each whole process timed with /usr/bin/time (wall seconds, peak resident KB), alternating, RUNS times
# each, then compare.py on the outputs. Usage: scripts/bench-planning.sh SCALE [RUNS]   (e.g. 1 3, or 10 1)
# Needs: a release build (swift build -c release --product minefree), python3 with the anchors' packages
# (numpy, pandas, geopandas, shapely, pyogrio). Data goes to /tmp/bench/sSCALE (made with seed 7 if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:?scale, e.g. 1}
runs=${2:-3}
bench=../shared/bench
data=/tmp/bench/s$scale
out=/tmp/bench/out/s$scale
mkdir -p "$out"
[[ -f $data/hazards.geojson ]] || python3 $bench/gen_dataset.py --scale "$scale" --seed 7 --out "$data"
minefree=.build/release/minefree
timed() { /usr/bin/time -f "$1 wall %e s, peak %M KB" "${@:2}" 2>&1 | grep -E "phase|wall" ; }
for run in $(seq "$runs"); do
  echo "== run $run"
  timed "minefree b2" $minefree bench b2 --data "$data" --out "$out/b2_minefree.csv"
  timed "geopandas b2" python3 $bench/anchors/geopandas_anchor.py --data "$data" --out "$out" --bench b2
  timed "minefree b4" $minefree bench b4 --data "$data" --b2 "$out/b2_minefree.csv" --out "$out/b4_minefree.csv"
  timed "numpy b4" python3 $bench/anchors/b4_numpy.py --data "$data" --b2 "$out/b2_geopandas.csv" --out "$out"
done
python3 $bench/compare.py b2 "$out/b2_geopandas.csv" "$out/b2_minefree.csv"
python3 $bench/compare.py b4 "$out/b4_numpy.csv" "$out/b4_minefree.csv"
