import ArgumentParser
import Foundation
import MineFreeCore

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
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let year, !(1997...2100).contains(year) {
            throw ValidationError("year \(year) is out of range: expected a year from 1997 on")
        }
        if state == nil && year == nil { throw ValidationError("give --state, --year or both") }
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
