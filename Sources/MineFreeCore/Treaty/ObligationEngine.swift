import Foundation

// The obligation engine: pure functions over a ``TreatyRegistry`` that answer "who is bound by what,
// since when, and by which deadline", as of the start of any day. Facts dated on or after that day
// are not yet known, so a past view never leaks later deposits, extensions or completions.

/// A state's relation to a convention at the start of a day.
public enum ParticipationStatus: String, CaseIterable, Sendable, Codable {
    case notSigned = "not_signed"
    case signatory
    /// Instrument deposited, entry into force still ahead (Art 17.2: up to six months).
    case partyNotInForce = "party_not_in_force"
    /// State Party, convention in force for it.
    case party
    /// Withdrawal notified and not yet effective (Art 20): still bound meanwhile.
    case withdrawalPending = "withdrawal_pending"
    case withdrawn

    public var label: String {
        switch self {
        case .notSigned: return "Not signed"
        case .signatory: return "Signatory"
        case .partyNotInForce: return "State Party (not yet in force)"
        case .party: return "State Party"
        case .withdrawalPending: return "Withdrawal pending"
        case .withdrawn: return "Withdrawn"
        }
    }

    /// Whether the state has consented to be bound and not withdrawn: how the ICBL and the ISU count
    /// "States Parties" (a state is counted from its deposit, not only from entry into force).
    public var isStateParty: Bool {
        switch self {
        case .partyNotInForce, .party, .withdrawalPending: return true
        case .notSigned, .signatory, .withdrawn: return false
        }
    }

    /// Whether the convention's obligations run for the state (in force and not withdrawn).
    public var isBound: Bool { self == .party || self == .withdrawalPending }
}

/// Where a deadline stands at the start of a day.
public enum DeadlineStatus: String, CaseIterable, Sendable, Codable {
    /// The state declared no stockpile / no mined areas.
    case notApplicable = "not_applicable"
    /// The data has no record for this state and obligation: the status cannot be derived.
    case notReported = "not_reported"
    /// Deadline ahead, under the original period.
    case pending
    /// Deadline ahead, under an extension granted by a meeting.
    case extended
    case completed
    /// Completed after the deadline then in force had passed.
    case completedLate = "completed_late"
    /// The deadline in force passed without completion or extension.
    case missed
    /// Completed, then mined areas were found and reported: to be cleared as soon as possible, no extension
    /// granted yet (the 12MSP's procedure for newly discovered mined areas).
    case reopened
    /// The deadline in force passed while a request to extend it was before a meeting whose decision no source read
    /// records (`DeadlineStanding.request`).
    case extensionRequested = "extension_requested"
    /// The deadline in force passed with no extension or request recorded, but a meeting that could have extended it
    /// decided more requests than the data names (`DeadlineStanding.undecidedAt`): not read as missed.
    case decisionNotRecorded = "decision_not_recorded"
}

/// One obligation with a deadline, for one state, as of a day.
public struct DeadlineStanding: Sendable, Codable, Hashable {
    public var obligation: Obligation
    public var article: Int
    public var originalDeadline: CalendarDate
    /// The original deadline, or the one set by the latest extension granted before the day; nil when
    /// that extension's new date is not recorded, and when no deadline runs (``DeadlineStatus/notApplicable``).
    public var deadline: CalendarDate?
    public var extensions: [DeadlineExtension]
    public var status: DeadlineStatus
    public var completedOn: CalendarDate?
    /// The day completion was declared to the States Parties, and the meeting, once known (either may be nil: a
    /// meeting whose day is not read, or a declaration outside a meeting).
    public var completionDeclaredOn: CalendarDate? = nil
    public var completionDeclaredAt: String? = nil
    /// The day mined areas found after completion were reported, once known.
    public var reopenedOn: CalendarDate? = nil
    public var report: ObligationReport?
    /// A request to extend the deadline before a meeting, its decision not recorded (known at the day).
    public var request: ExtensionRequest? = nil
    /// With `decisionNotRecorded`: the meeting whose decisions are only partly recorded.
    public var undecidedAt: String? = nil

    /// True when the standing rests on an unconfirmed row: the obligation's record, the extension that set the
    /// deadline in force, or a pending request. Such a status is never to be shown as plain fact.
    public var isUnconfirmed: Bool {
        [report?.provenance, extensions.last?.provenance, request?.provenance].contains {
            $0?.confidence == .unconfirmed
        }
    }
}

/// Transparency reports (Art 7 of both conventions).
public struct ReportingSchedule: Sendable, Codable, Hashable {
    public var initialReportDue: CalendarDate
    /// The first report due on or after the day: the initial one, or the next 30 April.
    public var nextReportDue: CalendarDate
}

/// One state's standing under one convention, as of a day.
public struct TreatyStanding: Sendable {
    public var state: State
    public var convention: Convention
    public var asOf: CalendarDate
    public var status: ParticipationStatus
    /// The facts dated before the day (a later deposit is not known yet).
    public var signed: CalendarDate?
    public var deposited: CalendarDate?
    public var instrument: InstrumentKind?
    public var entryIntoForce: CalendarDate?
    public var withdrawalNotified: CalendarDate?
    public var withdrawalEffective: CalendarDate?
    /// While a withdrawal is pending: the day it takes effect under Art 20(2) — the day the depositary gives, else six
    /// months after the notice was received — unless the state is then engaged in an armed conflict (Art 20(3)).
    public var withdrawalExpected: CalendarDate?
    /// A notice suspending the convention's operation, received before the day (the state stays a party).
    public var suspensionNotified: CalendarDate? = nil
    public var reporting: ReportingSchedule?
    /// The Art 7 reports' standing (APMBC): submitted, late, not submitted, no record, not yet due.
    public var transparency: [ReportStanding] = []
    public var stockpileDestruction: DeadlineStanding?
    public var clearance: DeadlineStanding?
    public var provenance: Provenance?

    /// "takes effect on 2025-12-27 (Art 20(2)), unless Estonia is then engaged in an armed conflict: then only when
    /// that conflict ends (Art 20(3))".
    public var withdrawalCondition: String? {
        withdrawalExpected.map {
            "takes effect on \($0.iso) (Art 20(2)), unless \(state.name) is then engaged in an armed conflict: "
                + "then only when that conflict ends (Art 20(3))"
        }
    }

    public func deadline(_ obligation: Obligation) -> DeadlineStanding? {
        obligation == .stockpileDestruction ? stockpileDestruction : clearance
    }
}

extension TreatyRegistry {
    /// The clearance deadline (APMBC Art 5, CCM Art 4) a state had to meet as of `date`: the original one or the
    /// latest granted extension's; nil for a state not party then, one with no clearance obligation, one whose
    /// latest extension's date is not recorded, or one that declared completion before the day.
    public func clearanceDeadline(of state: State, in convention: Convention, asOf date: CalendarDate) -> CalendarDate?
    {
        guard let c = standing(of: state, in: convention, asOf: date).clearance, c.completedOn == nil else {
            return nil
        }
        return c.deadline
    }

    /// The Article 5 deadline a forecast of `state`'s clearance is measured against: the one in force on `date`, still
    /// ahead of it; otherwise why there is none.
    public func upcomingClearanceDeadline(of state: State, asOf date: CalendarDate) throws(NoClearanceDeadline)
        -> CalendarDate
    {
        guard let day = clearanceDeadline(of: state, in: .apmbc, asOf: date) else {
            throw NoClearanceDeadline(iso3: state.iso3, asOf: date, passed: nil)
        }
        guard day > date else { throw NoClearanceDeadline(iso3: state.iso3, asOf: date, passed: day) }
        return day
    }

    /// The convention's entry into force: the depositary's date, or Art 17.1 applied to the deposits.
    public func entryIntoForce(of convention: Convention) -> CalendarDate? {
        conventions[convention]?.entryIntoForce
            ?? EntryIntoForce.ofConvention(
                deposits: participations.filter { $0.convention == convention }.compactMap(\.deposited),
                threshold: convention.instrumentsForEntryIntoForce
            )
    }

    /// Entry into force for one participation: stated by the source (successions), else Art 17.
    public func entryIntoForce(of participation: TreatyParticipation) -> CalendarDate? {
        if let stated = participation.entryIntoForce { return stated }
        guard let deposit = participation.deposited, let conventionEIF = entryIntoForce(of: participation.convention)
        else { return nil }
        return EntryIntoForce.forState(depositedOn: deposit, conventionEntryIntoForce: conventionEIF)
    }

    /// The status of a participation at the start of `date`.
    public func status(of participation: TreatyParticipation?, asOf date: CalendarDate) -> ParticipationStatus {
        guard let p = participation else { return .notSigned }
        if let effective = p.withdrawalEffective, effective <= date { return .withdrawn }
        if let deposit = p.deposited, deposit < date {
            if let notified = p.withdrawalNotified, notified < date { return .withdrawalPending }
            if let eif = entryIntoForce(of: p), eif <= date { return .party }
            return .partyNotInForce
        }
        if let signed = p.signed, signed < date { return .signatory }
        return .notSigned
    }

    /// Everything about one state under one convention as of `date`.
    public func standing(of state: State, in convention: Convention, asOf date: CalendarDate) -> TreatyStanding {
        let p = participation(state.iso3, in: convention)
        let status = status(of: p, asOf: date)
        func known(_ d: CalendarDate?) -> CalendarDate? { d.flatMap { $0 < date ? $0 : nil } }
        var standing = TreatyStanding(
            state: state,
            convention: convention,
            asOf: date,
            status: status,
            signed: known(p?.signed),
            deposited: known(p?.deposited),
            instrument: known(p?.deposited) == nil ? nil : p?.instrument,
            entryIntoForce: nil,
            withdrawalNotified: known(p?.withdrawalNotified),
            withdrawalEffective: p?.withdrawalEffective.flatMap { $0 <= date ? $0 : nil },
            withdrawalExpected: status == .withdrawalPending
                ? p?.withdrawalEffective ?? p?.withdrawalNotified?.adding(months: convention.withdrawalNoticeMonths)
                : nil,
            suspensionNotified: known(p?.suspensionNotified),
            reporting: nil,
            stockpileDestruction: nil,
            clearance: nil,
            provenance: p?.provenance
        )
        guard let p, status.isStateParty || status == .withdrawn, let eif = entryIntoForce(of: p) else {
            return standing
        }
        standing.entryIntoForce = eif
        guard status.isStateParty else { return standing }
        standing.reporting = reportingSchedule(entryIntoForce: eif, convention: convention, asOf: date)
        if convention == .apmbc, let due = standing.reporting?.initialReportDue {
            standing.transparency = transparencyRecord(of: state.iso3, initialDue: due, asOf: date)
        }
        standing.stockpileDestruction = deadlineStanding(
            .stockpileDestruction,
            of: state.iso3,
            in: convention,
            entryIntoForce: eif,
            asOf: date
        )
        standing.clearance = deadlineStanding(
            .clearance,
            of: state.iso3,
            in: convention,
            entryIntoForce: eif,
            asOf: date
        )
        return standing
    }

    /// Art 7: the initial report 180 days after entry into force, then every 30 April.
    public func reportingSchedule(entryIntoForce eif: CalendarDate, convention: Convention, asOf date: CalendarDate)
        -> ReportingSchedule
    {
        let initial = eif.adding(days: convention.initialReportDays)
        if initial >= date { return ReportingSchedule(initialReportDue: initial, nextReportDue: initial) }
        let (month, day) = convention.annualReportMonthDay
        // The first 30 April on or after the day, and after the initial report's due date.
        var candidate = CalendarDate(year: date.year, month: month, day: day)!
        if candidate < date { candidate = candidate.adding(years: 1) }
        if candidate <= initial { candidate = CalendarDate(year: initial.year + 1, month: month, day: day)! }
        return ReportingSchedule(initialReportDue: initial, nextReportDue: candidate)
    }

    /// The chain of deadlines known as of `date`: the original one, then each extension granted before it.
    public func deadlineChain(
        _ obligation: Obligation,
        of iso3: String,
        in convention: Convention,
        entryIntoForce eif: CalendarDate,
        asOf date: CalendarDate
    ) -> (original: CalendarDate, extensions: [DeadlineExtension]) {
        let original = eif.adding(years: convention.years(for: obligation))
        let granted = extensions(obligation, of: iso3, in: convention).filter { $0.knownBy < date }
        return (original, granted)
    }

    public func deadlineStanding(
        _ obligation: Obligation,
        of iso3: String,
        in convention: Convention,
        entryIntoForce eif: CalendarDate,
        asOf date: CalendarDate
    ) -> DeadlineStanding {
        let (original, granted) = deadlineChain(obligation, of: iso3, in: convention, entryIntoForce: eif, asOf: date)
        let deadline = granted.isEmpty ? original : granted.last!.newDeadline
        let report = report(obligation, of: iso3, in: convention)
        var standing = DeadlineStanding(
            obligation: obligation,
            article: convention.article(of: obligation),
            originalDeadline: original,
            deadline: deadline,
            extensions: granted,
            status: .notReported,
            completedOn: nil,
            report: report
        )
        guard let report else { return standing }
        // No stockpile held, or no contaminated area ever reported: no deadline runs.
        if report.applies == .no {
            standing.status = .notApplicable
            standing.deadline = nil
            return standing
        }
        let declared = completionDeclared(report).flatMap { $0 < date ? $0 : nil }
        if declared != nil {
            standing.completionDeclaredOn = report.declaredOn
            standing.completionDeclaredAt = report.declaredAt
        }
        if let reopened = report.reopenedOn, reopened < date {
            return reopenedStanding(standing, report: report, reopened: reopened, granted: granted, asOf: date)
        }
        if let completed = report.completedOn, completed < date {
            standing.completedOn = completed
            // Late if it came after the deadline that was in force on the day of completion.
            let lastBefore = granted.last(where: { $0.knownBy <= completed })
            let inForceThen = lastBefore == nil ? original : lastBefore!.newDeadline
            // With the deadline then in force not recorded, lateness cannot be told: say completed.
            standing.status = inForceThen.map { completed > $0 } == true ? .completedLate : .completed
            return standing
        }
        // Completion reported without the day clearance ended: completed from the day it was declared, else trust
        // the source once the deadline has passed.
        if report.completedOn == nil, report.reportsCompletion, declared != nil || deadline.map({ $0 < date }) == true {
            standing.status = report.reportedStatus == "completed_late" ? .completedLate : .completed
            return standing
        }
        guard let deadline else {
            standing.status = .extended
            return standing
        }
        if deadline >= date {
            // A request may already be before a meeting while the deadline is ahead.
            standing.request = pendingRequest(obligation, of: iso3, in: convention, granted: granted, asOf: date)
            standing.status = granted.isEmpty ? .pending : .extended
        } else if report.applies == .yes {
            passed(&standing, deadline: deadline, of: iso3, in: convention, granted: granted, asOf: date)
        } else {
            standing.status = .notReported
        }
        return standing
    }

    /// After mined areas were found past completion: the extensions granted since say by when, and with none the
    /// areas are to be cleared as soon as possible. The earlier completion stays on the record. (A second
    /// completion is not recorded yet: `completed_on` holds the one the reopening followed.)
    func reopenedStanding(
        _ base: DeadlineStanding,
        report: ObligationReport,
        reopened: CalendarDate,
        granted: [DeadlineExtension],
        asOf date: CalendarDate
    ) -> DeadlineStanding {
        var standing = base
        standing.reopenedOn = reopened
        let since = granted.filter { $0.knownBy >= reopened }
        standing.completedOn = report.completedOn
        guard let last = since.last else {
            standing.deadline = nil
            standing.status = .reopened
            return standing
        }
        standing.deadline = last.newDeadline
        standing.status = .extended
        if let deadline = last.newDeadline, deadline < date {
            passed(&standing, deadline: deadline, of: report.iso3, in: report.convention, granted: granted, asOf: date)
        }
        return standing
    }

    /// A deadline in force that passed with no completion (`passedDeadline`).
    func passed(
        _ standing: inout DeadlineStanding,
        deadline: CalendarDate,
        of iso3: String,
        in convention: Convention,
        granted: [DeadlineExtension],
        asOf date: CalendarDate
    ) {
        switch passedDeadline(
            standing.obligation,
            of: iso3,
            in: convention,
            deadline: deadline,
            granted: granted,
            asOf: date
        ) {
        case .requested(let request):
            standing.status = .extensionRequested
            standing.request = request
        case .undecided(let meeting):
            standing.status = .decisionNotRecorded
            standing.undecidedAt = meeting.code
        case .missed:
            standing.status = .missed
        }
    }

    /// Every state (and other area) under one convention as of `date`.
    public func standings(in convention: Convention, asOf date: CalendarDate) -> [TreatyStanding] {
        states.map { standing(of: $0, in: convention, asOf: date) }
    }
}

/// Why a state has no Article 5 deadline ahead of a day: none in force then, or one that has passed.
public struct NoClearanceDeadline: Error, CustomStringConvertible, Sendable {
    public var iso3: String
    public var asOf: CalendarDate
    /// The deadline in force, when it is not after the day.
    public var passed: CalendarDate?

    public var description: String {
        if let passed { return "\(iso3)'s Article 5 deadline \(passed) is not after the as-of day \(asOf)" }
        return
            "\(iso3) has no Article 5 deadline in force on \(asOf): not a State Party then, no mined areas reported, clearance declared complete, or the latest extension's date not recorded"
    }
}
