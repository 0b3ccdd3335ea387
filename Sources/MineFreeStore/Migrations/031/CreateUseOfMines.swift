import FluentKit
import SQLKit

/// Migration 031: use of mines — reports (`UseReport`, located by a point where the source names a place), their
/// dated assessments and the responses to them, a column per field of each description; and the reference data's
/// rows of such layers, kept as the CSV file the layer's own writer makes and its reader checks.
struct CreateUseOfMines: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("use_reports")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("actor_kind", .string, .required)
            .field("actor_state", .string)
            .field("actor_name", .string, .required)
            .field("territory", .string, .required)
            .field("admin_area", .string)
            .field("place", .string)
            .field("used_from", .string)
            .field("used_to", .string)
            .field("precision", .string)
            .field("weapon", .string, .required)
            .field("device", .string)
            .field("reported", .string, .required)
            .field("source_kind", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string)
            .field("notes", .string)
            .field("lon", .double)
            .field("lat", .double)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        // `report_id` may name a report of the reference data, which lives apart: the import checks it, not a key.
        try await database.schema("use_assessments")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("report_id", .string, .required)
            .field("status", .string, .required)
            .field("assessed", .string, .required)
            .field("assessed_by", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string)
            .field("notes", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("use_responses")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("report_id", .string, .required)
            .field("responded", .string, .required)
            .field("responder_kind", .string, .required)
            .field("responder", .string, .required)
            .field("kind", .string, .required)
            .field("summary", .string)
            .field("contact_id", .string)
            .field("source", .string, .required)
            .field("confidence", .string)
            .field("notes", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("reference_layer_files")
            .id()
            .field("layer", .string, .required)
            .field("content", .string, .required)
            .field("origin", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "use_reports_by_reported").on("use_reports").column("reported").run()
        try await sql.create(index: "use_assessments_by_assessed").on("use_assessments").column("assessed").run()
        try await sql.create(index: "use_responses_by_responded").on("use_responses").column("responded").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["reference_layer_files", "use_responses", "use_assessments", "use_reports"] {
            try await database.schema(table).delete()
        }
    }
}
