import FluentKit
import SQLKit

/// Migration 019: treaty implementation's first figures (issue 18) — stockpile figures (declared at entry into force,
/// remaining on a day, destroyed by a day, found later) and mines retained under APMBC Art 3 per year, each with its
/// source, loaded from the bundled reference data like the obligations (`origin` = reference).
struct RecordStockpilesAndRetainedMines: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stockpile_figures")
            .id()
            .field("iso3", .string, .required)
            .field("date_of_information", .string, .required)
            .field("date_precision", .string, .required)
            .field("mine_type", .string, .required)
            .field("quantity", .int64, .required)
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
        try await database.schema("retained_mines")
            .id()
            .field("iso3", .string, .required)
            .field("year", .int, .required)
            .field("retained", .int64, .required)
            .field("consumed", .int64)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "iso3", "year", "origin")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("retained_mines").delete()
        try await database.schema("stockpile_figures").delete()
    }
}
