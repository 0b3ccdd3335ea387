import FluentKit
import SQLKit

/// Migration 029: figures sources disagree on (`FigureReport`: each source's value or range, dated) and the value a
/// programme adopts with its reason (`FigureAdoption`), a column per field of each description.
struct CreateSourcedFigures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("figure_reports")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("topic", .string, .required)
            .field("year", .int64, .required)
            .field("low", .int64, .required)
            .field("high", .int64)
            .field("source", .string, .required)
            .field("source_kind", .string)
            .field("reported", .string, .required)
            .field("notes", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("figure_adoptions")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("report_id", .string, .required, .references("figure_reports", "local_id"))
            .field("reason", .string, .required)
            .field("decided", .string, .required)
            .field("decided_by", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "figure_reports_by_reported").on("figure_reports").column("reported").run()
        try await sql.create(index: "figure_adoptions_by_decided").on("figure_adoptions").column("decided").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("figure_adoptions").delete()
        try await database.schema("figure_reports").delete()
    }
}
