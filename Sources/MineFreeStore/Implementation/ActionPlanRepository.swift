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

/// Figures sources disagree on, grouped as known at the start of a day.
public struct SourcedFigureRepository: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func figures(asOf: CalendarDate) async throws -> [SourcedFigure] {
        let r = RecordRepository(database: database)
        return SourcedFigure.of(
            try await r.records(FigureReport.self, asOf: asOf),
            adoptions: try await r.records(FigureAdoption.self, asOf: asOf),
            asOf: asOf
        )
    }
}

/// Reports of use of mines known at the start of a day: the reference data's with a programme's records beside them.
public struct UseOfMinesRepository: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func records(asOf: CalendarDate) async throws -> UseRecords {
        let r = RecordRepository(database: database)
        return UseRecords(
            reports: try await r.records(UseReport.self, asOf: asOf),
            assessments: try await r.records(UseAssessment.self, asOf: asOf),
            responses: try await r.records(UseResponse.self, asOf: asOf)
        )
    }

    /// Every report known before `asOf`, with its assessments and responses known then, read against `registry`:
    /// the reference data's, and the programme's own beside them when `programme` (who may read them).
    public func cases(registry: TreatyRegistry, asOf: CalendarDate, programme: Bool = true) async throws -> [UseCase] {
        let records = programme ? registry.useOfMines.including(try await records(asOf: asOf)) : registry.useOfMines
        return UseOfMines.cases(records, registry: registry, asOf: asOf)
    }
}
