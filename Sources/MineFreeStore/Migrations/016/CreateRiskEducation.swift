import FluentKit
import SQLKit

/// Migration 016: People's explosive ordnance risk education — sessions (`RiskEducationSession`: a point where one
/// was given, as `lon`/`lat` like the accidents) and community awareness groups (`AwarenessGroup`), a column per field
/// of each description. Sessions are indexed by date, which coverage in a period reads them by. `settlement_id` has
/// no foreign key: settlements are completed across files (placed in their admin area) and so written after the
/// import's other layers; the import's `unknown-settlement` rule holds the link.
struct CreateRiskEducation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("eore_sessions")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("date", .string, .required)
            .field("settlement_id", .string)
            .field("admin_pcode", .string)
            .field("organisation_id", .string, .required, .references("organisations", "local_id"))
            .field("method", .string, .required)
            .field("target_group", .string, .required)
            .field("topics", .string)
            .field("reached_f", .int64, .required)
            .field("reached_m", .int64, .required)
            .field("reached_girls", .int64, .required)
            .field("reached_boys", .int64, .required)
            .field("lon", .double)
            .field("lat", .double)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await (database as! any SQLDatabase).create(index: "eore_sessions_by_date").on("eore_sessions")
            .column("date").run()
        try await database.schema("awareness_groups")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("settlement_id", .string, .required)
            .field("since", .string, .required)
            .field("members", .int64, .required)
            .field("organisation_id", .string, .references("organisations", "local_id"))
            .field("until", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("awareness_groups").delete()
        try await database.schema("eore_sessions").delete()
    }
}
