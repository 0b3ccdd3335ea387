import FluentKit
import SQLKit

/// Migration 026: the review conferences' action plans and the progress figures sources published about them
/// (reference data, loaded from the bundled files like the obligations), and the plans' actions, indicators and the
/// values entered for them (`PlanAction`, `PlanIndicator`, `IndicatorValue`: records, a column per field).
struct CreateActionPlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("action_plans")
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("meeting_code", .string, .required)
            .field("adopted_on", .string, .required)
            .field("first_year", .int, .required)
            .field("last_year", .int, .required)
            .field("actions", .int)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "code", "origin")
            .create()
        try await database.schema("action_plan_figures")
            .id()
            .field("plan", .string, .required)
            .field("year", .int)
            .field("measure", .string)
            .field("description", .string, .required)
            .field("value", .double, .required)
            .field("denominator", .int)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .create()
        try await database.schema("plan_actions")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("plan", .string, .required)
            .field("number", .int64, .required)
            .field("section", .string)
            .field("text", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("plan_indicators")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("plan", .string, .required)
            .field("action_id", .string, .references("plan_actions", "local_id"))
            .field("text", .string, .required)
            .field("measure", .string)
            .field("target", .string)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("indicator_values")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("indicator_id", .string, .required, .references("plan_indicators", "local_id"))
            .field("state", .string)
            .field("date", .string, .required)
            .field("value", .string, .required)
            .field("denominator", .int64)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "indicator_values_by_date").on("indicator_values").column("date").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["indicator_values", "plan_indicators", "plan_actions", "action_plan_figures", "action_plans"] {
            try await database.schema(table).delete()
        }
    }
}
