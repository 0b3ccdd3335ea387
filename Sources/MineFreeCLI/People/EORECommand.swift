import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree eore`: explosive ordnance risk education. `coverage` (the default) says which settlements beside open
/// hazards it reached.
struct EORECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eore",
        abstract: "Explosive ordnance risk education: sessions, awareness groups and the settlements they reach.",
        subcommands: [EORECoverageCommand.self],
        defaultSubcommand: EORECoverageCommand.self
    )
}

/// `minefree eore coverage`: the settlements within a distance of a hazard open on the as-of day, reached in the
/// period or not, ranked by population or by casualties nearby (`RiskEducationCoverage`).
struct EORECoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Settlements near open hazards, reached by risk education in a period or not, ranked."
    )

    @Option(help: "Metres from an open hazard within which a settlement counts (1 to 50,000).")
    var within: Double = RiskEducationCoverage.Options().within
    @OptionGroup var period: PeriodOption
    @Option(
        name: .customLong("as-of"),
        help: "Hazards open and records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(
        name: .customLong("session-radius"),
        help:
            "Metres from a settlement within which a session with a position and no settlement counts for it (0 to 5,000)."
    )
    var sessionRadius: Double = RiskEducationCoverage.Options().sessionRadius
    @Option(
        name: .customLong("casualty-years"),
        help: "Casualties nearby: those of this many years before the as-of day (1 to 50)."
    )
    var casualtyYears: Int = RiskEducationCoverage.Options().casualtyYears
    @Option(help: "population (default) or casualties (nearby).") var rank: String = "population"
    @Flag(name: .customLong("not-reached"), help: "Only the settlements not reached.") var notReached = false
    @OptionGroup var output: FormatOption

    func run() async throws {
        guard within.isFinite, (1...50_000).contains(within) else {
            throw BadInput("--within \(String(format: "%g", within)) is not a distance from 1 to 50,000 metres")
        }
        guard sessionRadius.isFinite, (0...5000).contains(sessionRadius) else {
            throw BadInput(
                "--session-radius \(String(format: "%g", sessionRadius)) is not a distance from 0 to 5,000 metres"
            )
        }
        guard (1...50).contains(casualtyYears) else {
            throw BadInput("--casualty-years \(casualtyYears) is not a number of years from 1 to 50")
        }
        guard let ranking = RiskEducationCoverage.Ranking(rawValue: rank) else {
            throw BadInput(
                "cannot rank by '\(rank)': expected \(RiskEducationCoverage.Ranking.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let date = asOf ?? .today()
        let range = try period.range(asOf: date)
        let options = RiskEducationCoverage.Options(
            within: within,
            sessionRadius: sessionRadius,
            casualtyYears: casualtyYears,
            ranking: ranking
        )
        try await CommandContext.with { context in
            var rows = try await PeopleRepository(database: context.store.database).riskEducationCoverage(
                period: range,
                asOf: date,
                options: options
            )
            let all = rows
            if notReached { rows.removeAll(where: \.reached) }
            let table = Tabulation(
                columns: [
                    "settlement", "name", "admin_pcode", "population", "hazard", "metres", "reached", "sessions",
                    "people_reached", "awareness_groups", "casualties_nearby",
                ],
                rows: rows.map { r in
                    [
                        r.settlementID, r.name, r.adminPcode ?? "", String(r.population), r.nearestHazardID,
                        String(Int(r.metres.rounded())), r.reached ? "yes" : "no", String(r.sessions),
                        String(r.peopleReached), String(r.awarenessGroups), String(r.casualtiesNearby),
                    ]
                }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable {
                    let settlement: String; let name: String; let admin_pcode: Nullable<String>; let population: Int64
                    let hazard: String; let metres: Int; let reached: Bool; let sessions: Int; let people_reached: Int64
                    let awareness_groups: Int; let casualties_nearby: Int
                }
                print(
                    try JSONOutput.render(
                        rows.map { r in
                            Row(
                                settlement: r.settlementID,
                                name: r.name,
                                admin_pcode: Nullable(r.adminPcode),
                                population: r.population,
                                hazard: r.nearestHazardID,
                                metres: Int(r.metres.rounded()),
                                reached: r.reached,
                                sessions: r.sessions,
                                people_reached: r.peopleReached,
                                awareness_groups: r.awarenessGroups,
                                casualties_nearby: r.casualtiesNearby
                            )
                        }
                    )
                )
            case .table:
                let unreached = all.filter { !$0.reached }
                print(
                    "\(all.count) settlements within \(Int(within)) m of a hazard open on \(date); reached \(range.text): \(all.count - unreached.count), not reached: \(unreached.count) (population \(unreached.reduce(Int64(0)) { $0 + $1.population }))"
                )
                print(table.text())
            }
        }
    }
}
