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

/// A state outside the treaty in one year: the interim steps it took — its vote on the UNGA resolution, the treaty
/// meetings its delegation attended, a voluntary Art 7 report, a stockpile disclosed or destroyed, a moratorium, a
/// statement of support — what it gave as its reason for staying out, and the contacts made with it. `taken` of
/// `StepYear.possible` is how far it went that year towards the treaty (the "distance to accession" over time).
public struct StepYear: Sendable, Equatable {
    public static let possible = 6

    public let iso3: String
    public let year: Int
    public let status: ParticipationStatus
    /// The plenary vote where recorded, else the First Committee's or an unplaced one.
    public let vote: UNGAVote.Vote?
    /// Titles of the treaty meetings (MSP, Review Conference, intersessional) its delegation attended.
    public let treatyMeetings: [String]
    public let steps: [StateStep.Kind]
    public let reasons: [String]
    public let contacts: Int

    /// Outside the treaty at the year's end (never joined, signed only, withdrawn); a State Party's year has no
    /// interim steps to count.
    public var outsideTreaty: Bool { TreatyRegistry.outside.contains(status) }

    public var taken: Int {
        var n = vote == .yes ? 1 : 0
        if !treatyMeetings.isEmpty { n += 1 }
        if steps.contains(.voluntaryReport) { n += 1 }
        if steps.contains(.stockpileDisclosed) || steps.contains(.stockpileDestroyed) { n += 1 }
        if steps.contains(.moratorium) { n += 1 }
        if steps.contains(.statementOfSupport) { n += 1 }
        return n
    }
}

/// The records an interim-steps view reads besides the registry.
public struct AdvocacyRecords: Sendable {
    public var events: [AdvocacyEvent]
    public var attendance: [EventAttendance]
    public var steps: [StateStep]
    public var contacts: [AdvocacyContact]

    public init(
        events: [AdvocacyEvent] = [],
        attendance: [EventAttendance] = [],
        steps: [StateStep] = [],
        contacts: [AdvocacyContact] = []
    ) {
        self.events = events
        self.attendance = attendance
        self.steps = steps
        self.contacts = contacts
    }
}

extension TreatyRegistry {
    /// Each year of `years` for `iso3` (known at the start of `asOf`): its status at the year's end and its steps.
    public func stepYears(of iso3: String, years: ClosedRange<Int>, records: AdvocacyRecords, asOf: CalendarDate)
        -> [StepYear]
    {
        guard let state = state(iso3) else { return [] }
        let events = Dictionary(records.events.map { ($0.localID, $0) }, uniquingKeysWith: { a, _ in a })
        return years.compactMap { year -> StepYear? in
            guard let yearEnd = CalendarDate(year: year, month: 12, day: 31),
                let first = CalendarDate(year: year, month: 1, day: 1)
            else { return nil }
            let known = min(yearEnd.adding(days: 1), asOf)
            func within(_ d: CalendarDate) -> Bool { d >= first && d < known }
            let votes = ungaVotes(of: iso3).filter { $0.year == year && year < asOf.year }
            let vote =
                (votes.first { $0.forum == .plenary } ?? votes.first { $0.forum == .unspecified }
                ?? votes.first)?.vote
            let meetings = records.attendance.filter { $0.state == iso3 && within($0.date) }.compactMap { a in
                events[a.eventID].flatMap { $0.kind.isTreatyMeeting ? $0.title : nil }
            }
            let steps = records.steps.filter { $0.state == iso3 && within($0.date) }
            return StepYear(
                iso3: iso3,
                year: year,
                status: standing(of: state, in: .apmbc, asOf: min(yearEnd, asOf)).status,
                vote: vote,
                treatyMeetings: Array(Set(meetings)).sorted(),
                steps: steps.map(\.kind).filter { $0 != .reasonNotJoining },
                reasons: steps.filter { $0.kind == .reasonNotJoining }.compactMap(\.detail),
                contacts: records.contacts.filter { $0.state == iso3 && within($0.date) }.count
            )
        }
    }

    /// The states outside the treaty at the start of `asOf` (never joined, signed only, withdrawn), UN members and
    /// observer states, with their last `years` years of steps.
    public func statesNotParty(asOf: CalendarDate, years: Int, records: AdvocacyRecords) -> [[StepYear]] {
        let last = asOf.year - 1
        let range = (last - max(years, 1) + 1)...last
        return states.filter { s in
            (s.kind == .unMember || s.kind == .observerState)
                && Self.outside.contains(standing(of: s, in: .apmbc, asOf: asOf).status)
        }.map { stepYears(of: $0.iso3, years: range, records: records, asOf: asOf) }
    }
}

extension StepYear {
    /// What `interim-steps` asks for: one state's last `years` years (or its `year`), or every state outside the
    /// treaty in `year` (at its end) or over the last `years` years.
    public static func select(
        registry: TreatyRegistry,
        state iso3: String?,
        year: Int?,
        years: Int,
        records: AdvocacyRecords,
        asOf: CalendarDate
    ) -> [StepYear] {
        if let iso3 {
            let range = year.map { $0...$0 } ?? (asOf.year - years)...(asOf.year - 1)
            return registry.stepYears(of: iso3, years: range, records: records, asOf: asOf)
        }
        let day = year.flatMap { CalendarDate(year: $0 + 1, month: 1, day: 1) }.map { min($0, asOf) } ?? asOf
        let rows = registry.statesNotParty(asOf: day, years: year == nil ? years : 1, records: records).flatMap { $0 }
        return year.map { y in rows.filter { $0.year == y } } ?? rows
    }
}
