import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree deadlines`: who had an Art 4/5 (CCM Art 3/4) deadline in a year, and what came of it.
struct DeadlinesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "States whose stockpile or clearance deadline fell in a year: completed, extended, missed or pending."
    )

    @Option(help: "apmbc or ccm.") var convention: Convention = .apmbc
    @Option(help: "APMBC: 4 (stockpiles) or 5 (clearance); CCM: 3 (stockpiles) or 4 (clearance).") var article: Int
    @Option(help: "The year the deadline fell in.") var year: Int
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        guard Obligation.forArticle(article, in: convention) != nil else {
            let accepted = Obligation.allCases.map { String(convention.article(of: $0)) }.joined(separator: " or ")
            throw ValidationError("article \(article) sets no deadline in \(convention.rawValue): expected \(accepted)")
        }
        guard (1997...2200).contains(year) else {
            throw ValidationError("year \(year) is out of range: expected a year from 1997 on")
        }
    }

    struct EventJSON: Encodable {
        let iso3: String
        let name: String
        let deadline: String
        let extension_number: Int
        let outcome: String
        let completed_on: Nullable<String>
        let completion_declared_on: Nullable<String>
        let `extension`: Nullable<ExtensionJSON>
        let extension_granted_late: Bool
        /// A row the deadline or its outcome rests on is unconfirmed.
        let unconfirmed: Bool
    }

    struct ReportJSON: Encodable {
        let convention: String
        let article: Int
        let year: Int
        let as_of: String
        let totals: [String: Int]
        let states: [EventJSON]
    }

    func run() async throws {
        let date = asOf ?? .today()
        let obligation = Obligation.forArticle(article, in: convention)!
        try await CommandContext.with { context in
            let events = context.registry.deadlines(obligation, in: convention, year: year, asOf: date)
            var totals = Dictionary(uniqueKeysWithValues: DeadlineOutcome.allCases.map { ($0.rawValue, 0) })
            for e in events { totals[e.outcome.rawValue, default: 0] += 1 }
            switch output.format {
            case .json:
                let states = events.map {
                    EventJSON(
                        iso3: $0.state.iso3,
                        name: $0.state.name,
                        deadline: $0.deadline.iso,
                        extension_number: $0.extensionNumber,
                        outcome: $0.outcome.rawValue,
                        completed_on: Nullable($0.completedOn?.iso),
                        completion_declared_on: Nullable($0.completionDeclaredOn?.iso),
                        extension: Nullable($0.replacedBy.map(ExtensionJSON.init)),
                        extension_granted_late: $0.extensionGrantedLate,
                        unconfirmed: $0.isUnconfirmed
                    )
                }
                print(
                    try JSONOutput.render(
                        ReportJSON(
                            convention: convention.rawValue,
                            article: article,
                            year: year,
                            as_of: date.iso,
                            totals: totals,
                            states: states
                        )
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: [
                        "iso3", "name", "deadline", "deadline_kind", "outcome", "completed_on",
                        "completion_declared_on",
                        "extended_to", "granted_on", "meeting",
                    ],
                    rows: events.map {
                        [
                            $0.state.iso3, $0.state.name, $0.deadline.iso,
                            $0.extensionNumber == 0 ? "original" : "extension \($0.extensionNumber)",
                            $0.outcome.rawValue + ($0.extensionGrantedLate ? " (late)" : "")
                                + ($0.isUnconfirmed ? " (unconfirmed)" : ""), $0.completedOn.text,
                            $0.completionDeclaredOn.text,
                            $0.replacedBy.map { $0.newDeadline?.iso ?? "not recorded" } ?? "",
                            $0.replacedBy.map { $0.grantedOn?.iso ?? "by \($0.knownBy)" } ?? "",
                            $0.replacedBy?.meetingCode ?? "",
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    let outcomes = DeadlineOutcome.allCases.compactMap { o in
                        totals[o.rawValue].flatMap {
                            $0 > 0 ? "\($0) \(o.rawValue.replacingOccurrences(of: "_", with: " "))" : nil
                        }
                    }
                    print(
                        "\(convention.shortTitle) Art \(article) deadlines in \(year), as of \(date): \(counted(events.count, "state"))"
                            + (outcomes.isEmpty ? "" : " — " + outcomes.joined(separator: ", "))
                    )
                    print(table.text())
                }
            }
        }
    }
}
