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
        subcommands: [
            CasualtyTotalsCommand.self, AccidentDuplicatesCommand.self, ConfirmAccidentCommand.self,
            RejectAccidentCommand.self, AccidentDecisionsCommand.self,
        ],
        defaultSubcommand: CasualtyTotalsCommand.self
    )
}

/// `minefree casualties [totals]`: mine/ERW casualties known before a day, each person once (reports confirmed as one
/// accident counted once), killed and injured, by year, device, sex, outcome … Counts only: no names.
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
            let counted = try await PeopleRepository(database: context.store.database).countedCasualties(asOf: date)
            let accidents = Dictionary(
                counted.accidents.map { ($0.localID, $0) },
                uniquingKeysWith: { first, _ in first }
            )
            let areas = counted.areas
            let key = { (c: CasualtyEvent) in breakdown.key(c, accidents: accidents, areas: areas) }
            let totals = CasualtyTotals.totals(counted.people, asOf: date, by: key)
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
                    "\(all) casualties known before \(date) (\(totals.reduce(0) { $0 + $1.killed }) killed), each person once, by \(by)"
                )
                print(table.text())
                if !counted.pending.isEmpty {
                    print(
                        "\(counted.pending.count) pairs of accident reports proposed as one accident await a decision: up to \(counted.possiblyTwice) casualties may be counted twice (minefree casualties duplicates)"
                    )
                }
            }
        }
    }
}

/// `minefree casualties duplicates`: the review queue. Accident reports known before a day that are likely one
/// accident reported by several sources, best first, with the evidence for each pair (`AccidentMatching`); pairs
/// already decided, or already one accident through other confirmations, are left out.
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
            let decisions = try await PeopleRepository(database: context.store.database).accidentDecisions().map(
                \.decision
            )
            let proposed = AccidentMatching.candidates(accidents.map(\.matchingReport), rules: rules)
            let pairs = AccidentMerges.pending(proposed, reports: accidents, decisions: decisions, asOf: date)
            let decided = AccidentMerges.accidents(accidents.map(\.localID), decisions: decisions, asOf: date)
            let index = Dictionary(uniqueKeysWithValues: accidents.enumerated().map { ($1.localID, $0) })
            let groups = AccidentMatching.groups(
                count: accidents.count,
                pairs: pairs.map { ($0.first, $0.second) }
                    + decided.flatMap { g in g.dropFirst().map { (index[g[0]]!, index[$0]!) } }
            )
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
                    "\(accidents.count) accident reports known before \(date) make \(decided.count) accidents as decided; \(pairs.count) pairs proposed as one accident await a decision; \(groups.count) accidents if all are confirmed"
                )
                if !pairs.isEmpty { print(table.text()) }
            }
        }
    }
}

/// What `confirm` and `reject` share: the two reports, who decides and why.
struct AccidentDecisionOptions: ParsableArguments {
    @Argument(help: "One accident report's id.") var report: String
    @Argument(help: "The other report's id.") var otherReport: String
    @Option(help: "Why (required to reject; kept with the decision and in the audit log).") var reason: String?
    @Option(help: "Who decides (default: the system user running the command).") var by: String?

    func decide(_ verdict: AccidentMerges.Verdict) async throws {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if verdict == .rejected, reason?.isEmpty != false {
            throw BadInput("--reason is required to reject: say why the reports are two accidents")
        }
        if let reason, reason.count > AuditChain.maximumDetail {
            throw BadInput("--reason is \(reason.count) characters: at most \(AuditChain.maximumDetail)")
        }
        let who = (by ?? PersonalReaderOptions.systemUser).trimmingCharacters(in: .whitespaces)
        guard !who.isEmpty, who.count <= AuditChain.maximumName else {
            throw BadInput("--by '\(who)' is not a name of 1 to \(AuditChain.maximumName) characters")
        }
        let today = CalendarDate.today()
        try await CommandContext.with { context in
            let people = PeopleRepository(database: context.store.database)
            let pair = AccidentMerges.Pair(report, otherReport)
            // The evidence the proposal gave, kept with the decision.
            let reports = try await RecordRepository(database: context.store.database).records(
                Accident.self,
                where: "local_id IN (\(bind: pair.first), \(bind: pair.second))"
            )
            let evidence =
                reports.count == 2
                ? AccidentMatching.evidence(reports[0].matchingReport, reports[1].matchingReport)?.summary : nil
            do {
                let stored = try await people.decide(
                    AccidentMerges.Decision(
                        pair: pair,
                        verdict: verdict,
                        decided: today,
                        decidedBy: who,
                        reason: reason?.isEmpty == false ? reason : nil
                    ),
                    evidence: evidence
                )
                let accidents = AccidentMerges.accidents(
                    try await RecordRepository(database: context.store.database).records(
                        Accident.self,
                        asOf: .today().adding(days: 1)
                    )
                    .map(\.localID),
                    decisions: try await people.accidentDecisions().map(\.decision),
                    asOf: today.adding(days: 1)
                )
                let group = accidents.first { $0.contains(pair.first) } ?? [pair.first]
                print(
                    "\(pair.description) \(verdict.rawValue) on \(today) by \(who) (decision \(stored.decision.sequence)); \(pair.first) is now one accident with \(group.count) report\(group.count == 1 ? "" : "s"): \(group.joined(separator: ", "))"
                )
            } catch let refused as PeopleRepository.Refused {
                throw BadInput(refused.description)
            }
        }
    }
}

/// `minefree casualties confirm A B`: the authority confirms two reports are one accident.
struct ConfirmAccidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm that two accident reports are one accident (counted once from the next day; audited)."
    )
    @OptionGroup var decision: AccidentDecisionOptions
    func run() async throws { try await decision.decide(.confirmed) }
}

/// `minefree casualties reject A B --reason …`: the authority decides two reports are two accidents.
struct RejectAccidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Decide that two accident reports are two accidents, or undo a confirmation (audited)."
    )
    @OptionGroup var decision: AccidentDecisionOptions
    func run() async throws { try await decision.decide(.rejected) }
}

/// `minefree casualties decisions [REPORT]`: every decision as it was made, oldest first; none is ever changed.
struct AccidentDecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "The decisions on accident reports, oldest first, with who made them and why."
    )
    @Argument(help: "Only the decisions naming this report.") var report: String?
    @OptionGroup var output: FormatOption

    func run() async throws {
        try await CommandContext.with { context in
            let stored = try await PeopleRepository(database: context.store.database).accidentDecisions(naming: report)
            let table = Tabulation(
                columns: ["decision", "report", "other report", "verdict", "day", "by", "reason", "evidence"],
                rows: stored.map { s in
                    let d = s.decision
                    return [
                        String(d.sequence), d.pair.first, d.pair.second, d.verdict.rawValue, d.decided.iso,
                        d.decidedBy, d.reason ?? "", s.evidence ?? "",
                    ]
                }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable {
                    let decision: Int64; let report: String; let other_report: String; let verdict: String
                    let decided: String; let decided_by: String; let reason: String?; let evidence: String?
                    let recorded_at: String
                }
                print(
                    try JSONOutput.render(
                        stored.map { s in
                            Row(
                                decision: s.decision.sequence,
                                report: s.decision.pair.first,
                                other_report: s.decision.pair.second,
                                verdict: s.decision.verdict.rawValue,
                                decided: s.decision.decided.iso,
                                decided_by: s.decision.decidedBy,
                                reason: s.decision.reason,
                                evidence: s.evidence,
                                recorded_at: s.recordedAt
                            )
                        }
                    )
                )
            case .table:
                print("\(stored.count) decisions" + (report.map { " naming \($0)" } ?? ""))
                if !stored.isEmpty { print(table.text()) }
            }
        }
    }
}
