import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree progress`: recorded, released by method, remaining, % released, as of a date.
struct ProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Land release progress: recorded, released (by method), remaining and % released, as of a date."
    )

    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(
        help:
            "Break down by any of region, contamination, year, method (comma-separated); 'none' for national totals; 'all' for the full table."
    )
    var by: String = "region"
    @Option(
        help: "Hazards recorded on or after this date count as newly found (the baseline is what was known before).",
        transform: CalendarDate.argument
    )
    var baseline: CalendarDate?
    @Option(help: "Unit for the table: m2, ha or km2.") var unit: String = "ha"
    @OptionGroup var output: FormatOption

    static let dimensions = ["region", "contamination", "year", "method"]

    func run() async throws {
        let date = asOf ?? .today()
        let chosen: Set<String>
        switch by {
        case "none": chosen = []
        case "all": chosen = Set(Self.dimensions)
        default:
            chosen = Set(by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            if let bad = chosen.first(where: { !Self.dimensions.contains($0) }) {
                throw BadInput(
                    "cannot break down by '\(bad)': expected region, contamination, year, method, none or all"
                )
            }
        }
        guard let areaUnit = AreaUnit(rawValue: unit) else {
            throw BadInput("unknown unit '\(unit)': expected m2, ha or km2")
        }
        try await CommandContext.with { context in
            let repository = LandRepository(database: context.store.database)
            let (recorded, released) = try await repository.progressFlows(asOf: date)
            let table = ProgressTable(recorded: recorded, released: released, asOf: date)
            if by == "all", output.format == .csv {
                print(table.csv(), terminator: "")
                return
            }
            let rows = table.rows.filter { r in
                (chosen.contains("region") != (r.region == ProgressTable.all))
                    && (chosen.contains("contamination") != (r.contamination == ProgressTable.all))
                    && (chosen.contains("year") != (r.year == nil))
                    && (chosen.contains("method") != (r.method == nil))
            }
            var split: LandView.BaselineSplit?
            if let baseline {
                split = try await repository.view(asOf: date).split(baseline: baseline)
            }
            switch output.format {
            case .json:
                print(try JSONOutput.render(ProgressJSON(asOf: date, rows: rows, split: split)))
            case .csv:
                print(Self.tabulation(rows, unit: .squareMetres, decimals: 0).csv())
            case .table:
                print("Land release progress as of \(date) (\(unit))")
                print(Self.tabulation(rows, unit: areaUnit, decimals: areaUnit == .squareMetres ? 0 : 2).text())
                if let s = split {
                    print("")
                    print(
                        "Baseline (recorded before \(s.baselineDate)): \(s.baselineHazards) hazards, "
                            + "\(areaUnit.format(s.baselineRecordedM2, decimals: 2)) recorded, \(areaUnit.format(s.baselineReleasedM2, decimals: 2)) released, "
                            + "\(areaUnit.format(s.baselineRemainingM2, decimals: 2)) remaining \(unit)"
                    )
                    print(
                        "Newly found since:  \(s.newlyFoundHazards) hazards, "
                            + "\(areaUnit.format(s.newlyFoundRecordedM2, decimals: 2)) recorded, \(areaUnit.format(s.newlyFoundReleasedM2, decimals: 2)) released, "
                            + "\(areaUnit.format(s.newlyFoundRemainingM2, decimals: 2)) remaining \(unit)"
                    )
                }
            }
        }
    }

    static func tabulation(_ rows: [ProgressTable.Row], unit: AreaUnit, decimals: Int) -> Tabulation {
        Tabulation(
            columns: [
                "region", "contamination", "year", "method", "released", "recorded", "remaining", "pct_released",
            ],
            rows: rows.map {
                [
                    $0.region, $0.contamination, $0.year.map(String.init) ?? ProgressTable.all,
                    $0.method?.rawValue ?? ProgressTable.all,
                    unit.format($0.releasedM2, decimals: decimals), unit.format($0.recordedM2, decimals: decimals),
                    unit.format($0.remainingM2, decimals: decimals),
                    $0.percentReleased.map { String(format: "%.2f", $0) } ?? "",
                ]
            }
        )
    }

    struct ProgressJSON: Encodable {
        struct Row: Encodable {
            let region: String; let contamination: String; let year: Nullable<Int>; let method: String
            let released_m2: Int64; let recorded_m2: Int64; let remaining_m2: Int64; let pct_released: Nullable<Double>
        }
        struct Split: Encodable {
            let baseline_date: String; let baseline_hazards: Int; let baseline_recorded_m2: Int64;
            let baseline_released_m2: Int64
            let baseline_remaining_m2: Int64; let newly_found_hazards: Int; let newly_found_recorded_m2: Int64
            let newly_found_released_m2: Int64; let newly_found_remaining_m2: Int64
        }
        let as_of: String
        let rows: [Row]
        let baseline: Nullable<Split>

        init(asOf: CalendarDate, rows: [ProgressTable.Row], split: LandView.BaselineSplit?) {
            as_of = asOf.iso
            self.rows = rows.map {
                Row(
                    region: $0.region,
                    contamination: $0.contamination,
                    year: Nullable($0.year),
                    method: $0.method?.rawValue ?? ProgressTable.all,
                    released_m2: $0.releasedM2,
                    recorded_m2: $0.recordedM2,
                    remaining_m2: $0.remainingM2,
                    pct_released: Nullable($0.percentReleased.map { ($0 * 10_000).rounded() / 10_000 })
                )
            }
            baseline = Nullable(
                split.map {
                    Split(
                        baseline_date: $0.baselineDate.iso,
                        baseline_hazards: $0.baselineHazards,
                        baseline_recorded_m2: $0.baselineRecordedM2,
                        baseline_released_m2: $0.baselineReleasedM2,
                        baseline_remaining_m2: $0.baselineRemainingM2,
                        newly_found_hazards: $0.newlyFoundHazards,
                        newly_found_recorded_m2: $0.newlyFoundRecordedM2,
                        newly_found_released_m2: $0.newlyFoundReleasedM2,
                        newly_found_remaining_m2: $0.newlyFoundRemainingM2
                    )
                }
            )
        }
    }
}
