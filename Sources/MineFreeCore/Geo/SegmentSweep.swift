import Foundation

/// A Shamos–Hoey sweep (1976) for the first pair of segments a caller calls bad.
///
/// Ends are visited left to right (by x, then y); the segments under the sweep line are kept in order, bottom to
/// top, in a treap, and a pair is tested only when it becomes neighbours there, or when both have an end at one
/// point. Two segments can change places only where they cross, so if every crossing is bad, a bad pair is found
/// before the order goes wrong: O(n log n) however long the segments, where comparing boxes is O(n²) for long ones.
struct SegmentSweep {
    /// Each segment's ends, left one first.
    private let lo: [PlanarPoint]
    private let hi: [PlanarPoint]
    private var left: [Int]
    private var right: [Int]
    private var parent: [Int]
    private var root = -1

    /// The first pair (lower index first) for which `bad` holds, or nil. `bad` sees each pair in either order.
    static func firstPair(_ segments: [(PlanarPoint, PlanarPoint)], bad: (Int, Int) -> Bool) -> (Int, Int)? {
        var sweep = SegmentSweep(segments)
        return sweep.run(bad)
    }

    private init(_ segments: [(PlanarPoint, PlanarPoint)]) {
        lo = segments.map { before($0.0, $0.1) ? $0.0 : $0.1 }
        hi = segments.map { before($0.0, $0.1) ? $0.1 : $0.0 }
        left = Array(repeating: -1, count: segments.count)
        right = left
        parent = left
    }

    private struct Event {
        var x: Double
        var y: Double
        var segment: Int
        var isEnd: Bool
    }

    private mutating func run(_ bad: (Int, Int) -> Bool) -> (Int, Int)? {
        func test(_ s: Int, _ t: Int) -> (Int, Int)? { s >= 0 && t >= 0 && bad(s, t) ? (min(s, t), max(s, t)) : nil }
        var events: [Event] = []
        events.reserveCapacity(2 * lo.count)
        for s in lo.indices {
            events.append(Event(x: lo[s].x, y: lo[s].y, segment: s, isEnd: false))
            events.append(Event(x: hi[s].x, y: hi[s].y, segment: s, isEnd: true))
        }
        events.sort { $0.x < $1.x || ($0.x == $1.x && $0.y < $1.y) }
        var g = 0
        while g < events.count {
            var h = g + 1
            while h < events.count, events[h].x == events[g].x, events[h].y == events[g].y { h += 1 }
            // Ends removed before starts are added, so segments meeting end to start at this point are never
            // neighbours on the line: every pair with an end here is tested here instead (two, at a plain vertex).
            for a in g..<h {
                for b in a + 1..<h where events[a].segment != events[b].segment {
                    if let p = test(events[a].segment, events[b].segment) { return p }
                }
            }
            for e in g..<h where events[e].isEnd {
                let s = events[e].segment
                guard lo[s] != hi[s] else { continue }  // a point is never on the line
                let below = neighbour(s, above: false)
                let above = neighbour(s, above: true)
                remove(s)
                if let p = test(below, above) { return p }
            }
            for e in g..<h where !events[e].isEnd {
                let s = events[e].segment
                guard lo[s] != hi[s] else { continue }
                insert(s)
                if let p = test(s, neighbour(s, above: false)) { return p }
                if let p = test(s, neighbour(s, above: true)) { return p }
            }
            g = h
        }
        return nil
    }

    /// Whether s lies above t where s starts (t is on the line there): the side of t's line that s's left end is
    /// on, or, when that end lies on t, the side of its right end.
    @inline(__always)
    private func isAbove(_ s: Int, _ t: Int) -> Bool {
        let o = Segment.orient(lo[t], hi[t], lo[s])
        return o != 0 ? o > 0 : Segment.orient(lo[t], hi[t], hi[s]) > 0
    }

    // MARK: - Treap

    /// A fixed pseudo-random priority (SplitMix64's finaliser), so a run never depends on chance.
    @inline(__always)
    private func priority(_ s: Int) -> UInt64 {
        var z = UInt64(s) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func insert(_ s: Int) {
        var up = -1
        var node = root
        var toRight = false
        while node >= 0 {
            up = node
            toRight = isAbove(s, node)
            node = toRight ? right[node] : left[node]
        }
        parent[s] = up
        if up < 0 { root = s } else if toRight { right[up] = s } else { left[up] = s }
        while parent[s] >= 0, priority(s) > priority(parent[s]) { rotateUp(s) }
    }

    private mutating func remove(_ s: Int) {
        while left[s] >= 0, right[s] >= 0 {
            rotateUp(priority(left[s]) > priority(right[s]) ? left[s] : right[s])
        }
        let child = left[s] >= 0 ? left[s] : right[s]
        let up = parent[s]
        if child >= 0 { parent[child] = up }
        if up < 0 { root = child } else if left[up] == s { left[up] = child } else { right[up] = child }
        (left[s], right[s], parent[s]) = (-1, -1, -1)
    }

    /// Lifts x above its parent; the bottom-to-top order is unchanged.
    private mutating func rotateUp(_ x: Int) {
        let p = parent[x]
        let g = parent[p]
        if left[p] == x {
            left[p] = right[x]
            if right[x] >= 0 { parent[right[x]] = p }
            right[x] = p
        } else {
            right[p] = left[x]
            if left[x] >= 0 { parent[left[x]] = p }
            left[x] = p
        }
        parent[p] = x
        parent[x] = g
        if g < 0 { root = x } else if left[g] == p { left[g] = x } else { right[g] = x }
    }

    /// The segment just above (or below) s on the line, or -1.
    private func neighbour(_ s: Int, above: Bool) -> Int {
        var node = above ? right[s] : left[s]
        if node >= 0 {
            while true {
                let next = above ? left[node] : right[node]
                if next < 0 { return node }
                node = next
            }
        }
        node = s
        var up = parent[node]
        while up >= 0, node == (above ? right[up] : left[up]) {
            node = up
            up = parent[node]
        }
        return up
    }
}

/// Left to right, then bottom to top: the order the sweep meets points in.
@inline(__always)
private func before(_ a: PlanarPoint, _ b: PlanarPoint) -> Bool { a.x < b.x || (a.x == b.x && a.y < b.y) }
