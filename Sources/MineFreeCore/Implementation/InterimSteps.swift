import Foundation

/// A state's vote on the UN General Assembly's annual resolution on implementing the Mine Ban Convention: for a state
/// outside the treaty, a yes is one of the interim steps campaigners ask for (with attending meetings, a voluntary
/// Art 7 report, disclosing and destroying stockpiles).
public struct UNGAVote: Hashable, Sendable, Codable {
    public enum Vote: String, CaseIterable, Sendable, Codable { case yes, no, abstain, absent }
    /// The plenary vote on the resolution, the First Committee's on its draft, or one a source does not place.
    public enum Forum: String, CaseIterable, Sendable, Codable {
        case plenary
        case firstCommittee = "first_committee"
        case unspecified
    }

    public var iso3: String
    public var year: Int
    /// `A/RES/65/48` (plenary) or `A/C.1/72/L.40` (a First Committee draft), where the source gives it.
    public var resolution: String?
    public var forum: Forum
    public var vote: Vote
    public var provenance: Provenance
    public var notes: String?

    public init(
        iso3: String,
        year: Int,
        resolution: String?,
        forum: Forum,
        vote: Vote,
        provenance: Provenance,
        notes: String?
    ) {
        self.iso3 = iso3
        self.year = year
        self.resolution = resolution
        self.forum = forum
        self.vote = vote
        self.provenance = provenance
        self.notes = notes
    }
}

extension TreatyRegistry {
    /// Statuses of a state outside the treaty: never joined, signed only, or withdrawn.
    static let outside: Set<ParticipationStatus> = [.notSigned, .signatory, .withdrawn]

    /// A state's votes, oldest first.
    public func ungaVotes(of iso3: String) -> [UNGAVote] {
        ungaVotes.filter { $0.iso3 == iso3 }.sorted { ($0.year, $0.forum.rawValue) < ($1.year, $1.forum.rawValue) }
    }

    /// One year's votes of the states that were not party to the APMBC at the end of that year: who voted for the
    /// resolution from outside the treaty, who abstained.
    public func ungaVotesOutsideTheTreaty(year: Int) -> [UNGAVote] {
        guard let yearEnd = CalendarDate(year: year, month: 12, day: 31) else { return [] }
        return ungaVotes.filter { v in
            v.year == year
                && (state(v.iso3).map { Self.outside.contains(standing(of: $0, in: .apmbc, asOf: yearEnd).status) }
                    ?? false)
        }.sorted { ($0.iso3, $0.forum.rawValue) < ($1.iso3, $1.forum.rawValue) }
    }
}
