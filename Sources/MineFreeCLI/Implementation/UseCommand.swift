import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree use`: reports that mines were used, with their standing as known on a day, the answers the accused gave
/// and the responses; by year and actor, States Parties alleged to have used mines, open allegations.
struct UseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use",
        abstract: "Use of mines: reports, their dated assessments (alleged … confirmed, denied, refuted), responses.",
        discussion: """
            Every report known at the start of the day (the reference data's and the programme's), with the standing
            its assessments known then give it: a past view never shows a later assessment. --state matches where
            the use took place or the state whose forces used them; --actor a state's code or part of a group's
            name. --states-parties keeps use by States Parties' own forces while party (Art 1, Art 8); --open the
            allegations neither confirmed nor refuted that the accused has not answered; --by-year counts reports by
            year of use and actor. --report ID lists one report's assessments and responses in order.
            """
    )

    @Option(help: "Where the use took place, or the state whose forces used them (ISO alpha-3 or alpha-2).")
    var state: String?
    @Option(help: "Who used them: a state's code or part of a non-state armed group's name.") var actor: String?
    @Option(help: "A year the use covers.") var year: Int?
    @Option(help: "alleged, credible, confirmed, denied or refuted.") var status: String?
    @Option(help: "ap_mine, improvised_mine or cluster_munition.") var weapon: String?
    @Flag(name: .customLong("states-parties"), help: "Only use by States Parties' forces while party.")
    var statesParties = false
    @Flag(help: "Only open allegations without an answer from the accused.") var open = false
    @Flag(name: .customLong("by-year"), help: "Reports by year of use and actor.") var byYear = false
    @Option(help: "One report: its assessments and responses.") var report: String?
    @Option(
        name: .customLong("as-of"),
        help: "Known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let status, UseAssessment.Status(rawValue: status) == nil {
            throw ValidationError(
                "status '\(status)' is not one of \(UseAssessment.Status.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let weapon, UseReport.Weapon(rawValue: weapon) == nil {
            throw ValidationError(
                "weapon '\(weapon)' is not one of \(UseReport.Weapon.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let year, !(1900...2200).contains(year) { throw ValidationError("year \(year) is not a year from 1900") }
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let iso3 = try state.map { try context.state($0).iso3 }
            let all = try await UseOfMinesRepository(database: context.store.database)
                .cases(registry: context.registry, asOf: date)
            if let report {
                guard let c = all.first(where: { $0.report.localID == report }) else {
                    throw ValidationError("report '\(report)' is not known at the start of \(date)")
                }
                try print(detail(c))
                return
            }
            let cases = UseOfMines.select(
                all,
                state: iso3,
                actor: actor,
                year: year,
                status: status.flatMap(UseAssessment.Status.init),
                weapon: weapon.flatMap(UseReport.Weapon.init),
                statesPartiesOnly: statesParties,
                openOnly: open
            )
            if byYear {
                let columns = ["year", "actor", "reports"]
                let rows = UseOfMines.byYearAndActor(cases).map { [String($0.year), $0.actor, String($0.reports)] }
                try print(
                    render(columns, rows, title: "Reports of use by year and actor, known at the start of \(date)")
                )
                return
            }
            let columns = [
                "id", "period", "actor", "territory", "weapon", "status", "answered", "state_party", "source",
            ]
            let rows = cases.map { c in
                [
                    c.report.localID, c.report.periodText ?? "(reported \(c.report.reported))", c.report.actorName,
                    c.report.territory, c.report.weapon.rawValue, c.status.rawValue, c.answered ? "yes" : "no",
                    c.actorWasStateParty.map { $0 ? "yes" : "no" } ?? "", c.report.source,
                ]
            }
            try print(
                render(
                    columns,
                    rows,
                    title: "Reports of use known at the start of \(date): \(cases.count), "
                        + "\(cases.filter { $0.status == .confirmed }.count) confirmed, "
                        + "\(cases.filter(\.isOpenWithoutAnswer).count) open without an answer"
                )
            )
        }
    }

    private func render(_ columns: [String], _ rows: [[String]], title: String) throws -> String {
        switch output.format {
        case .json: return try JSONOutput.render(rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) })
        case .csv: return Tabulation(columns: columns, rows: rows).csv()
        case .table: return title + "\n" + Tabulation(columns: columns, rows: rows).text()
        }
    }

    /// One report's record: what was reported, then each assessment and response in date order.
    private func detail(_ c: UseCase) throws -> String {
        let r = c.report
        let columns = ["date", "what", "by", "detail", "source"]
        var rows = [
            [
                r.reported.iso, "reported", r.actorName,
                [r.periodText, r.place, r.device].compactMap { $0 }
                    .joined(separator: "; "), r.source,
            ]
        ]
        let events: [(CalendarDate, [String])] =
            c.assessments.map {
                ($0.assessed, [$0.assessed.iso, $0.status.rawValue, $0.assessedBy, $0.notes ?? "", $0.source])
            }
            + c.responses.map {
                ($0.responded, [$0.responded.iso, $0.kind.rawValue, $0.responder, $0.summary ?? "", $0.source])
            }
        rows += events.sorted { $0.0 < $1.0 }.map(\.1)
        return try render(
            columns,
            rows,
            title: "\(r.localID): \(r.actorName) in \(r.territory) — \(c.status.rawValue)"
                + (c.answered ? ", answered" : ", no answer from the accused")
        )
    }
}
