import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree transparency`: the Art 7 reporting record (APMBC) — each State Party's initial and annual reports as the
/// sources known on a day say: submitted, late, not submitted — and the yearly compliance rates published.
struct TransparencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transparency",
        abstract: "Art 7 transparency reports (APMBC): submitted, late or not, and the yearly compliance rates.",
        discussion: """
            With --state, that State Party's initial report and every annual report a source spoke of, each with its
            due day, standing and source. With --year, the annual reports for that calendar year (due 30 April of the
            next) the record holds, and the compliance rates published for it. Without either, the compliance rates
            by year. Statements are read as known at the start of --as-of: a report submitted late shows as not
            submitted before the source that says it came.
            """
    )

    @Option(help: "A State Party (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "The calendar year annual reports cover.") var year: Int?
    @Option(
        name: .customLong("as-of"),
        help: "Known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let year, !(1999...2200).contains(year) { throw ValidationError("year \(year) is not a year from 1999") }
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let registry = context.registry
            let reportColumns = ["state", "report", "due", "standing", "submitted_on", "as_of", "source"]
            func row(_ iso3: String, _ r: ReportStanding) -> [String] {
                [
                    iso3, r.kind == .initial ? "initial" : "annual \(r.year.map(String.init) ?? "")", r.due.iso,
                    r.status.rawValue, r.submittedOn?.iso ?? "", r.statement?.asOf.iso ?? "",
                    r.statement?.provenance.source ?? "",
                ]
            }
            var sections: [(title: String, columns: [String], rows: [[String]])] = []
            if let code = state {
                let s = try context.state(code)
                let standing = registry.standing(of: s, in: .apmbc, asOf: date)
                guard !standing.transparency.isEmpty else {
                    throw ValidationError("\(s.name) is not a State Party to the APMBC on \(date)")
                }
                sections.append(
                    (
                        "\(s.name): Art 7 reports known at the start of \(date)", reportColumns,
                        standing.transparency.map { row(s.iso3, $0) }
                    )
                )
            } else if let year {
                let rows = registry.standings(in: .apmbc, asOf: date).compactMap { standing in
                    standing.transparency.first { $0.year == year }.map { row(standing.state.iso3, $0) }
                }
                sections.append(
                    ("Annual reports for \(year) in the record, known at the start of \(date)", reportColumns, rows)
                )
            }
            if state == nil {
                let rates = registry.complianceRates(year: year, asOf: date).map { r in
                    [
                        String(r.year), r.asOf.iso,
                        r.ratePercent.map { $0 == $0.rounded() ? "\(Int($0))%" : "\($0)%" } ?? "",
                        r.submitted.map(String.init) ?? "", r.statesPartiesDue.map(String.init) ?? "",
                        r.provenance.confidence.rawValue, r.provenance.source,
                    ]
                }
                sections.append(
                    (
                        "Compliance rates published, known at the start of \(date)",
                        ["year", "as_of", "rate", "submitted", "due", "confidence", "source"], rates
                    )
                )
            }
            switch output.format {
            case .json:
                let objects = sections.flatMap { s in
                    s.rows.map { Dictionary(uniqueKeysWithValues: zip(s.columns, $0)) }
                }
                print(try JSONOutput.render(objects))
            case .csv: for s in sections { print(Tabulation(columns: s.columns, rows: s.rows).csv()) }
            case .table:
                for s in sections {
                    print(s.title)
                    print(Tabulation(columns: s.columns, rows: s.rows).text())
                }
            }
        }
    }
}
