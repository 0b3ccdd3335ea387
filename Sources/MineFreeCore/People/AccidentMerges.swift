import Foundation

/// An authority's decisions on which accident reports are one accident, and the accidents they make as of a day.
///
/// `AccidentMatching` only proposes. A decision confirms or rejects one pair of reports; it is dated, kept with who
/// made it and why, and never edited: a later decision on the same pair stands in its place, so any past day's
/// figures are those the decisions known then gave. Every report stays as its source made it; a confirmed accident
/// is counted once, from one of its reports (`principal`).
public enum AccidentMerges {
    public enum Verdict: String, CaseIterable, Sendable, Codable {
        /// The two reports are one accident.
        case confirmed
        /// They are two accidents (the proposal is set aside).
        case rejected
    }

    /// Two reports, in id order: a decision on (a, b) is one on (b, a).
    public struct Pair: Hashable, Sendable, Comparable {
        public let first: String
        public let second: String
        public init(_ a: String, _ b: String) {
            (first, second) = a <= b ? (a, b) : (b, a)
        }
        public static func < (l: Pair, r: Pair) -> Bool { (l.first, l.second) < (r.first, r.second) }
        public var description: String { "\(first) and \(second)" }
    }

    public struct Decision: Sendable, Hashable {
        public var pair: Pair
        public var verdict: Verdict
        /// The day it was made: a figure for an earlier day does not see it.
        public var decided: CalendarDate
        public var decidedBy: String
        public var reason: String?
        /// Its order among all decisions (the store's row id): of two on one day, the later stands.
        public var sequence: Int64

        public init(
            pair: Pair,
            verdict: Verdict,
            decided: CalendarDate,
            decidedBy: String,
            reason: String? = nil,
            sequence: Int64 = 0
        ) {
            self.pair = pair
            self.verdict = verdict
            self.decided = decided
            self.decidedBy = decidedBy
            self.reason = reason
            self.sequence = sequence
        }
    }

    /// The decision standing for each pair before `asOf`: the latest made before it.
    public static func standing(_ decisions: [Decision], asOf: CalendarDate) -> [Pair: Decision] {
        var out: [Pair: Decision] = [:]
        for d in decisions where d.decided < asOf {
            if let kept = out[d.pair], (kept.decided, kept.sequence) > (d.decided, d.sequence) { continue }
            out[d.pair] = d
        }
        return out
    }

    /// The accidents the reports `ids` make as of a day: groups of ids joined by standing confirmations (pairs naming
    /// a report not in `ids` are left out), each group in id order, the groups in the order of their first id.
    public static func accidents(_ ids: [String], decisions: [Decision], asOf: CalendarDate) -> [[String]] {
        let confirmed = standing(decisions, asOf: asOf).values.filter { $0.verdict == .confirmed }.map(\.pair)
        return groups(ids, confirmed)
    }

    static func groups(_ ids: [String], _ confirmed: [Pair]) -> [[String]] {
        let sorted = Array(Set(ids)).sorted()
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        let pairs = confirmed.compactMap { p -> (Int, Int)? in
            guard let a = index[p.first], let b = index[p.second] else { return nil }
            return (a, b)
        }
        return AccidentMatching.groups(count: sorted.count, pairs: pairs).map { $0.map { sorted[$0] } }
    }

    /// Why a new decision may not be recorded, or nil. `reported` holds each recorded report's date of information;
    /// `decisions` every decision recorded so far.
    public static func refusal(
        of new: Decision,
        reported: [String: CalendarDate],
        decisions: [Decision]
    ) -> String? {
        let (a, b) = (new.pair.first, new.pair.second)
        if a == b { return "accident report \(a) cannot be one accident with itself: name two reports" }
        for id in [a, b] {
            guard let day = reported[id] else { return "accident report '\(id)' is not recorded" }
            if day > new.decided {
                return "accident report \(id) was reported on \(day), after the decision's day \(new.decided)"
            }
        }
        let after = new.decided.adding(days: 1)
        let now = standing(decisions, asOf: after)
        if let kept = now[new.pair], kept.verdict == new.verdict {
            return
                "\(new.pair.description) were already \(kept.verdict.rawValue) on \(kept.decided) by \(kept.decidedBy)"
        }
        let confirmed = now.values.filter { $0.verdict == .confirmed && $0.pair != new.pair }.map(\.pair)
        let rejected = now.values.filter { $0.verdict == .rejected && $0.pair != new.pair }
        switch new.verdict {
        case .confirmed:
            // The accident the confirmation makes may not hold two reports decided to be two accidents.
            let joined = groups([a, b] + confirmed.flatMap { [$0.first, $0.second] }, confirmed + [new.pair])
            let members = Set(joined.first { $0.contains(a) } ?? [a, b])
            if let clash = rejected.sorted(by: { $0.pair < $1.pair }).first(where: {
                members.contains($0.pair.first) && members.contains($0.pair.second)
            }) {
                return
                    "confirming \(new.pair.description) would make one accident of \(clash.pair.description), rejected as one on \(clash.decided) by \(clash.decidedBy): decide that pair again first"
            }
        case .rejected:
            // Reports joined through others stay joined whatever this pair's decision: reject a link that joins them.
            let joined = groups([a, b] + confirmed.flatMap { [$0.first, $0.second] }, confirmed)
            if let group = joined.first(where: { $0.contains(a) }), group.contains(b) {
                return
                    "\(new.pair.description) are one accident through the confirmed reports \(group.filter { $0 != a && $0 != b }.joined(separator: ", ")): reject one of those confirmations instead"
            }
        }
        return nil
    }

    /// The proposals no standing decision answers yet, nor already joins through other confirmations: what the
    /// review queue shows.
    public static func pending(
        _ candidates: [AccidentMatching.Candidate],
        reports: [Accident],
        decisions: [Decision],
        asOf: CalendarDate
    ) -> [AccidentMatching.Candidate] {
        let decided = standing(decisions, asOf: asOf)
        var accident: [String: Int] = [:]
        for (n, group) in accidents(reports.map(\.localID), decisions: decisions, asOf: asOf).enumerated() {
            for id in group { accident[id] = n }
        }
        return candidates.filter {
            let (a, b) = (reports[$0.first].localID, reports[$0.second].localID)
            return decided[Pair(a, b)] == nil && accident[a] != accident[b]
        }
    }

    /// The report an accident is counted from: the one describing the most people, then the one reporting the most
    /// casualties, then the first reported, then the first by id.
    public static func principal(of group: [Accident], people: [String: Int]) -> Accident {
        group.min { x, y in
            let (px, py) = (people[x.localID] ?? 0, people[y.localID] ?? 0)
            if px != py { return px > py }
            if x.killed + x.injured != y.killed + y.injured { return x.killed + x.injured > y.killed + y.injured }
            let (rx, ry) = (x.reported ?? x.date, y.reported ?? y.date)
            if rx != ry { return rx < ry }
            return x.localID < y.localID
        }!
    }
}

extension CasualtyTotals {
    /// The people to count as of a day, each once. `casualties` and `accidents` are the records known before the
    /// day. A casualty named by no accident report counts as it is. An accident (a report, or reports confirmed as
    /// one) counts its principal report's people — the casualties naming that report — and, where its reports count
    /// more killed or more injured (the most any of them gives), as many more, with what the principal report says
    /// (date, device, activity, area) and nothing about the person. The other reports' casualties are the same
    /// people and are not counted again.
    public static func counted(
        _ casualties: [CasualtyEvent],
        accidents: [Accident],
        decisions: [AccidentMerges.Decision],
        asOf: CalendarDate
    ) -> [CasualtyEvent] {
        let byID = Dictionary(accidents.map { ($0.localID, $0) }, uniquingKeysWith: { first, _ in first })
        var named: [String: [CasualtyEvent]] = [:]
        var out: [CasualtyEvent] = []
        for c in casualties where c.date < asOf {
            if let id = c.accidentID {
                // A casualty whose report is not known yet on the day is not known either.
                if byID[id] != nil { named[id, default: []].append(c) }
            } else {
                out.append(c)
            }
        }
        let groups = AccidentMerges.accidents(Array(byID.keys), decisions: decisions, asOf: asOf)
        let people = named.mapValues(\.count)
        for group in groups {
            let principal = AccidentMerges.principal(of: group.map { byID[$0]! }, people: people)
            let persons = named[principal.localID] ?? []
            out += persons
            let killed = persons.filter { $0.outcome == .killed }.count
            let injured = persons.count - killed
            // The dead rarely reach a hospital, the police may not hear of the injured: each outcome counts the
            // most any of the accident's reports gives.
            let reportedKilled = group.map { Int(byID[$0]!.killed) }.max() ?? 0
            let reportedInjured = group.map { Int(byID[$0]!.injured) }.max() ?? 0
            for (outcome, more) in [
                (CasualtyEvent.Outcome.killed, reportedKilled - killed), (.injured, reportedInjured - injured),
            ] where more > 0 {
                for n in 0..<more {
                    var c = CasualtyEvent(
                        localID: "\(principal.localID)#\(outcome.rawValue)\(n + 1)",
                        date: principal.date,
                        outcome: outcome,
                        age: nil,
                        sex: nil,
                        device: principal.device,
                        location: principal.location ?? GeoPoint(lon: 0, lat: 0)
                    )
                    c.accidentID = principal.localID
                    c.source = principal.source
                    out.append(c)
                }
            }
        }
        return out
    }
}
