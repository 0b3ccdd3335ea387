import FluentKit

/// Migration 028: participation in the related instruments — CCW Amended Protocol II and Protocol V, the CRPD —
/// loaded from the bundled reference data like the conventions' own participation.
struct RecordInstrumentParticipation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("instrument_participations")
            .id()
            .field("instrument", .string, .required)
            .field("iso3", .string, .required)
            .field("signed", .string)
            .field("consented", .string)
            .field("consent_kind", .string)
            .field("entry_into_force", .string)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "instrument", "iso3", "origin")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("instrument_participations").delete()
    }
}
