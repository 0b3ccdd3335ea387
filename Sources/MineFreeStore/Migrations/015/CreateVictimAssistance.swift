import FluentKit
import SQLKit

/// Migration 015: People's victim assistance — survivors (and affected family members), their needs by pillar and the
/// services given (`Survivor`, `AssistanceNeed`, `AssistanceService`), a column per field of each description. The
/// services are indexed by survivor and by their date of information, which the gaps analysis reads them by.
struct CreateVictimAssistance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survivors")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("casualty_id", .string, .references("casualties", "local_id"))
            .field("kind", .string, .required)
            .field("sex", .string)
            .field("age_group", .string)
            .field("admin_pcode", .string)
            .field("registered", .string, .required)
            .field("accident_date", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("assistance_needs")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("survivor_id", .string, .required, .references("survivors", "local_id"))
            .field("pillar", .string, .required)
            .field("identified", .string, .required)
            .field("priority", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("assistance_services")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("survivor_id", .string, .required, .references("survivors", "local_id"))
            .field("need_id", .string, .references("assistance_needs", "local_id"))
            .field("pillar", .string, .required)
            .field("organisation_id", .string, .references("organisations", "local_id"))
            .field("provider", .string)
            .field("referred", .string, .required)
            .field("started", .string)
            .field("ended", .string)
            .field("follow_up", .string)
            .field("outcome", .string, .required)
            // Always written: the latest of the service's dates where the file gave none.
            .field("recorded", .string, .required)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "assistance_services_by_survivor").on("assistance_services").column("survivor_id")
            .run()
        try await sql.create(index: "assistance_services_by_recorded").on("assistance_services").column("recorded")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("assistance_services").delete()
        try await database.schema("assistance_needs").delete()
        try await database.schema("survivors").delete()
    }
}
