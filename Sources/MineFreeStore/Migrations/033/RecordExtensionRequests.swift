import FluentKit

/// Migration 033: extension requests before a meeting whose decision no source read records (reference data).
struct RecordExtensionRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("extension_requests")
            .id()
            .field("convention", .string, .required)
            .field("obligation", .string, .required)
            .field("iso3", .string, .required)
            .field("meeting_code", .string, .required)
            .field("submitted_on", .string)
            .field("requested_deadline", .string)
            .field("known_by", .string, .required)
            .field("meeting_start", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("extension_requests").delete()
    }
}
