import Foundation

/// A static R-tree over boxes, bulk-loaded with Sort-Tile-Recursive (Leutenegger et al., 1997).
///
/// Built once for a batch job (import checks, proximity joins), it answers "which items' boxes meet
/// this box" by visiting only overlapping nodes. Nodes are stored flat, level by level, so a
/// 50,000-hazard tree is a few arrays rather than 50,000 objects.
public struct RTree: Sendable {
    public let count: Int
    private let nodeCapacity: Int
    /// Boxes of every node, leaves (the items) first, then each level up to the root.
    private var boxes: [BoundingBox]
    /// For a node at index k, its children are `childStart[k] ..< childStart[k] + childCount[k]`
    /// in `boxes`; items (level 0) map to `items`.
    private var childStart: [Int]
    private var childCount: [Int]
    private var items: [Int]
    private var levelStarts: [Int]

    /// Indexes `boxes[i]` under the id `i`.
    public init(boxes input: [BoundingBox], nodeCapacity: Int = 16) {
        precondition(nodeCapacity >= 2)
        self.count = input.count
        self.nodeCapacity = nodeCapacity
        var order = Array(input.indices)
        // Leaf level: sort by x centre into vertical slices, each slice by y centre.
        let leafCount = (input.count + nodeCapacity - 1) / nodeCapacity
        let slices = Int(Double(leafCount).squareRoot().rounded(.up))
        let perSlice = slices * nodeCapacity
        order.sort { input[$0].centre.x < input[$1].centre.x }
        var s = 0
        while s < order.count {
            let e = min(s + max(perSlice, 1), order.count)
            order[s..<e].sort { input[$0].centre.y < input[$1].centre.y }
            s = e
        }
        items = order
        boxes = order.map { input[$0] }
        childStart = Array(repeating: -1, count: boxes.count)
        childCount = Array(repeating: 0, count: boxes.count)
        levelStarts = [0]
        // Group each level into parents until one root remains.
        var levelStart = 0
        var levelCount = boxes.count
        while levelCount > 1 {
            let parentStart = boxes.count
            levelStarts.append(parentStart)
            var i = levelStart
            while i < levelStart + levelCount {
                let end = min(i + nodeCapacity, levelStart + levelCount)
                var box = BoundingBox.empty
                for k in i..<end { box = box.union(boxes[k]) }
                boxes.append(box)
                childStart.append(i)
                childCount.append(end - i)
                i = end
            }
            levelStart = parentStart
            levelCount = boxes.count - parentStart
        }
    }

    /// Ids of the items whose boxes intersect `query`, in no particular order.
    public func search(_ query: BoundingBox) -> [Int] {
        var found: [Int] = []
        search(query) { found.append($0) }
        return found
    }

    /// Calls `visit` with each id whose box intersects `query`.
    public func search(_ query: BoundingBox, _ visit: (Int) -> Void) {
        guard count > 0 else { return }
        var stack = [boxes.count - 1]
        while let node = stack.popLast() {
            guard boxes[node].intersects(query) else { continue }
            if node < count {
                visit(items[node])
            } else {
                let start = childStart[node]
                for c in start..<start + childCount[node] { stack.append(c) }
            }
        }
    }
}
