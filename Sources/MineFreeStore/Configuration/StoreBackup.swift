import Crypto
import FluentKit
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// `minefree backup` and `minefree restore` for the SQLite store. A backup is `VACUUM INTO` through the open store
/// (a consistent copy while the server runs); a restore checks the file is a MineFree store this build can open and
/// then puts it in place of the configured file, which must not be in use (stop the server first).
/// PostgreSQL stores are backed up and restored with `pg_dump` and `pg_restore`.
public enum StoreBackup {
    /// A backup or restore that cannot go ahead, naming the file and the reason (one line).
    public struct Refused: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var reason: String
        public var description: String { "\(file): \(reason)" }

        public init(file: String, reason: String) {
            self.file = file
            self.reason = reason
        }
    }

    /// Rows and a SHA-256 over them (each row as SQLite's `quote()` of its values, sorted) for one table.
    public struct TableSummary: Sendable, Hashable {
        public var rows: Int
        public var checksum: String
    }

    /// Copies the open store into a new file at `path`; an existing file is never overwritten.
    public static func backup(_ store: Store, to path: String) async throws {
        guard case .sqlite = store.configuration else {
            throw Refused(
                file: path,
                reason: "the store is PostgreSQL: back it up with pg_dump (pg_dump -Fc -f FILE \"$DATABASE_URL\")"
            )
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Refused(file: path, reason: "the file exists already; choose a new name")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw Refused(file: path, reason: "the directory \(directory) does not exist")
        }
        try await StoreDialect.backup(into: path, store.database)
    }

    /// Puts the store in `path` in place of the SQLite store at `destination` after checking that it is a SQLite
    /// database, a MineFree store, and not from a newer schema than `known` (the migrations this build has). The
    /// store at `destination`, if any, is kept beside it as `<destination>.before-restore-<time>`; that name is returned.
    @discardableResult
    public static func restore(
        from path: String,
        onto destination: String,
        known: [any Migration] = MineFreeMigrations.all
    ) async throws -> String? {
        try await check(path, known: known)
        let fm = FileManager.default
        let staging = destination + ".restoring"
        try? fm.removeItem(atPath: staging)
        try fm.copyItem(atPath: path, toPath: staging)
        var kept: String?
        if fm.fileExists(atPath: destination) {
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let old = destination + ".before-restore-" + stamp
            try fm.moveItem(atPath: destination, toPath: old)
            kept = old
            // The old store's write-ahead log belongs to it, not to the restored file.
            for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: destination + suffix) {
                try fm.moveItem(atPath: destination + suffix, toPath: old + suffix)
            }
        }
        try fm.moveItem(atPath: staging, toPath: destination)
        return kept
    }

    /// Refuses a file that is not a SQLite database, not a MineFree store, damaged, or from a newer schema.
    public static func check(_ path: String, known: [any Migration] = MineFreeMigrations.all) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Refused(file: path, reason: "no such file, or it cannot be read")
        }
        let header = (try? handle.read(upToCount: 16)) ?? nil
        try? handle.close()
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw Refused(file: path, reason: "not a SQLite database")
        }
        // Looked at in a copy, so that opening it changes nothing in the file given.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-restore-check-\(UUID().uuidString).sqlite"
        ).path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
        try await withSQLite(copy) { sql in
            struct Name: Decodable { let name: String }
            let tables = Set(
                try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self).map(
                    \.name
                )
            )
            guard tables.contains("_fluent_migrations"), tables.isSuperset(of: ["users", "audit_log", "land_imports"])
            else {
                throw Refused(file: path, reason: "not a MineFree store (no MineFree migrations or tables in it)")
            }
            let applied = try await sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Name.self).map(\.name)
            let names = Set(known.map(\.name))
            if let unknown = applied.first(where: { !names.contains($0) }) {
                throw Refused(
                    file: path,
                    reason:
                        "from a newer schema: its migration \(unknown) is unknown to this minefree; restore it with the version that made it"
                )
            }
            struct Check: Decodable { let integrity_check: String }
            let integrity = try await sql.raw("PRAGMA integrity_check").all(decoding: Check.self).map(
                \.integrity_check
            )
            guard integrity == ["ok"] else {
                throw Refused(file: path, reason: "damaged: \(integrity.first ?? "integrity check failed")")
            }
        }
    }

    /// Every table's rows and checksum in a SQLite file (SQLite's own tables aside), by table name.
    public static func summary(of path: String) async throws -> [String: TableSummary] {
        try await withSQLite(path) { sql in
            struct Name: Decodable { let name: String }
            struct Column: Decodable { let name: String }
            struct Line: Decodable { let line: String? }
            var result: [String: TableSummary] = [:]
            let tables = try await sql.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).all(decoding: Name.self).map(\.name)
            for table in tables {
                let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(
                    decoding: Column.self
                ).map(\.name)
                guard !columns.isEmpty else { continue }
                let row = columns.map { "quote(\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\")" }.joined(
                    separator: " || ',' || "
                )
                let lines = try await sql.raw(
                    "SELECT \(unsafeRaw: row) AS line FROM \(ident: table) ORDER BY line"
                ).all(decoding: Line.self)
                var hasher = SHA256()
                for line in lines { hasher.update(data: Data(((line.line ?? "") + "\n").utf8)) }
                result[table] = TableSummary(
                    rows: lines.count,
                    checksum: hasher.finalize().map { String(format: "%02x", $0) }.joined()
                )
            }
            return result
        }
    }

    /// A SQLite file opened as it is: no migrations, no settings changed.
    static func withSQLite<T: Sendable>(_ path: String, _ body: @Sendable (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(.sqlite(.file(path)), as: .sqlite, isDefault: true)
        var logger = Logger(label: "minefree.backup")
        logger.logLevel = .warning
        do {
            let database = databases.database(logger: logger, on: databases.eventLoopGroup.any())!
            let result = try await body(database as! any SQLDatabase)
            await databases.shutdownAsync()
            return result
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }
}
