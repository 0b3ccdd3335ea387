import Foundation

/// What a polygon must satisfy at entry. IMSMA NG stored whatever was typed; GICHD's geocheck later
/// listed the damage (rings with < 3 vertices, invalid polygons, vertices > 5 km apart). These rules
/// refuse it at the door instead.
public struct GeometryRules: Sendable {
    public var minimumDistinctVertices: Int
    public var maximumDistinctVertices: Int?
    /// The longest plausible step between consecutive vertices, in metres (geocheck: 5,000 m).
    public var maximumVertexJump: Double?
    /// Where positions may lie (lon/lat degrees), e.g. the country's bounds.
    public var bounds: BoundingBox?
    /// The equal-area plane in which areas and distances are measured.
    public var projection: LambertAzimuthalEqualArea

    public init(
        minimumDistinctVertices: Int = 3,
        maximumDistinctVertices: Int? = nil,
        maximumVertexJump: Double? = 5000,
        bounds: BoundingBox? = nil,
        projection: LambertAzimuthalEqualArea
    ) {
        self.minimumDistinctVertices = minimumDistinctVertices
        self.maximumDistinctVertices = maximumDistinctVertices
        self.maximumVertexJump = maximumVertexJump
        self.bounds = bounds
        self.projection = projection
    }
}

/// One reason a geometry is refused. Vertex numbers are 1-based, as a user counts them.
public enum GeometryProblem: Hashable, Sendable, CustomStringConvertible {
    case emptyRing(ring: Int)
    case notClosed(ring: Int)
    case invalidCoordinate(ring: Int, vertex: Int)
    case outsideBounds(ring: Int, vertex: Int, GeoPoint)
    case tooFewVertices(ring: Int, distinct: Int, minimum: Int)
    case tooManyVertices(ring: Int, distinct: Int, maximum: Int)
    case duplicateConsecutiveVertex(ring: Int, vertex: Int)
    case selfIntersection(ring: Int, edge: Int, otherEdge: Int)
    case vertexJump(ring: Int, vertex: Int, metres: Double, maximum: Double)
    case holeOutsideShell(ring: Int)
    /// Two rings' boundaries cross or run along each other (`ring` < `otherRing`); touching at a point is allowed.
    case ringsCross(ring: Int, otherRing: Int)

    /// The rule's stable name, used in import reports and tests.
    public var rule: String {
        switch self {
        case .emptyRing, .tooFewVertices, .tooManyVertices: return "vertex-count"
        case .notClosed: return "ring-closed"
        case .invalidCoordinate: return "coordinate"
        case .outsideBounds: return "bounds"
        case .duplicateConsecutiveVertex: return "duplicate-vertex"
        case .selfIntersection: return "self-intersection"
        case .vertexJump: return "vertex-jump"
        case .holeOutsideShell: return "hole-outside"
        case .ringsCross: return "ring-crossing"
        }
    }

    public var description: String {
        func r(_ ring: Int) -> String { ring == 0 ? "exterior ring" : "hole \(ring)" }
        switch self {
        case .emptyRing(let ring): return "\(r(ring)) has no positions"
        case .notClosed(let ring): return "\(r(ring)) is not closed (last position differs from the first)"
        case .invalidCoordinate(let ring, let v): return "\(r(ring)) vertex \(v) is not a longitude/latitude pair"
        case .outsideBounds(let ring, let v, let p):
            return "\(r(ring)) vertex \(v) (\(p.lon), \(p.lat)) lies outside the allowed bounds"
        case .tooFewVertices(let ring, let n, let min):
            return "\(r(ring)) has \(n) distinct vertices, fewer than \(min)"
        case .tooManyVertices(let ring, let n, let max):
            return "\(r(ring)) has \(n) distinct vertices, more than \(max)"
        case .duplicateConsecutiveVertex(let ring, let v): return "\(r(ring)) vertex \(v) repeats the vertex before it"
        case .selfIntersection(let ring, let a, let b): return "\(r(ring)) is not simple: edge \(a) crosses edge \(b)"
        case .vertexJump(let ring, let v, let m, let max):
            return "\(r(ring)) jumps \(Int(m.rounded())) m between vertices \(v - 1) and \(v) (more than \(Int(max)) m)"
        case .holeOutsideShell(let ring): return "\(r(ring)) lies outside the exterior ring"
        case .ringsCross(let ring, let other):
            return "\(r(other)) crosses or runs along \(ring == 0 ? "the exterior ring" : r(ring))"
        }
    }
}

/// The outcome of checking a polygon: its problems and, when it has none, its area.
public struct PolygonCheck: Sendable {
    public var problems: [GeometryProblem]
    /// Exterior minus holes, in m², in the rules' equal-area plane.
    public var areaM2: Double
    public var isValid: Bool { problems.isEmpty }
}

public enum PolygonValidator {
    /// Checks a polygon given as rings of lon/lat positions (the first is the exterior ring).
    public static func check(rings: [[GeoPoint]], rules: GeometryRules) -> PolygonCheck {
        var problems: [GeometryProblem] = []
        var area = 0.0
        // Rings that passed their own checks, with their numbers: only these are compared with each other.
        var simple: [(index: Int, ring: [PlanarPoint])] = []
        if rings.isEmpty { problems.append(.emptyRing(ring: 0)) }
        for (r, ring) in rings.enumerated() {
            let (planar, ringProblems) = checkRing(ring, index: r, rules: rules)
            problems += ringProblems
            guard ringProblems.isEmpty else { continue }
            let a = Ring.area(planar)
            area += r == 0 ? a : -a
            simple.append((r, planar))
        }
        if simple.count > 1 {
            var crossesShell: Int?
            if let (s, t) = firstRingCrossing(simple.map(\.ring)) {
                problems.append(.ringsCross(ring: simple[s].index, otherRing: simple[t].index))
                if simple[s].index == 0 { crossesShell = simple[t].index }
            }
            if simple[0].index == 0 {
                let holes = simple.dropFirst().filter { $0.index != crossesShell }
                problems += holesOutside(shell: simple[0].ring, holes: Array(holes)).map { .holeOutsideShell(ring: $0) }
            }
        }
        return PolygonCheck(problems: problems, areaM2: problems.isEmpty ? area : 0)
    }

    /// Checks one ring; returns its projected open ring (closing position dropped) and its problems.
    static func checkRing(_ ring: [GeoPoint], index r: Int, rules: GeometryRules) -> ([PlanarPoint], [GeometryProblem])
    {
        var problems: [GeometryProblem] = []
        guard !ring.isEmpty else { return ([], [.emptyRing(ring: r)]) }
        var reportedOutside = false
        for (i, p) in ring.enumerated() {
            guard p.lon.isFinite, p.lat.isFinite, abs(p.lon) <= 180, abs(p.lat) <= 90 else {
                problems.append(.invalidCoordinate(ring: r, vertex: i + 1))
                continue
            }
            // One report per ring: the first vertex outside says enough.
            if !reportedOutside, let b = rules.bounds, !b.contains(x: p.lon, y: p.lat) {
                problems.append(.outsideBounds(ring: r, vertex: i + 1, p))
                reportedOutside = true
            }
        }
        if !problems.isEmpty { return ([], problems) }
        if ring.count < 2 || ring.first != ring.last { problems.append(.notClosed(ring: r)) }
        let open = ring.first == ring.last ? Array(ring.dropLast()) : ring
        let distinct = Set(open).count
        if distinct < rules.minimumDistinctVertices {
            problems.append(.tooFewVertices(ring: r, distinct: distinct, minimum: rules.minimumDistinctVertices))
        }
        if let max = rules.maximumDistinctVertices, distinct > max {
            problems.append(.tooManyVertices(ring: r, distinct: distinct, maximum: max))
        }
        for i in 1..<max(1, open.count) where open[i] == open[i - 1] {
            problems.append(.duplicateConsecutiveVertex(ring: r, vertex: i + 1))
        }
        let planar = open.map { rules.projection.forward($0) }
        if let maxJump = rules.maximumVertexJump, planar.count > 1 {
            for i in 0..<planar.count {
                let next = (i + 1) % planar.count
                let d = planar[i].distance(to: planar[next])
                if d > maxJump {
                    problems.append(
                        .vertexJump(
                            ring: r,
                            vertex: next == 0 ? planar.count + 1 : next + 1,
                            metres: d,
                            maximum: maxJump
                        )
                    )
                }
            }
        }
        if problems.isEmpty, let crossing = firstSelfIntersection(planar) {
            problems.append(.selfIntersection(ring: r, edge: crossing.0 + 1, otherEdge: crossing.1 + 1))
        }
        return (planar, problems)
    }

    /// The first pair of edges (0-based) that touch where they must not, or nil for a simple ring.
    /// Found by a sweep (`SegmentSweep`); where the pair found touches at an end of one, the lowest pair failing at
    /// such a point is named, so a spike or a vertex visited twice is named the same whichever pair was met first.
    public static func firstSelfIntersection(_ ring: [PlanarPoint]) -> (Int, Int)? {
        let n = ring.count
        guard n >= 3 else { return nil }
        func fails(_ e: Int, _ f: Int) -> Bool {
            let (i, j) = (min(e, f), max(e, f))
            let a = ring[i], b = ring[(i + 1) % n], c = ring[j], d = ring[(j + 1) % n]
            guard j == i + 1 || (i == 0 && j == n - 1) else { return Segment.intersects(a, b, c, d) }
            // Neighbours share one vertex; they fail only if they fold back over each other.
            let shared = j == i + 1 ? b : a
            let farA = j == i + 1 ? a : b
            let farB = j == i + 1 ? d : c
            return Segment.orient(farA, shared, farB) == 0
                && (farB.x - shared.x) * (farA.x - shared.x) + (farB.y - shared.y) * (farA.y - shared.y) > 0
        }
        guard
            let found = n <= smallRing
                ? lowestPairByXSweep(ring, fails)
                : SegmentSweep.firstPair((0..<n).map { (ring[$0], ring[($0 + 1) % n]) }, bad: fails)
        else { return nil }
        let (i, j) = found
        let a = ring[i], b = ring[(i + 1) % n], c = ring[j], d = ring[(j + 1) % n]
        var lowest = found
        for p in Set([a, b].filter { Segment.contains(c, d, $0) } + [c, d].filter { Segment.contains(a, b, $0) }) {
            let through = (0..<n).filter { Segment.contains(ring[$0], ring[($0 + 1) % n], p) }
            search: for (k, e) in through.enumerated() {
                for f in through[(k + 1)...] where fails(e, f) {
                    if (e, f) < lowest { lowest = (e, f) }
                    break search
                }
            }
        }
        return lowest
    }

    /// Rings up to this many vertices (a hazard's 6–40) are checked by a plain sweep over their edges' x-ranges: for
    /// so few edges it costs a tenth of the balanced sweep, which keeps its n log n for the long ones.
    static let smallRing = 128

    /// The lowest failing pair among the edges whose x-ranges and y-ranges overlap.
    static func lowestPairByXSweep(_ ring: [PlanarPoint], _ fails: (Int, Int) -> Bool) -> (Int, Int)? {
        let n = ring.count
        return withUnsafeTemporaryAllocation(
            of: (minX: Double, maxX: Double, minY: Double, maxY: Double, i: Int).self,
            capacity: n
        ) { buffer in
            var edges = buffer
            for i in 0..<n {
                let a = ring[i], b = ring[(i + 1) % n]
                edges[i] = (min(a.x, b.x), max(a.x, b.x), min(a.y, b.y), max(a.y, b.y), i)
            }
            edges.sort { $0.minX < $1.minX }
            var lowest: (Int, Int)?
            for s in 0..<n {
                let e = edges[s]
                var t = s + 1
                while t < n, edges[t].minX <= e.maxX {
                    let f = edges[t]
                    t += 1
                    guard f.minY <= e.maxY, e.minY <= f.maxY else { continue }
                    let pair = (min(e.i, f.i), max(e.i, f.i))
                    if let l = lowest, l <= pair { continue }
                    if fails(pair.0, pair.1) { lowest = pair }
                }
            }
            return lowest
        }
    }

    /// The first pair of rings (0-based, lower first) whose boundaries cross or run along each other. Each ring
    /// must be simple. Rings may touch at a point, as OGC allows, if neither passes to the other side there.
    static func firstRingCrossing(_ rings: [[PlanarPoint]]) -> (Int, Int)? {
        var segments: [(PlanarPoint, PlanarPoint)] = []
        var owner: [(ring: Int, edge: Int)] = []
        for (r, ring) in rings.enumerated() {
            for k in ring.indices {
                segments.append((ring[k], ring[(k + 1) % ring.count]))
                owner.append((r, k))
            }
        }
        func crosses(_ s: Int, _ t: Int) -> Bool {
            let (r, i) = owner[s]
            let (q, j) = owner[t]
            guard r != q else { return false }
            let (a, b) = segments[s]
            let (c, d) = segments[t]
            guard Segment.intersects(a, b, c, d) else { return false }
            // Where they only touch, an end of one lies on the other; if none does, they cross inside both.
            let touch = [c, d].first { Segment.contains(a, b, $0) } ?? [a, b].first { Segment.contains(c, d, $0) }
            guard let p = touch else { return true }
            return Segment.crossAt(p, arms(rings[r], i, p), arms(rings[q], j, p))
        }
        guard let (s, t) = SegmentSweep.firstPair(segments, bad: crosses) else { return nil }
        return (min(owner[s].ring, owner[t].ring), max(owner[s].ring, owner[t].ring))
    }

    /// The two points a ring runs to from p, which lies on its edge k.
    private static func arms(_ ring: [PlanarPoint], _ k: Int, _ p: PlanarPoint) -> (PlanarPoint, PlanarPoint) {
        let n = ring.count
        if p == ring[k] { return (ring[(k + n - 1) % n], ring[(k + 1) % n]) }
        if p == ring[(k + 1) % n] { return (ring[k], ring[(k + 2) % n]) }
        return (ring[k], ring[(k + 1) % n])
    }

    /// The numbers of the holes lying outside the shell. None may cross the shell, so each lies wholly on one side
    /// but for points where it touches: its first vertex off the shell's boundary tells which. The rays cast from
    /// those vertices meet only the shell edges an R-tree returns, so many holes cost O(n log n), not O(n × holes).
    static func holesOutside(shell: [PlanarPoint], holes: [(index: Int, ring: [PlanarPoint])]) -> [Int] {
        guard !holes.isEmpty else { return [] }
        let n = shell.count
        let boxes = (0..<n).map { k in
            let a = shell[k], b = shell[(k + 1) % n]
            return BoundingBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
        }
        let tree = RTree(boxes: boxes)
        let maxX = boxes.reduce(-Double.infinity) { max($0, $1.maxX) }
        // Inside, outside, or nil on the boundary: the even-odd rule along a ray towards +x, as `Ring.contains`.
        func inside(_ p: PlanarPoint) -> Bool? {
            var inside = false
            var onBoundary = false
            tree.search(BoundingBox(minX: p.x, minY: p.y, maxX: max(p.x, maxX), maxY: p.y)) { k in
                let a = shell[k], b = shell[(k + 1) % n]
                if Segment.contains(a, b, p) {
                    onBoundary = true
                } else if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                    inside.toggle()
                }
            }
            return onBoundary ? nil : inside
        }
        return holes.compactMap { hole in
            // A hole all of whose vertices touch the shell: its edges' midpoints tell instead.
            let m = hole.ring.count
            let midpoints = (0..<m).lazy.map { k in
                let (a, b) = (hole.ring[k], hole.ring[(k + 1) % m])
                return PlanarPoint(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
            }
            let side = hole.ring.lazy.compactMap(inside).first ?? midpoints.compactMap(inside).first ?? true
            return side ? nil : hole.index
        }
    }
}
