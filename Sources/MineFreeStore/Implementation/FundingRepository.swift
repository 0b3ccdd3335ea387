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

    /// A programme's measures in `period` (nil: every day before `asOf`): the contributions and the land released
    /// known on the day, through `FundingMeasures.of`.
    public func measures(
        recipient: String?,
        period: Range<CalendarDate>?,
        rates: ExchangeRates,
        asOf: CalendarDate
    ) async throws -> (measures: FundingMeasures, unconverted: [FundingTotals.Unconverted]) {
        let contributions = try await contributions(asOf: asOf)
        let released = try await releasedSquareMetres(in: FundingMeasures.days(period, asOf: asOf), asOf: asOf)
        return FundingMeasures.of(
            contributions,
            recipient: recipient,
            period: period,
            rates: rates,
            releasedSquareMetres: released,
            asOf: asOf
        )
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
