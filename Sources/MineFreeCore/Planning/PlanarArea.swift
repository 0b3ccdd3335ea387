import Foundation

/// A hazard's polygons in a metric plane, for "how far is this from the hazard": 0 inside or on the boundary, else
/// the least distance to an edge (WORKLOAD §1, as GEOS and PostGIS measure). Rings are kept in one flat list of
/// closed rings so a distance is one pass over the edges.
struct PlanarArea: Sendable {
    /// Every ring's positions, each ring closed (its last position its first).
    private(set) var points: [PlanarPoint] = []
    /// Where each ring ends in `points` (exclusive).
    private(set) var ringEnds: [Int] = []
    private(set) var box = BoundingBox.empty

    init(polygons: [[[PlanarPoint]]]) {
        for rings in polygons {
            for ring in rings where ring.count >= 3 {
                points.append(contentsOf: ring)
                if ring.first != ring.last { points.append(ring[0]) }
                ringEnds.append(points.count)
            }
        }
        for p in points { box.extend(x: p.x, y: p.y) }
    }

    /// Whether `p` lies within `radius` (≤) of the area. An edge within the radius answers at once; otherwise the
    /// point is within only if inside (even-odd over every ring: holes are rings inside the exterior).
    func contains(_ p: PlanarPoint, within radius: Double) -> Bool {
        guard Self.squaredGap(box, p) <= radius * radius else { return false }
        let r2 = radius * radius
        var inside = false
        var start = 0
        for end in ringEnds {
            var a = points[start]
            for i in start + 1..<end {
                let b = points[i]
                if Self.squaredDistance(p, a, b) <= r2 { return true }
                if Self.crosses(p, a, b) { inside.toggle() }
                a = b
            }
            start = end
        }
        return inside
    }

    /// Squared distance from the segment ab to the area: 0 when they meet or ab lies inside.
    func squaredDistance(toSegment a: PlanarPoint, _ b: PlanarPoint) -> Double {
        var best = Double.infinity
        var inside = false
        var start = 0
        let (minX, maxX) = (min(a.x, b.x), max(a.x, b.x))
        let (minY, maxY) = (min(a.y, b.y), max(a.y, b.y))
        for end in ringEnds {
            var p = points[start]
            for i in start + 1..<end {
                let q = points[i]
                // The exact test only where the two segments' boxes meet.
                if max(p.x, q.x) >= minX, min(p.x, q.x) <= maxX, max(p.y, q.y) >= minY, min(p.y, q.y) <= maxY,
                    Segment.intersects(p, q, a, b)
                {
                    return 0
                }
                best = min(
                    best,
                    Self.squaredDistance(a, p, q),
                    Self.squaredDistance(b, p, q),
                    Self.squaredDistance(p, a, b)
                )
                if Self.crosses(a, p, q) { inside.toggle() }
                p = q
            }
            start = end
        }
        // Crossing no edge, the segment lies wholly inside or wholly outside: its end a says which.
        return inside ? 0 : best
    }

    /// Squared distance from p to the segment ab.
    @inline(__always)
    static func squaredDistance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
        t = max(0, min(1, t))
        let ex = p.x - (a.x + t * dx)
        let ey = p.y - (a.y + t * dy)
        return ex * ex + ey * ey
    }

    /// Whether a ray from p towards +x crosses the edge ab (half-open in y, so a vertex is counted once).
    @inline(__always)
    static func crosses(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Bool {
        (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
    }

    /// Squared distance between a box and a point (0 inside): a lower bound for anything inside the box.
    @inline(__always)
    static func squaredGap(_ box: BoundingBox, _ p: PlanarPoint) -> Double {
        let dx = max(box.minX - p.x, 0, p.x - box.maxX)
        let dy = max(box.minY - p.y, 0, p.y - box.maxY)
        return dx * dx + dy * dy
    }

    /// Squared distance between two boxes (0 when they meet).
    @inline(__always)
    static func squaredGap(_ a: BoundingBox, _ b: BoundingBox) -> Double {
        let dx = max(a.minX - b.maxX, 0, b.minX - a.maxX)
        let dy = max(a.minY - b.maxY, 0, b.minY - a.maxY)
        return dx * dx + dy * dy
    }
}
