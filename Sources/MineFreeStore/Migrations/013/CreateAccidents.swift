import FluentKit
import SQLKit

/// Migration 013: People's accidents, one row per source's report (`Accident`), a column per field of its
/// description, indexed by the accident's date, which the matching of reports from several sources walks; and the
/// casualty's new fields: the accident report it is counted in, status, age group, injuries, source.
struct CreateAccidents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accidents")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("source", .string, .required)
            .field("source_reference", .string)
            .field("date", .string, .required)
            .field("reported", .string, .required)
            .field("admin_pcode", .string)
            .field("device", .string, .required)
            .field("device_model", .string)
            .field("activity", .string, .required)
            .field("handled", .string)
            .field("hazard_id", .string, .references("hazardous_areas", "local_id"))
            .field("activity_id", .string)
            .field("killed", .int64, .required)
            .field("injured", .int64, .required)
            .field("lon", .double)
            .field("lat", .double)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await (database as! any SQLDatabase).create(index: "accidents_by_date").on("accidents").column("date")
            .run()
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in Self.casualtyColumns {
            try await database.schema("casualties").field(.string(column), .string).update()
        }
    }

    static let casualtyColumns = ["accident_id", "status", "age_group", "injuries", "source"]

    func revert(on database: any Database) async throws {
        for column in Self.casualtyColumns.reversed() {
            try await database.schema("casualties").deleteField(.string(column)).update()
        }
        try await database.schema("accidents").delete()
    }
}
