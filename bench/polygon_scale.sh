#!/usr/bin/env bash
# PolygonValidator.check on large valid polygons (a fine circle, a long wiggly river along x, a zigzag comb, a star,
# and a circle holding n/8 square holes), release build, in a throwaway package beside MineFreeCore (Foundation only, so no Vapor build).
# Usage: bench/polygon_scale.sh [REF...]   each REF's MineFreeCore (git archive) is timed too, in the same run.
# SIZES="20000 200000" by default. One line per polygon: variant, vertices, shape, best seconds, outcome.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sizes=${SIZES:-20000 200000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/main.swift" <<'EOF'
import Foundation
import MineFreeCore

let laea = LambertAzimuthalEqualArea.workload
let rules = GeometryRules(projection: laea)
let tau = 2 * Double.pi

func closed(_ ps: [PlanarPoint]) -> [GeoPoint] { let r = ps.map(laea.inverse); return r + [r[0]] }
func one(_ shape: @escaping (Int) -> [PlanarPoint]) -> (Int) -> [[PlanarPoint]] { { [shape($0)] } }
// Radius 2 km.
func circle(_ n: Int) -> [PlanarPoint] {
    (0..<n).map { k in let a = tau * Double(k) / Double(n); return PlanarPoint(x: 2000 * cos(a), y: 2000 * sin(a)) }
}
// 100 km along x, 40 m wide, meandering ±300 m every 3 km.
func river(_ n: Int) -> [PlanarPoint] {
    let half = n / 2
    func x(_ k: Int) -> Double { -50_000 + 100_000 * Double(k) / Double(half - 1) }
    func c(_ x: Double) -> Double { 300 * sin(tau * x / 3000) }
    return (0..<half).map { PlanarPoint(x: x($0), y: c(x($0)) + 20) } + (0..<half).reversed().map { PlanarPoint(x: x($0), y: c(x($0)) - 20) }
}
// Teeth 1 km long along x, 2 cm apart: every edge spans the comb's whole width.
func comb(_ n: Int) -> [PlanarPoint] {
    let m = (n - 3) / 2
    var ps: [PlanarPoint] = []
    for k in 0..<m { ps += [PlanarPoint(x: 0, y: 0.02 * Double(2 * k)), PlanarPoint(x: 1000, y: 0.02 * Double(2 * k + 1))] }
    return ps + [PlanarPoint(x: 0, y: 0.02 * Double(2 * m)), PlanarPoint(x: -10, y: 0.02 * Double(2 * m)), PlanarPoint(x: -10, y: 0)]
}
// Spikes between radii 1 and 2 km.
func star(_ n: Int) -> [PlanarPoint] {
    (0..<n).map { k in let a = tau * Double(k) / Double(n), r = k % 2 == 0 ? 2000.0 : 1000; return PlanarPoint(x: r * cos(a), y: r * sin(a)) }
}

// Half the vertices on the circle, half in 4 m squares on a grid inside it.
func holes(_ n: Int) -> [[PlanarPoint]] {
    let side = Int(Double(n / 8).squareRoot().rounded(.up)), step = 2800 / Double(side)
    var rings = [circle(n / 2)]
    for k in 0..<n / 8 {
        let x = -1400 + step * Double(k % side), y = -1400 + step * Double(k / side)
        rings.append([PlanarPoint(x: x, y: y), PlanarPoint(x: x, y: y + 4), PlanarPoint(x: x + 4, y: y + 4), PlanarPoint(x: x + 4, y: y)])
    }
    return rings
}

let sizes = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
let variant = CommandLine.arguments[1]
for n in sizes {
    for (name, shape) in [("circle", one(circle)), ("river", one(river)), ("comb", one(comb)), ("star", one(star)), ("holes", holes)] {
        let rings = shape(n).map(closed)
        var best = Double.infinity, total = 0.0, runs = 0
        var check: PolygonCheck!
        repeat {
            let start = ContinuousClock.now
            check = PolygonValidator.check(rings: rings, rules: rules)
            let d = ContinuousClock.now - start
            let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            best = min(best, s); total += s; runs += 1
        } while runs < 3 && total < 5
        let outcome = check.isValid ? "valid \(Int(check.areaM2.rounded())) m2" : check.problems.map { $0.description }.joined(separator: "; ")
        func pad(_ s: String, _ w: Int) -> String { s.padding(toLength: max(w, s.count), withPad: " ", startingAt: 0) }
        print(pad(variant, 10) + String(format: "%8d  ", rings.reduce(0) { $0 + $1.count - 1 }) + pad(name, 7) + String(format: "%9.4f s  ", best) + outcome)
    }
}
EOF

run() {  # run NAME CORE_DIR
  local dir=$tmp/$1
  mkdir -p "$dir/Sources/bench"
  ln -s "$2" "$dir/Sources/MineFreeCore"
  cp "$tmp/main.swift" "$dir/Sources/bench/main.swift"
  cat > "$dir/Package.swift" <<'EOF'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "bench", targets: [
    .target(name: "MineFreeCore"),
    .executableTarget(name: "bench", dependencies: ["MineFreeCore"]),
])
EOF
  swift build -c release --package-path "$dir" > "$dir/build.log" || { cat "$dir/build.log"; exit 1; }
  "$dir/.build/release/bench" "$1" $sizes
}

for ref in "$@"; do
  mkdir -p "$tmp/core-$ref"
  git -C "$here" archive "$ref" Sources/MineFreeCore | tar -x -C "$tmp/core-$ref"
  run "$ref" "$tmp/core-$ref/Sources/MineFreeCore"
done
run worktree "$here/Sources/MineFreeCore"
