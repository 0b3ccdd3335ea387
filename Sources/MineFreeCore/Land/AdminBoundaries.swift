import Foundation

/// The recorded boundaries of admin areas, for placing a point in its area and for checking that a record
/// lies in the area it names (GICHD's geocheck: "polygon outside its administrative area").
///
/// Boundaries are tested in lon/lat with straight edges, as GeoJSON draws them (RFC 7946 §3.1.1); admin
/// boundaries are far larger than the distortion that ignores. An area recorded without a boundary is
/// checked against the nearest area above it that has one.
public struct AdminBoundaries: Sendable {
    struct Boundary: Sendable {
        var pcode: String
        var level: Int
        /// Each part's box, and its rings (exterior then holes) as planar lon/lat.
        var parts: [(box: BoundingBox, rings: [[PlanarPoint]])]
        var box: BoundingBox
    }

    private var boundaries: [String: Boundary] = [:]
    private var parents: [String: String] = [:]
    /// Deepest level first, so the first boundary holding a point names the most precise area.
    private var byDepth: [Boundary] = []

    public init(_ areas: [AdminArea]) {
        for a in areas {
            if let p = a.parentPcode { parents[a.pcode] = p }
            let polygons = (a.polygons ?? []).filter { ($0.first?.count ?? 0) >= 4 }
            guard !polygons.isEmpty else { continue }
            boundaries[a.pcode] = Boundary(
                pcode: a.pcode,
                level: a.level,
                parts: polygons.map {
                    (BoundingBox(rings: $0), $0.map { $0.map { PlanarPoint(x: $0.lon, y: $0.lat) } })
                },
                box: BoundingBox(polygons: polygons)
            )
        }
        byDepth = boundaries.values.sorted { ($0.level, $0.pcode) > ($1.level, $1.pcode) }
    }

    /// Whether any area has a boundary: without one there is nothing to place or check against.
    public var isEmpty: Bool { boundaries.isEmpty }

    /// The P-code whose boundary a check of `pcode` uses: its own, or the nearest one above it.
    public func boundaryArea(of pcode: String) -> String? {
        var code: String? = pcode
        var steps = 0
        while let c = code, steps <= AdminArea.levels.count {
            if boundaries[c] != nil { return c }
            code = parents[c]
            steps += 1
        }
        return nil
    }

    /// Whether `point` lies in `pcode`'s area (edges count as inside); nil when neither the area nor any area
    /// above it has a boundary.
    public func contains(_ pcode: String, _ point: GeoPoint) -> Bool? {
        guard let code = boundaryArea(of: pcode), let b = boundaries[code] else { return nil }
        return Self.holds(b, point)
    }

    /// The most precise recorded area whose boundary holds `point`, if any.
    public func locate(_ point: GeoPoint) -> String? {
        byDepth.first { Self.holds($0, point) }?.pcode
    }

    /// Whether a polygon (exterior ring first) lies at least partly in `pcode`'s area: its centroid or one of its
    /// vertices inside. A hazard may straddle a boundary; one wholly outside names the wrong area. Nil when no
    /// boundary applies.
    public func meets(_ pcode: String, rings: [[GeoPoint]]) -> Bool? {
        guard let code = boundaryArea(of: pcode), let b = boundaries[code], let exterior = rings.first else {
            return nil
        }
        if let c = Self.centroid(exterior), Self.holds(b, c) { return true }
        return exterior.contains { Self.holds(b, $0) }
    }

    /// The same for an area in several parts: any part meeting the area is enough.
    public func meets(_ pcode: String, polygons: [[[GeoPoint]]]) -> Bool? {
        var answer: Bool?
        for rings in polygons {
            guard let meets = meets(pcode, rings: rings) else { return nil }
            if meets { return true }
            answer = false
        }
        return answer
    }

    static func holds(_ b: Boundary, _ point: GeoPoint) -> Bool {
        guard b.box.contains(x: point.lon, y: point.lat) else { return false }
        let p = PlanarPoint(x: point.lon, y: point.lat)
        return b.parts.contains { part in
            guard part.box.contains(x: p.x, y: p.y), let exterior = part.rings.first, Ring.contains(exterior, p) else {
                return false
            }
            // Inside a hole is outside the area; its edge still belongs to the area.
            return !part.rings.dropFirst().contains { hole in
                Ring.contains(hole, p) && !zip(hole, hole.dropFirst()).contains { Segment.distance(p, $0, $1) == 0 }
            }
        }
    }

    /// The area-weighted centroid of a ring in lon/lat (the vertex mean for a degenerate ring).
    public static func centroid(_ ring: [GeoPoint]) -> GeoPoint? {
        guard !ring.isEmpty else { return nil }
        var a = 0.0, cx = 0.0, cy = 0.0
        // Relative to the first vertex, so the products stay small.
        let o = ring[0]
        for (p, q) in zip(ring, ring.dropFirst()) {
            let x0 = p.lon - o.lon, y0 = p.lat - o.lat, x1 = q.lon - o.lon, y1 = q.lat - o.lat
            let cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        }
        if a == 0 {
            let n = Double(ring.count)
            return GeoPoint(lon: ring.reduce(0) { $0 + $1.lon } / n, lat: ring.reduce(0) { $0 + $1.lat } / n)
        }
        return GeoPoint(lon: o.lon + cx / (3 * a), lat: o.lat + cy / (3 * a))
    }
}
