import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree states`: the status table of every state under one convention.
struct StatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "states",
        abstract: "Every state's status under a convention, as of a date."
    )

    @Option(help: "apmbc or ccm.") var convention: Convention = .apmbc
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "M49 region or sub-region, e.g. Africa or 'Central Asia'.") var region: String?
    @Option(help: "not_signed, signatory, party_not_in_force, party, withdrawal_pending or withdrawn.")
    var status: ParticipationStatus?
    @Flag(name: .customLong("other-areas"), help: "Include other areas (Kosovo, Western Sahara…), which cannot join.")
    var otherAreas = false
    @OptionGroup var output: FormatOption

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            try context.checkRegion(region)
            let rows = context.registry.standings(in: convention, asOf: date).filter {
                (otherAreas || $0.state.kind != .otherArea) && (region == nil || $0.state.inRegion(region!))
                    && (status == nil || $0.status == status)
            }
            switch output.format {
            case .json:
                print(try JSONOutput.render(rows.map(StateRowJSON.init)))
            case .csv, .table:
                let table = Tabulation(
                    columns: [
                        "iso3", "name", "region", "status", "signed", "deposited", "instrument", "entry_into_force",
                        "withdrawal_effective",
                    ],
                    rows: rows.map {
                        [
                            $0.state.iso3, $0.state.name, $0.state.subRegion,
                            output.format == .csv ? $0.status.rawValue : $0.status.label,
                            $0.signed.text, $0.deposited.text, $0.instrument?.rawValue ?? "", $0.entryIntoForce.text,
                            $0.withdrawalEffective.text,
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    print("\(convention.shortTitle), as of \(date): \(counted(rows.count, "state"))")
                    print(table.text())
                }
            }
        }
    }
}
