import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree assistance`: victim assistance. `gaps` (the default) says where it falls short.
struct AssistanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assistance",
        abstract: "Victim assistance: survivors, their needs and the services given.",
        subcommands: [AssistanceGapsCommand.self],
        defaultSubcommand: AssistanceGapsCommand.self
    )
}

/// `minefree assistance gaps`: needs with no service, by pillar, admin area or provider; survivors reached in a
/// period; days from the accident to the first service (`AssistanceGaps`).
struct AssistanceGapsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Needs with no service, survivors reached in a period, days to first service, services by provider."
    )

    enum Breakdown: String, CaseIterable { case pillar, area, provider }

    @OptionGroup var period: PeriodOption
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "pillar (default), area (where survivors live) or provider.") var by: String = "pillar"
    @Option(
        name: .customLong("pcode-length"),
        help:
            "With --by area: count under the first N characters of the P-code (an area above); default the whole code."
    )
    var pcodeLength: Int?
    @OptionGroup var output: FormatOption

    func run() async throws {
        guard let breakdown = Breakdown(rawValue: by) else {
            throw BadInput(
                "cannot count assistance by '\(by)': expected \(Breakdown.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let pcodeLength, !(1...64).contains(pcodeLength) {
            throw BadInput("--pcode-length \(pcodeLength) is not a length from 1 to 64")
        }
        let date = asOf ?? .today()
        let range = try period.range(asOf: date)
        try await CommandContext.with { context in
            let gaps = try await PeopleRepository(database: context.store.database).assistanceGaps(
                period: range,
                asOf: date
            )
            let columns: [String]
            let cells: [[Cell]]
            switch breakdown {
            case .pillar:
                columns = ["pillar", "needs", "served", "referred_only", "no_service", "services", "survivors_reached"]
                cells = gaps.byPillar.map { r in
                    [.text(r.key)]
                        + [r.needs, r.served, r.referredOnly, r.noService, r.services, r.survivorsReached].map(
                            Cell.number
                        )
                }
            case .area:
                columns = [
                    "area", "survivors", "survivors_reached", "needs", "served", "referred_only", "no_service",
                    "services",
                ]
                cells = gaps.byArea(pcodeLength: pcodeLength).map { r in
                    [.text(r.key)]
                        + [r.survivors, r.survivorsReached, r.needs, r.served, r.referredOnly, r.noService, r.services]
                        .map(Cell.number)
                }
            case .provider:
                columns = ["provider", "pillar", "services", "survivors"]
                cells = gaps.byProvider.map {
                    [.text($0.provider), .text($0.pillar.rawValue), .number($0.services), .number($0.survivors)]
                }
            }
            let table = Tabulation(columns: columns, rows: cells.map { $0.map(\.text) })
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Band: Encodable { let days: String; let survivors: Int }
                struct Answer: Encodable {
                    let from: String; let to: String; let as_of: String; let registered: Int; let reached: Int
                    let share_reached: Nullable<Double>; let median_days_to_first_service: Nullable<Double>
                    let days_to_first_service: [Band]; let by: String; let rows: [[String: Cell]]
                }
                let rows = cells.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
                print(
                    try JSONOutput.render(
                        Answer(
                            from: range.lowerBound.iso,
                            to: range.upperBound.adding(days: -1).iso,
                            as_of: date.iso,
                            registered: gaps.registered,
                            reached: gaps.reached,
                            share_reached: Nullable(gaps.shareReached.map { ($0 * 1000).rounded() / 1000 }),
                            median_days_to_first_service: Nullable(gaps.medianDaysToFirstService),
                            days_to_first_service: gaps.distribution.map { Band(days: $0.label, survivors: $0.count) },
                            by: by,
                            rows: rows
                        )
                    )
                )
            case .table:
                let share = gaps.shareReached.map { String(format: " (%.1f%%)", $0 * 100) } ?? ""
                print(
                    "Victim assistance \(range.text), as known before \(date): \(gaps.reached) of \(gaps.registered) survivors and family members reached\(share)"
                )
                let unmet = gaps.needs.filter { $0.standing == .noService }.count
                print("\(gaps.needs.count) needs identified, \(unmet) with no service")
                let median = gaps.medianDaysToFirstService.map { String(format: "%g", $0) } ?? "none"
                print(
                    "Days from accident to first service (first service in the period): median \(median) over \(gaps.daysToFirstService.count) survivors; "
                        + gaps.distribution.map { "\($0.label): \($0.count)" }.joined(separator: ", ")
                )
                print(table.text())
            }
        }
    }
}

/// A cell of a People table: JSON writes a count as a number.
enum Cell: Encodable {
    case text(String)
    case number(Int)

    var text: String {
        switch self {
        case .text(let s): return s
        case .number(let n): return String(n)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let s): try container.encode(s)
        case .number(let n): try container.encode(n)
        }
    }
}
