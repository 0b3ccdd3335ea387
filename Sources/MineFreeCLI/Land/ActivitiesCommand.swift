import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree activities`: each activity as it stood on a day (its latest record dated before the day).
struct ActivitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activities",
        abstract:
            "Activities (NTS, TS, clearance, BAC, EOD spot tasks) as of a date, with the status their latest record gave."
    )

    @Option(help: "planned, ongoing, suspended or completed (as of the date).") var status: String?
    @Option(help: "non_technical_survey, technical_survey, clearance, battle_area_clearance or eod_spot_task.")
    var type: String?
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        let wantedStatus = try status.map { raw in
            guard let s = ActivityStatus(rawValue: raw) else {
                throw BadInput(
                    "unknown status '\(raw)': expected \(ActivityStatus.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return s
        }
        let wantedType = try type.map { raw in
            guard let t = ActivityType(rawValue: raw) else {
                throw BadInput(
                    "unknown activity type '\(raw)': expected \(ActivityType.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return t
        }
        try await CommandContext.with { context in
            let view = ActivityView(
                records: try await LandRepository(database: context.store.database).activityRecords(),
                asOf: date
            )
            let rows = view.current.filter {
                (wantedStatus == nil || $0.status == wantedStatus) && (wantedType == nil || $0.type == wantedType)
            }
            switch output.format {
            case .json:
                struct Row: Encodable {
                    let id: String; let type: String; let organisation_id: String; let hazard_id: Nullable<String>;
                    let method: String
                    let asset_ids: [String]; let start_date: String; let end_date: Nullable<String>; let status: String
                    let date_of_information: String; let records: Int
                }
                print(
                    try JSONOutput.render(
                        rows.map {
                            Row(
                                id: $0.activityID,
                                type: $0.type.rawValue,
                                organisation_id: $0.organisationID,
                                hazard_id: Nullable($0.hazardID),
                                method: $0.method.rawValue,
                                asset_ids: $0.assetIDs,
                                start_date: $0.startDate.iso,
                                end_date: Nullable($0.endDate?.iso),
                                status: $0.status.rawValue,
                                date_of_information: $0.dateOfInformation.iso,
                                records: view.recordCounts[$0.activityID] ?? 0
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: [
                        "id", "type", "organisation_id", "hazard_id", "method", "asset_ids", "start_date", "end_date",
                        "status",
                        "date_of_information",
                    ],
                    rows: rows.map {
                        [
                            $0.activityID, $0.type.rawValue, $0.organisationID, $0.hazardID ?? "", $0.method.rawValue,
                            $0.assetIDs.joined(separator: ";"), $0.startDate.iso, $0.endDate?.iso ?? "",
                            $0.status.rawValue, $0.dateOfInformation.iso,
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    print("\(rows.count) activities as of \(date)")
                    print(table.text())
                }
            }
        }
    }
}
