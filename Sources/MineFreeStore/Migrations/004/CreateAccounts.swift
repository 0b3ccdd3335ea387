import FluentKit

/// Migration 004: accounts (users with a role and an organisation), API tokens (stored hashed),
/// the audit log, and submissions waiting for the national authority's review.
/// (003 is the land records migration: organisations, admin areas, activities, assets, device finds.)
struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .int64, .identifier(auto: true))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("organisation", .string, .required)
            .field("password_hash", .string, .required)
            .field("created_at", .string, .required)
            .field("disabled", .bool, .required)
            .unique(on: "username")
            .create()
        try await database.schema("api_tokens")
            .field("id", .int64, .identifier(auto: true))
            .field("token_hash", .string, .required)
            .field("user_id", .int64, .required, .references("users", "id"))
            .field("created_at", .string, .required)
            .field("expires_at", .string, .required)
            .unique(on: "token_hash")
            .create()
        // Append-only: nothing updates or deletes an entry.
        try await database.schema("audit_log")
            .field("id", .int64, .identifier(auto: true))
            .field("at", .string, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("target", .string, .required)
            .field("detail", .string)
            .create()
        try await database.schema("submissions")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("record_id", .string, .required)
            .field("state", .string, .required)
            .field("payload", .string, .required)
            .field("submitted_by", .string, .required)
            .field("organisation", .string, .required)
            .field("submitted_at", .string, .required)
            .field("reviewed_by", .string)
            .field("reviewed_at", .string)
            .field("comment", .string)
            .create()
        try await StoreDialect.createIndex(
            "submissions_by_state",
            on: "submissions",
            columns: ["state", "id"],
            database
        )
    }

    func revert(on database: any Database) async throws {
        for table in ["submissions", "audit_log", "api_tokens", "users"] { try await database.schema(table).delete() }
    }
}
