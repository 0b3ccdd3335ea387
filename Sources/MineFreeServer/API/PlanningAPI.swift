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
