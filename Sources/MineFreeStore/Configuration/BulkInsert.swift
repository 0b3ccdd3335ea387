import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// One table's rows for a bulk insert: how many, and how to write row i.
public struct BulkRows: Sendable {
    public let table: String
    public let columns: [String]
    public let count: Int
    public let write: @Sendable (Int, inout RowWriter) throws -> Void
}

/// Writes one row's values as JSON array elements (SQLite) or SQL literals (PostgreSQL).
public struct RowWriter {
    public struct Unsupported: Error, CustomStringConvertible {
        let value: String
        public var description: String { "cannot write \(value) into the store" }
    }

    let json: Bool
    var out = ""
    private var first = true

    init(json: Bool, capacity: Int) {
        self.json = json
        out.reserveCapacity(capacity)
    }

    mutating func beginRow(_ index: Int) {
        if index > 0 { out += "," }
        out += json ? "[" : "("
        first = true
    }

    mutating func endRow() { out += json ? "]" : ")" }

    private mutating func separate() {
        if !first { out += "," }
        first = false
    }

    public mutating func text(_ s: String) throws {
        separate()
        // A NUL would cut the statement short in SQLite's C API; no field here may hold one.
        if json {
            if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
                out += "\""
                out += s
                out += "\""
            } else {
                guard !s.utf8.contains(0) else { throw Unsupported(value: "a text containing NUL") }
                out += GeoJSONWriter.string(s)
            }
        } else {
            guard !s.utf8.contains(0) else { throw Unsupported(value: "a text containing NUL") }
            out += "'"
            out += s.contains("'") ? s.replacingOccurrences(of: "'", with: "''") : s
            out += "'"
        }
    }

    public mutating func text(_ s: String?) throws {
        if let s { try text(s) } else { null() }
    }

    public mutating func int(_ i: Int64) {
        separate()
        out += String(i)
    }

    public mutating func int(_ i: Int64?) {
        if let i { int(i) } else { null() }
    }

    public mutating func double(_ d: Double) throws {
        guard d.isFinite else { throw Unsupported(value: "the number \(d)") }
        separate()
        out += d.description
    }

    /// A box's min_lon, min_lat, max_lon, max_lat columns.
    public mutating func box(_ b: BoundingBox) throws {
        try double(b.minX); try double(b.minY); try double(b.maxX); try double(b.maxY)
    }

    /// A point's box columns: the box of a point is the point.
    public mutating func box(_ p: GeoPoint) throws {
        try box(BoundingBox(minX: p.lon, minY: p.lat, maxX: p.lon, maxY: p.lat))
    }

    public mutating func null() {
        separate()
        out += json ? "null" : "NULL"
    }
}

extension StoreDialect {
    /// Inserts the tables' rows, in order, the fastest way each dialect offers through this driver:
    /// SQLite receives each batch as one bound JSON array unpacked by its C JSON parser (`jsonb_each`: each row
    /// comes out as a binary JSON array whose fields `->>` reads directly; `json_each` would render every row back
    /// to text for `->>` to parse again, 0.4 s of CPU on the national import),
    /// PostgreSQL as multi-row VALUES of escaped literals. The text of the next batch is built on
    /// another core while the database writes the current one.
    ///
    /// Measured on the national benchmark import: binding 300,000 rows value by value through Codable
    /// took 5.2 s; this takes about a third of that (docs/BENCHMARKS.md).
    public static func bulkInsert(_ tables: [BulkRows], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let sqlite = sql.dialect.name == "sqlite"
        let batchSize = sqlite ? 10_000 : 2_000
        struct Batch: Sendable { let table: Int; let range: Range<Int> }
        var batches: [Batch] = []
        for (t, rows) in tables.enumerated() {
            var start = 0
            while start < rows.count {
                batches.append(Batch(table: t, range: start..<min(start + batchSize, rows.count)))
                start += batchSize
            }
        }
        @Sendable func build(_ b: Batch) throws -> String {
            let rows = tables[b.table]
            var w = RowWriter(json: sqlite, capacity: b.range.count * 120)
            if !sqlite {
                w.out += "INSERT INTO \"\(rows.table)\" (" + rows.columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") VALUES "
            } else {
                w.out += "["
            }
            for (k, i) in b.range.enumerated() {
                w.beginRow(k)
                try rows.write(i, &w)
                w.endRow()
            }
            if sqlite { w.out += "]" }
            return w.out
        }
        var next: Task<String, any Error>? = batches.first.map { b in Task { try build(b) } }
        for (n, batch) in batches.enumerated() {
            let text = try await next!.value
            next = n + 1 < batches.count ? Task { [b = batches[n + 1]] in try build(b) } : nil
            let rows = tables[batch.table]
            if sqlite {
                let columns = rows.columns.map { "\"\($0)\"" }.joined(separator: ", ")
                let select = rows.columns.indices.map { "j.value ->> \($0)" }.joined(separator: ", ")
                try await sql.raw("""
                    INSERT INTO \(ident: rows.table) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: select) FROM jsonb_each(\(bind: text)) AS j
                    """).run()
            } else {
                try await sql.raw(SQLQueryString(text)).run()
            }
        }
    }
}
