import FluentKit
import SQLKit

/// Migration 012: what a busy server reads instead of summing every record on each request.
/// - `store_changes`: one row whose `generation` every import and every new reference-data load raises, in the same
///   transaction; a server (or several, on one PostgreSQL) keeps figures and answers until it changes.
/// - `hazard_release_totals`: each hazard's area released and the day of its last release, added to by the import
///   that writes the releases. As of any day after that last release, a hazard's standing is the kept total; only a
///   day before it sums that hazard's releases.
/// - PostgreSQL: a GiST index on each indexed layer's boxes (`StoreDialect.createBoxIndex`), for `bbox`.
/// - `land_progress_years`: the kept monthly flows summed per year (backfilled), and the monthly ones by month;
///   releases by date and hazards by recording date: progress as of a day reads the
///   kept years before its year, the kept months of its year before its month, and the records of its month.
struct KeepReadFigures: AsyncMigration {
    /// The tables with a spatial index when this migration was written.
    static let spatialTables = ["hazardous_areas", "settlements", "roads", "infrastructure_points", "casualties"]

    func prepare(on database: any Database) async throws {
        try await database.schema("store_changes")
            .field("id", .int64, .identifier(auto: false))
            .field("generation", .int64, .required)
            .field("changed_at", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            "INSERT INTO store_changes (id, generation, changed_at) VALUES (1, 1, \(bind: StoreChanges.now()))"
        ).run()
        try await database.schema("hazard_release_totals")
            .field("hazard_id", .string, .identifier(auto: false))
            .field("released_m2", .int64, .required)
            .field("last_release", .string, .required)
            .create()
        try await sql.raw(
            """
            INSERT INTO hazard_release_totals (hazard_id, released_m2, last_release)
            SELECT hazard_id, CAST(SUM(area_m2) AS BIGINT), MAX(date) FROM land_releases GROUP BY hazard_id
            """
        ).run()
        try await database.schema("land_progress_years")
            .field("kind", .string, .required)
            .field("region", .string, .required)
            .field("contamination", .string, .required)
            .field("year", .string, .required)
            .field("method", .string, .required)
            .field("area_m2", .int64, .required)
            .unique(on: "kind", "region", "contamination", "year", "method")
            .create()
        try await sql.raw(
            """
            INSERT INTO land_progress_years (kind, region, contamination, year, method, area_m2)
            SELECT kind, region, contamination, substr(month, 1, 4), method, CAST(SUM(area_m2) AS BIGINT)
            FROM land_progress_flows GROUP BY kind, region, contamination, substr(month, 1, 4), method
            """
        ).run()
        try await StoreDialect.createIndex(
            "land_progress_flows_by_month",
            on: "land_progress_flows",
            columns: ["month"],
            database
        )
        try await StoreDialect.createIndex(
            "land_releases_by_date",
            on: "land_releases",
            // The day alone: a month's releases are a few thousand rows to look up, and a narrow index costs a
            // national import less to build than a covering one.
            columns: ["date"],
            database
        )
        // PostgreSQL: each indexed layer's boxes in a GiST index (SQLite has its R*Tree tables already).
        for table in Self.spatialTables { try await StoreDialect.createBoxIndex(on: table, database) }
        try await StoreDialect.createIndex(
            "hazardous_areas_by_recorded_date",
            on: "hazardous_areas",
            columns: ["recorded_date"],
            database
        )
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if case .postgresql = StoreDialect.kind(of: database) {
            for table in Self.spatialTables { try await sql.drop(index: table + "_box_gist").run() }
        }
        try await sql.drop(index: "hazardous_areas_by_recorded_date").run()
        try await sql.drop(index: "land_releases_by_date").run()
        try await sql.drop(index: "land_progress_flows_by_month").run()
        try await database.schema("land_progress_years").delete()
        try await database.schema("hazard_release_totals").delete()
        try await database.schema("store_changes").delete()
    }
}
