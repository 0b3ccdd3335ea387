import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree finds`: device finds recorded before a day, one by one or totalled by category or year.
struct FindsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finds",
        abstract: "Device finds as of a date: each find, or totals by category or by year."
    )

    @Option(help: "Total by 'category' or 'year'; without it every find is listed.") var by: String?
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        if let by, by != "category", by != "year" {
            throw BadInput("cannot total by '\(by)': expected category or year")
        }
        try await CommandContext.with { context in
            let finds = try await LandRepository(database: context.store.database).deviceFinds()
            if let by {
                let totals =
                    by == "year"
                    ? DeviceFindTotals.byYear(finds, asOf: date) : DeviceFindTotals.byCategory(finds, asOf: date)
                switch output.format {
                case .json:
                    struct Row: Encodable { let key: String; let finds: Int; let devices: Int64 }
                    struct Out: Encodable {
                        let as_of: String; let by: String; let rows: [Row]; let total_devices: Int64
                    }
                    print(
                        try JSONOutput.render(
                            Out(
                                as_of: date.iso,
                                by: by,
                                rows: totals.map { Row(key: $0.key, finds: $0.finds, devices: $0.devices) },
                                total_devices: totals.reduce(0) { $0 + $1.devices }
                            )
                        )
                    )
                case .csv, .table:
                    let table = Tabulation(
                        columns: [by, "finds", "devices"],
                        rows: totals.map { [$0.key, String($0.finds), String($0.devices)] }
                    )
                    if output.format == .csv {
                        print(table.csv())
                    } else {
                        print("Devices found before \(date): \(totals.reduce(0) { $0 + $1.devices })")
                        print(table.text())
                    }
                }
                return
            }
            let rows = finds.filter { $0.date < date }
            switch output.format {
            case .json:
                struct Row: Encodable {
                    let id: String; let activity_id: Nullable<String>; let hazard_id: Nullable<String>;
                    let date: String; let category: String
                    let model: Nullable<String>; let count: Int64; let lon: Nullable<Double>; let lat: Nullable<Double>;
                    let disposal: String
                }
                print(
                    try JSONOutput.render(
                        rows.map {
                            Row(
                                id: $0.localID,
                                activity_id: Nullable($0.activityID),
                                hazard_id: Nullable($0.hazardID),
                                date: $0.date.iso,
                                category: $0.category.rawValue,
                                model: Nullable($0.model),
                                count: $0.count,
                                lon: Nullable($0.location?.lon),
                                lat: Nullable($0.location?.lat),
                                disposal: $0.disposal.rawValue
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: [
                        "id", "activity_id", "hazard_id", "date", "category", "model", "count", "lon", "lat",
                        "disposal",
                    ],
                    rows: rows.map {
                        [
                            $0.localID, $0.activityID ?? "", $0.hazardID ?? "", $0.date.iso, $0.category.rawValue,
                            $0.model ?? "", String($0.count),
                            $0.location.map { String($0.lon) } ?? "", $0.location.map { String($0.lat) } ?? "",
                            $0.disposal.rawValue,
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    print("\(rows.count) finds before \(date)")
                    print(table.text())
                }
            }
        }
    }
}
