import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree forecast`: when the open hazards will be released, as P10/P50/P90 years from a Monte Carlo model, for one
/// scenario or several side by side, with the probability of finishing by a deadline.
struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract:
            "Forecast when the open hazards will be released (P10/P50/P90), by scenario, with the chance of meeting a deadline.",
        discussion: """
            The hazards open on the day are worked in priority order (the default priority model, or --model): survey
            cancels a share of the suspected areas, clearance teams work the rest in one national queue. Each iteration
            draws the teams' productivity and each hazard's difficulty; the default scenario is the workload's B4
            (docs/forecast-scenario.json). A scenario file can change teams over time, turn funding into teams, add
            newly found contamination per year and open inaccessible areas later
            (docs/forecast-scenario-example.json). Several --scenario files are compared side by side.
            --achieved replaces each method's productivity with what the release records achieved in the last two
            years.
            """
    )

    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today. Only records known then count.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "A scenario file (JSON); repeat to compare several.") var scenario: [String] = []
    @Option(help: "Iterations (100 to 1,000,000).") var iterations: Int = 10_000
    @Option(help: "The random seed: the same seed gives the same forecast.") var seed: UInt64 = 2026
    @Option(help: "A deadline (YYYY-MM-DD): the probability of finishing by it.", transform: CalendarDate.argument)
    var deadline: CalendarDate?
    @Option(
        name: .customLong("deadline-of"),
        help:
            "A state (ISO code) whose Article 5 deadline in force on the day, from the treaty registry, is the deadline."
    )
    var deadlineOf: String?
    @Option(help: "The priority model that orders the work (JSON; default the B2 score).") var model: String?
    @Flag(help: "Use the productivity the release records achieved in the last two years.") var achieved = false
    @Flag(help: "Print the fan chart's data (share of iterations finished by each year) instead.") var fan = false
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        guard (100...1_000_000).contains(iterations) else {
            throw BadInput("--iterations \(iterations) must be from 100 to 1000000")
        }
        if let deadline, deadline <= date {
            throw BadInput("--deadline \(deadline) must be after the as-of day \(date)")
        }
        if deadline != nil && deadlineOf != nil { throw BadInput("give --deadline or --deadline-of, not both") }
        let order = try model.map(PriorityCommand.model(at:)) ?? .default
        var scenarios = try scenario.map(Self.scenario(at:))
        if scenarios.isEmpty { scenarios = [.b4] }
        try await CommandContext.with { context in
            var deadline = self.deadline
            if let code = deadlineOf {
                let state = try context.state(code)
                do {
                    deadline = try context.registry.upcomingClearanceDeadline(of: state, asOf: date)
                } catch {
                    throw BadInput("\(error) (`minefree state \(state.iso3)`)")
                }
            }
            let database = context.store.database
            let inputs = try await PlanningRepository(database: database).priorityInputs(asOf: date)
            let ranked = inputs.ranked(by: order)
            let work = ForecastHazard.workList(ranked: ranked, view: inputs.view)
            let regions = inputs.regions
            if achieved {
                let land = LandRepository(database: database)
                let estimate = AchievedProductivity.estimate(
                    releases: try await land.releases(),
                    activities: try await land.activityRecords(),
                    assets: try await land.assets(),
                    downtime: try await land.downtime(),
                    asOf: date
                )
                scenarios = scenarios.map { $0.with(achieved: estimate) }
            }
            let known = inputs.view.standings.map(\.hazard)
            scenarios = scenarios.map { $0.withRecordedNewContamination(hazards: known, asOf: date) }
            var forecasts: [CompletionForecast] = []
            for s in scenarios {
                do {
                    forecasts.append(
                        try CompletionForecast(
                            workList: work,
                            asOf: date,
                            scenario: s,
                            iterations: iterations,
                            seed: seed,
                            regions: regions
                        )
                    )
                } catch let problem as ForecastScenarioError {
                    throw BadInput(problem.description)
                }
            }
            if fan {
                print(forecasts[0].fanChartCSV(), terminator: "")
                return
            }
            switch output.format {
            case .csv:
                if forecasts.count == 1 {
                    print(forecasts[0].csv(deadline: deadline), terminator: "")
                } else {
                    print(ScenarioComparison(forecasts, deadline: deadline).csv(), terminator: "")
                }
            case .json:
                print(try JSONOutput.render(forecasts.map { ForecastJSON($0, deadline: deadline) }))
            case .table:
                print(
                    "Completion forecast as of \(date): \(work.count) open hazards in priority order, \(iterations) iterations, seed \(seed)"
                )
                for f in forecasts {
                    print("")
                    print("Scenario \(f.scenario.name)\(f.scenario.description.map { ": " + $0 } ?? "")")
                    var columns = [
                        "scope", "hazards", "remaining_ha", "p10_years", "p50_years", "p90_years", "p50_year",
                    ]
                    if let deadline { columns.append("p_done_by_\(deadline.iso)") }
                    print(
                        Tabulation(
                            columns: columns,
                            rows: f.scopes.map { s in
                                var row = [
                                    s.scope, String(s.hazards), AreaUnit.hectares.format(s.remainingM2, decimals: 1),
                                    Self.years(s.p10), Self.years(s.p50), Self.years(s.p90),
                                    s.calendarYear(s.p50).map(String.init) ?? "never",
                                ]
                                if let deadline {
                                    row.append(String(format: "%.3f", s.probability(completedBy: deadline)))
                                }
                                return row
                            }
                        ).text()
                    )
                }
            }
        }
    }

    /// Years to three decimals; a scope that never finishes (new finds outpace the teams) reads "never".
    static func years(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "never" }

    /// A scenario file read and checked; a mistake is one line naming the file, key and value.
    static func scenario(at path: String) throws -> ForecastScenario {
        let data = try PlanningFile.read(path, kind: "scenario")
        do {
            return try ForecastScenario.decode(from: data, file: path)
        } catch let problem as ForecastScenarioError {
            throw BadInput(problem.description)
        }
    }
}

struct ForecastJSON: Encodable {
    struct Scope: Encodable {
        var scope: String
        var hazards: Int
        var remaining_m2: Int64
        var p10_years: Double?
        var p50_years: Double?
        var p90_years: Double?
        var p50_year: Int?
        var probability_by_deadline: Double?
    }
    var scenario: String
    var as_of: String
    var iterations: Int
    var seed: UInt64
    var deadline: String?
    var scopes: [Scope]
    init(_ f: CompletionForecast, deadline: CalendarDate?) {
        scenario = f.scenario.name
        as_of = f.asOf.iso
        iterations = f.iterations
        seed = f.seed
        self.deadline = deadline?.iso
        // A scope that never finishes (new finds outpace the teams) has no finite quantile: null.
        func finite(_ x: Double) -> Double? { x.isFinite ? (x * 1000).rounded() / 1000 : nil }
        scopes = f.scopes.map { s in
            Scope(
                scope: s.scope,
                hazards: s.hazards,
                remaining_m2: s.remainingM2,
                p10_years: finite(s.p10),
                p50_years: finite(s.p50),
                p90_years: finite(s.p90),
                p50_year: s.calendarYear(s.p50),
                probability_by_deadline: deadline.map { s.probability(completedBy: $0) }
            )
        }
    }
}
