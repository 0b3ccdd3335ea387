import FluentKit

/// Migration 024: cluster munition stockpile figures of the CCM's States Parties (Art 3) — declared, destroyed,
/// remaining, found later — in munitions or submunitions, loaded from the bundled reference data like the APMBC's.
struct RecordClusterMunitionStockpiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ccm_stockpile_figures")
            .id()
            .field("iso3", .string, .required)
            .field("date_of_information", .string, .required)
            .field("date_precision", .string, .required)
            .field("munition_type", .string, .required)
            .field("quantity", .int64, .required)
            .field("unit", .string, .required)
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ccm_stockpile_figures").delete()
    }
}
