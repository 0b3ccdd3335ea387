import Foundation
import Testing

@testable import MineFreeCore

/// Polygon validity on large rings. Outcomes only: speed is measured by bench/polygon_scale.sh.
@Suite struct PolygonValidityScaleTests {
    let laea = LambertAzimuthalEqualArea.workload
    var rules: GeometryRules { GeometryRules(projection: laea) }
    static let radius = 2000.0

    /// Planar metres around the projection's centre, as a closed lon/lat ring.
    func ring(_ points: [PlanarPoint]) -> [GeoPoint] {
        let r = points.map(laea.inverse)
        return r + [r[0]]
    }

    func p(_ x: Double, _ y: Double) -> PlanarPoint { PlanarPoint(x: x, y: y) }

    /// n vertices on a circle of 2 km, counter-clockwise from (2000, 0).
    func circle(_ n: Int) -> [PlanarPoint] {
        (0..<n).map { k in
            let a = 2 * Double.pi * Double(k) / Double(n)
            return p(Self.radius * cos(a), Self.radius * sin(a))
        }
    }

    @Test func aFineCircleIsValidWithItsArea() {
        let check = PolygonValidator.check(rings: [ring(circle(200_000))], rules: rules)
        #expect(check.isValid)
        // The inscribed 200,000-gon falls short of πr² by 2π³r²/3n², about 0.002 m².
        #expect(abs(check.areaM2 - Double.pi * Self.radius * Self.radius) < 0.1)
    }

    @Test func twoFarApartEdgesMadeToCrossAreNamed() {
        // Reversing vertices 50,000…150,000 leaves two chords across the circle, edges 50,000 and 150,001, which
        // cross each other and nothing else.
        var points = circle(200_000)
        points[50_000...150_000].reverse()
        let check = PolygonValidator.check(rings: [ring(points)], rules: rules)
        #expect(check.problems == [.selfIntersection(ring: 0, edge: 50_000, otherEdge: 150_001)])
        #expect(check.problems.first?.rule == "self-intersection")
        #expect(check.areaM2 == 0)
    }

    @Test func aFineBowTieIsNotSimple() {
        // Four sides of 50,001 edges each: the two diagonals cross in the middle of their middle edges.
        let m = 50_001
        let corners = [p(0, 0), p(2000, 2000), p(2000, 0), p(0, 2000)]
        var points: [PlanarPoint] = []
        for s in 0..<4 {
            let a = corners[s], b = corners[(s + 1) % 4]
            for k in 0..<m {
                let t = Double(k) / Double(m)
                points.append(p(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
            }
        }
        let check = PolygonValidator.check(rings: [ring(points)], rules: rules)
        #expect(check.problems == [.selfIntersection(ring: 0, edge: (m + 1) / 2, otherEdge: 2 * m + (m + 1) / 2)])
        #expect(PolygonValidator.firstSelfIntersection([p(0, 0), p(1, 1), p(1, 0), p(0, 1)])! == (0, 2))
    }

    @Test func aRingThroughOneVertexTwiceIsNotSimple() {
        // A figure eight whose loops meet only at (0, 0), visited as vertex 1 and vertex 5: no edges cross, but
        // edge 1 leaves the vertex that edge 4 reaches.
        let eight = [p(0, 0), p(-100, 100), p(0, 200), p(100, 100), p(0, 0), p(100, -100), p(0, -200), p(-100, -100)]
        let check = PolygonValidator.check(rings: [ring(eight)], rules: rules)
        #expect(check.problems == [.selfIntersection(ring: 0, edge: 1, otherEdge: 4)])
    }

    @Test func whereEdgesMeetAtAPointTheLowestPairIsNamedInAnyOrientation() {
        let eight = [p(0, 0), p(-100, 100), p(0, 200), p(100, 100), p(0, 0), p(100, -100), p(0, -200), p(-100, -100)]
        // Out along y = 0 and back: edges 1 to 4 meet at (10, 0), edge 2 runs back along edge 3.
        let spike = [p(0, 0), p(10, 0), p(20, 0), p(10, 0), p(10, 10)]
        let turns: [(PlanarPoint) -> PlanarPoint] = [
            { $0 }, { p(-$0.x, $0.y) }, { p($0.x, -$0.y) }, { p(-$0.y, $0.x) }, { p(-$0.x, -$0.y) }, { p($0.y, -$0.x) },
        ]
        for turn in turns {
            #expect(PolygonValidator.firstSelfIntersection(eight.map(turn))! == (0, 3))
            #expect(PolygonValidator.firstSelfIntersection(spike.map(turn))! == (0, 2))
        }
    }

    /// A fixed pseudo-random sequence (SplitMix64), so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func callAsFunction(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    /// Small rings on an integer grid, so edges touch, run along each other and meet at vertices often.
    func randomRings(_ count: Int, seed: UInt64) -> [[PlanarPoint]] {
        var random = Random(state: seed)
        return (0..<count).map { _ in
            var r: [PlanarPoint] = []
            for _ in 0..<3 + random(8) {
                let q = p(Double(random(7)), Double(random(7)))
                if r.last != q { r.append(q) }
            }
            if r.count > 1, r.first == r.last { r.removeLast() }
            return r
        }.filter { $0.count >= 3 }
    }

    @Test func theSweepAgreesWithTestingEveryPairOfEdges() {
        func anyPairFails(_ r: [PlanarPoint]) -> Bool {
            let n = r.count
            for i in 0..<n {
                for j in i + 1..<n {
                    let (a, b, c, d) = (r[i], r[(i + 1) % n], r[j], r[(j + 1) % n])
                    if j == i + 1 || (i == 0 && j == n - 1) {
                        let (far1, shared, far2) = j == i + 1 ? (a, b, d) : (b, a, c)
                        let dot = (far1.x - shared.x) * (far2.x - shared.x) + (far1.y - shared.y) * (far2.y - shared.y)
                        if Segment.orient(far1, shared, far2) == 0, dot > 0 { return true }
                    } else if Segment.intersects(a, b, c, d) {
                        return true
                    }
                }
            }
            return false
        }
        var simple = 0
        for r in randomRings(20_000, seed: 1) {
            let found = PolygonValidator.firstSelfIntersection(r)
            #expect((found != nil) == anyPairFails(r), "\(r)")
            if found == nil { simple += 1 }
        }
        #expect(simple > 2_000)  // both outcomes are well exercised
    }
}
