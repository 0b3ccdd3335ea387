import Foundation
import Testing

@testable import MineFreeCore

/// Polygon validity on large rings and between rings. Outcomes only: speed is measured by bench/polygon_scale.sh.
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

    @Test func holesMayLieInsideAndTouchButNotCrossOrLieOutside() {
        let shellRing = ring(circle(20_000))
        func square(_ cx: Double, _ cy: Double) -> [GeoPoint] {
            ring([p(cx - 100, cy - 100), p(cx + 100, cy - 100), p(cx + 100, cy + 100), p(cx - 100, cy + 100)])
        }
        // Touching nothing, inside: valid, and its 40,000 m² taken away.
        let inside = PolygonValidator.check(rings: [shellRing, square(0, 0)], rules: rules)
        #expect(inside.isValid)
        // (The 20,000-gon falls 0.2 m² short of the circle.)
        #expect(abs(inside.areaM2 - (Double.pi * Self.radius * Self.radius - 40_000)) < 1)
        // Across the shell's edge.
        let across = PolygonValidator.check(rings: [shellRing, square(Self.radius, 0)], rules: rules)
        #expect(across.problems == [.ringsCross(ring: 0, otherRing: 1)])
        #expect(across.problems[0].rule == "ring-crossing")
        #expect(across.problems[0].description == "hole 1 crosses or runs along the exterior ring")
        // Wholly outside.
        let outside = PolygonValidator.check(rings: [shellRing, square(3000, 0)], rules: rules)
        #expect(outside.problems == [.holeOutsideShell(ring: 1)])
        // Touching the shell at its vertex 1 from inside: allowed.
        let touching = [shellRing[0], laea.inverse(p(1800, -100)), laea.inverse(p(1800, 100)), shellRing[0]]
        #expect(PolygonValidator.check(rings: [shellRing, touching], rules: rules).isValid)
        // Out through shell vertex 1 and back in through vertex 201: no two edges cross inside themselves.
        let out = laea.inverse(p(2100, 60)), back = laea.inverse(p(1900, 60))
        let through = [shellRing[0], out, shellRing[200], back, shellRing[0]]
        let crossingAtVertices = PolygonValidator.check(rings: [shellRing, through], rules: rules)
        #expect(crossingAtVertices.problems == [.ringsCross(ring: 0, otherRing: 1)])
        // Two holes crossing each other, each inside the shell.
        let crossingHoles = PolygonValidator.check(rings: [shellRing, square(0, 0), square(150, 50)], rules: rules)
        #expect(crossingHoles.problems == [.ringsCross(ring: 1, otherRing: 2)])
        #expect(crossingHoles.problems[0].description == "hole 2 crosses or runs along hole 1")
    }

    @Test func ringsMayTouchAtPointsButNotRunAlongOrPassThrough() {
        let square = [p(0, 0), p(10, 0), p(10, 10), p(0, 10)]
        // A hole touching the shell's edge from inside, and one touching its corner from inside.
        #expect(PolygonValidator.firstRingCrossing([square, [p(5, 0), p(7, 3), p(3, 3)]]) == nil)
        #expect(PolygonValidator.firstRingCrossing([square, [p(0, 0), p(3, 1), p(1, 3)]]) == nil)
        // Running along the bottom edge for 2 m.
        #expect(PolygonValidator.firstRingCrossing([square, [p(4, 0), p(6, 0), p(5, 3)]])! == (0, 1))
        // Passing through the corner (10, 10) from inside to outside, and back in across the top edge.
        #expect(PolygonValidator.firstRingCrossing([square, [p(8, 8), p(12, 12), p(9, 11)]])! == (0, 1))
        // Touching the corner (10, 10) from outside only.
        #expect(PolygonValidator.firstRingCrossing([square, [p(10, 10), p(12, 11), p(11, 12)]]) == nil)
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

    @Test func ringCrossingsAgreeWithWhichSideOfEachOtherTheRingsLie() {
        // Rings cross when two edges cross inside both, when they run along each other, or when one has points
        // strictly inside and strictly outside the other (sampled at 64ths of each edge, exact on this grid).
        func side(_ ring: [PlanarPoint], _ q: PlanarPoint) -> Int {
            var inside = false
            for k in ring.indices {
                let a = ring[k], b = ring[(k + 1) % ring.count]
                if Segment.contains(a, b, q) { return 0 }
                if (a.y > q.y) != (b.y > q.y) {
                    let l = (q.x - a.x) * (b.y - a.y), r = (b.x - a.x) * (q.y - a.y)
                    if b.y > a.y ? l < r : l > r { inside.toggle() }
                }
            }
            return inside ? 1 : -1
        }
        func straddles(_ a: [PlanarPoint], _ b: [PlanarPoint]) -> Bool {
            var sides = Set<Int>()
            for k in b.indices {
                let (c, d) = (b[k], b[(k + 1) % b.count])
                for i in 0..<64 {
                    let t = Double(i) / 64
                    sides.insert(side(a, p(c.x + (d.x - c.x) * t, c.y + (d.y - c.y) * t)))
                }
            }
            return sides.contains(1) && sides.contains(-1)
        }
        func crossOrRunAlong(_ a: [PlanarPoint], _ b: [PlanarPoint]) -> Bool {
            for i in a.indices {
                for j in b.indices {
                    let (e, f, g, h) = (a[i], a[(i + 1) % a.count], b[j], b[(j + 1) % b.count])
                    let (o1, o2) = (Segment.orient(e, f, g), Segment.orient(e, f, h))
                    if o1 * o2 < 0, Segment.orient(g, h, e) * Segment.orient(g, h, f) < 0 { return true }
                    guard o1 == 0, o2 == 0, Segment.orient(e, f, h) == 0 else { continue }
                    let onX = abs(f.x - e.x) >= abs(f.y - e.y)
                    func t(_ q: PlanarPoint) -> Double { onX ? q.x : q.y }
                    if max(min(t(e), t(f)), min(t(g), t(h))) < min(max(t(e), t(f)), max(t(g), t(h))) { return true }
                }
            }
            return false
        }
        let simple = randomRings(3_000, seed: 2).filter { PolygonValidator.firstSelfIntersection($0) == nil }
        var random = Random(state: 3)
        var apart = 0
        for _ in 0..<3_000 {
            let (dx, dy) = (Double(random(5)), Double(random(5)))
            let a = simple[random(simple.count)]
            let b = simple[random(simple.count)].map { p($0.x + dx, $0.y + dy) }
            let crossing = crossOrRunAlong(a, b) || straddles(a, b) || straddles(b, a)
            #expect((PolygonValidator.firstRingCrossing([a, b]) != nil) == crossing, "\(a) \(b)")
            if !crossing { apart += 1 }
        }
        #expect(apart > 300)
    }
}
