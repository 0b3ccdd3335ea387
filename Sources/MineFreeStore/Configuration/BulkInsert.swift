import FluentKit
import FluentSQLiteDriver
import Foundation
import MineFreeCore
import SQLKit
import VaporCSQLite

/// One table's rows for a bulk insert: how many, and how to write row i.
public struct BulkRows: Sendable {
    public let table: String
    public let columns: [String]
    public let count: Int
    /// What follows the values, e.g. an upsert's `ON CONFLICT` clause; the same on both dialects.
    public var onConflict: String? = nil
    public let write: @Sendable (Int, inout RowWriter) throws -> Void
}

/// Writes one row's values: bound to SQLite's prepared `INSERT` (SQLite), or as SQL literals (PostgreSQL).
public struct RowWriter {
    public struct Unsupported: Error, CustomStringConvertible {
        let value: String
        public var description: String { "cannot write \(value) into the store" }
    }

    /// The prepared statement the values are bound to; nil: they are written as literals into `out`.
    let statement: OpaquePointer?
    var out = ""
    private var first = true
    /// The next parameter's index (SQLite counts from 1), and the first bind that failed.
    private(set) var parameter: Int32 = 1
    private(set) var bindFailure: Int32 = SQLITE_OK

    init(literalsCapacity capacity: Int) {
        statement = nil
        out.reserveCapacity(capacity)
    }

    init(statement: OpaquePointer) {
        self.statement = statement
    }

    mutating func beginRow(_ index: Int) {
        parameter = 1
        guard statement == nil else { return }
        if index > 0 { out += "," }
        out += "("
        first = true
    }

    mutating func endRow() {
        if statement == nil { out += ")" }
    }

    private mutating func separate() {
        if !first { out += "," }
        first = false
    }

    /// Records a bind's result code; a bind fails only on misuse (a wrong index) or lack of memory.
    private mutating func bound(_ code: Int32) {
        if code != SQLITE_OK && bindFailure == SQLITE_OK { bindFailure = code }
        parameter += 1
    }

    public mutating func text(_ s: String) throws {
        // A NUL would cut a literal short; no field here may hold one, and both dialects refuse it alike.
        var s = s
        let hasNUL = s.withUTF8 { $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }
        guard !hasNUL else { throw Unsupported(value: "a text containing NUL") }
        if let statement {
            let length = UInt64(s.utf8.count)
            bound(
                s.withCString {
                    sqlite_nio_sqlite3_bind_text64(
                        statement,
                        parameter,
                        $0,
                        length,
                        SQLITE_TRANSIENT,
                        UInt8(SQLITE_UTF8)
                    )
                }
            )
            return
        }
        separate()
        out += "'"
        out += s.contains("'") ? s.replacingOccurrences(of: "'", with: "''") : s
        out += "'"
    }

    public mutating func text(_ s: String?) throws {
        if let s { try text(s) } else { null() }
    }

    public mutating func int(_ i: Int64) {
        if let statement {
            bound(sqlite_nio_sqlite3_bind_int64(statement, parameter, i))
            return
        }
        separate()
        out += String(i)
    }

    public mutating func int(_ i: Int64?) {
        if let i { int(i) } else { null() }
    }

    public mutating func double(_ d: Double) throws {
        guard d.isFinite else { throw Unsupported(value: "the number \(d)") }
        if let statement {
            bound(sqlite_nio_sqlite3_bind_double(statement, parameter, d))
            return
        }
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
        if let statement {
            bound(sqlite_nio_sqlite3_bind_null(statement, parameter))
            return
        }
        separate()
        out += "NULL"
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension StoreDialect {
    /// A statement SQLite refused while rows were bound to it directly.
    public struct BulkWriteError: Error, CustomStringConvertible {
        public let table: String
        public let code: Int32
        public let message: String
        public var description: String { "writing \(table): \(message) (SQLite code \(code))" }
    }

    /// Inserts the tables' rows, in order, the fastest way each dialect offers.
    ///
    /// SQLite: one prepared `INSERT` per table, each row's values bound to it and stepped, on the connection's
    /// own handle (`withSQLiteHandle`): no text is built for SQLite to parse again, as when each 10,000-row batch
    /// was bound as one JSON array unpacked by `jsonb_each` (docs/BENCHMARKS.md). PostgreSQL (and SQLite if the
    /// handle cannot be reached): multi-row `VALUES` of escaped literals, the next batch's text built on another
    /// core while the database writes the current one.
    /// `buildIndexesAfter` false: the caller dropped the plain indexes of its empty tables itself and rebuilds them once
    /// its last insert is done (`dropIndexesOfEmptyTables`), as an import writing a table in chunks does.
    public static func bulkInsert(_ tables: [BulkRows], on database: any Database, buildIndexesAfter: Bool = true)
        async throws
    {
        guard let sql = database as? any SQLDatabase else { return }
        let deferred =
            buildIndexesAfter
            ? try await dropIndexesOfEmptyTables(tables.filter { $0.count > 0 }.map(\.table), database) : []
        // Nil when the SQLite handle could not be reached (or on PostgreSQL): then the literal path writes.
        let bound: Void? = try await withSQLiteHandle(database) { handle in
            for rows in tables where rows.count > 0 { try insertBound(rows, handle) }
        }
        if bound == nil { try await insertLiterals(tables, sql) }
        for create in deferred { try await sql.raw(SQLQueryString(create)).run() }
    }

    /// SQLite: drops the plain indexes (not those of a UNIQUE constraint) of the tables that hold no row yet, and
    /// returns the statements that create them again, for after the insert. An index built once from the sorted
    /// rows costs less than one that takes them one by one in random key order: 0.3 s less for the 200,000 releases
    /// of the national import (`land_releases_by_hazard`). In the caller's transaction, so no reader misses it.
    static func dropIndexesOfEmptyTables(_ tables: [String], _ database: any Database) async throws -> [String] {
        guard case .sqlite = kind(of: database), let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { let one: Int64 }
        struct Index: Decodable { let name: String; let sql: String }
        var creates: [String] = []
        for table in Set(tables).sorted() {
            guard try await sql.raw("SELECT 1 AS one FROM \(ident: table) LIMIT 1").first(decoding: Row.self) == nil
            else { continue }
            // A constraint's index has no `sql`: it stays, to enforce the constraint.
            for index in try await sql.raw(
                """
                SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL ORDER BY name
                """
            ).all(decoding: Index.self) {
                try await sql.raw("DROP INDEX \(ident: index.name)").run()
                creates.append(index.sql)
            }
        }
        return creates
    }

    /// Binds every row of `rows` to one prepared statement and steps it.
    static func insertBound(_ rows: BulkRows, _ db: OpaquePointer) throws {
        func failure(_ code: Int32) -> BulkWriteError {
            BulkWriteError(
                table: rows.table,
                code: code,
                message: sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown"
            )
        }
        let columns = rows.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let parameters = Array(repeating: "?", count: rows.columns.count).joined(separator: ", ")
        var prepared: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(
            db,
            "INSERT INTO \"\(rows.table)\" (\(columns)) VALUES (\(parameters)) \(rows.onConflict ?? "")",
            -1,
            UInt32(SQLITE_PREPARE_PERSISTENT),
            &prepared,
            nil
        )
        guard code == SQLITE_OK, let statement = prepared else { throw failure(code) }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        var w = RowWriter(statement: statement)
        for i in 0..<rows.count {
            w.beginRow(i)
            try rows.write(i, &w)
            guard w.bindFailure == SQLITE_OK else { throw failure(w.bindFailure) }
            guard w.parameter == Int32(rows.columns.count + 1) else {
                throw BulkWriteError(
                    table: rows.table,
                    code: SQLITE_MISUSE,
                    message: "row \(i) has \(w.parameter - 1) values for \(rows.columns.count) columns"
                )
            }
            let step = sqlite_nio_sqlite3_step(statement)
            // Reset before throwing too, so the failed statement leaves no open write behind it.
            sqlite_nio_sqlite3_reset(statement)
            guard step == SQLITE_DONE else { throw failure(step) }
        }
    }

    /// Multi-row `VALUES` of literals, 2,000 rows a statement.
    static func insertLiterals(_ tables: [BulkRows], _ sql: any SQLDatabase) async throws {
        let batchSize = 2_000
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
            var w = RowWriter(literalsCapacity: b.range.count * 120)
            w.out +=
                "INSERT INTO \"\(rows.table)\" (" + rows.columns.map { "\"\($0)\"" }.joined(separator: ", ")
                + ") VALUES "
            for (k, i) in b.range.enumerated() {
                w.beginRow(k)
                try rows.write(i, &w)
                w.endRow()
            }
            if let conflict = rows.onConflict { w.out += " " + conflict }
            return w.out
        }
        var next: Task<String, any Error>? = batches.first.map { b in Task { try build(b) } }
        for n in batches.indices {
            let text = try await next!.value
            next = n + 1 < batches.count ? Task { [b = batches[n + 1]] in try build(b) } : nil
            try await sql.raw(SQLQueryString(text)).run()
        }
    }

    /// Runs `body` with the SQLite handle of the connection `database` is on (within a transaction: that
    /// transaction's), on a thread of NIO's shared pool, as sqlite-nio runs its own calls (blocking work stays off the
    /// task threads); nil when `database` is not SQLite or the handle cannot be reached. sqlite-nio offers no statement
    /// that outlives one query and keeps the handle internal, so it is read by reflection; a later sqlite-nio that
    /// stores it differently makes this nil (a store test then fails).
    static func withSQLiteHandle<T: Sendable>(
        _ database: any Database,
        _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T? {
        guard case .sqlite = kind(of: database), let sqlite = database as? any SQLiteDatabase else { return nil }
        return try await sqlite.withConnection { connection -> T? in
            guard let handle = SQLiteHandle(connection) else { return nil }
            return try await NIOThreadPool.singleton.runIfActive { try body(handle.raw) }
        }
    }
}

/// The `sqlite3*` behind an open `SQLiteConnection`. Sendable as sqlite-nio's own wrapper is: the library is built
/// serialized (`SQLITE_THREADSAFE=1`, opened with `SQLITE_OPEN_FULLMUTEX`), and it is used only while the
/// connection is held.
struct SQLiteHandle: @unchecked Sendable {
    let raw: OpaquePointer

    init?(_ connection: SQLiteConnection) {
        guard !connection.isClosed,
            let raw = Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer
        else { return nil }
        self.raw = raw
    }
}
