import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree state ISO3`: every obligation, deadline and status of one state.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "One state's status, obligations and deadlines under both conventions."
    )

    @Argument(help: "ISO 3166-1 alpha-3 (or alpha-2) code, e.g. TJK.") var code: String
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let state = try context.state(code)
            let standings = Convention.allCases.map { context.registry.standing(of: state, in: $0, asOf: date) }
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        StateDetailJSON(
                            iso3: state.iso3,
                            iso2: Nullable(state.iso2),
                            name: state.name,
                            kind: state.kind.rawValue,
                            region: state.region,
                            sub_region: state.subRegion,
                            un_member_since: Nullable(state.unMemberSince?.iso),
                            as_of: date.iso,
                            conventions: standings.map(ConventionStandingJSON.init)
                        )
                    )
                )
            case .csv:
                print(Self.flat(standings).csv())
            case .table:
                print(Self.text(state: state, standings: standings, asOf: date))
                if let stock = context.registry.stockpileExplanation(of: state, asOf: date) {
                    print("\nStockpile (Art 4): \(stock) (`minefree stockpiles --state \(state.iso3)` for the figures)")
                }
            }
        }
    }

    /// One row per convention and obligation, for spreadsheets.
    static func flat(_ standings: [TreatyStanding]) -> Tabulation {
        var rows: [[String]] = []
        for s in standings {
            let base = [
                s.state.iso3, s.convention.rawValue, s.status.rawValue, s.signed.text, s.deposited.text,
                s.instrument?.rawValue ?? "", s.entryIntoForce.text,
                s.reporting?.initialReportDue.iso ?? "", s.reporting?.nextReportDue.iso ?? "",
            ]
            let deadlines = [s.stockpileDestruction, s.clearance].compactMap { $0 }
            if deadlines.isEmpty { rows.append(base + ["", "", "", "", "", "", ""]) }
            for d in deadlines {
                rows.append(
                    base + [
                        String(d.article), d.obligation.rawValue, d.originalDeadline.iso,
                        d.deadline?.iso ?? "not recorded",
                        String(d.extensions.count), d.status.rawValue, d.completedOn.text,
                    ]
                )
            }
        }
        return Tabulation(
            columns: [
                "iso3", "convention", "status", "signed", "deposited", "instrument", "entry_into_force",
                "initial_report_due", "next_report_due", "article", "obligation", "original_deadline", "deadline",
                "extensions", "deadline_status", "completed_on",
            ],
            rows: rows
        )
    }

    static func text(state: State, standings: [TreatyStanding], asOf date: CalendarDate) -> String {
        var lines = ["\(state.name) (\(state.iso3)) — \(state.subRegion), \(state.region) — as of \(date)"]
        if let since = state.unMemberSince { lines.append("UN member since \(since)") }
        for s in standings {
            lines.append("")
            lines.append("\(s.convention.shortTitle): \(s.status.label)")
            func add(_ label: String, _ value: String?) {
                if let value, !value.isEmpty {
                    lines.append("  " + label.padding(toLength: 30, withPad: " ", startingAt: 0) + value)
                }
            }
            add("Signed", s.signed?.iso)
            add("Deposited", s.deposited.map { "\($0) (\(s.instrument?.rawValue ?? "?"))" })
            add("Entry into force", s.entryIntoForce?.iso)
            add("Withdrawal notified", s.withdrawalNotified?.iso)
            add("Withdrawal effective", s.withdrawalEffective?.iso)
            add("Withdrawal pending", s.withdrawalCondition)
            add(
                "Suspension notified",
                s.suspensionNotified.map { "\($0.iso) (no article provides for it; still a party)" }
            )
            if let r = s.reporting {
                add("Art 7 initial report due", r.initialReportDue.iso)
                add("Art 7 next report due", r.nextReportDue.iso)
            }
            for r in s.transparency where r.status != .notYetDue {
                add(r.kind == .initial ? "Art 7 initial report" : "Art 7 annual report \(r.year ?? 0)", r.text)
            }
            for d in [s.stockpileDestruction, s.clearance].compactMap({ $0 }) {
                let title = d.obligation == .stockpileDestruction ? "stockpile destruction" : "clearance"
                // No stockpile held, or no contaminated area ever reported: no deadline runs, so none is printed.
                if d.status == .notApplicable {
                    let none =
                        d.obligation == .stockpileDestruction
                        ? "no stockpile at entry into force"
                        : s.convention == .apmbc ? "no mined area reported" : "no cluster munition remnants reported"
                    add("Art \(d.article) \(title)", "not applicable — \(none)")
                    continue
                }
                var value =
                    "deadline \(d.deadline?.iso ?? (d.status == .reopened ? "as soon as possible" : "extended, new date not recorded")) — \(d.status.rawValue.replacingOccurrences(of: "_", with: " "))"
                if let c = d.completedOn {
                    value += d.status == .reopened || d.reopenedOn != nil ? " (completed on \(c))" : " on \(c)"
                }
                if d.completionDeclaredOn != nil || d.completionDeclaredAt != nil {
                    value +=
                        "; completion declared"
                        + (d.completionDeclaredAt.map { " at the \($0)" } ?? "")
                        + (d.completionDeclaredOn.map { " on \($0)" } ?? "")
                }
                if let r = d.reopenedOn { value += "; contamination found after completion reported \(r)" }
                if let r = d.request {
                    value +=
                        " (request\(r.requestedDeadline.map { " to \($0)" } ?? "") before the \(r.meetingCode); "
                        + "decision not recorded)"
                }
                if let m = d.undecidedAt {
                    value += " (the \(m) decided more extension requests than the data names)"
                }
                if d.deadline != d.originalDeadline { value += " (original \(d.originalDeadline))" }
                add("Art \(d.article) \(title)", value)
                for e in d.extensions {
                    add(
                        "",
                        "extension \(e.sequence): granted \(e.grantedOn?.iso ?? "by \(e.knownBy)")\(e.meetingCode.map { " at \($0)" } ?? ""), to \(e.newDeadline?.iso ?? "a date not recorded")"
                    )
                }
            }
            if let p = s.provenance { add("Source", "\(p.source) (\(p.confidence.rawValue))") }
        }
        return lines.joined(separator: "\n")
    }
}
