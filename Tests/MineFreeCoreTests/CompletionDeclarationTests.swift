import Foundation
import Testing

@testable import MineFreeCore

/// The day and the meeting a completion was declared to the States Parties (issue 19 §2): kept beside the day clearance
/// ended, shown once known, and, where that day is not recorded, the day from which the obligation reads completed.
/// The loader refuses a declaration of no completion, before clearance ended, or outside the meeting named.
@Suite struct CompletionDeclarationTests {
    let registry: TreatyRegistry
    init() throws { registry = try BundledRegistry.load() }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    func clearance(_ iso3: String, _ date: String, _ convention: Convention = .apmbc) throws -> DeadlineStanding {
        try registry.clearance(iso3, date, in: convention)
    }

    @Test func venezuelaDeclaredAtTheThirteenthMeeting() throws {
        // Declared in Geneva on 3 December 2013, at the 13MSP (ISU press release of that day).
        let before = try clearance("VEN", "2013-12-01")
        #expect(before.status == .extended && before.completionDeclaredOn == nil && before.completionDeclaredAt == nil)
        let after = try clearance("VEN", "2014-01-01")
        #expect(after.status == .completed && after.completedOn == day("2013-12-03"))
        #expect(after.completionDeclaredOn == day("2013-12-03") && after.completionDeclaredAt == "13MSP")
    }

    @Test func greeceReadsCompletedFromTheCartagenaSummit() throws {
        // Completion announced on the 2RC's second day (1 Dec 2009), years before its 1 March 2014 deadline: completed
        // from the day after, not only once the deadline passed. The day clearance ended is not recorded.
        let during = try clearance("GRC", "2009-12-01")
        #expect(during.status == .pending && during.completionDeclaredAt == nil)
        let after = try clearance("GRC", "2009-12-02")
        #expect(after.status == .completed && after.completedOn == nil)
        #expect(after.completionDeclaredAt == "2RC" && after.completionDeclaredOn == day("2009-12-01"))
        // The year of its deadline: met, declared long before.
        let y2014 = registry.deadlines(.clearance, in: .apmbc, year: 2014, asOf: day("2015-01-01"))
        let greece = try #require(y2014.first { $0.state.iso3 == "GRC" })
        #expect(greece.outcome == .completed && greece.completedOn == nil)
        #expect(greece.completionDeclaredOn == day("2009-12-01"))
    }

    @Test func aMeetingWithoutADayStandsInForTheDeclaration() throws {
        // Without the day, Greece's completion is on record from the Summit's last day (4 Dec 2009).
        let registry = try load(
            replacing: "GRC,yes,,completed,,2009-12-01,2RC,",
            with: "GRC,yes,,completed,,,2RC,"
        ).get()
        let greece = try #require(registry.state("GRC"))
        func status(_ d: String) -> DeadlineStatus? {
            registry.standing(of: greece, in: .apmbc, asOf: day(d)).clearance?.status
        }
        #expect(status("2009-12-04") == .pending)
        #expect(status("2009-12-05") == .completed)
        let y2014 = registry.deadlines(.clearance, in: .apmbc, year: 2014, asOf: day("2015-01-01"))
        #expect(y2014.first { $0.state.iso3 == "GRC" }?.completionDeclaredOn == day("2009-12-04"))
    }

    @Test func denmarkDeclaredAfterItsDeadline() throws {
        // Cleared in June 2012 (day not read), extended deadline 1 July 2012, declaration at the 12MSP on 5 December
        // 2012: between the two it reads completed (the source's word), and the declaration shows from 6 December.
        let between = try clearance("DNK", "2012-09-01")
        #expect(between.status == .completed && between.completionDeclaredAt == nil)
        let after = try clearance("DNK", "2012-12-06")
        #expect(after.status == .completed && after.completionDeclaredOn == day("2012-12-05"))
        #expect(after.completionDeclaredAt == "12MSP")
        // The 2012 deadline: completed, its day unknown but declared.
        let y2012 = registry.deadlines(.clearance, in: .apmbc, year: 2012, asOf: day("2013-01-01"))
        let denmark = try #require(y2012.first { $0.state.iso3 == "DNK" })
        #expect(denmark.outcome == .completedUndated && denmark.completionDeclaredOn == day("2012-12-05"))
    }

    @Test func guineaBissausLastDeadlineBeforeItsNewMinedAreas() throws {
        // Extended to 1 Jan 2012, completion declared at the 12MSP (5 Dec 2012) with no day of its own, new mined areas
        // reported in June 2021 and extended at the 19MSP: that extension answers the new areas, so the 2012 deadline
        // reads completed (day not recorded, declared), not "extended" by a grant nine years later.
        let y2012 = registry.deadlines(.clearance, in: .apmbc, year: 2012, asOf: day("2026-12-01"))
        let guineaBissau = try #require(y2012.first { $0.state.iso3 == "GNB" })
        #expect(guineaBissau.outcome == .completedUndated && guineaBissau.replacedBy == nil)
        #expect(guineaBissau.completionDeclaredOn == day("2012-12-05"))
        // Before the new areas were reported the same deadline read the same.
        let before = registry.deadlines(.clearance, in: .apmbc, year: 2012, asOf: day("2020-01-01"))
        #expect(before.first { $0.state.iso3 == "GNB" }?.outcome == .completedUndated)
    }

    @Test func stockpileDestructionDeclarations() throws {
        // Poland ended destruction in April 2016 (day not read) and declared it at the 15MSP on 28 Nov 2016, half a
        // year before its deadline of 1 June 2017: completed from the day after.
        let poland = try #require(registry.state("POL"))
        func art4(_ state: State, _ date: String) -> DeadlineStanding? {
            registry.standing(of: state, in: .apmbc, asOf: day(date)).stockpileDestruction
        }
        #expect(art4(poland, "2016-11-28")?.status == .pending)
        let declared = try #require(art4(poland, "2016-11-29"))
        #expect(declared.status == .completed && declared.completionDeclaredAt == "15MSP")
        #expect(declared.completionDeclaredOn == day("2016-11-28"))
        // Belarus: destruction ended on 5 April 2017, nine years late; declared at the 16MSP on 21 December 2017.
        let belarusState = try #require(registry.state("BLR"))
        let belarus = try #require(art4(belarusState, "2018-01-01"))
        #expect(belarus.status == .completedLate && belarus.completedOn == day("2017-04-05"))
        #expect(belarus.completionDeclaredOn == day("2017-12-21") && belarus.completionDeclaredAt == "16MSP")
        // Chile destroyed its last 59,192 mines at Calama on 25 Aug 2003 (EFE, El Mercurio, MercoPress).
        let chileState = try #require(registry.state("CHL"))
        #expect(art4(chileState, "2003-08-26")?.completedOn == day("2003-08-25"))
        // Switzerland's initial transparency report (4 Aug 1999) already reported its stock destroyed.
        let switzerlandState = try #require(registry.state("CHE"))
        let switzerland = try #require(art4(switzerlandState, "1999-08-05"))
        #expect(switzerland.status == .completed && switzerland.completionDeclaredOn == day("1999-08-04"))
    }

    @Test func grenadaDeclaredFreeOfClusterMunitionRemnants() throws {
        // CCM Art 4: declared at the 3MSP in Oslo on 11 September 2012.
        let grenada = try clearance("GRD", "2013-01-01", .ccm)
        #expect(grenada.status == .completed && grenada.completedOn == day("2012-09-11"))
        #expect(grenada.completionDeclaredAt == "3MSP" && grenada.completionDeclaredOn == day("2012-09-11"))
    }

    @Test func everyDeclarationInTheBundledDataFallsWithinItsMeeting() throws {
        let declared = registry.obligationReports.filter { $0.declaredAt != nil || $0.declaredOn != nil }
        #expect(declared.count >= 25)
        for r in declared {
            #expect(r.reportedStatus?.hasPrefix("completed") == true, "\(r.iso3)")
            if let code = r.declaredAt {
                let meeting = try #require(registry.meeting(code, in: r.convention), "\(r.iso3) \(code)")
                if let d = r.declaredOn { #expect(d >= meeting.start && d <= meeting.end, "\(r.iso3)") }
            }
        }
    }

    /// Issue 19 §2: "A state whose clearance was declared complete must never read 'extended' or 'missed' after that
    /// day": every obligation in the bundled data with a completion on record (its day, else its declaration), checked
    /// each 1 January after it until mined areas were found again, on the state's page and in every year's deadlines.
    @Test func noCompletionReadsExtendedOrMissedAfterwards() throws {
        var wrong: [String] = []
        var checked = 0
        for r in registry.obligationReports {
            guard let known = registry.completionOnRecord(r), let state = registry.state(r.iso3) else { continue }
            // Until mined areas were found again, or the state withdrew (then it has no obligation to read).
            let withdrawn = registry.participation(r.iso3, in: r.convention)?.withdrawalEffective
            let until = min(r.reopenedOn?.year ?? 2027, withdrawn.map { $0.year + 1 } ?? 2027)
            for year in (known.year + 1)..<max(until, known.year + 1) {
                let day = CalendarDate(year: year, month: 1, day: 1)!
                if let withdrawn, withdrawn <= day { break }
                let now = registry.standing(of: state, in: r.convention, asOf: day)
                let status = (r.obligation == .clearance ? now.clearance : now.stockpileDestruction)?.status
                if status != .completed && status != .completedLate {
                    wrong.append("\(r.convention) \(r.iso3) \(r.obligation) on \(day): \(status?.rawValue ?? "none")")
                }
                checked += 1
                let passed = registry.deadlines(r.obligation, in: r.convention, year: year - 1, asOf: day).filter {
                    $0.state.iso3 == r.iso3 && $0.deadline > known
                }
                for e in passed where ![.completed, .completedLate, .completedUndated].contains(e.outcome) {
                    wrong.append("\(r.convention) \(r.iso3) deadline \(e.deadline): \(e.outcome.rawValue)")
                }
            }
        }
        #expect(checked > 500)
        #expect(wrong == [])
    }

    /// Loads the bundled data with one Art 5 row replaced.
    func load(replacing row: String, with replacement: String) throws -> Result<TreatyRegistry, any Error> {
        try BundledRegistry.load(editing: "apmbc_article5.csv") { text in
            #expect(text.contains(row))
            return text.replacingOccurrences(of: row, with: replacement)
        }
    }

    /// The loader's error text for the bundled data with one Art 5 row replaced ("" if it loads).
    func loadError(replacing row: String, with replacement: String) throws -> String {
        if case .failure(let error) = try load(replacing: row, with: replacement) { return "\(error)" }
        return ""
    }

    /// Issue 19 §7: a completed obligation is extended again only after contamination found after completion is
    /// recorded (`reopened_on`); an extension after Venezuela's completion, with none, is refused.
    @Test func theLoaderRefusesAnExtensionAfterCompletion() throws {
        let loaded = try BundledRegistry.load(editing: "apmbc_article5_extensions.csv") {
            $0 + "VEN,2,14MSP,,2016-10-01,,https://example.org/a,confirmed,\n"
        }
        guard case .failure(let error) = loaded else {
            Issue.record("the loader took an extension after completion")
            return
        }
        #expect(
            "\(error)".contains(
                "[extension-after-completion] 'VEN' extension 2 is known by 2015-12-04, after completion on 2013-12-03"
            )
        )
    }

    @Test func theLoaderRefusesAnImpossibleDeclaration() throws {
        let venezuela = "VEN,yes,2013-12-03,completed,,2013-12-03,13MSP,"
        // The row as edited, and what the loader must say of it.
        let cases = [
            (
                "VEN,yes,2013-12-03,completed,,2013-12-01,13MSP,",
                "declared_on 2013-12-01 before completed_on 2013-12-03"
            ),
            (
                "VEN,yes,2013-12-03,completed,,2013-12-03,12MSP,",
                "declared_on 2013-12-03 is not within the 12MSP (2012-12-03 to 2012-12-07)"
            ),
            ("VEN,yes,2013-12-03,completed,,2013-12-03,14RC,", "declared_at '14RC' is not in apmbc_meetings.csv"),
            ("VEN,yes,,ongoing,,2013-12-03,13MSP,", "status 'ongoing' is not a completion"),
        ]
        for (row, message) in cases {
            #expect(try loadError(replacing: venezuela, with: row).contains(message), "\(row)")
        }
    }
}
