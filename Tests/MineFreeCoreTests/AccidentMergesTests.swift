import Foundation
import Testing

@testable import MineFreeCore

/// An authority's decisions join reports into accidents; a confirmed accident's people are counted once, as of any day.
@Suite struct AccidentMergesTests {
    typealias Decision = AccidentMerges.Decision
    typealias Pair = AccidentMerges.Pair
    let day = CalendarDate(iso: "2024-05-12")!
    let place = GeoPoint(lon: 46.9, lat: 40.0)

    func accident(
        _ id: String,
        _ source: Accident.Source,
        killed: Int64,
        injured: Int64,
        reportedAfter days: Int = 0
    ) -> Accident {
        var a = Accident(
            localID: id,
            source: source,
            date: day,
            location: place,
            device: .antiPersonnel,
            activity: .herding,
            killed: killed,
            injured: injured
        )
        a.reported = day.adding(days: days)
        a.adminPcode = "AZ0401"
        return a
    }

    func casualty(_ id: String, of accident: String, _ outcome: CasualtyEvent.Outcome, sex: CasualtyEvent.Sex, age: Int)
        -> CasualtyEvent
    {
        var c = CasualtyEvent(
            localID: id,
            date: day,
            outcome: outcome,
            age: age,
            sex: sex,
            device: .antiPersonnel,
            location: place
        )
        c.accidentID = accident
        c.ageGroup = age < 18 ? .child : .adult
        return c
    }

    func decision(_ a: String, _ b: String, _ verdict: AccidentMerges.Verdict, on days: Int, seq: Int64) -> Decision {
        Decision(
            pair: Pair(a, b),
            verdict: verdict,
            decided: day.adding(days: days),
            decidedBy: "authority",
            reason: "same herders, same field",
            sequence: seq
        )
    }

    /// The hospital names two boys injured; the police report the same accident a day later as 1 killed and 2
    /// injured without names; the operator's report is a different accident. Counted before any decision, the
    /// first two are five people; once confirmed, three; the day before the confirmation, still five.
    @Test func aConfirmedAccidentIsCountedOnceFromItsFullestReport() {
        let hospital = accident("H-7", .hospital, killed: 0, injured: 2)
        let police = accident("P-3", .police, killed: 1, injured: 2, reportedAfter: 1)
        let other = accident("O-1", .operator, killed: 1, injured: 0, reportedAfter: 2)
        let people = [
            casualty("C-1", of: "H-7", .injured, sex: .male, age: 12),
            casualty("C-2", of: "H-7", .injured, sex: .male, age: 15),
        ]
        let confirm = decision("P-3", "H-7", .confirmed, on: 5, seq: 1)
        let later = day.adding(days: 10)
        func count(asOf: CalendarDate, _ decisions: [Decision]) -> [CasualtyEvent] {
            CasualtyTotals.counted(
                people,
                accidents: [hospital, police, other].filter { $0.reported! < asOf },
                decisions: decisions,
                asOf: asOf
            )
        }
        // Undecided: each report counts its own (2 named + 3 unnamed + 1 unnamed).
        #expect(count(asOf: later, []).count == 6)
        let once = count(asOf: later, [confirm])
        // One accident: the hospital's two boys (its principal report names the most people), and the one killed
        // only the police counted (the most any report gives: 1 killed, 2 injured); then O-1's one killed.
        #expect(once.count == 4)
        #expect(
            once.filter { $0.accidentID == "H-7" }.map(\.localID).sorted() == ["C-1", "C-2", "H-7#killed1"]
        )
        #expect(once.filter { $0.accidentID == "O-1" }.map(\.outcome) == [.killed])
        let byAge = CasualtyTotals.totals(once, asOf: later) { CasualtyTotals.Breakdown.age.key($0) }
        #expect(byAge.map(\.key) == ["child", "unknown"] && byAge.map(\.total) == [2, 2])
        let byOutcome = CasualtyTotals.totals(once, asOf: later) { CasualtyTotals.Breakdown.outcome.key($0) }
        #expect(byOutcome.map(\.total) == [2, 2])
        // The day of the decision does not see it yet; the police report is known from day 1, the operator's day 2.
        #expect(count(asOf: day.adding(days: 5), [confirm]).count == 6)
        #expect(count(asOf: day.adding(days: 6), [confirm]).count == 4)
        #expect(count(asOf: day.adding(days: 1), [confirm]).count == 2)
        // Rejected later, the pair is two accidents again; the history keeps both decisions.
        let undo = decision("H-7", "P-3", .rejected, on: 8, seq: 2)
        #expect(count(asOf: later, [confirm, undo]).count == 6)
        #expect(count(asOf: day.adding(days: 8), [confirm, undo]).count == 4)
    }

    @Test func theFullestReportIsThePrincipal() {
        let a = accident("A", .hospital, killed: 0, injured: 1)
        let b = accident("B", .police, killed: 1, injured: 1)
        let c = accident("C", .media, killed: 1, injured: 1, reportedAfter: 3)
        // No people named: the most casualties, then the first reported.
        #expect(AccidentMerges.principal(of: [a, b, c], people: [:]).localID == "B")
        // People named win over counts.
        #expect(AccidentMerges.principal(of: [a, b, c], people: ["A": 1]).localID == "A")
    }

    @Test func decisionsThatContradictTheStandingOnesAreRefused() {
        let reported = ["A": day, "B": day, "C": day, "D": day.adding(days: 20)]
        let ab = decision("A", "B", .confirmed, on: 1, seq: 1)
        let bc = decision("B", "C", .confirmed, on: 2, seq: 2)
        #expect(AccidentMerges.refusal(of: ab, reported: reported, decisions: []) == nil)
        #expect(
            AccidentMerges.refusal(of: decision("A", "A", .confirmed, on: 1, seq: 3), reported: reported, decisions: [])
                == "accident report A cannot be one accident with itself: name two reports"
        )
        #expect(
            AccidentMerges.refusal(of: decision("A", "Z", .confirmed, on: 1, seq: 3), reported: reported, decisions: [])
                == "accident report 'Z' is not recorded"
        )
        #expect(
            AccidentMerges.refusal(of: decision("A", "D", .confirmed, on: 1, seq: 3), reported: reported, decisions: [])
                == "accident report D was reported on 2024-06-01, after the decision's day 2024-05-13"
        )
        #expect(
            AccidentMerges.refusal(
                of: decision("B", "A", .confirmed, on: 2, seq: 3),
                reported: reported,
                decisions: [ab]
            )
                == "A and B were already confirmed on 2024-05-13 by authority"
        )
        // A and C are one accident through B: rejecting A–C directly would leave them joined.
        #expect(
            AccidentMerges.refusal(
                of: decision("A", "C", .rejected, on: 3, seq: 3),
                reported: reported,
                decisions: [ab, bc]
            ) == "A and C are one accident through the confirmed reports B: reject one of those confirmations instead"
        )
        // With A–C rejected, confirming B–C would join them.
        let acRejected = decision("A", "C", .rejected, on: 2, seq: 2)
        #expect(
            AccidentMerges.refusal(
                of: decision("B", "C", .confirmed, on: 3, seq: 3),
                reported: reported,
                decisions: [ab, acRejected]
            )
                == "confirming B and C would make one accident of A and C, rejected as one on 2024-05-14 by authority: decide that pair again first"
        )
        // Rejecting a pair confirmed directly stands in place of the confirmation.
        #expect(
            AccidentMerges.refusal(
                of: decision("A", "B", .rejected, on: 3, seq: 3),
                reported: reported,
                decisions: [ab]
            )
                == nil
        )
        #expect(
            AccidentMerges.accidents(["A", "B", "C"], decisions: [ab, bc], asOf: day.adding(days: 3)) == [
                ["A", "B", "C"]
            ]
        )
        #expect(
            AccidentMerges.accidents(["A", "B", "C"], decisions: [ab, bc], asOf: day.adding(days: 2)) == [
                ["A", "B"], ["C"],
            ]
        )
    }

    /// The queue leaves out pairs already decided and pairs already one accident through others.
    @Test func theQueueShowsOnlyUndecidedProposals() {
        let reports = [
            accident("H-1", .hospital, killed: 0, injured: 1), accident("P-1", .police, killed: 0, injured: 1),
            accident("M-1", .media, killed: 0, injured: 1),
        ]
        let pairs = AccidentMatching.candidates(reports.map(\.matchingReport))
        #expect(pairs.count == 3)
        let hp = decision("H-1", "P-1", .confirmed, on: 1, seq: 1)
        let pm = decision("P-1", "M-1", .confirmed, on: 1, seq: 2)
        let asOf = day.adding(days: 5)
        #expect(AccidentMerges.pending(pairs, reports: reports, decisions: [hp], asOf: asOf).count == 2)
        #expect(AccidentMerges.pending(pairs, reports: reports, decisions: [hp, pm], asOf: asOf).isEmpty)
        #expect(AccidentMerges.pending(pairs, reports: reports, decisions: [hp, pm], asOf: day).count == 3)
    }

    /// Small counts are hidden from roles without personal data, and a second cell where the total would give one away.
    @Test func smallCellsAreSuppressedWithTheirComplement() {
        typealias T = CasualtyTotals.Total
        let totals = [
            T(key: "AP", killed: 4, injured: 9), T(key: "AT", killed: 0, injured: 2),
            T(key: "ERW", killed: 1, injured: 6),
            T(key: "CM", killed: 3, injured: 5), T(key: "IM", killed: 0, injured: 0),
        ]
        let cells = CasualtyTotals.suppressed(totals, minimum: 3)
        // AT (2) is below 3: hidden whole. ERW (7), the smallest other row with people, is hidden too, or AT would be
        // the grand total less the rest. CM shows its total and split; its 3 killed is not below the minimum.
        #expect(cells.map(\.total) == [13, nil, nil, 8, 0])
        #expect(cells.map(\.killed) == [4, nil, nil, 3, 0])
        #expect(cells.map(\.suppressed) == [false, true, true, false, false])
        // A row shown whose split is small keeps its total only.
        let split = CasualtyTotals.suppressed(
            [T(key: "2023", killed: 1, injured: 9), T(key: "2024", killed: 4, injured: 4)],
            minimum: 3
        )
        #expect(split.map(\.total) == [10, 8] && split.map(\.killed) == [nil, 4] && split.map(\.injured) == [nil, 4])
        #expect(CasualtyTotals.suppressed(totals, minimum: 1).map(\.total) == [13, 2, 7, 8, 0])
        // Two rows hidden already protect each other.
        let two = CasualtyTotals.suppressed(
            [
                T(key: "F", killed: 0, injured: 1), T(key: "M", killed: 1, injured: 1),
                T(key: "unknown", killed: 5, injured: 5),
            ],
            minimum: 3
        )
        #expect(two.map(\.total) == [nil, nil, 10])
    }
}
