import FluentKit
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
    /// block the writer (an import); it persists in the file. PostgreSQL needs nothing.
    static func prepare(_ database: any Database) async throws {
        guard case .sqlite = kind(of: database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }

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
        }
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
        let query: SQLQueryString
        switch kind(of: database) {
        case .sqlite:
            query = """
                SELECT id FROM \(ident: table + "_rtree")
                WHERE max_lon >= \(bind: box.minLon) AND min_lon <= \(bind: box.maxLon)
                  AND max_lat >= \(bind: box.minLat) AND min_lat <= \(bind: box.maxLat)
                """
        default:
            query = """
                SELECT id FROM \(ident: table)
                WHERE max_lon >= \(bind: box.minLon) AND min_lon <= \(bind: box.maxLon)
                  AND max_lat >= \(bind: box.minLat) AND min_lat <= \(bind: box.maxLat)
                """
        }
        return try await sql.raw(query).all(decoding: Row.self).map(\.id)
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

    static func createIndex(_ name: String, on table: String, columns: [String], _ database: any Database) async throws
    {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
