import Foundation
import MineFreeAPI
import MineFreeCore
import MineFreeStore
import NIOConcurrencyHelpers
import OpenAPIRuntime
import Vapor

/// The clearance priorities as the server computes them: one ranking per day, region and store generation, kept so
/// that a page of the list or one hazard's explanation is read from it rather than computed again.
enum PlanningFigures {
    /// Where figures are kept: the services and the store generation and day they are for. Held by value, so work
    /// started for a request (or in the background) never reaches back into a request or an application that ended.
    struct Kept: Sendable {
        let services: MineFreeServices
        let stamp: ReadCache.Stamp

        init(_ req: Request) async throws {
            services = req.minefree
            stamp = try await req.readStamp()
        }

        init(services: MineFreeServices, stamp: ReadCache.Stamp) {
            self.services = services
            self.stamp = stamp
        }

        func figure<T: Sendable>(_ key: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
            try await services.readCache.value(key, stamp: stamp, compute: compute)
        }
    }

    /// What a day's rankings and forecast read (the land view, the open hazards' polygons, the places measured from),
    /// read once per day and store generation and shared by every ranking and the forecast of that day.
    static func inputs(asOf date: CalendarDate, in kept: Kept) async throws -> PlanningRepository.PriorityInputs {
        let database = kept.services.store.database
        return try await kept.figure("planning inputs \(date.iso)") {
            try await PlanningRepository(database: database).priorityInputs(asOf: date)
        }
    }

    /// The open hazards of `regions` (nil: all) ranked by `model` (one of the server's) as of `date`.
    static func ranking(
        asOf date: CalendarDate,
        regions: Set<String>?,
        model: PriorityModel = .default,
        in kept: Kept
    ) async throws -> [RankedHazard] {
        let key = "priority \(model.name) \(date.iso) \(regions.map { $0.sorted().joined(separator: ",") } ?? "*")"
        // The inputs only when the ranking is not kept already (a kept ranking outlives its inputs in a full cache).
        return try await kept.figure(key) {
            try await inputs(asOf: date, in: kept).ranked(by: model, regions: regions)
        }
    }

    static func ranking(
        asOf date: CalendarDate,
        regions: Set<String>?,
        model: PriorityModel = .default,
        on req: Request
    ) async throws -> [RankedHazard] {
        try await ranking(asOf: date, regions: regions, model: model, in: try await Kept(req))
    }

    /// The model a request names (`model`), one of the server's library; the default when it names none.
    static func model(_ name: String?, on req: Request) throws -> PriorityModel {
        guard let name, !name.isEmpty else { return .default }
        let library = req.minefree.settings.planning
        guard let model = library.model(named: name) else {
            throw Problem.badValue(
                "model",
                String(name.prefix(60)),
                expected: "one of " + library.models.map(\.name).joined(separator: ", ")
            )
        }
        return model
    }

    /// The scenario a request names (`scenario`), one of the server's library; the default when it names none.
    static func scenario(_ name: String?, on req: Request) throws -> ForecastScenario {
        guard let name, !name.isEmpty else { return .default }
        let library = req.minefree.settings.planning
        guard let scenario = library.scenario(named: name) else {
            throw Problem.badValue(
                "scenario",
                String(name.prefix(60)),
                expected: "one of " + library.scenarios.map(\.name).joined(separator: ", ")
            )
        }
        return scenario
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
        let model = try PlanningFigures.model(q.model, on: req)
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: regions, model: model, on: req)
        let slice = ranked.dropFirst(min(page.offset, ranked.count)).prefix(page.limit)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: date.iso,
                        model: model.name,
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
        let model = try PlanningFigures.model(input.query.model, on: req)
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: nil, model: model, on: req)
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
                        model: model.name,
                        hazard: PlanningFigures.api(hazard),
                        explanation: hazard.explanation
                    )
                )
            )
        )
    }
}

extension PlanningFigures {
    /// The forecast of the open hazards as of `date` under `scenario`, worked in the day's kept priority order (the
    /// default model); kept per day, scenario and store generation (10,000 iterations take a second at national
    /// scale).
    /// The scenario as it stands on `date`: one that takes newly found contamination from the records gets the rate
    /// recorded in the five years before the day; the built-in `achieved` takes the productivity the records achieved
    /// before the day; any other is as its file says.
    static func resolved(_ scenario: ForecastScenario, asOf date: CalendarDate, in kept: Kept) async throws
        -> ForecastScenario
    {
        if scenario.newContaminationFromRecords {
            let hazards = try await inputs(asOf: date, in: kept).view.standings.map(\.hazard)
            return scenario.withRecordedNewContamination(hazards: hazards, asOf: date)
        }
        guard scenario.name == PlanningLibrary.achieved.name else { return scenario }
        let land = kept.services.land
        return try await kept.figure("achieved scenario \(date.iso)") {
            let estimate = AchievedProductivity.estimate(
                releases: try await land.releases(),
                activities: try await land.activityRecords(),
                assets: try await land.assets(),
                downtime: try await land.downtime(),
                asOf: date
            )
            return scenario.with(achieved: estimate)
        }
    }

    static func forecast(
        asOf date: CalendarDate,
        scenario: ForecastScenario = .default,
        in kept: Kept
    ) async throws -> CompletionForecast {
        try await kept.figure("forecast \(scenario.name) \(date.iso)") {
            let scenario = try await resolved(scenario, asOf: date, in: kept)
            let ranked = try await ranking(asOf: date, regions: nil, in: kept)
            let inputs = try await inputs(asOf: date, in: kept)
            let work = ForecastHazard.workList(ranked: ranked, view: inputs.view)
            do {
                return try CompletionForecast(workList: work, asOf: date, scenario: scenario, regions: inputs.regions)
            } catch let problem as ForecastScenarioError {
                // Checked at start-up; what is left is a scenario that cannot work these hazards (no capacity left).
                throw Problem(.unprocessableEntity, problem.description, field: "scenario")
            }
        }
    }

    static func forecast(
        asOf date: CalendarDate,
        scenario: ForecastScenario = .default,
        on req: Request
    ) async throws -> CompletionForecast {
        try await forecast(asOf: date, scenario: scenario, in: try await Kept(req))
    }

    /// A work plan to release what is open on `date` by `until` under `scenario`, with that scenario's forecast.
    static func workPlan(
        asOf date: CalendarDate,
        until: CalendarDate,
        scenario: ForecastScenario,
        on req: Request
    ) async throws -> WorkPlan {
        let kept = try await Kept(req)
        let scenario = try await resolved(scenario, asOf: date, in: kept)
        let forecast = try await forecast(asOf: date, scenario: scenario, in: kept)
        let ranked = try await ranking(asOf: date, regions: nil, in: kept)
        let inputs = try await inputs(asOf: date, in: kept)
        let work = ForecastHazard.workList(ranked: ranked, view: inputs.view)
        return WorkPlan(workList: work, asOf: date, until: until, scenario: scenario, forecast: forecast)
    }

    /// The deadline a request asks about: `deadline` itself, or the Article 5 deadline in force on the day of the state
    /// `state` names (ISO code), from the treaty registry; nil for neither.
    static func deadline(_ text: String?, state: String?, after date: CalendarDate, on req: Request) throws
        -> CalendarDate?
    {
        if let day = try deadline(text, after: date) { return day }
        guard let code = state.map({ String($0.prefix(10)) }), !code.isEmpty else { return nil }
        let found = try Parameters.state(code, in: req.minefree.registry)
        do {
            return try req.minefree.registry.upcomingClearanceDeadline(of: found, asOf: date)
        } catch {
            throw Problem.badValue(
                "state",
                code,
                expected:
                    "a State Party with an Article 5 deadline in force after \(date.iso) (\(found.iso3) has none: \(error))"
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
        let deadline = try PlanningFigures.deadline(
            input.query.deadline,
            state: input.query.state,
            after: date,
            on: req
        )
        let scenario = try PlanningFigures.scenario(input.query.scenario, on: req)
        let forecast = try await PlanningFigures.forecast(asOf: date, scenario: scenario, on: req)
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

extension APIHandler {
    /// `GET /api/v1/workplan`.
    func getWorkPlan(_ input: Operations.GetWorkPlan.Input) async throws -> Operations.GetWorkPlan.Output {
        let req = try request
        try req.requireProgrammeRead(.progress)
        let date = try Parameters.day(input.query.asOf)
        guard let until = try PlanningFigures.deadline(input.query.until, after: date) else {
            throw Problem.badValue("until", "", expected: "a day after the as-of day \(date.iso)")
        }
        let scenario = try PlanningFigures.scenario(input.query.scenario, on: req)
        let p = try await PlanningFigures.workPlan(asOf: date, until: until, scenario: scenario, on: req)
        return .ok(
            .init(
                body: .json(
                    .init(
                        asOf: p.asOf.iso,
                        until: p.until.iso,
                        scenario: p.scenario.name,
                        challenge: p.challenge.map {
                            .init(
                                region: $0.region,
                                classification: .init(rawValue: $0.classification) ?? .sha,
                                areas: $0.areas,
                                remainingM2: $0.remainingM2
                            )
                        },
                        milestones: p.milestones.map {
                            .init(
                                year: $0.year,
                                region: $0.region,
                                areas: $0.areas,
                                releasedM2: $0.releasedM2,
                                cancelledM2: $0.cancelledM2
                            )
                        },
                        requiredClearanceM2PerDay: (p.requiredClearanceM2PerDay * 10).rounded() / 10,
                        scenarioClearanceM2PerDay: (p.scenarioClearanceM2PerDay * 10).rounded() / 10,
                        requiredTeams: .init(
                            additionalProperties: Dictionary(
                                uniqueKeysWithValues: p.requiredTeams.map {
                                    ($0.key.rawValue, ($0.value * 100).rounded() / 100)
                                }
                            )
                        ),
                        requiredFundingPerYear: p.requiredFundingPerYear.map { $0.rounded() },
                        probability: p.probability,
                        medianYears: PlanningFigures.years(p.medianYears),
                        assumptions: p.assumptions,
                        risks: p.risks
                    )
                )
            )
        )
    }

    /// `GET /api/v1/planning/library`.
    func getPlanningLibrary(_ input: Operations.GetPlanningLibrary.Input) async throws
        -> Operations.GetPlanningLibrary.Output
    {
        let library = try request.minefree.settings.planning
        return .ok(
            .init(
                body: .json(
                    .init(
                        models: library.models.map {
                            .init(name: $0.name, description: $0.description, factors: $0.factors.map(\.name))
                        },
                        scenarios: library.scenarios.map { .init(name: $0.name, description: $0.description) }
                    )
                )
            )
        )
    }
}

/// Keeps the day's planning figures ready: when a request is the first to see a new store generation (or a new day),
/// today's ranking by the default model and forecast under the default scenario are computed in the background, so
/// the priority and forecast pages answer from kept figures even right after an import. One warm-up runs at a time;
/// stamps seen meanwhile are folded into one more run with the newest. Off in tests (`warmPlanning`).
final class PlanningWarmer: Sendable {
    private struct State {
        var warmed: ReadCache.Stamp?
        var running = false
        var next: ReadCache.Stamp?
    }
    private let state = NIOLockedValueBox(State())

    func notice(_ stamp: ReadCache.Stamp, _ services: MineFreeServices) {
        let start = state.withLockedValue { s -> Bool in
            guard s.warmed.map({ stamp.isNewer(than: $0) }) ?? true else { return false }
            s.warmed = stamp
            if s.running {
                s.next = stamp
                return false
            }
            s.running = true
            return true
        }
        guard start else { return }
        Task.detached(priority: .background) { [self] in await self.run(services, stamp) }
    }

    private func run(_ services: MineFreeServices, _ stamp: ReadCache.Stamp) async {
        var stamp = stamp
        while true {
            // A failure (the store closing, a scenario that cannot work the hazards) leaves the figures to the request.
            let kept = PlanningFigures.Kept(services: services, stamp: stamp)
            _ = try? await PlanningFigures.forecast(asOf: stamp.day, in: kept)
            let again = state.withLockedValue { s -> ReadCache.Stamp? in
                guard let next = s.next else {
                    s.running = false
                    return nil
                }
                s.next = nil
                return next
            }
            guard let again else { return }
            stamp = again
        }
    }
}
