import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// What the funding measures read beyond the generic records: the contributions known on a day, the projects as they
/// stood, and the land released in a period (for the money per square metre).
public struct FundingRepository: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    public func contributions(asOf: CalendarDate) async throws -> [Contribution] {
        try await RecordRepository(database: database).records(Contribution.self, asOf: asOf)
    }

    public func projects(asOf: CalendarDate) async throws -> [FundingProject] {
        FundingProjectView(
            records: try await RecordRepository(database: database).records(FundingProject.self, asOf: asOf),
            asOf: asOf
        ).current
    }

    /// Square metres released (cancelled, reduced, cleared) on the days of `period` that were known at `asOf`; nil
    /// when the store records no release at all (no land data to divide by).
    public func releasedSquareMetres(in period: Range<CalendarDate>, asOf: CalendarDate) async throws -> Double? {
        let end = min(period.upperBound, asOf)
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n, CAST(SUM(CASE WHEN "date" >= \(bind: period.lowerBound.iso) AND "date" < \(bind: end.iso) \
            THEN "area_m2" ELSE 0 END) AS BIGINT) AS m2 FROM "land_releases" WHERE "date" < \(bind: asOf.iso)
            """
        ).first()
        // PostgreSQL sums a BIGINT as NUMERIC: the cast keeps one type on both databases.
        guard let row, try row.decode(column: "n", as: Int.self) > 0 else { return nil }
        return Double(try row.decode(column: "m2", as: Int64?.self) ?? 0)
    }
}
