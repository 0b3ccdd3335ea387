import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree universalization`: how many are in, who is out, by region.
struct UniversalizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "universalization",
        abstract: "States Parties, UN members not party and signatories, by region, as of a date."
    )

    @Option(help: "apmbc or ccm.") var convention: Convention = .apmbc
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "Limit to one M49 region or sub-region.") var region: String?
    @OptionGroup var output: FormatOption

    struct RegionJSON: Encodable {
        let region: String
        let un_members: Int
        let states_parties: Int
        let signatories: Int
        let un_members_not_party: Int
    }

    struct JoinJSON: Encodable {
        let year: Int
        let total: Int
        let by_instrument: [String: Int]
    }

    struct SummaryJSON: Encodable {
        let convention: String
        let as_of: String
        let states_parties: Int
        let in_force: Int
        let un_members: Int
        let un_members_party: Int
        let signatories_not_ratified: [StateRefJSON]
        let un_members_not_party: [StateRefJSON]
        let withdrawals_pending: [StateRefJSON]
        let withdrawn: [StateRefJSON]
        let regions: [RegionJSON]
        let joins_by_year: [JoinJSON]
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            try context.checkRegion(region)
            let s = context.registry.universalization(of: convention, asOf: date, region: region)
            let joins = context.registry.joinsByYear(of: convention, asOf: date)
            let regions = s.regions.map {
                RegionJSON(
                    region: $0.region,
                    un_members: $0.unMembers,
                    states_parties: $0.statesParties,
                    signatories: $0.signatories,
                    un_members_not_party: $0.unMembersNotParty
                )
            }
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        SummaryJSON(
                            convention: convention.rawValue,
                            as_of: date.iso,
                            states_parties: s.statesParties,
                            in_force: s.inForce,
                            un_members: s.unMembers,
                            un_members_party: s.unMembersParty,
                            signatories_not_ratified: s.signatoriesNotRatified.map(StateRefJSON.init),
                            un_members_not_party: s.unMembersNotParty.map(StateRefJSON.init),
                            withdrawals_pending: s.withdrawalsPending.map(StateRefJSON.init),
                            withdrawn: s.withdrawn.map(StateRefJSON.init),
                            regions: regions,
                            joins_by_year: joins.map {
                                JoinJSON(
                                    year: $0.year,
                                    total: $0.total,
                                    by_instrument: Dictionary(
                                        uniqueKeysWithValues: $0.byInstrument.map { ($0.key.rawValue, $0.value) }
                                    )
                                )
                            }
                        )
                    )
                )
            case .csv:
                print(Self.regionTable(regions, total: s).csv())
            case .table:
                print("\(convention.shortTitle), as of \(date)\(region.map { " — \($0)" } ?? "")")
                print("  States Parties:             \(s.statesParties) (in force for \(s.inForce))")
                print("  UN members party:           \(s.unMembersParty) of \(s.unMembers)")
                print(
                    "  Signatories not ratified:   \(s.signatoriesNotRatified.count)\(Self.names(s.signatoriesNotRatified))"
                )
                if !s.withdrawalsPending.isEmpty {
                    print(
                        "  Withdrawals pending:        \(s.withdrawalsPending.count)\(Self.names(s.withdrawalsPending))"
                    )
                }
                if !s.withdrawn.isEmpty {
                    print("  Withdrawn:                  \(s.withdrawn.count)\(Self.names(s.withdrawn))")
                }
                print("")
                print(Self.regionTable(regions, total: s).text())
                print("")
                print("UN members not party (\(s.unMembersNotParty.count)):")
                print(Self.wrap(s.unMembersNotParty.map { "\($0.name) (\($0.iso3))" }))
            }
        }
    }

    static func regionTable(_ regions: [RegionJSON], total s: UniversalizationSummary) -> Tabulation {
        var rows = regions.map {
            [
                $0.region, String($0.un_members), String($0.states_parties), String($0.signatories),
                String($0.un_members_not_party),
            ]
        }
        rows.append([
            "ALL", String(s.unMembers), String(s.statesParties), String(s.signatoriesNotRatified.count),
            String(s.unMembersNotParty.count),
        ])
        return Tabulation(
            columns: ["region", "un_members", "states_parties", "signatories", "un_members_not_party"],
            rows: rows
        )
    }

    static func names(_ states: [State]) -> String {
        states.isEmpty ? "" : " — " + states.map(\.iso3).joined(separator: ", ")
    }

    static func wrap(_ items: [String], width: Int = 100) -> String {
        var lines: [String] = []
        var line = " "
        for item in items {
            if line.count + item.count + 2 > width {
                lines.append(line)
                line = " "
            }
            line += " " + item + ","
        }
        if line.count > 1 { lines.append(String(line.dropLast())) }
        return lines.joined(separator: "\n")
    }
}
