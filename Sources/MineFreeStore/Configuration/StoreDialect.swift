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
}
