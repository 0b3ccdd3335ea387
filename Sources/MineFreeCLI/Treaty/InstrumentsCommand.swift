import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree instruments`: the instruments beside the Mine Ban Treaty — CCW Amended Protocol II and Protocol V, the
/// CRPD — who is bound by them on a day, and how that crosses with the treaty.
struct InstrumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instruments",
        abstract: "Related instruments (CCW Amended Protocol II and Protocol V, the CRPD): who is bound on a day.",
        discussion: """
            Without options, how many states each instrument binds and how many of them are States Parties to the
            Mine Ban Treaty. --state gives one state's standing under the APMBC, the CCM and each instrument.
            --instrument lists the states it binds (--not: those it does not), narrowed by --apmbc party or
            not-party: `--instrument crpd --not --apmbc party` lists the States Parties to the APMBC not party to the
            CRPD; `--instrument ccw-apii --apmbc not-party` the states outside the APMBC bound by Amended Protocol II.
            """
    )

    @Option(help: "ccw-apii, ccw-p5 or crpd.") var instrument: String?
    @Flag(name: .customLong("not"), help: "With --instrument: the states it does not bind.") var notBound = false
    @Option(help: "party or not-party: narrow to States Parties to the APMBC, or to the states outside it.")
    var apmbc: String?
    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let instrument, RelatedInstrument.parse(instrument) == nil {
            throw ValidationError("instrument '\(instrument)' is not one of ccw-apii, ccw-p5, crpd")
        }
        if let apmbc, apmbc != "party", apmbc != "not-party" {
            throw ValidationError("--apmbc '\(apmbc)' is not party or not-party")
        }
        if notBound, instrument == nil { throw ValidationError("--not needs --instrument") }
        if state != nil, instrument != nil || apmbc != nil {
            throw ValidationError("--state is one state's standing: leave out --instrument and --apmbc")
        }
    }

    func emit(_ columns: [String], _ rows: [[String]], title: String) throws {
        switch output.format {
        case .json: print(try JSONOutput.render(rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }))
        case .csv: print(Tabulation(columns: columns, rows: rows).csv())
        case .table:
            print(title)
            print(Tabulation(columns: columns, rows: rows).text())
        }
    }

    func run() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let registry = context.registry
            if let code = state {
                let s = try context.state(code)
                var rows: [[String]] = Convention.allCases.map { c in
                    let standing = registry.standing(of: s, in: c, asOf: date)
                    let since = standing.entryIntoForce ?? standing.deposited ?? standing.signed
                    return [c.rawValue, standing.status.rawValue, since?.iso ?? "", standing.provenance?.source ?? ""]
                }
                for i in RelatedInstrument.allCases {
                    let (status, since) = registry.instrumentStatus(of: s.iso3, in: i, asOf: date)
                    let source = registry.instrumentParticipation(s.iso3, in: i)?.provenance.source ?? ""
                    rows.append([i.rawValue, status.rawValue, since?.iso ?? "", source])
                }
                return try emit(
                    ["instrument", "status", "since", "source"],
                    rows,
                    title: "\(s.name) (\(s.iso3)) at the start of \(date)"
                )
            }
            let party: Bool? = apmbc.map { $0 == "party" }
            if let name = instrument, let i = RelatedInstrument.parse(name) {
                let list = registry.states(i, bound: !notBound, apmbcParty: party, asOf: date)
                let rows = list.map { s -> [String] in
                    let (status, since) = registry.instrumentStatus(of: s.iso3, in: i, asOf: date)
                    return [
                        s.iso3, s.name, status.rawValue, since?.iso ?? "",
                        registry.standing(of: s, in: .apmbc, asOf: date).status.rawValue,
                    ]
                }
                let scope =
                    party.map { $0 ? " among States Parties to the APMBC" : " among states outside the APMBC" } ?? ""
                return try emit(
                    ["iso3", "name", i.rawValue, "since", "apmbc"],
                    rows,
                    title:
                        "\(notBound ? "Not bound by" : "Bound by") \(i.title)\(scope), at the start of \(date): \(rows.count)"
                )
            }
            let rows = RelatedInstrument.allCases.map { i -> [String] in
                let bound = registry.states(i, asOf: date)
                let parties = registry.states(i, apmbcParty: true, asOf: date)
                return [
                    i.rawValue, i.title, String(bound.count), String(parties.count),
                    String(bound.count - parties.count),
                ]
            }
            try emit(
                ["instrument", "title", "bound", "apmbc_parties", "outside_apmbc"],
                rows,
                title: "Related instruments at the start of \(date) (UN Treaty Collection, as read on 3 Feb 2026)"
            )
        }
    }
}
