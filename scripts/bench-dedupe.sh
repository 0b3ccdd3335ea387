#!/usr/bin/env bash
# Issue 16's dedupe benchmark at several scales in one run on this machine, and its growth against n log n: each
# scale's casualties as one source plus a second repeating 30 % with noise (minefree bench dedupe), the matching timed
# RUNS times in one process, the processes alternating ROUNDS times. Prints, per scale, the first run of each process
# (fresh memory) and the median of the rest, then each scale's ratio to the smallest against n log n.
# Usage: scripts/bench-dedupe.sh [SCALES] [RUNS] [ROUNDS]   (default: "1 3 10" 10 3)
# Needs: a release build (swift build -c release --product minefree). Data goes to /tmp/bench/sSCALE (seed 7).
set -euo pipefail
cd "$(dirname "$0")/.."
scales=${1:-1 3 10}
runs=${2:-10}
rounds=${3:-3}
for scale in $scales; do
  data=/tmp/bench/s$scale
  [[ -f $data/casualties.geojson ]] || python3 ../shared/bench/gen_dataset.py --scale "$scale" --seed 7 --out "$data"
done
python3 - "$runs" "$rounds" $scales <<'PY'
import math, statistics, subprocess, sys
runs, rounds, scales = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
first, warm, size = {}, {}, {}
for r in range(rounds):
    for s in scales:
        out = subprocess.run(
            [".build/release/minefree", "bench", "dedupe", "--data", f"/tmp/bench/s{s}", "--runs", str(runs)],
            capture_output=True, text=True, check=True).stdout
        times = [float(l.split()[-1]) for l in out.splitlines() if "phase match" in l]
        size[s] = int(out.split("reports: ")[1].split(",")[0])
        first.setdefault(s, []).append(times[0])
        if len(times) > 1:
            warm.setdefault(s, []).append(statistics.median(times[1:]))
        print(f"S={s} round {r + 1}: " + out.splitlines()[0] + "; " + out.splitlines()[1]
              + f"; first {times[0]:.4f} s" + (f", median of the rest {statistics.median(times[1:]):.4f} s" if len(times) > 1 else ""))
base = scales[0]
for s in scales:
    f, w = statistics.median(first[s]), statistics.median(warm[s]) if s in warm else float("nan")
    n, n0 = size[s], size[base]
    line = f"S={s}: {n} reports, first run {f:.4f} s, later runs {w:.4f} s"
    if s != base:
        bound = n / n0 * math.log(n) / math.log(n0)
        line += (f"; x S={base}: first {f / statistics.median(first[base]):.2f}, later "
                 f"{w / statistics.median(warm[base]):.2f} (n log n: {bound:.2f})" if s in warm else "")
    print(line)
PY
