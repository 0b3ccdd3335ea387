import FluentKit
import MineFreeCore
import SQLKit

/// Migration 005: places. A settlement names the admin area it lies in (P-code), so figures by area can count
/// the people near the contamination; an admin area's boundary keeps its bounding box, so a map or GIS asking
/// for a region reads only the areas that meet it.
struct PlaceSettlements: AsyncMigration {
    static let boxColumns = ["min_lon", "min_lat", "max_lon", "max_lat"]

    func prepare(on database: any Database) async throws {
        // No foreign key, like hazards' region: the import's rules check the P-code, and SQLite could not
        // drop a referencing column again on revert.
        try await database.schema("settlements").field("admin_pcode", .string).update()
        try await StoreDialect.createIndex(
            "settlements_by_admin_area",
            on: "settlements",
            columns: ["admin_pcode"],
            database
        )
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for column in Self.boxColumns {
            try await database.schema("admin_areas").field(.string(column), .double).update()
        }
        guard let sql = database as? any SQLDatabase else { return }
        // Boundaries stored before this migration get their box now.
        struct Row: Decodable { let local_id: String; let coordinates: String }
        for row in try await sql.raw("SELECT local_id, coordinates FROM admin_areas WHERE coordinates IS NOT NULL").all(
            decoding: Row.self
        ) {
            let box = BoundingBox(
                polygons: try LandRepository.polygons(row.coordinates, table: "admin_areas", key: row.local_id)
            )
            try await sql.update("admin_areas")
                .set("min_lon", to: box.minX).set("min_lat", to: box.minY).set("max_lon", to: box.maxX).set(
                    "max_lat",
                    to: box.maxY
                )
                .where("local_id", .equal, row.local_id).run()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.boxColumns.reversed() {
            try await database.schema("admin_areas").deleteField(.string(column)).update()
        }
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS settlements_by_admin_area").run()
        }
        try await database.schema("settlements").deleteField("admin_pcode").update()
    }
}
