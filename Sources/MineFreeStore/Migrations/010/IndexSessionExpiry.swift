import FluentKit
import SQLKit

/// Migration 010: sessions found by their expiry. Each new session clears the expired ones first; without an
/// index that was a scan of every session ever kept, on every sign-in.
struct IndexSessionExpiry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await StoreDialect.createIndex(
            "web_sessions_by_expiry",
            on: "web_sessions",
            columns: ["expires_at"],
            database
        )
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "web_sessions_by_expiry").run()
    }
}
