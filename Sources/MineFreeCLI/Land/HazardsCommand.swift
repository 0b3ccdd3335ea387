import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree hazards`: the hazardous areas as they stood on a day.
struct HazardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hazards",
        abstract: "Hazardous areas as of a date: classification, contamination, area, released, remaining, status."
    )

    @Option(help: "Admin area / region code.") var region: String?
    @Option(help: "open, worked_on or closed (derived from the releases recorded before the date).") var status: String?
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "Show at most this many (table only; 0 = all).") var limit: Int = 50
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        var wanted: HazardStatus?
        if let status {
            guard let s = HazardStatus(rawValue: status) else {
                throw BadInput("unknown status '\(status)': expected open, worked_on or closed")
            }
            wanted = s
        }
        guard limit >= 0 else { throw BadInput("limit \(limit) must be 0 or more") }
        try await CommandContext.with { context in
            let repository = LandRepository(database: context.store.database)
            let view = try await repository.view(asOf: date)
            // With admin areas recorded, a region is a P-code at any level and covers the areas below it.
            var covered: Set<String>?
            if let region {
                do {
                    covered = try await repository.regionsCovered(by: region)
                } catch let unknown as RegionFilter.Unknown {
                    throw BadInput(unknown.description)
                }
            }
            let rows = view.standings.filter {
                (covered == nil || covered!.contains($0.hazard.region)) && (wanted == nil || $0.status == wanted)
            }
            let table = Tabulation(
                columns: [
                    "id", "region", "classification", "contamination", "recorded_date", "area_m2", "released_m2",
                    "remaining_m2",
                    "status", "accessibility",
                ],
                rows: rows.map {
                    [
                        $0.hazard.localID, $0.hazard.region, $0.classification.rawValue,
                        $0.hazard.contamination.rawValue,
                        $0.hazard.recordedDate.iso, String($0.hazard.areaM2), String($0.releasedM2),
                        String($0.remainingM2), $0.status.rawValue,
                        $0.accessibility.rawValue + ($0.inaccessibleReason.map { " (\($0))" } ?? ""),
                    ]
                }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable {
                    let id: String; let region: String; let classification: String; let contamination: String
                    let recorded_date: String; let area_m2: Int64; let released_m2: Int64; let remaining_m2: Int64;
                    let status: String
                    let accessibility: String; let inaccessible_reason: Nullable<String>; let revisions: Int
                }
                print(
                    try JSONOutput.render(
                        rows.map {
                            Row(
                                id: $0.hazard.localID,
                                region: $0.hazard.region,
                                classification: $0.classification.rawValue,
                                contamination: $0.hazard.contamination.rawValue,
                                recorded_date: $0.hazard.recordedDate.iso,
                                area_m2: $0.hazard.areaM2,
                                released_m2: $0.releasedM2,
                                remaining_m2: $0.remainingM2,
                                status: $0.status.rawValue,
                                accessibility: $0.accessibility.rawValue,
                                inaccessible_reason: Nullable($0.inaccessibleReason),
                                revisions: $0.revisions.count
                            )
                        }
                    )
                )
            case .table:
                let total = rows.reduce(Int64(0)) { $0 + $1.remainingM2 }
                print(
                    "\(rows.count) hazardous areas as of \(date), \(AreaUnit.hectares.format(total, decimals: 2)) ha remaining"
                )
                var shown = table
                if limit > 0, rows.count > limit {
                    shown.rows = Array(table.rows.prefix(limit))
                }
                print(shown.text())
                if limit > 0, rows.count > limit { print("… \(rows.count - limit) more (--limit 0 shows all)") }
            }
        }
    }
}
