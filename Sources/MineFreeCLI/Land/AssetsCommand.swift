import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree assets`: assets in service on a day and, over a period, their working days and capacity.
struct AssetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets",
        abstract:
            "Assets (manual teams, machines, dog teams) as of a date; with --from/--to, working days and capacity in m²."
    )

    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "First day of the capacity period (YYYY-MM-DD).", transform: CalendarDate.argument) var from:
        CalendarDate?
    @Option(help: "Last day of the capacity period, included (YYYY-MM-DD).", transform: CalendarDate.argument) var to:
        CalendarDate?
    @Option(
        name: .customLong("rest-days"),
        help: "Weekly rest days, ISO numbers 1 (Monday) … 7 (Sunday), comma-separated, e.g. 5,6."
    )
    var restDays: String?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        let period: (CalendarDate, CalendarDate)?
        switch (from, to) {
        case (nil, nil): period = nil
        case (let f?, let t?):
            guard f <= t else { throw BadInput("period \(f) to \(t): --to must not be before --from") }
            period = (f, t)
        default: throw BadInput("a capacity period needs both --from and --to")
        }
        var rest = Set<Int>()
        for part in (restDays ?? "").split(separator: ",") {
            guard let d = Int(part.trimmingCharacters(in: .whitespaces)), (1...7).contains(d) else {
                throw BadInput("rest day '\(part)' is not an ISO weekday 1 (Monday) … 7 (Sunday)")
            }
            rest.insert(d)
        }
        try await CommandContext.with { context in
            let repository = LandRepository(database: context.store.database)
            // Known on the day: assets in service before it, downtime starting before it.
            let assets = try await repository.assets().filter { $0.inServiceFrom < date }
            let downtime = try await repository.downtime().filter { $0.from < date }
            let capacity = period.map { p in
                assets.map { AssetCapacity.of($0, downtime: downtime, from: p.0, to: p.1, restWeekdays: rest) }
            }
            switch output.format {
            case .json:
                struct Row: Encodable {
                    let id: String; let type: String; let organisation_id: String; let productivity_m2_per_day: Int64;
                    let in_service_from: String
                    let working_days: Nullable<Int>; let downtime_days: Nullable<Int>; let capacity_m2: Nullable<Int64>
                }
                print(
                    try JSONOutput.render(
                        assets.enumerated().map { i, a in
                            Row(
                                id: a.localID,
                                type: a.type.rawValue,
                                organisation_id: a.organisationID,
                                productivity_m2_per_day: a.productivityM2PerDay,
                                in_service_from: a.inServiceFrom.iso,
                                working_days: Nullable(capacity?[i].workingDays),
                                downtime_days: Nullable(capacity?[i].downtimeDays),
                                capacity_m2: Nullable(capacity?[i].capacityM2)
                            )
                        }
                    )
                )
            case .csv, .table:
                var columns = ["id", "type", "organisation_id", "productivity_m2_per_day", "in_service_from"]
                if capacity != nil { columns += ["working_days", "downtime_days", "capacity_m2"] }
                let table = Tabulation(
                    columns: columns,
                    rows: assets.enumerated().map { i, a in
                        var row = [
                            a.localID, a.type.rawValue, a.organisationID, String(a.productivityM2PerDay),
                            a.inServiceFrom.iso,
                        ]
                        if let c = capacity?[i] {
                            row += [String(c.workingDays), String(c.downtimeDays), String(c.capacityM2)]
                        }
                        return row
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    var title = "\(assets.count) assets in service before \(date)"
                    if let period, let capacity {
                        title +=
                            "; capacity \(period.0) to \(period.1): \(capacity.reduce(Int64(0)) { $0 + $1.capacityM2 }) m²"
                    }
                    print(title)
                    print(table.text())
                }
            }
        }
    }
}
