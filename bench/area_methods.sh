#!/usr/bin/env bash
# Hazard areas by four methods (docs/AREAS.md): MineFree's spherical and WGS84 LAEA, EPSG:3035, geodesic.
# Usage: bench/area_methods.sh [SEED]   (needs swift, python3 with numpy and pyproj: pip install pyproj)
# Builds only MineFreeCore, in a scratch package in a temp dir that links to Sources/MineFreeCore and adds a
# small program printing MineFree's areas of the test polygons; bench/area_methods.py makes the polygons
# and the table. Nothing is left behind (MINEFREE_KEEP_SCRATCH=1 keeps the temp dir).
set -euo pipefail
seed=${1:-7}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/minefree-areas.XXXXXX")
[[ "${MINEFREE_KEEP_SCRATCH:-0}" == 1 ]] && echo "scratch: $work" >&2 || trap 'rm -rf "$work"' EXIT

mkdir -p "$work/Sources/areas"
ln -s "$here/Sources/MineFreeCore" "$work/Sources/MineFreeCore"
cat > "$work/Package.swift" <<'EOF'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "AreaMethods",
    targets: [
        .target(name: "MineFreeCore", path: "Sources/MineFreeCore"),
        .executableTarget(name: "areas", dependencies: ["MineFreeCore"], path: "Sources/areas"),
    ]
)
EOF
cat > "$work/Sources/areas/main.swift" <<'EOF'
// Reads polygons.json (area_methods.py generate), writes MineFree's areas of each polygon as JSON.
import Foundation
import MineFreeCore

struct Input: Decodable {
    struct Polygon: Decodable { var band: String; var ring: [[Double]] }
    var bands: [String]
    var polygons: [Polygon]
}
struct Output: Encodable {
    var centres: [String: [Double]]
    var sphere: [Double]
    var wgs84: [Double]
    var forward_ns: [String: Double]
}

let input = try JSONDecoder().decode(Input.self, from: Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1])))
let rings = input.polygons.map { $0.ring.map { GeoPoint(lon: $0[0], lat: $0[1]) } }
// The centre an import picks when its profile names no projection (LandImport.centredProjection):
// the middle of the box around each polygon's first position.
let centres: [String: GeoPoint] = Dictionary(uniqueKeysWithValues: input.bands.map { band in
    var box = BoundingBox.empty
    for (p, ring) in zip(input.polygons, rings) where p.band == band { box.extend(x: ring[0].lon, y: ring[0].lat) }
    return (band, GeoPoint(lon: box.centre.x, lat: box.centre.y))
})
func areas(_ plane: (GeoPoint) -> LambertAzimuthalEqualArea) -> [Double] {
    zip(input.polygons, rings).map { p, ring in
        let check = PolygonValidator.check(
            rings: [ring], rules: GeometryRules(minimumDistinctVertices: 3, maximumVertexJump: nil, projection: plane(centres[p.band]!)))
        precondition(check.isValid, "\(p.band): \(check.problems)")
        return check.areaM2
    }
}
// forward() alone, over every vertex, best of 10 rounds (on a busy machine the spread is wide).
func nanosecondsPerVertex(_ plane: LambertAzimuthalEqualArea) -> Double {
    let points = rings.flatMap { $0 }
    var best = Double.infinity
    var sink = 0.0
    for _ in 0..<10 {
        let start = ContinuousClock.now
        for _ in 0..<20 { for q in points { let r = plane.forward(q); sink += r.x + r.y } }
        let d = ContinuousClock.now - start
        best = min(best, (Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9) / Double(20 * points.count))
    }
    if sink == 42 { print("") }
    return best
}
let middle = GeoPoint(lon: 17.8, lat: 44)
let out = Output(
    centres: centres.mapValues { [$0.lon, $0.lat] },
    sphere: areas { LambertAzimuthalEqualArea(centre: $0) },
    wgs84: areas { LambertAzimuthalEqualArea.wgs84(centre: $0) },
    forward_ns: [
        "sphere": nanosecondsPerVertex(LambertAzimuthalEqualArea(centre: middle)),
        "wgs84": nanosecondsPerVertex(.wgs84(centre: middle)),
    ])
FileHandle.standardOutput.write(try JSONEncoder().encode(out))
EOF

(cd "$work" && swift build -c release --product areas > build.log 2>&1) || { cat "$work/build.log" >&2; exit 1; }
python3 "$here/bench/area_methods.py" generate --out "$work/polygons.json" --seed "$seed" >&2
"$work/.build/release/areas" "$work/polygons.json" > "$work/minefree.json"
python3 "$here/bench/area_methods.py" compare --polygons "$work/polygons.json" --minefree "$work/minefree.json"
