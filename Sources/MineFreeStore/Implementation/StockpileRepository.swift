import FluentKit
import Foundation
import MineFreeCore

/// A programme's stockpile records as known at the start of a day; the measures and facilities as they stood then.
public struct StockpileRepository: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func records(asOf: CalendarDate) async throws -> StockpileRecords {
        let r = RecordRepository(database: database)
        return StockpileRecords(
            reports: try await r.records(StockReport.self, asOf: asOf),
            destructions: try await r.records(StockDestruction.self, asOf: asOf),
            retention: try await r.records(RetentionReport.self, asOf: asOf),
            measures: LatestRecords.of(
                try await r.records(NationalMeasureReport.self, asOf: asOf),
                id: \.localID,
                date: \.recorded,
                asOf: asOf
            ),
            facilities: LatestRecords.of(
                try await r.records(ProductionFacility.self, asOf: asOf),
                id: \.localID,
                date: \.recorded,
                asOf: asOf
            ),
            transfers: try await r.records(MineTransfer.self, asOf: asOf)
        )
    }
}
