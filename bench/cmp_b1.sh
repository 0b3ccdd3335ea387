#!/usr/bin/env bash
# B1 of ../shared/bench/WORKLOAD.md, builds against each other and the ogr2ogr anchor, interleaved on one machine.
# Usage: bench/cmp_b1.sh ROUNDS BIN...   (data: .bench/data/s1 from gen_dataset.py --scale 1 --seed 7)
# Each round: ogr2ogr_gpkg_b1.py into a fresh GeoPackage, then each BIN's `bench b1` into a fresh store. One line per
# round: the load, ogr2ogr's TOTAL, then per BIN its phase total, wall time, read+validate, write after validation
# and peak RSS (KB).
set -euo pipefail
n=$1; shift
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$here/../shared/bench" && pwd)
data=$here/.bench/data/s1; out=$here/.bench/out/cmp
mkdir -p "$out"
phase() { awk -v p="phase $1" 'index($0, p " ") {print $NF}'; }
for r in $(seq "$n"); do
  t=$(python3 "$shared/anchors/ogr2ogr_gpkg_b1.py" --data "$data" --out "$out" 2>&1 | awk '/TOTAL/ {print $(NF-1)}')
  line="round $r load $(cut -d' ' -f1 /proc/loadavg) ogr2ogr $t"
  k=0
  for b in "$@"; do
    k=$((k+1)); s=$out/s$k.sqlite; rm -f "$s" "$s-wal" "$s-shm"
    start=$(date +%s.%N)
    res=$(/usr/bin/time -f "rss %M" "$b" bench b1 --data "$data" --store "$s" 2>&1)
    end=$(date +%s.%N)
    wall=$(python3 -c "print(f'{$end - $start:.3f}')")
    line="$line | $(basename "$b") $(echo "$res" | phase total) wall $wall rv $(echo "$res" | phase read+validate)"
    line="$line wav $(echo "$res" | phase write-after-validate) rss $(echo "$res" | awk '/^rss/ {print $2}')"
  done
  echo "$line"
done
