import FluentKit
import SQLKit

/// Migration 025: treaty implementation's stockpile records a programme keeps — stock figures, destructions,
/// retained-mine reports, Art 9 measures and production facilities (one row per id and date of information), and
/// transfers (`StockReport`, `StockDestruction`, `RetentionReport`, `NationalMeasureReport`, `ProductionFacility`,
/// `MineTransfer`), a column per field of each description, each indexed by its date.
struct CreateStockpileRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stockpile_reports")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("convention", .string, .required)
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("mine_type", .string, .required)
            .field("quantity", .int64, .required)
            .field("unit", .string, .required)
            .field("reported_in", .string)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("stockpile_destructions")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("convention", .string, .required)
            .field("start_date", .string)
            .field("end_date", .string, .required)
            .field("method", .string, .required)
            .field("site", .string)
            .field("mine_type", .string, .required)
            .field("quantity", .int64, .required)
            .field("unit", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("retained_mine_reports")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("year", .int64, .required)
            .field("retained", .int64, .required)
            .field("consumed", .int64)
            .field("purpose", .string)
            .field("institution", .string)
            .field("reported", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("national_measure_records")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("status", .string, .required)
            .field("measure", .string)
            .field("adopted_on", .string)
            .field("penal_sanctions", .string)
            .field("recorded", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id", "recorded")
            .create()
        try await database.schema("production_facilities")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("name", .string, .required)
            .field("place", .string)
            .field("status", .string, .required)
            .field("ceased_on", .string)
            .field("decommissioned_on", .string)
            .field("recorded", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id", "recorded")
            .create()
        try await database.schema("mine_transfers")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("date", .string, .required)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .field("mine_type", .string, .required)
            .field("quantity", .int64, .required)
            .field("purpose", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        for (table, column) in [
            ("stockpile_reports", "date"), ("stockpile_destructions", "end_date"),
            ("retained_mine_reports", "reported"),
            ("national_measure_records", "recorded"), ("production_facilities", "recorded"), ("mine_transfers", "date"),
        ] {
            try await sql.create(index: "\(table)_by_\(column)").on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "mine_transfers", "production_facilities", "national_measure_records", "retained_mine_reports",
            "stockpile_destructions", "stockpile_reports",
        ] {
            try await database.schema(table).delete()
        }
    }
}
