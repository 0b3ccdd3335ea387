import FluentKit
import SQLKit

/// Migration 018: a settlement's population and displaced households as dated figures (`SettlementFigure`), one row
/// per settlement and date of information, never updated: a return of families is a new row; and a hazardous area's
/// land use (`land_use`: what its land would serve once released), which priority models can weigh. `settlement_id` has no
/// foreign key, as for risk education: settlements are completed across files and written after the other layers;
/// the import's `unknown-settlement` rule holds the link.
struct RecordSettlementFiguresAndLandUse: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("settlement_figures")
            .field("id", .int64, .identifier(auto: true))
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("settlement_id", .string, .required)
            .field("date", .string, .required)
            .field("population", .int64)
            .field("idp_households", .int64)
            .field("returned_households", .int64)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "settlement_id", "date")
            .create()
        try await (database as! any SQLDatabase).create(index: "settlement_figures_by_date").on("settlement_figures")
            .column("date").run()
        try await database.schema("hazardous_areas").field("land_use", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("hazardous_areas").deleteField("land_use").update()
        try await database.schema("settlement_figures").delete()
    }
}
