import FluentKit
import Foundation
import MineFreeCore

/// What the planning rules read from the store: the land as of a day, with the polygons of the hazards still open,
/// and the layers a priority model measures from (settlements, roads, infrastructure, casualties known then).
public struct PlanningRepository: Sendable {
    let land: LandRepository
    let records: RecordRepository

    public init(database: any Database) {
        self.land = LandRepository(database: database)
        self.records = RecordRepository(database: database)
    }

    /// The records one ranking needs as of `date`.
    public struct PriorityInputs: Sendable {
        public var view: LandView
        /// The polygons of the hazards still open on the day (closed hazards are not ranked, so not read).
        public var polygons: [String: [[[GeoPoint]]]]
        public var settlements: [Settlement]
        public var roads: [Road]
        public var infrastructure: [InfrastructurePoint]
        public var casualties: [CasualtyEvent]

        /// Every region of the programme (a forecast reports each, so one with nothing left shows as done).
        public var regions: [String] { Array(Set(view.standings.map(\.hazard.region))).sorted() }

        /// Ranks the open hazards by `model`; with `regions`, only the hazards of those regions, ranked among
        /// themselves (the places they are measured from stay whole, so a hazard at a region's edge still counts the
        /// village across the line).
        public func ranked(by model: PriorityModel, regions: Set<String>? = nil) -> [RankedHazard] {
            PriorityScoring.rank(
                standings: regions.map { r in view.standings.filter { r.contains($0.hazard.region) } }
                    ?? view.standings,
                settlements: settlements,
                roads: roads,
                infrastructure: infrastructure,
                casualties: casualties,
                asOf: view.asOf,
                model: model,
                polygons: polygons
            )
        }
    }

    /// The inputs of a ranking as of the start of `date`: records dated later are left out, so a past day's
    /// priorities use only what was known then — the settlements with the population and displaced households of
    /// their figures dated before the day (`SettlementFigure.apply`).
    public func priorityInputs(asOf date: CalendarDate) async throws -> PriorityInputs {
        let view = try await land.view(asOf: date)
        let open = view.standings.filter { $0.hazard.recordedDate < date && $0.remainingM2 > 0 }.map(\.hazard.localID)
        return PriorityInputs(
            view: view,
            polygons: try await land.hazardPolygons(named: open),
            settlements: SettlementFigure.apply(
                try await records.records(SettlementFigure.self, asOf: date),
                to: try await records.records(Settlement.self, asOf: date),
                asOf: date
            ),
            roads: try await records.records(Road.self, asOf: date),
            infrastructure: try await records.records(InfrastructurePoint.self, asOf: date),
            casualties: try await records.records(CasualtyEvent.self, asOf: date)
        )
    }
}
