import FluentKit

/// Migration 020: votes on the UN General Assembly's annual resolution on the Mine Ban Convention (issue 18: the
/// interim steps of states not party), loaded from the bundled reference data like the obligations.
struct RecordUNGAVotes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("unga_votes")
            .id()
            .field("iso3", .string, .required)
            .field("year", .int, .required)
            .field("resolution", .string)
            .field("forum", .string, .required)
            .field("vote", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "iso3", "year", "forum", "origin")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("unga_votes").delete()
    }
}
