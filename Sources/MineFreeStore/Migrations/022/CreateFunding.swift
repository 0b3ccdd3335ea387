import FluentKit
import SQLKit

/// Migration 022: treaty implementation's cooperation and assistance (APMBC Art 6) — contributions and funding
/// projects (`Contribution`, `FundingProject`, a column per field of each description; a project has one row per date
/// of information), and the yearly exchange rates they convert with (reference data, like the obligations).
struct CreateFunding: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("funding_projects")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("title", .string, .required)
            .field("donor", .string)
            .field("recipient", .string)
            .field("region", .string)
            .field("implementer", .string)
            .field("sector", .string, .required)
            .field("budget", .int64)
            .field("currency", .string)
            .field("start_date", .string)
            .field("end_date", .string)
            .field("beneficiaries", .int64)
            .field("beneficiary_unit", .string)
            .field("location", .string)
            .field("iati_identifier", .string)
            .field("recorded", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id", "recorded")
            .create()
        try await database.schema("contributions")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("project_id", .string)
            .field("date", .string, .required)
            .field("flow", .string, .required)
            .field("donor", .string, .required)
            .field("origin", .string, .required)
            .field("recipient", .string)
            .field("region", .string)
            .field("implementer", .string)
            .field("amount", .int64, .required)
            .field("currency", .string, .required)
            .field("sector", .string, .required)
            .field("iati_identifier", .string)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "contributions_by_date").on("contributions").column("date").run()
        try await sql.create(index: "funding_projects_by_recorded").on("funding_projects").column("recorded").run()
        try await database.schema("exchange_rates")
            .id()
            .field("currency", .string, .required)
            .field("year", .int, .required)
            .field("units_per_usd", .double, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "currency", "year", "origin")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("exchange_rates").delete()
        try await database.schema("contributions").delete()
        try await database.schema("funding_projects").delete()
    }
}
