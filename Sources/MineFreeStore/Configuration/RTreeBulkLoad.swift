import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// Fills an empty SQLite R*Tree in one pass instead of one row at a time.
///
/// SQLite's `rtree` inserts a row by choosing a leaf, maybe splitting and reinserting, and rewriting every node
/// it touched: about 10 µs a row, the largest single cost of a national import (105,000 boxes). When the index
/// is empty (the first import into a store) the tree can instead be packed with Sort-Tile-Recursive and its
/// three shadow tables (`_node`, `_rowid`, `_parent`) written directly, as GDAL does for GeoPackages. The
/// format is SQLite's (ext/rtree/rtree.c): each node a blob of the root's size, a 2-byte depth (root only) and
/// 2-byte cell count, then cells of a big-endian 64-bit rowid or child node number and four big-endian
/// float32 coordinates (min_lon, max_lon, min_lat, max_lat), minima rounded down and maxima up as `rtree` does.
/// Later imports go through the ordinary `INSERT` into the virtual table, which keeps the tree balanced.
enum RTreePacker {
    struct Cell {
        var id: Int64
        var minX: Float, maxX: Float, minY: Float, maxY: Float
    }

    struct Node {
        var number: Int64
        var cells: [Cell]
    }

    /// The packed tree: nodes (root first, number 1), each leaf row's node, each non-root node's parent.
    struct Packed {
        var depth: Int
        var nodes: [Node]
        var leafOf: [(row: Int64, node: Int64)]
        var parentOf: [(node: Int64, parent: Int64)]
    }

    /// `Float(d)` rounded towards −∞ (`down`) or +∞, as `rtreeValueDown`/`rtreeValueUp` do.
    static func float(_ d: Double, down: Bool) -> Float {
        let f = Float(d)
        if down { return Double(f) > d ? f.nextDown : f }
        return Double(f) < d ? f.nextUp : f
    }

    /// Packs `cells` (leaf entries) into nodes of at most `capacity` cells.
    static func pack(_ leaves: [Cell], capacity: Int) -> Packed {
        precondition(capacity >= 2)
        // Levels bottom-up; node numbers are given once the tree's shape is known (root = 1).
        var levels: [[[Cell]]] = []
        var current = leaves
        repeat {
            let groups = tile(current, capacity: capacity)
            levels.append(groups)
            // Parent cells: each group's union box; `id` is the group's index in its level for now.
            current = groups.enumerated().map { k, g in
                var c = Cell(id: Int64(k), minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
                for x in g {
                    c.minX = min(c.minX, x.minX); c.maxX = max(c.maxX, x.maxX)
                    c.minY = min(c.minY, x.minY); c.maxY = max(c.maxY, x.maxY)
                }
                return c
            }
        } while current.count > 1
        // Number the nodes top-down: the root is 1, then each level in order.
        var numbers: [[Int64]] = Array(repeating: [], count: levels.count)
        var next: Int64 = 1
        for l in stride(from: levels.count - 1, through: 0, by: -1) {
            numbers[l] = levels[l].indices.map { _ in
                defer { next += 1 }; return next
            }
        }
        var nodes: [Node] = []
        var leafOf: [(Int64, Int64)] = []
        var parentOf: [(Int64, Int64)] = []
        leafOf.reserveCapacity(leaves.count)
        for l in stride(from: levels.count - 1, through: 0, by: -1) {
            for (k, group) in levels[l].enumerated() {
                let number = numbers[l][k]
                if l == 0 {
                    for c in group { leafOf.append((c.id, number)) }
                    nodes.append(Node(number: number, cells: group))
                } else {
                    // A cell's id is its child's index in the level below: make it the child's node number.
                    let cells = group.map { c -> Cell in
                        var c = c
                        c.id = numbers[l - 1][Int(c.id)]
                        parentOf.append((c.id, number))
                        return c
                    }
                    nodes.append(Node(number: number, cells: cells))
                }
            }
        }
        return Packed(depth: levels.count - 1, nodes: nodes, leafOf: leafOf, parentOf: parentOf)
    }

    /// Sort-Tile-Recursive grouping: vertical slices by centre x, each sliced by centre y into nodes.
    static func tile(_ cells: [Cell], capacity: Int) -> [[Cell]] {
        guard cells.count > capacity else { return [cells] }
        let nodeCount = (cells.count + capacity - 1) / capacity
        let slices = Int(Double(nodeCount).squareRoot().rounded(.up))
        let perSlice = slices > 0 ? ((nodeCount + slices - 1) / slices) * capacity : cells.count
        let byX = cells.sorted { ($0.minX + $0.maxX) < ($1.minX + $1.maxX) }
        var groups: [[Cell]] = []
        groups.reserveCapacity(nodeCount)
        var s = 0
        while s < byX.count {
            let e = min(s + perSlice, byX.count)
            let slice = byX[s..<e].sorted { ($0.minY + $0.maxY) < ($1.minY + $1.maxY) }
            var i = 0
            while i < slice.count {
                let j = min(i + capacity, slice.count)
                groups.append(Array(slice[i..<j]))
                i = j
            }
            s = e
        }
        return groups
    }

    /// A node's blob of `size` bytes in SQLite's rtree layout, as hex text (for `unhex`).
    static func hex(_ node: Node, depth: Int?, size: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: size)
        func put16(_ v: Int, at i: Int) { bytes[i] = UInt8((v >> 8) & 0xFF); bytes[i + 1] = UInt8(v & 0xFF) }
        func put64(_ v: Int64, at i: Int) {
            let u = UInt64(bitPattern: v); for k in 0..<8 { bytes[i + k] = UInt8((u >> (56 - 8 * UInt64(k))) & 0xFF) }
        }
        func putF(_ f: Float, at i: Int) {
            let u = f.bitPattern; for k in 0..<4 { bytes[i + k] = UInt8((u >> (24 - 8 * UInt32(k))) & 0xFF) }
        }
        put16(depth ?? 0, at: 0)
        put16(node.cells.count, at: 2)
        for (k, c) in node.cells.enumerated() {
            let at = 4 + k * 24
            put64(c.id, at: at)
            putF(c.minX, at: at + 8); putF(c.maxX, at: at + 12); putF(c.minY, at: at + 16); putF(c.maxY, at: at + 20)
        }
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(size * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension StoreDialect {
    /// The rows one import added to a spatial table, for its index: their boxes in insert order, and the
    /// table's largest id before the insert (ids are then that plus 1, 2, … when the rows got consecutive ids).
    struct SpatialRows: Sendable {
        let table: String
        let idBefore: Int64
        let boxes: [BoundingBox]
    }

    /// The largest id in `table` (0 when empty): taken before a bulk insert, so `indexSpatially` knows the new rows' ids.
    static func largestID(in table: String, _ database: any Database) async throws -> Int64 {
        guard let sql = database as? any SQLDatabase else { return 0 }
        struct Row: Decodable { let m: Int64? }
        return try await sql.raw("SELECT MAX(id) AS m FROM \(ident: table)").first(decoding: Row.self)?.m ?? 0
    }

    /// Adds one import's rows to the spatial index. SQLite: an empty R*Tree is packed in one pass
    /// (`RTreePacker`), otherwise the rows are inserted into it; PostgreSQL's b-tree updated on insert.
    static func indexSpatially(_ rows: SpatialRows, importID: Int64, _ database: any Database) async throws {
        guard case .sqlite = kind(of: database), database is any SQLDatabase, !rows.boxes.isEmpty else { return }
        if try await packEmptyRTree(rows, database) { return }
        try await refreshSpatialIndex(on: rows.table, importID: importID, database)
    }

    /// Packs the R*Tree when it holds nothing and the new rows have consecutive ids; false when it cannot.
    private static func packEmptyRTree(_ rows: SpatialRows, _ database: any Database) async throws -> Bool {
        guard let sql = database as? any SQLDatabase else { return false }
        let rtree = rows.table + "_rtree"
        struct Root: Decodable { let size: Int64; let head: String; let nodes: Int64; let indexed: Int64 }
        guard
            let root = try await sql.raw(
                """
                SELECT length(data) AS size, hex(substr(data, 1, 4)) AS head,
                       (SELECT COUNT(*) FROM \(ident: rtree + "_node")) AS nodes, (SELECT COUNT(*) FROM \(ident: rtree + "_rowid")) AS indexed
                FROM \(ident: rtree + "_node") WHERE nodeno = 1
                """
            ).first(decoding: Root.self),
            root.head == "00000000", root.nodes == 1, root.indexed == 0
        else { return false }
        // The ids the rows got: consecutive after `idBefore` exactly when the count and the largest agree.
        struct Span: Decodable { let n: Int64; let m: Int64? }
        guard
            let span = try await sql.raw(
                "SELECT COUNT(*) AS n, MAX(id) AS m FROM \(ident: rows.table) WHERE id > \(bind: rows.idBefore)"
            )
            .first(decoding: Span.self),
            span.n == Int64(rows.boxes.count), span.m == rows.idBefore + Int64(rows.boxes.count)
        else { return false }
        let capacity = min(Int(root.size - 4) / 24, 51)
        guard capacity >= 2 else { return false }
        let leaves = rows.boxes.enumerated().map { i, b in
            RTreePacker.Cell(
                id: rows.idBefore + 1 + Int64(i),
                minX: RTreePacker.float(b.minX, down: true),
                maxX: RTreePacker.float(b.maxX, down: false),
                minY: RTreePacker.float(b.minY, down: true),
                maxY: RTreePacker.float(b.maxY, down: false)
            )
        }
        let packed = RTreePacker.pack(leaves, capacity: capacity)
        let size = Int(root.size)
        try await sql.raw(
            """
            UPDATE \(ident: rtree + "_node") SET data = unhex(\(bind: RTreePacker.hex(packed.nodes[0], depth: packed.depth, size: size)))
            WHERE nodeno = 1
            """
        ).run()
        var json = "["
        for (k, node) in packed.nodes.dropFirst().enumerated() {
            if k > 0 { json += "," }
            json += "[\(node.number),\"\(RTreePacker.hex(node, depth: nil, size: size))\"]"
        }
        json += "]"
        if packed.nodes.count > 1 {
            try await sql.raw(
                """
                INSERT INTO \(ident: rtree + "_node") (nodeno, data) SELECT j.value ->> 0, unhex(j.value ->> 1) FROM jsonb_each(\(bind: json)) AS j
                """
            ).run()
        }
        try await bulkInsert(
            [
                BulkRows(table: rtree + "_rowid", columns: ["rowid", "nodeno"], count: packed.leafOf.count) { i, w in
                    w.int(packed.leafOf[i].row); w.int(packed.leafOf[i].node)
                },
                BulkRows(table: rtree + "_parent", columns: ["nodeno", "parentnode"], count: packed.parentOf.count) {
                    i,
                    w in
                    w.int(packed.parentOf[i].node); w.int(packed.parentOf[i].parent)
                },
            ],
            on: database
        )
        return true
    }
}
