import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree indicators`: the review conferences' action plans and their progress, measured from the registry and
/// the records, beside the figures sources published.
struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Action plans of the review conferences (Nairobi to Siem Reap-Angkor) and their progress indicators.",
        discussion: """
            Without --plan, the plans: adopted when and where, the years they cover, how many actions. With --plan
            (nairobi, cartagena, maputo, oslo, siem_reap_angkor), each measure MineFree computes year by year from
            the year before the plan to the last year ended before --as-of (States Parties; Art 4 and Art 5
            obligations open, completed, extended, missed; Art 9; retained mines; votes of states outside the
            treaty), the figures sources published with MineFree's value for the same year beside them, and the
            plan's indicators recorded (plan_indicators), answered by their measure or by the values entered. With
            --state, where that state stood when the plan began and where it stands now.
            """
    )

    @Option(help: "nairobi, cartagena, maputo, oslo or siem_reap_angkor.") var plan: String?
    @Option(help: "A state (ISO alpha-3 or alpha-2 code): its progress over the plan.") var state: String?
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let plan, !ActionPlanLayers.planCodes.contains(plan) {
            throw ValidationError("plan '\(plan)' is not one of \(ActionPlanLayers.planCodes.joined(separator: ", "))")
        }
        if state != nil, plan == nil {
            throw ValidationError("--state needs --plan: a state's progress over which plan?")
        }
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let (registry, _) = try await context.registry(withRecordsAsOf: date)
            guard let code = plan else { return try printPlans(registry.actionPlans) }
            guard let chosen = registry.actionPlan(code) else {
                throw BadInput("plan '\(code)' is not in the reference data (\(ReferenceDataLoader.actionPlansFile))")
            }
            let records = try await ActionPlanRepository(database: context.store.database).records(asOf: date)
            if let code = state {
                let s = try context.state(code)
                return try printState(
                    StatePlanProgress(state: s, plan: chosen, registry: registry, records: records, asOf: date)
                )
            }
            try printProgress(ActionPlanProgress(plan: chosen, registry: registry, records: records, asOf: date))
        }
    }

    func printPlans(_ plans: [ActionPlan]) throws {
        let columns = ["plan", "name", "meeting", "adopted_on", "years", "actions", "confidence", "source"]
        let rows = plans.map {
            [
                $0.code, $0.name, $0.meetingCode, $0.adoptedOn.iso, "\($0.firstYear)-\($0.lastYear)",
                $0.actions.map(String.init) ?? "", $0.provenance.confidence.rawValue, $0.provenance.source,
            ]
        }
        try emit(columns, rows, title: "Action plans of the review conferences: \(plans.count)")
    }

    func printState(_ p: StatePlanProgress) throws {
        let columns = ["question", "at_start", "now"]
        var rows = p.rows.map { [$0.question, $0.atStart, $0.now] }
        for v in p.entered { rows.append(["indicator \(v.indicatorID) (\(v.date.iso))", "", v.value]) }
        try emit(
            columns,
            rows,
            title: "\(p.state.name) (\(p.state.iso3)) over the \(p.plan.name): \(p.start.iso) and \(p.end.iso)"
        )
    }

    struct ProgressJSON: Encodable {
        struct Value: Encodable {
            let year: Int
            let value: Int64
            let states: [String]
            let undated: Int
            let unknown: Int
        }
        struct Measure: Encodable {
            let measure: String
            let title: String
            let kind: String
            let values: [Value]
            let plan_total: Int64?
        }
        struct Published: Encodable {
            let year: Int?
            let measure: String?
            let description: String
            let value: Double
            let denominator: Int?
            let computed: Int64?
            let source: String
            let confidence: String
        }
        struct Indicator: Encodable {
            let id: String
            let action: Int?
            let text: String
            let measure: String?
            let computed: Int64?
            let computed_year: Int?
            let latest: String?
            let latest_date: String?
            let source: String?
        }
        let plan: String
        let as_of: String
        let years: [Int]
        let measures: [Measure]
        let published: [Published]
        let indicators: [Indicator]
    }

    func printProgress(_ p: ActionPlanProgress) throws {
        if output.format == .json {
            let v = { (m: PlanMeasureValue) in
                ProgressJSON.Value(
                    year: m.year,
                    value: m.value,
                    states: m.states,
                    undated: m.undated,
                    unknown: m.unknown
                )
            }
            print(
                try JSONOutput.render(
                    ProgressJSON(
                        plan: p.plan.code,
                        as_of: p.asOf.iso,
                        years: p.years,
                        measures: p.measures.map {
                            .init(
                                measure: $0.measure.rawValue,
                                title: $0.measure.title,
                                kind: $0.measure.kind.rawValue,
                                values: $0.values.map(v),
                                plan_total: $0.planTotal
                            )
                        },
                        published: p.published.map {
                            .init(
                                year: $0.figure.year,
                                measure: $0.figure.measure?.rawValue,
                                description: $0.figure.description,
                                value: $0.figure.value,
                                denominator: $0.figure.denominator,
                                computed: $0.computed?.value,
                                source: $0.figure.provenance.source,
                                confidence: $0.figure.provenance.confidence.rawValue
                            )
                        },
                        indicators: p.indicators.map {
                            .init(
                                id: $0.indicator.localID,
                                action: $0.action?.number,
                                text: $0.indicator.text,
                                measure: $0.indicator.measure?.rawValue,
                                computed: $0.computed?.value,
                                computed_year: $0.computed?.year,
                                latest: $0.entered.last?.value,
                                latest_date: $0.entered.last?.date.iso,
                                source: $0.entered.last?.source ?? $0.indicator.source
                            )
                        }
                    )
                )
            )
            return
        }
        let columns =
            ["measure"] + p.years.map { $0 == p.plan.firstYear - 1 ? "\($0) (before)" : String($0) } + ["plan"]
        let rows = p.measures.map { row in
            [row.measure.rawValue] + row.values.map { String($0.value) } + [row.planTotal.map(String.init) ?? ""]
        }
        if output.format == .csv { return print(Tabulation(columns: columns, rows: rows).csv()) }
        print("\(p.plan.name) (\(p.plan.meetingCode), adopted \(p.plan.adoptedOn.iso)), as of \(p.asOf.iso)")
        print(Tabulation(columns: columns, rows: rows).text())
        for row in p.measures {
            guard let last = row.values.last else { continue }
            if last.undated > 0, row.measure == .art4Completed || row.measure == .art5Completed {
                print(
                    "\(row.measure.rawValue): \(last.undated) more States Parties read completed with no day recorded; no year counts them"
                )
            }
            if last.undated > 0, row.measure == .art9Adopted {
                print("\(row.measure.rawValue): \(last.undated) adoptions have no day recorded and count in every year")
            }
            if last.unknown > 0, row.measure == .art9WithoutMeasure {
                print("art9_*: \(last.unknown) States Parties have no Art 9 record and count in neither")
            }
        }
        if !p.published.isEmpty {
            print("\nPublished figures, with MineFree's value for the same year:")
            print(
                Tabulation(
                    columns: ["year", "figure", "published", "minefree", "confidence", "source"],
                    rows: p.published.map {
                        [
                            $0.figure.year.map(String.init) ?? "", $0.figure.description, $0.figure.valueText,
                            $0.computed.map { String($0.value) } ?? "", $0.figure.provenance.confidence.rawValue,
                            $0.figure.provenance.source,
                        ]
                    }
                ).text()
            )
        }
        if !p.indicators.isEmpty {
            print("\nIndicators recorded:")
            print(
                Tabulation(
                    columns: ["action", "indicator", "value", "as_of", "from"],
                    rows: p.indicators.map { i in
                        [
                            i.action.map { String($0.number) } ?? "", i.indicator.text,
                            i.computed.map { String($0.value) } ?? i.entered.last?.value ?? "",
                            i.computed.map { String($0.year) } ?? i.entered.last?.date.iso ?? "",
                            i.computed != nil
                                ? "measure \(i.indicator.measure!.rawValue)" : (i.entered.last?.source ?? ""),
                        ]
                    }
                ).text()
            )
        }
    }

    func emit(_ columns: [String], _ rows: [[String]], title: String) throws {
        switch output.format {
        case .json: print(try JSONOutput.render(rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }))
        case .csv: print(Tabulation(columns: columns, rows: rows).csv())
        case .table:
            print(title)
            print(Tabulation(columns: columns, rows: rows).text())
        }
    }
}
