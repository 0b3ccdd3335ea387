import FluentKit
import Logging
import SQLKit

/// The only place that knows which SQL dialect is behind the store. Anything dialect-specific
/// (pragmas, spatial indexes, reporting SQL) gets a named helper here, switched on the dialect.
public enum StoreDialect {
    public enum Kind: Sendable { case sqlite, postgresql, other(String) }

    public static func kind(of database: any Database) -> Kind {
        guard let sql = database as? any SQLDatabase else { return .other("non-SQL") }
        switch sql.dialect.name {
        case "sqlite": return .sqlite
        case "postgresql": return .postgresql
        case let name: return .other(name)
        }
    }

    /// Per-file settings before first use. SQLite: write-ahead logging, so readers (the web app) do not
    /// block the writer (an import); it persists in the file. Or, for a new file a command creates
    /// (`Store.Journal.rollbackWhileNew`), the rollback journal, which writes each page once. PostgreSQL needs nothing.
    static func prepare(_ database: any Database, writeAheadLog: Bool = true) async throws {
        guard case .sqlite = kind(of: database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw(writeAheadLog ? "PRAGMA journal_mode=WAL" : "PRAGMA journal_mode=DELETE").run()
    }

    /// How long a connection waits for another's write lock before it answers "busy".
    public static let busyTimeoutMilliseconds = 5000

    /// Settings of each SQLite connection (they are per connection, and the pool keeps one per event loop, made
    /// once): a busy timeout instead of sqlite-nio's handler, which retries at once for ever and so spins a pool
    /// thread while an import holds the write lock; and `synchronous = FULL`, stated rather than inherited, so a
    /// commit is on disk before it is acknowledged, power cut included. PostgreSQL needs nothing.
    static func configureConnections(_ databases: Databases, logger: Logger, synchronous: String = "FULL")
        async throws
    {
        for loop in databases.eventLoopGroup.makeIterator() {
            guard let database = databases.database(logger: logger, on: loop),
                case .sqlite = kind(of: database)
            else { continue }
            try await database.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
                try await sql.raw("PRAGMA synchronous = \(unsafeRaw: synchronous)").run()
            }
        }
    }

    /// Inside an import's transaction: waits for any other import to finish and keeps the next waiting until this
    /// one ends. SQLite: nothing (its write lock, taken by the import's first insert, does it). PostgreSQL: a
    /// transaction-scoped advisory lock; readers are not held up.
    static func lockForImport(_ db: any Database) async throws {
        guard case .postgresql = kind(of: db), let sql = db as? any SQLDatabase else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(importLockKey)))").run()
    }

    /// The advisory lock's number: "MFIMPORT" read as bytes, unlikely to meet another application's.
    static let importLockKey: Int64 = 0x4D46_494D_504F_5254

    /// A transaction for a large write, on one connection set up for it (the checkpoint setting restored after).
    ///
    /// SQLite: (1) a 128 MB page cache instead of the default 2 MB, so the index pages of a national import
    /// (about 75 MB of rows and indexes) are not evicted and re-read throughout (kept until the connection closes);
    /// larger would only add to the memory of a ten times larger import, whose pages do not fit either way;
    /// (2) no checkpoint at the commit: the commit is durable once the write-ahead log is synced, and copying the
    /// pages from the log into the database file (another write and sync, about 0.2 s for a national import) would
    /// only delay the import's end. The log is checkpointed by a later commit of any connection, or when the last one
    /// closes. PostgreSQL: a plain transaction.
    static func bulkWriteTransaction<T: Sendable>(
        _ database: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard case .sqlite = kind(of: database) else { return try await database.transaction(body) }
        return try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            let pages =
                try await sql.raw("PRAGMA wal_autocheckpoint").first()?.decode(
                    column: "wal_autocheckpoint",
                    as: Int64.self
                ) ?? 1000
            try await sql.raw("PRAGMA cache_size = -131072").run()
            try await sql.raw("PRAGMA wal_autocheckpoint = 0").run()
            do {
                let result = try await connection.transaction(body)
                try await sql.raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: String(pages))").run()
                return result
            } catch {
                try? await sql.raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: String(pages))").run()
                throw error
            }
        }
    }

    /// The persistent spatial index of a table with `id` and `min_lon…max_lat` columns.
    /// SQLite: its built-in R*Tree virtual table `<table>_rtree`, filled from the table by `refreshSpatialIndex`.
    /// PostgreSQL: a b-tree on the box columns (PostGIS is not required).
    static func createSpatialIndex(on table: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch kind(of: database) {
        case .sqlite:
            try await sql.raw(
                "CREATE VIRTUAL TABLE \(ident: table + "_rtree") USING rtree(id, min_lon, max_lon, min_lat, max_lat)"
            ).run()
        default:
            try await createIndex(
                table + "_bbox",
                on: table,
                columns: ["min_lon", "max_lon", "min_lat", "max_lat"],
                database
            )
            try await createBoxIndex(on: table, database)
        }
    }

    /// PostgreSQL: a GiST index on each row's box as the built-in `box` type (no extension needed), which
    /// `spatialCondition` asks with `&&`; the b-tree on the four columns could only narrow by longitude.
    static func createBoxIndex(on table: String, _ database: any Database) async throws {
        guard case .postgresql = kind(of: database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            // IF NOT EXISTS: a store made since migration 012 has it from `createSpatialIndex`; 012 adds it to older ones.
            "CREATE INDEX IF NOT EXISTS \(ident: table + "_box_gist") ON \(ident: table) USING gist (\(unsafeRaw: boxExpression))"
        ).run()
    }

    /// A row's box as PostgreSQL's `box`, written the same in the index and in every query that should use it.
    static let boxExpression = "box(point(min_lon, min_lat), point(max_lon, max_lat))"

    /// The query box as PostgreSQL's `box`.
    static func box(_ b: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)) -> SQLQueryString {
        "box(point(\(bind: b.minLon), \(bind: b.minLat)), point(\(bind: b.maxLon), \(bind: b.maxLat)))"
    }

    static func dropSpatialIndex(on table: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch kind(of: database) {
        case .sqlite: try await sql.raw("DROP TABLE IF EXISTS \(ident: table + "_rtree")").run()
        default: try await sql.raw("DROP INDEX IF EXISTS \(ident: table + "_bbox")").run()
        }
    }

    /// Adds the rows of one import to the spatial index (SQLite keeps the R*Tree itself; PostgreSQL's b-tree updates on insert).
    static func refreshSpatialIndex(on table: String, importID: Int64, _ database: any Database) async throws {
        guard case .sqlite = kind(of: database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw(
            """
            INSERT INTO \(ident: table + "_rtree") (id, min_lon, max_lon, min_lat, max_lat)
            SELECT id, min_lon, max_lon, min_lat, max_lat FROM \(ident: table) WHERE import_id = \(bind: importID)
            """
        ).run()
    }

    /// Ids of the rows whose bounding box meets `box` (lon/lat), through the spatial index.
    public static func spatialCandidates(
        in table: String,
        box: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double),
        _ database: any Database
    ) async throws -> [Int64] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { let id: Int64 }
        let query: SQLQueryString =
            "SELECT id FROM \(ident: table) WHERE " + spatialCondition(in: table, box: box, database)
        return try await sql.raw(query).all(decoding: Row.self).map(\.id)
    }

    /// The rows of an indexed table whose box meets `box`, as a condition on `id`: SQLite asks its R*Tree inside
    /// the same statement (a national box never becomes a list of ids); PostgreSQL compares the indexed box columns.
    static func spatialCondition(
        in table: String,
        box: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double),
        _ database: any Database
    ) -> SQLQueryString {
        let meets: SQLQueryString = """
            max_lon >= \(bind: box.minLon) AND min_lon <= \(bind: box.maxLon) \
            AND max_lat >= \(bind: box.minLat) AND min_lat <= \(bind: box.maxLat)
            """
        switch kind(of: database) {
        case .sqlite: return "id IN (SELECT id FROM \(ident: table + "_rtree") WHERE " + meets + ")"
        case .postgresql: return "\(unsafeRaw: boxExpression) && " + Self.box(box)
        default: return meets
        }
    }

    /// Renames a column, its indexes following it (SQLite ≥ 3.25 and PostgreSQL say it the same way).
    static func renameColumn(_ from: String, to: String, in table: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: table) RENAME COLUMN \(ident: from) TO \(ident: to)").run()
    }

    /// Renames a table with a spatial index, and the index with it: SQLite's R*Tree is a table of its own,
    /// PostgreSQL's b-tree an index named after the table.
    static func renameSpatialTable(_ from: String, to: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: from) RENAME TO \(ident: to)").run()
        switch kind(of: database) {
        case .sqlite: try await sql.raw("ALTER TABLE \(ident: from + "_rtree") RENAME TO \(ident: to + "_rtree")").run()
        default:
            try await sql.raw("ALTER INDEX IF EXISTS \(ident: from + "_bbox") RENAME TO \(ident: to + "_bbox")").run()
        }
    }

    // MARK: Append-only tables and the audit chain (migration 011)

    /// Makes the database refuse UPDATE and DELETE on `table` (and TRUNCATE on PostgreSQL), whoever asks.
    /// SQLite: two triggers that `RAISE(ABORT, …)`; PostgreSQL: triggers calling a function that raises.
    static func createAppendOnlyGuard(on table: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let message = "\(table) is append-only"
        switch kind(of: database) {
        case .sqlite:
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER \(ident: "\(table)_no_\(operation.lowercased())") BEFORE \(unsafeRaw: operation) ON \(ident: table)
                    BEGIN SELECT RAISE(ABORT, '\(unsafeRaw: message): \(unsafeRaw: operation) refused'); END
                    """
                ).run()
            }
        default:
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION minefree_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER \(ident: "\(table)_no_change") BEFORE UPDATE OR DELETE ON \(ident: table)
                FOR EACH ROW EXECUTE FUNCTION minefree_refuse_change()
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER \(ident: "\(table)_no_truncate") BEFORE TRUNCATE ON \(ident: table)
                FOR EACH STATEMENT EXECUTE FUNCTION minefree_refuse_change()
                """
            ).run()
        }
    }

    static func dropAppendOnlyGuard(on table: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch kind(of: database) {
        case .sqlite:
            for operation in ["update", "delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: "\(table)_no_\(operation)")").run()
            }
        default:
            for name in ["no_change", "no_truncate"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: "\(table)_\(name)") ON \(ident: table)").run()
            }
        }
    }

    /// A transaction that holds the right to write from its start. SQLite: `BEGIN IMMEDIATE` takes the write lock
    /// before anything is read, so no other writer commits between a read and the write that depends on it (a
    /// deferred transaction would fail to upgrade instead). PostgreSQL: a plain transaction (lock what you read).
    static func serialisedWriteTransaction<T: Sendable>(
        _ database: any Database,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard case .sqlite = kind(of: database) else { return try await database.transaction(body) }
        return try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Serialises appends to the audit chain until the transaction ends. SQLite: the transaction's write lock does
    /// (nothing to add); PostgreSQL: a transaction-scoped advisory lock (readers are not blocked).
    static func lockAuditLog(_ database: any Database) async throws {
        guard case .postgresql = kind(of: database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(auditLockKey)))").run()
    }

    static let auditLockKey: Int64 = 0x4D49_4E45_4155_4454  // "MINEAUDT"

    /// The id of the next audit entry, which its hash covers and so must be known before it is written (under the
    /// chain's lock). SQLite: one past the last; PostgreSQL: the identity column's sequence, so ids from it stay unique.
    static func nextAuditID(after last: Int64, _ database: any Database) async throws -> Int64 {
        guard case .postgresql = kind(of: database), let sql = database as? any SQLDatabase else { return last + 1 }
        struct Row: Decodable { let id: Int64 }
        guard
            let id = try await sql.raw("SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id")
                .first(decoding: Row.self)?.id
        else { return last + 1 }
        return id
    }

    // MARK: Backup

    /// A consistent copy of the whole store in a new file at `path`, taken while others may be writing.
    /// SQLite: `VACUUM INTO` (one read transaction: the copy is the store as of one commit). PostgreSQL: not
    /// here — `pg_dump` is the tool.
    static func backup(into path: String, _ database: any Database) async throws {
        guard case .sqlite = kind(of: database), let sql = database as? any SQLDatabase else {
            throw StoreBackup.Refused(file: path, reason: "a PostgreSQL store is backed up with pg_dump")
        }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
    }

    static func createIndex(_ name: String, on table: String, columns: [String], _ database: any Database) async throws
    {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
