import FluentKit
import SQLKit

/// Migration 002: the land layers (hazardous areas, land release, settlements, roads, infrastructure,
/// casualty events), each import logged, and a spatial index on every geometry table.
///
/// Geometry is stored as the GeoJSON coordinates the user entered (text) plus its bounding box in
/// four columns, which is what the spatial index holds. Ids are integers because SQLite's R*Tree keys
/// on them; `local_id` is the programme's own id.
struct CreateLand: AsyncMigration {
    static let spatialTables = ["hazardous_areas", "settlements", "roads", "infrastructure_points", "casualty_events"]

    func prepare(on database: any Database) async throws {
        try await database.schema("land_imports")
            .field("id", .int64, .identifier(auto: true))
            .field("imported_at", .datetime, .required)
            .field("source", .string, .required)
            .field("summary", .string, .required)
            .create()

        func spatial(_ name: String, _ build: (SchemaBuilder) -> SchemaBuilder) async throws {
            let base = database.schema(name)
                .field("id", .int64, .identifier(auto: true))
                .field("local_id", .string, .required)
                .field("import_id", .int64, .required, .references("land_imports", "id"))
                .field("min_lon", .double, .required)
                .field("min_lat", .double, .required)
                .field("max_lon", .double, .required)
                .field("max_lat", .double, .required)
                .unique(on: "local_id")
            try await build(base).create()
        }
        try await spatial("hazardous_areas") {
            $0.field("region", .string, .required)
                .field("classification", .string, .required)
                .field("contamination", .string, .required)
                .field("recorded_date", .string, .required)
                .field("area_m2", .int64, .required)
                .field("coordinates", .string, .required)
        }
        try await spatial("settlements") {
            $0.field("name", .string, .required)
                .field("population", .int64, .required)
                .field("idp_households", .int64, .required)
        }
        try await spatial("roads") {
            $0.field("class", .string, .required)
                .field("coordinates", .string, .required)
        }
        try await spatial("infrastructure_points") {
            $0.field("type", .string, .required)
        }
        try await spatial("casualty_events") {
            $0.field("date", .string, .required)
                .field("outcome", .string, .required)
                .field("age", .int64)
                .field("sex", .string)
                .field("device", .string, .required)
        }
        try await database.schema("land_releases")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("hazard_local_id", .string, .required, .references("hazardous_areas", "local_id"))
            .field("date", .string, .required)
            .field("method", .string, .required)
            .field("area_m2", .int64, .required)
            .field("devices_found", .int64, .required)
            .unique(on: "local_id")
            .create()
        // Dated changes to a hazard: the hazard row is never edited (a correction is a new record).
        try await database.schema("hazard_revisions")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("hazard_local_id", .string, .required, .references("hazardous_areas", "local_id"))
            .field("date", .string, .required)
            .field("classification", .string)
            .field("accessibility", .string)
            .field("inaccessible_reason", .string)
            .field("reason", .string, .required)
            .unique(on: "local_id")
            .create()
        // Area recorded and released per region, contamination, month (and method), kept in the same
        // transaction as every import: progress as of a month's start reads these few thousand rows
        // instead of grouping every release (B3, docs/BENCHMARKS.md). `method` is '' for recorded area.
        try await database.schema("land_progress_flows")
            .field("kind", .string, .required)
            .field("region", .string, .required)
            .field("contamination", .string, .required)
            .field("month", .string, .required)
            .field("method", .string, .required)
            .field("area_m2", .int64, .required)
            .unique(on: "kind", "region", "contamination", "month", "method")
            .create()
        for table in Self.spatialTables { try await StoreDialect.createSpatialIndex(on: table, database) }
        // Covers the progress aggregate (hazard, date, method, area) so it never reads the release rows themselves.
        try await StoreDialect.createIndex(
            "land_releases_by_hazard",
            on: "land_releases",
            columns: ["hazard_local_id", "date", "method", "area_m2"],
            database
        )
    }

    func revert(on database: any Database) async throws {
        for table in Self.spatialTables { try await StoreDialect.dropSpatialIndex(on: table, database) }
        for table in ["land_progress_flows", "hazard_revisions", "land_releases"] + Self.spatialTables.reversed() + [
            "land_imports"
        ] {
            try await database.schema(table).delete()
        }
    }
}
