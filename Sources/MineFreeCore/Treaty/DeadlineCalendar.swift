import Foundation

/// What became of one deadline that fell in a given year.
public enum DeadlineOutcome: String, Sendable, Codable, CaseIterable {
    /// Completed on or before the deadline.
    case completed
    /// Completed, but after the deadline passed with no extension.
    case completedLate = "completed_late"
    /// A meeting granted an extension that replaced this deadline.
    case extended
    /// Passed without completion or extension (as of the day asked).
    case missed
    /// Still ahead of the day asked.
    case pending
    /// The source reports completion without a date.
    case completedUndated = "completed_undated"
    /// Passed, and the data does not say whether the obligation applied or was met.
    case notReported = "not_reported"
    /// Passed while a request to extend it was before a meeting whose decision is not recorded.
    case extensionRequested = "extension_requested"
    /// Passed with nothing recorded, but a meeting that could have extended it has decisions the data does not name.
    case decisionNotRecorded = "decision_not_recorded"
}

/// One state's deadline falling in the year asked, and its outcome.
public struct DeadlineEvent: Sendable, Hashable {
    public var state: State
    public var convention: Convention
    public var obligation: Obligation
    public var deadline: CalendarDate
    /// 0 for the original deadline, n for the one set by the n-th extension.
    public var extensionNumber: Int
    public var outcome: DeadlineOutcome
    public var completedOn: CalendarDate?
    /// With no day of completion recorded: the day it was declared to the States Parties (or the last day of the
    /// meeting it was declared at), by which it was done.
    public var completionDeclaredOn: CalendarDate? = nil
    /// The extension that replaced this deadline, when the outcome is `extended`.
    public var replacedBy: DeadlineExtension?
    /// True when the replacing extension was granted (or, undated, known) only after the deadline had passed.
    public var extensionGrantedLate: Bool
    /// The rows the deadline and its outcome rest on (the obligation's record, the extension that set the deadline,
    /// the one that replaced it, a pending request): what a reader checks, and what a page marks when one is
    /// unconfirmed.
    public var basis: [Provenance] = []

    /// True when any row the deadline or its outcome rests on is unconfirmed: never to be shown as plain fact.
    public var isUnconfirmed: Bool { basis.contains { $0.confidence == .unconfirmed } }
}

extension TreatyRegistry {
    /// Every deadline of `obligation` under `convention` that fell in `year` (original or extended), with
    /// who completed, who obtained an extension, who missed it, as known at the start of `date`.
    /// States that declared no stockpile / no mined areas had no such deadline and are left out.
    public func deadlines(
        _ obligation: Obligation,
        in convention: Convention,
        year: Int,
        asOf date: CalendarDate
    ) -> [DeadlineEvent] {
        var events: [DeadlineEvent] = []
        for state in states {
            guard let p = participation(state.iso3, in: convention), let deposit = p.deposited, deposit < date,
                let eif = entryIntoForce(of: p)
            else { continue }
            let report = report(obligation, of: state.iso3, in: convention)
            if report?.applies == .no { continue }
            // Without a record the data does not say the state had this obligation, unless it was extended.
            if report == nil, extensions(obligation, of: state.iso3, in: convention).isEmpty { continue }
            // A state that withdrew before the deadline no longer had it.
            let withdrawnOn = p.withdrawalEffective
            let (original, granted) = deadlineChain(
                obligation,
                of: state.iso3,
                in: convention,
                entryIntoForce: eif,
                asOf: date
            )
            let chain: [CalendarDate?] = [original] + granted.map(\.newDeadline)
            let reopened = report?.reopenedOn.flatMap { $0 < date ? $0 : nil }
            for (i, known) in chain.enumerated() {
                guard let deadline = known, deadline.year == year else { continue }
                if let w = withdrawnOn, w <= deadline { continue }
                // An extension granted after mined areas were found past completion binds anew: only a completion
                // since then meets it.
                let afterReopening = i > 0 && reopened.map { granted[i - 1].knownBy >= $0 } == true
                let completed = afterReopening ? nil : report?.completedOn.flatMap { $0 < date ? $0 : nil }
                // Without that day, a declaration of completion known by the day says by when it was done.
                let declared =
                    afterReopening || completed != nil
                    ? nil : report.flatMap(completionOnRecord).flatMap { $0 < date ? $0 : nil }
                let doneBy = completed ?? declared
                // The last deadline before mined areas were found after completion: the next extension answers the
                // new areas, not this deadline.
                let lastBeforeReopening =
                    !afterReopening && i + 1 < chain.count && reopened.map { granted[i].knownBy >= $0 } == true
                // A completion before the previous deadline means this one never bound the state.
                if i > 0, !afterReopening, let c = doneBy, let previous = chain[i - 1], c <= previous { continue }
                var event = DeadlineEvent(
                    state: state,
                    convention: convention,
                    obligation: obligation,
                    deadline: deadline,
                    extensionNumber: i,
                    outcome: .pending,
                    completedOn: nil,
                    replacedBy: nil,
                    extensionGrantedLate: false
                )
                // The deadline itself: the original one rests on the obligation's record, a later one on its grant.
                event.basis = i == 0 ? [report?.provenance].compactMap { $0 } : [granted[i - 1].provenance]
                if let c = doneBy, c <= deadline {
                    event.outcome = .completed
                    event.completedOn = completed
                    event.completionDeclaredOn = declared
                } else if i + 1 < chain.count, !lastBeforeReopening {
                    event.outcome = .extended
                    event.replacedBy = granted[i]
                    event.basis.append(granted[i].provenance)
                    event.extensionGrantedLate = (granted[i].grantedOn ?? granted[i].knownBy) > deadline
                } else if deadline < date {
                    if let c = completed {
                        event.outcome = .completedLate
                        event.completedOn = c
                    } else if !afterReopening, report?.reportsCompletion == true {
                        event.outcome = .completedUndated
                        event.completionDeclaredOn = declared
                    } else if report?.applies == .yes {
                        switch passedDeadline(
                            obligation,
                            of: state.iso3,
                            in: convention,
                            deadline: deadline,
                            granted: Array(granted.prefix(i)),
                            asOf: date
                        ) {
                        case .requested(let request):
                            event.outcome = .extensionRequested
                            event.basis.append(request.provenance)
                        case .undecided(let meeting):
                            event.outcome = .decisionNotRecorded
                            event.basis.append(meeting.provenance)
                        case .missed:
                            event.outcome = .missed
                        }
                    } else {
                        event.outcome = .notReported
                    }
                }
                // A completion, or a deadline passed with no completion, is what the obligation's record says.
                if i > 0, event.outcome != .extended, event.outcome != .pending, let report {
                    event.basis.append(report.provenance)
                }
                events.append(event)
            }
        }
        return events.sorted { ($0.deadline, $0.state.iso3) < ($1.deadline, $1.state.iso3) }
    }
}
