import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree interim-steps`: what states outside the Mine Ban Convention did towards it, year by year — today their
/// votes on the UN General Assembly's annual resolution, with sources.
struct InterimStepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interim-steps",
        abstract: "Interim steps of states not party: their votes on the UNGA resolution on the Convention, by year.",
        discussion: """
            --state: one state's votes (any year; whether it was party then is shown). --year: the votes that year of the
            states then outside the treaty. Each vote names its forum (the plenary, or the First Committee on the draft,
            or unspecified where the source does not say) and its source.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "One year (the states outside the treaty at its end).") var year: Int?
    @Flag(
        help:
            "Every interim step per state and year (UNGA vote, treaty meetings attended, voluntary Art 7 report, stockpile disclosed or destroyed, moratorium, statement of support), reasons given, contacts, and the steps taken of six."
    )
    var steps = false
    @Option(help: "With --steps and no --year: how many years back (default 10).") var years: Int = 10
    @Option(
        name: .customLong("as-of"),
        help: "With --steps: records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let year, !(1997...2100).contains(year) {
            throw ValidationError("year \(year) is out of range: expected a year from 1997 on")
        }
        if state == nil && year == nil && !steps { throw ValidationError("give --state, --year or both") }
        if !(1...30).contains(years) { throw ValidationError("years \(years) is out of range: expected 1 to 30") }
    }

    struct StepJSON: Encodable {
        let iso3: String
        let year: Int
        let status_at_year_end: String
        let vote: String?
        let treaty_meetings: [String]
        let steps: [String]
        let reasons: [String]
        let contacts: Int
        let taken: Int
        let possible: Int
    }

    /// `--steps`: each state and year with every step, from the registry and the store's records.
    func runSteps() async throws {
        let date = asOf ?? .today()
        try await CommandContext.with { context in
            let registry = context.registry
            let records = try await AdvocacyRepository(database: context.store.database).records(asOf: date)
            let rows = StepYear.select(
                registry: registry,
                state: try state.map { try context.state($0).iso3 },
                year: year,
                years: years,
                records: records,
                asOf: date
            )
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        rows.map {
                            StepJSON(
                                iso3: $0.iso3,
                                year: $0.year,
                                status_at_year_end: $0.status.rawValue,
                                vote: $0.vote?.rawValue,
                                treaty_meetings: $0.treatyMeetings,
                                steps: $0.steps.map(\.rawValue),
                                reasons: $0.reasons,
                                contacts: $0.contacts,
                                taken: $0.taken,
                                possible: StepYear.possible
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: ["iso3", "year", "status", "vote", "treaty_meetings", "steps", "contacts", "taken"],
                    rows: rows.map {
                        [
                            $0.iso3, String($0.year), $0.status.rawValue, $0.vote?.rawValue ?? "",
                            $0.treatyMeetings.joined(separator: "; "), $0.steps.map(\.rawValue).joined(separator: "; "),
                            String($0.contacts), "\($0.taken)/\(StepYear.possible)",
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    print("Interim steps of states outside the treaty, known on \(date):")
                    print(table.text())
                    for r in rows where !r.reasons.isEmpty {
                        print(
                            "  \(r.iso3) \(r.year), reason given for not joining: \(r.reasons.joined(separator: "; "))"
                        )
                    }
                }
            }
        }
    }

    struct VoteJSON: Encodable {
        let iso3: String
        let year: Int
        let status_at_year_end: String
        let forum: String
        let vote: String
        let resolution: String?
        let source: String
        let confidence: String
    }

    func run() async throws {
        if steps { return try await runSteps() }
        try await CommandContext.with { context in
            let registry = context.registry
            var votes: [UNGAVote]
            if let code = state {
                votes = registry.ungaVotes(of: try context.state(code).iso3)
                if let year { votes = votes.filter { $0.year == year } }
            } else {
                votes = registry.ungaVotesOutsideTheTreaty(year: year!)
            }
            func status(_ v: UNGAVote) -> String {
                guard let s = registry.state(v.iso3), let end = CalendarDate(year: v.year, month: 12, day: 31) else {
                    return ""
                }
                return registry.standing(of: s, in: .apmbc, asOf: end).status.rawValue
            }
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        votes.map {
                            VoteJSON(
                                iso3: $0.iso3,
                                year: $0.year,
                                status_at_year_end: status($0),
                                forum: $0.forum.rawValue,
                                vote: $0.vote.rawValue,
                                resolution: $0.resolution,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: ["iso3", "year", "status", "forum", "vote", "resolution", "confidence", "source"],
                    rows: votes.map {
                        [
                            $0.iso3, String($0.year), status($0), $0.forum.rawValue, $0.vote.rawValue,
                            $0.resolution ?? "", $0.provenance.confidence.rawValue, $0.provenance.source,
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    let yes = votes.filter { $0.vote == .yes }.count
                    print("UNGA votes: \(votes.count) (\(yes) in favour)")
                    print(table.text())
                }
            }
        }
    }
}
