import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree production`: facilities that produced anti-personnel mines and what became of them (Art 7 form E), or
/// the transfers of mines between states.
struct ProductionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "production",
        abstract: "Mine production facilities and their decommissioning (Art 7 form E), or transfers of mines.",
        discussion: """
            Each facility as its latest record stood at the start of the day (producing, ceased, converted or
            decommissioned, with the days), for every state or one (--state) and one status (--status). --transfers
            lists the transfers recorded instead: who sent how many mines of which type to whom, and why.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "producing, ceased, converted or decommissioned.") var status: String?
    @Flag(help: "The transfers of mines between states instead of the facilities.") var transfers = false
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let status, ProductionFacility.Status(rawValue: status) == nil {
            throw ValidationError(
                "status '\(status)' is not one of \(ProductionFacility.Status.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if status != nil, transfers { throw ValidationError("--status is for facilities, not --transfers") }
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let records = try await StockpileRepository(database: context.store.database).records(asOf: date)
            let iso3 = try state.map { try context.state($0).iso3 }
            let columns: [String]
            let rows: [[String]]
            let title: String
            if transfers {
                let list = records.transfers.filter { iso3 == nil || $0.from == iso3 || $0.to == iso3 }
                    .sorted { ($0.date, $0.localID) < ($1.date, $1.localID) }
                columns = ["id", "date", "from", "to", "mine_type", "quantity", "purpose", "source"]
                rows = list.map {
                    [
                        $0.localID, $0.date.iso, $0.from, $0.to, $0.mineType, String($0.quantity), $0.purpose.rawValue,
                        $0.source ?? "",
                    ]
                }
                title = "Transfers of mines recorded before \(date): \(list.count)"
            } else {
                let list = records.facilities.filter {
                    (iso3 == nil || $0.state == iso3) && (status == nil || $0.status.rawValue == status)
                }.sorted { ($0.state, $0.localID) < ($1.state, $1.localID) }
                columns = [
                    "id", "state", "name", "place", "status", "ceased_on", "decommissioned_on", "recorded", "source",
                ]
                rows = list.map {
                    [
                        $0.localID, $0.state, $0.name, $0.place ?? "", $0.status.rawValue, $0.ceasedOn.text,
                        $0.decommissionedOn.text, $0.recorded.iso, $0.source ?? "",
                    ]
                }
                let counts = Dictionary(grouping: list, by: \.status).mapValues(\.count)
                title =
                    "Production facilities as they stood at the start of \(date): "
                    + ProductionFacility.Status.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(
                        separator: ", "
                    )
            }
            switch output.format {
            case .json:
                print(try JSONOutput.render(rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }))
            case .csv: print(Tabulation(columns: columns, rows: rows).csv())
            case .table:
                print(title)
                print(Tabulation(columns: columns, rows: rows).text())
            }
        }
    }
}
