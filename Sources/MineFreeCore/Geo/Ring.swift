import Foundation

/// Planar ring measures. A ring is a list of positions; closed when its last equals its first.
public enum Ring {
    /// Unsigned shoelace area of a ring (closed or open) in the plane's units squared.
    public static func area(_ points: [PlanarPoint]) -> Double {
        abs(signedArea(points))
    }

    /// Positive for counter-clockwise rings.
    public static func signedArea(_ points: [PlanarPoint]) -> Double {
        guard points.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = points[points.count - 1]
        for p in points {
            sum += previous.x * p.y - p.x * previous.y
            previous = p
        }
        return sum / 2
    }

    /// Whether `p` lies inside the ring (even-odd rule; points on an edge count as inside).
    public static func contains(_ points: [PlanarPoint], _ p: PlanarPoint) -> Bool {
        var inside = false
        var j = points.count - 1
        for i in 0..<points.count {
            let a = points[i]
            let b = points[j]
            if Segment.distance(p, a, b) == 0 { return true }
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}

/// Planar segment predicates.
public enum Segment {
    /// Orientation of c relative to a→b: > 0 left, < 0 right, 0 collinear.
    @inline(__always)
    static func orient(_ a: PlanarPoint, _ b: PlanarPoint, _ c: PlanarPoint) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    @inline(__always)
    static func onSegment(_ a: PlanarPoint, _ b: PlanarPoint, _ p: PlanarPoint) -> Bool {
        min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y)
    }

    /// Whether segments ab and cd share at least one point.
    public static func intersects(_ a: PlanarPoint, _ b: PlanarPoint, _ c: PlanarPoint, _ d: PlanarPoint) -> Bool {
        let d1 = orient(c, d, a)
        let d2 = orient(c, d, b)
        let d3 = orient(a, b, c)
        let d4 = orient(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        if d1 == 0 && onSegment(c, d, a) { return true }
        if d2 == 0 && onSegment(c, d, b) { return true }
        if d3 == 0 && onSegment(a, b, c) { return true }
        if d4 == 0 && onSegment(a, b, d) { return true }
        return false
    }

    /// Whether p lies on segment ab, ends included.
    @inline(__always)
    static func contains(_ a: PlanarPoint, _ b: PlanarPoint, _ p: PlanarPoint) -> Bool {
        orient(a, b, p) == 0 && onSegment(a, b, p)
    }

    /// Where two boundaries meet at p, the first running on from there to u and v, the second to w and z: whether the
    /// second passes from one side of the first to the other at p, or runs along it. No arm may end at p itself.
    static func crossAt(
        _ p: PlanarPoint,
        _ first: (PlanarPoint, PlanarPoint),
        _ second: (PlanarPoint, PlanarPoint)
    ) -> Bool {
        let (u, v) = first
        func along(_ a: PlanarPoint, _ b: PlanarPoint) -> Bool {
            orient(p, a, b) == 0 && (a.x - p.x) * (b.x - p.x) + (a.y - p.y) * (b.y - p.y) > 0
        }
        // In the open angle turning counter-clockwise from the arm to u to the arm to v.
        func between(_ w: PlanarPoint) -> Bool {
            let turn = orient(p, u, v)
            let fromU = orient(p, u, w)
            let fromV = orient(p, v, w)
            if turn > 0 { return fromU > 0 && fromV < 0 }
            if turn < 0 { return fromU > 0 || fromV < 0 }
            return fromU > 0  // u and v opposite: a half-plane
        }
        let (w, z) = second
        if along(u, w) || along(u, z) || along(v, w) || along(v, z) { return true }
        return between(w) != between(z)
    }

    /// Distance from p to segment ab.
    public static func distance(_ p: PlanarPoint, _ a: PlanarPoint, _ b: PlanarPoint) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0
        t = max(0, min(1, t))
        return (p.x - (a.x + t * dx)).hypot(p.y - (a.y + t * dy))
    }
}
