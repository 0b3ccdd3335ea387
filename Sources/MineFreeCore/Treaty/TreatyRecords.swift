import Foundation

/// What kind of entity a row of the state list is.
public enum StateKind: String, CaseIterable, Sendable, Codable {
    case unMember = "un_member"
    /// Holy See, State of Palestine.
    case observerState = "observer_state"
    /// Cook Islands, Niue: states that join treaties but are not UN members.
    case nonMemberState = "non_member_state"
    /// Areas the Landmine Monitor reports on that cannot join treaties (Kosovo, Western Sahara…).
    case otherArea = "other_area"
}

/// A state or other area, with its UN M49 geography.
public struct State: Hashable, Sendable, Codable {
    /// ISO 3166-1 alpha-3, or a user-assigned code (XKX, XSL, XNK) for an other area.
    public var iso3: String
    public var iso2: String?
    public var m49: String?
    public var name: String
    public var kind: StateKind
    /// UN M49 region: Africa, Americas, Asia, Europe, Oceania.
    public var region: String
    public var subRegion: String
    public var intermediateRegion: String?
    public var unMemberSince: CalendarDate?
    public var provenance: Provenance

    public init(
        iso3: String,
        iso2: String?,
        m49: String?,
        name: String,
        kind: StateKind,
        region: String,
        subRegion: String,
        intermediateRegion: String?,
        unMemberSince: CalendarDate?,
        provenance: Provenance
    ) {
        self.iso3 = iso3
        self.iso2 = iso2
        self.m49 = m49
        self.name = name
        self.kind = kind
        self.region = region
        self.subRegion = subRegion
        self.intermediateRegion = intermediateRegion
        self.unMemberSince = unMemberSince
        self.provenance = provenance
    }

    /// Whether the state was a UN member at the start of `date`.
    public func isUNMember(asOf date: CalendarDate) -> Bool {
        guard kind == .unMember, let since = unMemberSince else { return false }
        return since < date
    }
}

/// The general facts of a convention, from the depositary.
public struct ConventionFacts: Hashable, Sendable, Codable {
    public var convention: Convention
    public var title: String
    public var adopted: CalendarDate
    public var openedForSignature: CalendarDate
    public var entryIntoForce: CalendarDate
    public var provenance: Provenance

    public init(
        convention: Convention,
        title: String,
        adopted: CalendarDate,
        openedForSignature: CalendarDate,
        entryIntoForce: CalendarDate,
        provenance: Provenance
    ) {
        self.convention = convention
        self.title = title
        self.adopted = adopted
        self.openedForSignature = openedForSignature
        self.entryIntoForce = entryIntoForce
        self.provenance = provenance
    }
}

/// One state's signature, consent to be bound and withdrawal for one convention.
public struct TreatyParticipation: Hashable, Sendable, Codable {
    public var convention: Convention
    public var iso3: String
    public var signed: CalendarDate?
    public var deposited: CalendarDate?
    public var instrument: InstrumentKind?
    /// Entry into force for this state. Computed by Art 17 unless the source states it (succession).
    public var entryIntoForce: CalendarDate?
    public var withdrawalNotified: CalendarDate?
    /// Nil while a notified withdrawal has not taken effect (Art 20.3 defers it during armed conflict).
    public var withdrawalEffective: CalendarDate?
    /// The day the depositary received a notice that the state suspends the convention's operation (Ukraine, 2025).
    /// Neither convention provides for suspension: the state stays a party, and the fact is shown beside its status.
    public var suspensionNotified: CalendarDate?
    public var provenance: Provenance
    public var notes: String?

    public init(
        convention: Convention,
        iso3: String,
        signed: CalendarDate?,
        deposited: CalendarDate?,
        instrument: InstrumentKind?,
        entryIntoForce: CalendarDate?,
        withdrawalNotified: CalendarDate?,
        withdrawalEffective: CalendarDate?,
        suspensionNotified: CalendarDate? = nil,
        provenance: Provenance,
        notes: String?
    ) {
        self.convention = convention
        self.iso3 = iso3
        self.signed = signed
        self.deposited = deposited
        self.instrument = instrument
        self.entryIntoForce = entryIntoForce
        self.withdrawalNotified = withdrawalNotified
        self.withdrawalEffective = withdrawalEffective
        self.suspensionNotified = suspensionNotified
        self.provenance = provenance
        self.notes = notes
    }
}

/// Whether the reference data names every extension decision a meeting took (`decisions_recorded` column).
public enum DecisionsRecorded: String, CaseIterable, Sendable {
    case all
    case partial
}

/// A Meeting of States Parties or Review Conference (where extensions are granted).
public struct TreatyMeeting: Hashable, Sendable, Codable {
    public var convention: Convention
    /// `9MSP`, `2RC`…
    public var code: String
    public var name: String
    public var city: String?
    public var countryISO3: String?
    public var start: CalendarDate
    public var end: CalendarDate
    /// True when a source says the meeting decided more extension requests than the data records (the 22MSP
    /// approved 12 of 14, not all named): a deadline it could have extended is then never read as missed.
    public var decisionsPartlyRecorded: Bool
    public var provenance: Provenance

    public init(
        convention: Convention,
        code: String,
        name: String,
        city: String?,
        countryISO3: String?,
        start: CalendarDate,
        end: CalendarDate,
        decisionsPartlyRecorded: Bool = false,
        provenance: Provenance
    ) {
        self.convention = convention
        self.code = code
        self.name = name
        self.city = city
        self.countryISO3 = countryISO3
        self.start = start
        self.end = end
        self.decisionsPartlyRecorded = decisionsPartlyRecorded
        self.provenance = provenance
    }
}

/// What the sources say a state did about one obligation (stockpile destruction or clearance).
public struct ObligationReport: Hashable, Sendable, Codable {
    public enum Applicability: String, CaseIterable, Sendable, Codable {
        /// Held stockpiles / had mined areas: the obligation applies.
        case yes
        /// Declared none: the obligation never applied.
        case no
        case unknown
    }

    public var convention: Convention
    public var obligation: Obligation
    public var iso3: String
    public var applies: Applicability
    /// The declared completion date; nil if not completed or only the year is known.
    public var completedOn: CalendarDate?
    /// The status the source gives (`completed`, `ongoing`, `missed`…), kept for reference; the
    /// engine derives the status as of any date from the dates.
    public var reportedStatus: String?
    /// Mined areas found after completion were reported on this day (the 12MSP's procedure for newly discovered
    /// mined areas): the obligation is open again from then, with its own extensions. Nil when it never reopened.
    public var reopenedOn: CalendarDate?
    /// The day completion was declared to the States Parties (a meeting, or a declaration the ISU dates), when it is
    /// not the day clearance ended; nil if not read.
    public var declaredOn: CalendarDate? = nil
    /// The meeting the completion was declared at (a code of the convention's meetings), when a source names it.
    public var declaredAt: String? = nil
    public var provenance: Provenance
    public var notes: String?

    /// Whether the source reports the obligation met (`completed`, `completed_late`,
    /// `completed_then_new_contamination`), dated or not.
    public var reportsCompletion: Bool { reportedStatus?.hasPrefix("completed") == true }

    public init(
        convention: Convention,
        obligation: Obligation,
        iso3: String,
        applies: Applicability,
        completedOn: CalendarDate?,
        reportedStatus: String?,
        reopenedOn: CalendarDate? = nil,
        declaredOn: CalendarDate? = nil,
        declaredAt: String? = nil,
        provenance: Provenance,
        notes: String?
    ) {
        self.reopenedOn = reopenedOn
        self.declaredOn = declaredOn
        self.declaredAt = declaredAt
        self.convention = convention
        self.obligation = obligation
        self.iso3 = iso3
        self.applies = applies
        self.completedOn = completedOn
        self.reportedStatus = reportedStatus
        self.provenance = provenance
        self.notes = notes
    }
}

/// A request to extend a deadline that a meeting was to consider, whose decision no source read records. Once the
/// deadline it would replace has passed, the obligation reads "extension requested, decision not recorded" — never
/// "missed", and never "extended" on a grant nobody read.
public struct ExtensionRequest: Hashable, Sendable, Codable {
    public var convention: Convention
    public var obligation: Obligation
    public var iso3: String
    /// The meeting the request was before.
    public var meetingCode: String
    public var submittedOn: CalendarDate?
    /// The deadline asked for, where a source gives it.
    public var requestedDeadline: CalendarDate?
    /// The day the request is known: its submission, else the meeting's first day.
    public var knownBy: CalendarDate
    /// The meeting's first day: a grant known before it answers an earlier request, not this one.
    public var meetingStart: CalendarDate
    public var provenance: Provenance
    public var notes: String?

    public init(
        convention: Convention,
        obligation: Obligation,
        iso3: String,
        meetingCode: String,
        submittedOn: CalendarDate?,
        requestedDeadline: CalendarDate?,
        knownBy: CalendarDate,
        meetingStart: CalendarDate,
        provenance: Provenance,
        notes: String?
    ) {
        self.convention = convention
        self.obligation = obligation
        self.iso3 = iso3
        self.meetingCode = meetingCode
        self.submittedOn = submittedOn
        self.requestedDeadline = requestedDeadline
        self.knownBy = knownBy
        self.meetingStart = meetingStart
        self.provenance = provenance
        self.notes = notes
    }
}

/// A deadline extension granted by a meeting (APMBC Art 5.3–5.6; CCM Art 3.3 and Art 4.5).
public struct DeadlineExtension: Hashable, Sendable, Codable {
    public var convention: Convention
    public var obligation: Obligation
    public var iso3: String
    /// 1 for the first extension of this state's deadline, 2 for the second…
    public var sequence: Int
    public var meetingCode: String?
    /// The day the meeting decided, when a source states it.
    public var grantedOn: CalendarDate?
    /// The day by which the extension is known to have been granted: `grantedOn`, else the last day of
    /// the meeting. The engine dates the extension by this, so a past view never shows it early.
    public var knownBy: CalendarDate
    /// Nil when the sources read confirm the grant but not the new date: the deadline is then
    /// "extended, date not recorded" rather than a guess.
    public var newDeadline: CalendarDate?
    public var provenance: Provenance
    public var notes: String?

    public init(
        convention: Convention,
        obligation: Obligation,
        iso3: String,
        sequence: Int,
        meetingCode: String?,
        grantedOn: CalendarDate?,
        knownBy: CalendarDate,
        newDeadline: CalendarDate?,
        provenance: Provenance,
        notes: String?
    ) {
        self.convention = convention
        self.obligation = obligation
        self.iso3 = iso3
        self.sequence = sequence
        self.meetingCode = meetingCode
        self.grantedOn = grantedOn
        self.knownBy = knownBy
        self.newDeadline = newDeadline
        self.provenance = provenance
        self.notes = notes
    }
}
