import FluentKit

/// Migration 032: the Art 7 reporting record (APMBC) — what sources said of each State Party's initial and annual
/// reports on a day, and the yearly compliance rates they published — loaded from the bundled reference data.
struct RecordTransparencyReporting: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("transparency_statements")
            .id()
            .field("iso3", .string, .required)
            .field("kind", .string, .required)
            .field("year", .int64)
            .field("status", .string, .required)
            .field("due_on", .string)
            .field("submitted_on", .string)
            .field("as_of", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
        try await database.schema("compliance_rates")
            .id()
            .field("year", .int64, .required)
            .field("as_of", .string, .required)
            .field("states_parties_due", .int64)
            .field("submitted", .int64)
            .field("rate_percent", .double)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("compliance_rates").delete()
        try await database.schema("transparency_statements").delete()
    }
}
