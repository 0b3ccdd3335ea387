import FluentKit
import SQLKit

/// Migration 008: one name per field. The store's columns take the names the files, the API and the exports use
/// (`hazard_local_id` becomes `hazard_id`), so an export imports back as it is; every layer keeps a file's
/// attributes beyond its fields in `extra` (a JSON object); a land release keeps the released part's polygon.
struct NameEveryFieldOnce: AsyncMigration {
    static let renames: [(table: String, from: String, to: String)] = [
        ("land_releases", "hazard_local_id", "hazard_id"),
        ("land_releases", "activity_local_id", "activity_id"),
        ("hazard_revisions", "hazard_local_id", "hazard_id"),
        ("admin_areas", "parent_local_id", "parent_pcode"),
        ("assets", "organisation_local_id", "organisation_id"),
        ("asset_downtime", "asset_local_id", "asset_id"),
        ("activities", "organisation_local_id", "organisation_id"),
        ("activities", "hazard_local_id", "hazard_id"),
        ("device_finds", "activity_local_id", "activity_id"),
        ("device_finds", "hazard_local_id", "hazard_id"),
    ]

    static let landTables = [
        "hazardous_areas", "land_releases", "settlements", "roads", "infrastructure_points", "hazard_revisions",
        "organisations",
        "admin_areas", "assets", "asset_downtime", "activities", "device_finds",
    ]

    func prepare(on database: any Database) async throws {
        for r in Self.renames { try await StoreDialect.renameColumn(r.from, to: r.to, in: r.table, database) }
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for table in Self.landTables { try await database.schema(table).field("extra", .string).update() }
        try await database.schema("land_releases").field("coordinates", .string).update()
        for column in PlaceSettlements.boxColumns {
            try await database.schema("land_releases").field(.string(column), .double).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in PlaceSettlements.boxColumns.reversed() {
            try await database.schema("land_releases").deleteField(.string(column)).update()
        }
        try await database.schema("land_releases").deleteField("coordinates").update()
        for table in Self.landTables.reversed() { try await database.schema(table).deleteField("extra").update() }
        for r in Self.renames.reversed() {
            try await StoreDialect.renameColumn(r.to, to: r.from, in: r.table, database)
        }
    }
}
