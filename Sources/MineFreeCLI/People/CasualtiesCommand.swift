import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree casualties`: mine/ERW casualties recorded before a day, killed and injured, by year, device, sex or
/// outcome. Counts only: names and other personal data come with the People area, protected by role.
struct CasualtiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casualties",
        abstract: "Casualties as of a date: killed and injured, by year, device, sex or outcome."
    )

    @Option(help: "year (default), device, sex or outcome.") var by: String = "year"
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let key: (CasualtyEvent) -> String
        switch by {
        case "year": key = { String($0.date.year) }
        case "device": key = { $0.device.rawValue }
        case "sex": key = { $0.sex?.rawValue ?? "unknown" }
        case "outcome": key = { $0.outcome.rawValue }
        default: throw BadInput("cannot count casualties by '\(by)': expected year, device, sex or outcome")
        }
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let events = try await RecordRepository(database: context.store.database).records(
                CasualtyEvent.self,
                asOf: date
            )
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
