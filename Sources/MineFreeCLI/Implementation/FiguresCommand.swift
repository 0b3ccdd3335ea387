import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree figures`: figures sources disagree on — each source's value or range, the span they cover, the value
/// adopted and why. Never an average.
struct FiguresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract:
            "Figures sources disagree on (casualties, stocks, contaminated area): every source's value, and the one adopted.",
        discussion: """
            Each figure (a state, a topic, a year) known at the start of the day with the span of the sources' values
            and the value the programme adopted with its reason; with --state, --topic or --year one figure's sources
            are listed one by one. --disputed keeps the figures whose sources do not agree.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code), or ALL.") var state: String?
    @Option(
        help:
            "casualties, mines_in_stock, cluster_munitions_in_stock, area_contaminated_m2, mines_retained or other."
    )
    var topic: String?
    @Option(help: "The year the figure describes.") var year: Int?
    @Flag(help: "Only the figures whose sources disagree.") var disputed = false
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let topic, FigureReport.Topic(rawValue: topic) == nil {
            throw ValidationError(
                "topic '\(topic)' is not one of \(FigureReport.Topic.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let year, !(1990...2200).contains(year) { throw ValidationError("year \(year) is not a year from 1990") }
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let iso3 = try state.map { $0.uppercased() == "ALL" ? "ALL" : try context.state($0).iso3 }
            let figures = SourcedFigure.select(
                try await SourcedFigureRepository(database: context.store.database).figures(asOf: date),
                state: iso3,
                topic: topic.flatMap(FigureReport.Topic.init),
                year: year,
                disputedOnly: disputed
            )
            let detail = iso3 != nil || topic != nil || year != nil
            let columns =
                detail
                ? ["state", "topic", "year", "value", "source", "kind", "reported", "adopted"]
                : ["state", "topic", "year", "sources", "range", "adopted", "reason"]
            var rows: [[String]] = []
            for f in figures {
                if detail {
                    for r in f.reports {
                        rows.append([
                            f.state, f.topic.rawValue, String(f.year), r.valueText, r.source,
                            r.sourceKind?.rawValue ?? "", r.reported.iso, r.localID == f.adopted?.localID ? "yes" : "",
                        ])
                    }
                } else {
                    rows.append([
                        f.state, f.topic.rawValue, String(f.year), String(f.reports.count), f.rangeText,
                        f.adopted.map { "\($0.valueText) (\($0.source))" } ?? "", f.adoption?.reason ?? "",
                    ])
                }
            }
            switch output.format {
            case .json: print(try JSONOutput.render(rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }))
            case .csv: print(Tabulation(columns: columns, rows: rows).csv())
            case .table:
                print(
                    "Figures known at the start of \(date): \(figures.count), \(figures.filter { !$0.agree }.count) disputed"
                )
                print(Tabulation(columns: columns, rows: rows).text())
                for f in figures where detail && f.adoption != nil {
                    print(
                        "\(f.state) \(f.topic.rawValue) \(f.year): adopted \(f.adopted!.valueText) — \(f.adoption!.reason)"
                    )
                }
            }
        }
    }
}
