import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree workplan`: the work plan of an Article 5 extension request, from the records.
struct WorkplanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workplan",
        abstract:
            "An Article 5 extension request's work plan: the remaining challenge, yearly milestones to an end date, the capacity and funding it needs, its probability, assumptions and risks.",
        discussion: """
            The hazards open on the day, in priority order (--model), are released at an even pace of clearance effort
            from the as-of day to --until: each year's milestone is the hazards finished in it, by region. The capacity
            needed is compared with the scenario's (--scenario, default the workload's B4), and the scenario's forecast
            gives the probability of meeting the date as it stands.
            """
    )

    enum Output: String, ExpressibleByArgument, CaseIterable { case markdown, html, json }

    @Option(help: "The end date the plan is to meet (YYYY-MM-DD).", transform: CalendarDate.argument)
    var until: CalendarDate
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "A scenario file (JSON).") var scenario: String?
    @Option(help: "The priority model that orders the work (JSON).") var model: String?
    @Option(help: "Iterations of the forecast (100 to 1,000,000).") var iterations: Int = 10_000
    @Option(help: "The forecast's seed.") var seed: UInt64 = 2026
    @Option(help: "markdown, html or json.") var format: Output = .markdown

    func run() async throws {
        let date = asOf ?? .today()
        guard until > date else { throw BadInput("--until \(until) must be after the as-of day \(date)") }
        guard (100...1_000_000).contains(iterations) else {
            throw BadInput("--iterations \(iterations) must be from 100 to 1000000")
        }
        let order = try model.map(PriorityCommand.model(at:)) ?? .default
        let file = try scenario.map(ForecastCommand.scenario(at:)) ?? .b4
        try await CommandContext.with { context in
            let inputs = try await PlanningRepository(database: context.store.database).priorityInputs(asOf: date)
            let chosen = file.withRecordedNewContamination(hazards: inputs.view.standings.map(\.hazard), asOf: date)
            let work = ForecastHazard.workList(ranked: inputs.ranked(by: order), view: inputs.view)
            let forecast: CompletionForecast
            do {
                forecast = try CompletionForecast(
                    workList: work,
                    asOf: date,
                    scenario: chosen,
                    iterations: iterations,
                    seed: seed,
                    regions: inputs.regions
                )
            } catch let problem as ForecastScenarioError {
                throw BadInput(problem.description)
            }
            let plan = WorkPlan(workList: work, asOf: date, until: until, scenario: chosen, forecast: forecast)
            switch format {
            case .markdown: print(plan.markdown(), terminator: "")
            case .html: print(plan.html(), terminator: "")
            case .json: print(try JSONOutput.render(WorkPlanJSON(plan)))
            }
        }
    }
}

struct WorkPlanJSON: Encodable {
    var as_of: String
    var until: String
    var scenario: String
    var challenge: [WorkPlan.Challenge]
    var milestones: [WorkPlan.Milestone]
    var required_clearance_m2_per_day: Double
    var scenario_clearance_m2_per_day: Double
    var required_teams: [String: Double]
    var required_funding_per_year: Double?
    var probability: Double
    var median_years: Double?
    var assumptions: [String]
    var risks: [String]
    init(_ p: WorkPlan) {
        as_of = p.asOf.iso
        until = p.until.iso
        scenario = p.scenario.name
        challenge = p.challenge
        milestones = p.milestones
        required_clearance_m2_per_day = (p.requiredClearanceM2PerDay * 10).rounded() / 10
        scenario_clearance_m2_per_day = (p.scenarioClearanceM2PerDay * 10).rounded() / 10
        required_teams = Dictionary(
            uniqueKeysWithValues: p.requiredTeams.map { ($0.key.rawValue, ($0.value * 100).rounded() / 100) }
        )
        required_funding_per_year = p.requiredFundingPerYear.map { $0.rounded() }
        probability = p.probability
        median_years = p.medianYears.isFinite ? (p.medianYears * 1000).rounded() / 1000 : nil
        assumptions = p.assumptions
        risks = p.risks
    }
}
