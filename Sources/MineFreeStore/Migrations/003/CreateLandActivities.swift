import FluentKit
import SQLKit

/// Migration 003: who works where and with what — organisations, admin areas, assets and their downtime,
/// activities (one row per date of information), device finds — and the release outputs' activity and
/// handover. Every row carries its import, like the layers of 002.
struct CreateLandActivities: AsyncMigration {
    /// The name stores in the field recorded it under, before activities took their IMAS name: a new name would run it again.
    var name: String { "MineFreeStore.CreateLandOperations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("name", .string, .required)
            .field("type", .string, .required)
            .unique(on: "local_id")
            .create()
        // `local_id` is the P-code. The boundary is kept as entered (GeoJSON coordinates), when given.
        try await database.schema("admin_areas")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("name", .string, .required)
            .field("level", .int64, .required)
            .field("parent_local_id", .string, .references("admin_areas", "local_id"))
            .field("coordinates", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("assets")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("type", .string, .required)
            .field("organisation_local_id", .string, .required, .references("organisations", "local_id"))
            .field("productivity_m2_per_day", .int64, .required)
            .field("in_service_from", .string, .required)
            .unique(on: "local_id")
            .create()
        try await database.schema("asset_downtime")
            .field("id", .int64, .identifier(auto: true))
            .field("asset_local_id", .string, .required, .references("assets", "local_id"))
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("from_date", .string, .required)
            .field("to_date", .string, .required)
            .field("reason", .string, .required)
            .unique(on: "asset_local_id", "from_date")
            .create()
        // A status change is a new row: (local_id, date_of_information) is the key, never updated.
        try await database.schema("activities")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("type", .string, .required)
            .field("organisation_local_id", .string, .required, .references("organisations", "local_id"))
            .field("hazard_local_id", .string, .references("hazardous_areas", "local_id"))
            .field("method", .string, .required)
            .field("asset_ids", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("status", .string, .required)
            .field("date_of_information", .string, .required)
            .unique(on: "local_id", "date_of_information")
            .create()
        try await database.schema("device_finds")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("activity_local_id", .string)
            .field("hazard_local_id", .string, .references("hazardous_areas", "local_id"))
            .field("date", .string, .required)
            .field("category", .string, .required)
            .field("model", .string)
            .field("count", .int64, .required)
            .field("lon", .double)
            .field("lat", .double)
            .field("disposal", .string, .required)
            .unique(on: "local_id")
            .create()
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for column in ["activity_local_id", "handover_date", "handed_over_to"] {
            try await database.schema("land_releases").field(.string(column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["handed_over_to", "handover_date", "activity_local_id"] {
            try await database.schema("land_releases").deleteField(.string(column)).update()
        }
        for table in ["device_finds", "activities", "asset_downtime", "assets", "admin_areas", "organisations"] {
            try await database.schema(table).delete()
        }
    }
}
