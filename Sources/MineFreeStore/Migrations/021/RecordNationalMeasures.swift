import FluentKit

/// Migration 021: national implementation measures under APMBC Art 9 (issue 18), loaded from the bundled reference
/// data like the obligations.
struct RecordNationalMeasures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("national_measures")
            .id()
            .field("iso3", .string, .required)
            .field("status", .string, .required)
            .field("measure", .string)
            .field("adopted_on", .string)
            .field("penal_sanctions", .bool)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "iso3", "origin")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("national_measures").delete()
    }
}
