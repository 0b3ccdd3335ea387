import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import OpenAPIRuntime
import Vapor

/// The clearance priorities as the server computes them: one ranking per day, region and store generation, kept so
/// that a page of the list or one hazard's explanation is read from it rather than computed again.
enum PlanningFigures {
    /// The open hazards of `regions` (nil: all) ranked by the server's model as of `date`.
    static func ranking(asOf date: CalendarDate, regions: Set<String>?, on req: Request) async throws -> [RankedHazard]
    {
        let key = "priority \(date.iso) \(regions.map { $0.sorted().joined(separator: ",") } ?? "*")"
        let database = req.minefree.store.database
        return try await req.keptFigure(key) {
            try await PlanningRepository(database: database).priorityInputs(asOf: date)
                .ranked(by: .default, regions: regions)
        }
    }

    static func api(_ h: RankedHazard) -> Components.Schemas.RankedHazard {
        .init(
            id: h.hazardID,
            region: h.region,
            remainingM2: h.remainingM2,
            rank: h.rank,
            score: h.score,
            factors: h.factors.map {
                .init(
                    name: $0.name,
                    kind: $0.kind.rawValue,
                    raw: $0.raw,
                    normalised: $0.normalised,
                    weight: $0.weight,
                    contribution: $0.contribution,
                    counted: $0.evidence
                )
            }
        )
    }
}

extension APIHandler {
    /// `GET /api/v1/priorities`: one page of the ranking.
    func listPriorities(_ input: Operations.ListPriorities.Input) async throws -> Operations.ListPriorities.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let q = input.query
        let date = try Parameters.day(q.asOf)
        let page = try Parameters.page(limit: q.limit, offset: q.offset)
        let regions = try await Parameters.regions(q.region, land: req.minefree.land)
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: regions, on: req)
        let slice = ranked.dropFirst(min(page.offset, ranked.count)).prefix(page.limit)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        model: PriorityModel.default.name,
                        page: APIMapping.page(total: ranked.count, limit: page.limit, offset: page.offset),
                        items: slice.map(PlanningFigures.api)
                    )
                )
            )
        )
    }

    /// `GET /api/v1/priorities/{id}`: one hazard's place in the ranking, factor by factor, with the records counted.
    func getPriority(_ input: Operations.GetPriority.Input) async throws -> Operations.GetPriority.Output {
        let req = try request
        try req.requireProgrammeRead(.hazards)
        let date = try Parameters.day(input.query.asOf)
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: nil, on: req)
        guard let hazard = ranked.first(where: { $0.hazardID == input.path.id }) else {
            throw Problem(
                .notFound,
                "no hazardous area '\(input.path.id)' open on \(date) (released, recorded later or never recorded)",
                field: "id"
            )
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        model: PriorityModel.default.name,
                        hazard: PlanningFigures.api(hazard),
                        explanation: hazard.explanation
                    )
                )
            )
        )
    }
}

extension PlanningFigures {
    /// The forecast of the open hazards as of `date` with the default scenario, worked in the default priority order;
    /// kept per day and store generation (10,000 iterations take a second at national scale).
    static func forecast(asOf date: CalendarDate, on req: Request) async throws -> CompletionForecast {
        let database = req.minefree.store.database
        return try await req.keptFigure("forecast \(date.iso)") {
            let inputs = try await PlanningRepository(database: database).priorityInputs(asOf: date)
            let work = ForecastHazard.workList(ranked: inputs.ranked(by: .default), view: inputs.view)
            return try CompletionForecast(
                workList: work,
                asOf: date,
                regions: inputs.regions
            )
        }
    }

    /// A deadline after the as-of day, or nil.
    static func deadline(_ text: String?, after date: CalendarDate) throws -> CalendarDate? {
        guard let text, !text.isEmpty else { return nil }
        let day = try Parameters.day(text, field: "deadline")
        guard day > date else {
            throw Problem.badValue("deadline", text, expected: "a day after the as-of day \(date.iso)")
        }
        return day
    }

    /// Years to three decimals; nil when never.
    static func years(_ x: Double) -> Double? { x.isFinite ? (x * 1000).rounded() / 1000 : nil }
}

extension APIHandler {
    /// `GET /api/v1/forecast`.
    func getForecast(_ input: Operations.GetForecast.Input) async throws -> Operations.GetForecast.Output {
        let req = try request
        try req.requireProgrammeRead(.progress)
        let date = try Parameters.day(input.query.asOf)
        let deadline = try PlanningFigures.deadline(input.query.deadline, after: date)
        let forecast = try await PlanningFigures.forecast(asOf: date, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        scenario: forecast.scenario.name,
                        iterations: forecast.iterations,
                        seed: Int64(bitPattern: forecast.seed),
                        deadline: deadline?.iso,
                        scopes: forecast.scopes.map { s in
                            .init(
                                scope: s.scope,
                                hazards: s.hazards,
                                remainingM2: s.remainingM2,
                                p10Years: PlanningFigures.years(s.p10),
                                p50Years: PlanningFigures.years(s.p50),
                                p90Years: PlanningFigures.years(s.p90),
                                p50Year: s.calendarYear(s.p50),
                                probabilityByDeadline: deadline.map { s.probability(completedBy: $0) }
                            )
                        },
                        fan: forecast.national.fanChart(horizonYears: 50).map {
                            .init(year: $0.year, completedShare: $0.completedShare)
                        }
                    )
                )
            )
        )
    }
}
