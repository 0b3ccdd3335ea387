import FluentKit
import Foundation
import MineFreeCore

/// The action plans' actions and indicators a store holds, and the values entered for them known at the start of a
/// day.
public struct ActionPlanRepository: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func records(asOf: CalendarDate) async throws -> ActionPlanRecords {
        let r = RecordRepository(database: database)
        return ActionPlanRecords(
            actions: try await r.records(PlanAction.self, asOf: asOf),
            indicators: try await r.records(PlanIndicator.self, asOf: asOf),
            values: try await r.records(IndicatorValue.self, asOf: asOf)
        )
    }
}
