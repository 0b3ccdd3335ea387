import FluentKit

/// Migration 030: cluster munitions held by states outside the CCM — declared, reported or attributed — loaded from
/// the bundled reference data.
struct RecordNotPartyClusterStocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ccm_not_party_stocks")
            .id()
            .field("iso3", .string, .required)
            .field("date_of_information", .string, .required)
            .field("date_precision", .string, .required)
            .field("munition_type", .string, .required)
            .field("quantity", .int64)
            .field("unit", .string)
            .field("basis", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ccm_not_party_stocks").delete()
    }
}
