import FluentKit

/// Migration 007: signed-in browser sessions, kept in the store so a restart does not sign everyone out and
/// several servers on one PostgreSQL share them. The id is stored only as its SHA-256 hash, like API tokens.
struct CreateWebSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("web_sessions")
            .field("id", .int64, .identifier(auto: true))
            .field("id_hash", .string, .required)
            .field("data", .string, .required)
            .field("expires_at", .string, .required)
            .unique(on: "id_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("web_sessions").delete()
    }
}
