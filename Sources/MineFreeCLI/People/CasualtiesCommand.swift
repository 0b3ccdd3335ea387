import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree casualties`: casualty surveillance. `totals` (the default) counts casualties; `duplicates` proposes
/// which accident reports from different sources are one accident.
struct CasualtiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casualties",
        abstract: "Casualties as of a date, and accident reports that several sources made of one accident.",
        subcommands: [CasualtyTotalsCommand.self, AccidentDuplicatesCommand.self],
        defaultSubcommand: CasualtyTotalsCommand.self
    )
}

/// `minefree casualties [totals]`: mine/ERW casualties recorded before a day, killed and injured, by year, device,
/// sex or outcome. Counts only: names and other personal data come with the People area, protected by role.
struct CasualtyTotalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totals",
        abstract: "Casualties as of a date: killed and injured, by year, device, sex, age, status, activity, area …"
    )

    @Option(
        help:
            "year (default), device, sex, outcome, age (child or adult), status (civilian, military, deminer), source, activity or area."
    )
    var by: String = "year"
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func run() async throws {
        guard let breakdown = CasualtyTotals.Breakdown(rawValue: by) else {
            throw BadInput(
                "cannot count casualties by '\(by)': expected \(CasualtyTotals.Breakdown.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let repository = RecordRepository(database: context.store.database)
            let events = try await repository.records(CasualtyEvent.self, asOf: date)
            var accidents: [String: Accident] = [:]
            if breakdown.needsAccidents {
                for a in try await repository.records(Accident.self, asOf: date) { accidents[a.localID] = a }
            }
            let key = { (c: CasualtyEvent) in breakdown.key(c, accidents: accidents) }
            let totals = CasualtyTotals.totals(events, asOf: date, by: key)
            let table = Tabulation(
                columns: [by, "killed", "injured", "total"],
                rows: totals.map { [$0.key, String($0.killed), String($0.injured), String($0.total)] }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable { let key: String; let killed: Int; let injured: Int; let total: Int }
                print(
                    try JSONOutput.render(
                        totals.map { Row(key: $0.key, killed: $0.killed, injured: $0.injured, total: $0.total) }
                    )
                )
            case .table:
                let all = totals.reduce(0) { $0 + $1.total }
                print(
                    "\(all) casualties recorded before \(date) (\(totals.reduce(0) { $0 + $1.killed }) killed), by \(by)"
                )
                print(table.text())
            }
        }
    }
}

/// `minefree casualties duplicates`: the accident reports known before a day that are likely one accident reported by
/// several sources, best first, with the evidence for each pair (`AccidentMatching`).
struct AccidentDuplicatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Accident reports from different sources that are likely one accident, with their evidence."
    )

    @Option(
        name: .customLong("as-of"),
        help: "Reports known before this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(name: .customLong("max-days"), help: "Days two sources' dates may differ (0 to 30).")
    var maximumDays: Int = AccidentMatching.Rules().maximumDays
    @Option(name: .customLong("max-metres"), help: "Metres two sources' positions may differ (1 to 50,000).")
    var maximumMetres: Double = AccidentMatching.Rules().maximumMetres
    @Option(help: "The score (0 to 1) from which a pair is proposed.")
    var threshold: Double = AccidentMatching.Rules().threshold
    @OptionGroup var output: FormatOption

    func run() async throws {
        typealias Rules = AccidentMatching.Rules
        var rules = Rules()
        guard Rules.dayRange.contains(maximumDays) else {
            throw BadInput(
                "--max-days \(maximumDays) is not a number of days from \(Rules.dayRange.lowerBound) to \(Rules.dayRange.upperBound)"
            )
        }
        guard Rules.metreRange.contains(maximumMetres) else {
            throw BadInput(
                "--max-metres \(maximumMetres) is not a distance from \(Int(Rules.metreRange.lowerBound)) to \(Int(Rules.metreRange.upperBound)) metres"
            )
        }
        guard Rules.thresholdRange.contains(threshold) else {
            throw BadInput("--threshold \(threshold) is not a score from 0 to 1")
        }
        rules.maximumDays = maximumDays
        rules.maximumMetres = maximumMetres
        rules.threshold = threshold
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let accidents = try await RecordRepository(database: context.store.database).records(
                Accident.self,
                asOf: date
            )
            let pairs = AccidentMatching.candidates(accidents.map(\.matchingReport), rules: rules)
            let groups = AccidentMatching.groups(count: accidents.count, pairs: pairs.map { ($0.first, $0.second) })
            func describe(_ a: Accident) -> [String] {
                [a.localID, a.source.rawValue, a.date.iso, "\(a.killed)/\(a.injured)", a.device.rawValue]
            }
            let table = Tabulation(
                columns: [
                    "report", "source", "date", "killed/injured", "device", "other report", "source", "date",
                    "killed/injured", "device", "score", "evidence",
                ],
                rows: pairs.map { p in
                    describe(accidents[p.first]) + describe(accidents[p.second]) + [
                        String(format: "%.2f", p.evidence.score), p.evidence.summary,
                    ]
                }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable {
                    let report: String; let other_report: String; let score: Double; let days_apart: Int
                    let metres_apart: Double?; let count_difference: Int; let device: String; let evidence: String
                }
                print(
                    try JSONOutput.render(
                        pairs.map { p in
                            Row(
                                report: accidents[p.first].localID,
                                other_report: accidents[p.second].localID,
                                score: (p.evidence.score * 1000).rounded() / 1000,
                                days_apart: p.evidence.daysApart,
                                metres_apart: p.evidence.metresApart.map { $0.rounded() },
                                count_difference: p.evidence.countDifference,
                                device: p.evidence.device.rawValue,
                                evidence: p.evidence.summary
                            )
                        }
                    )
                )
            case .table:
                print(
                    "\(accidents.count) accident reports known before \(date): \(pairs.count) pairs proposed as one accident; \(groups.count) accidents if all are confirmed"
                )
                if !pairs.isEmpty { print(table.text()) }
            }
        }
    }
}
