import Testing

@testable import MineFreeCore

/// The engine's rules on the hand-made fixture, where every answer is known.
@Suite struct ObligationEngineTests {
    let registry: TreatyRegistry
    init() throws { registry = try Fixture.registry() }

    func standing(_ iso3: String, _ date: String, _ c: Convention = .apmbc) -> TreatyStanding {
        registry.standing(of: registry.state(iso3)!, in: c, asOf: day(date))
    }

    @Test func statusFollowsSignatureDepositEntryIntoForceAndWithdrawal() {
        #expect(standing("AAA", "1997-12-03").status == .notSigned)  // signed that day: not yet at its start
        #expect(standing("AAA", "1997-12-04").status == .signatory)
        #expect(standing("AAA", "1998-01-11").status == .partyNotInForce)
        #expect(standing("AAA", "1999-03-01").status == .party)  // in force from the start of 1 March 1999
        #expect(standing("BBB", "2005-07-15").status == .notSigned)
        #expect(standing("BBB", "2005-07-16").status == .partyNotInForce)
        #expect(standing("BBB", "2006-01-01").status == .party)
        #expect(standing("BBB", "2006-01-01").entryIntoForce == day("2006-01-01"))
        #expect(standing("CCC", "2020-01-01").status == .signatory)
        #expect(standing("EEE", "2020-01-01").status == .notSigned)
        #expect(standing("DDD", "2025-06-27").status == .party)
        #expect(standing("DDD", "2025-06-28").status == .withdrawalPending)
        #expect(standing("DDD", "2025-12-26").status == .withdrawalPending)
        // The day it takes effect, six months after the notice (Art 20(2)), shown while it is pending.
        #expect(standing("DDD", "2025-12-26").withdrawalExpected == day("2025-12-27"))
        #expect(standing("DDD", "2025-12-27").status == .withdrawn)
        #expect(standing("DDD", "2026-01-01").clearance == nil)  // no obligations after withdrawal
    }

    @Test func aPastViewDoesNotKnowLaterFacts() {
        let s = standing("AAA", "1998-01-10")
        #expect(s.signed == day("1997-12-03"))
        #expect(s.deposited == nil)
        #expect(s.entryIntoForce == nil)
    }

    @Test func transparencyReportsAreDue180DaysAfterEntryIntoForceThenEach30April() {
        let s = standing("AAA", "1999-03-01")
        #expect(s.reporting?.initialReportDue == day("1999-08-28"))
        #expect(s.reporting?.nextReportDue == day("1999-08-28"))
        #expect(standing("AAA", "1999-08-29").reporting?.nextReportDue == day("2000-04-30"))
        #expect(standing("AAA", "2009-04-30").reporting?.nextReportDue == day("2009-04-30"))
        #expect(standing("AAA", "2009-05-01").reporting?.nextReportDue == day("2010-04-30"))
        // 180 days after 1 January in a leap year is 29 June; in a common year, 30 June.
        let leap = registry.reportingSchedule(
            entryIntoForce: day("2000-01-01"),
            convention: .apmbc,
            asOf: day("2000-01-01")
        )
        let common = registry.reportingSchedule(
            entryIntoForce: day("2001-01-01"),
            convention: .apmbc,
            asOf: day("2001-01-01")
        )
        #expect(leap.initialReportDue == day("2000-06-29"))
        #expect(common.initialReportDue == day("2001-06-30"))
        // An initial report due on 30 April is not followed by an annual one the same day.
        let april = registry.reportingSchedule(
            entryIntoForce: day("2000-11-01"),
            convention: .apmbc,
            asOf: day("2001-05-01")
        )
        #expect(april.initialReportDue == day("2001-04-30"))
        #expect(april.nextReportDue == day("2002-04-30"))
    }

    @Test func stockpileDeadlineIsFourYearsAfterEntryIntoForce() {
        let aaa = standing("AAA", "2002-01-01").stockpileDestruction!
        #expect(aaa.originalDeadline == day("2003-03-01"))
        #expect(aaa.status == .completed)
        #expect(aaa.completedOn == day("2001-05-01"))
        #expect(standing("AAA", "2001-05-01").stockpileDestruction?.status == .pending)
        #expect(standing("BBB", "2010-01-01").stockpileDestruction?.status == .pending)
        #expect(standing("BBB", "2010-01-02").stockpileDestruction?.status == .missed)
        #expect(standing("VVV", "2005-01-01").stockpileDestruction?.status == .notApplicable)
        #expect(standing("DDD", "2005-01-01").stockpileDestruction?.status == .notReported)
    }

    @Test func clearanceDeadlineFollowsTheLatestExtensionGrantedBeforeTheDay() {
        let before = standing("AAA", "2008-11-28").clearance!
        #expect(before.deadline == day("2009-03-01"))
        #expect(before.status == .pending)
        let after = standing("AAA", "2008-11-29").clearance!
        #expect(after.originalDeadline == day("2009-03-01"))
        #expect(after.deadline == day("2019-03-01"))
        #expect(after.status == .extended)
        #expect(after.extensions.map(\.meetingCode) == ["9MSP"])
        #expect(after.extensions.first?.grantedOn == nil)  // the source gives no day
        #expect(after.extensions.first?.knownBy == day("2008-11-28"))  // the meeting's last day
        #expect(standing("AAA", "2016-01-01").clearance?.status == .completed)
        #expect(standing("BBB", "2020-01-01").clearance?.status == .notApplicable)
        #expect(standing("DDD", "2010-08-02").clearance?.status == .missed)
    }

    @Test func deadlinesOfAYearSayWhoCompletedWhoWasExtendedWhoMissed() {
        let y2009 = registry.deadlines(.clearance, in: .apmbc, year: 2009, asOf: day("2026-01-01"))
        #expect(y2009.map(\.state.iso3) == ["AAA"])
        #expect(y2009[0].outcome == .extended)
        #expect(y2009[0].replacedBy?.newDeadline == day("2019-03-01"))
        #expect(!y2009[0].extensionGrantedLate)
        // Completed in 2015, well before the extended 2019 deadline.
        let y2019 = registry.deadlines(.clearance, in: .apmbc, year: 2019, asOf: day("2026-01-01"))
        #expect(y2019.map(\.outcome) == [.completed])
        let y2010 = registry.deadlines(.clearance, in: .apmbc, year: 2010, asOf: day("2026-01-01"))
        #expect(y2010.map(\.state.iso3) == ["DDD"])
        #expect(y2010[0].outcome == .missed)
        #expect(registry.deadlines(.clearance, in: .apmbc, year: 2010, asOf: day("2010-01-01"))[0].outcome == .pending)
        // Before 9MSP the 2009 deadline was still the one in force: a view from then shows it pending.
        let early = registry.deadlines(.clearance, in: .apmbc, year: 2009, asOf: day("2008-06-01"))
        #expect(early.map(\.outcome) == [.pending])
        let stock = registry.deadlines(.stockpileDestruction, in: .apmbc, year: 2010, asOf: day("2026-01-01"))
        #expect(stock.map(\.state.iso3) == ["BBB"])
        #expect(stock[0].outcome == .missed)
    }

    @Test func universalizationCountsPartiesSignatoriesAndNonParties() {
        let u = registry.universalization(of: .apmbc, asOf: day("2009-03-02"))
        #expect(u.statesParties == 4)  // AAA, BBB, DDD and the observer VVV
        #expect(u.inForce == 4)
        #expect(u.unMembers == 4)  // EEE joined the UN only in 2011
        #expect(u.unMembersParty == 3)
        #expect(u.signatoriesNotRatified.map(\.iso3) == ["CCC"])
        #expect(u.unMembersNotParty.map(\.iso3) == ["CCC"])
        let later = registry.universalization(of: .apmbc, asOf: day("2026-01-01"))
        #expect(later.statesParties == 3)
        #expect(later.withdrawn.map(\.iso3) == ["DDD"])
        #expect(later.unMembersNotParty.map(\.iso3) == ["CCC", "DDD", "EEE"])
        let europe = registry.universalization(of: .apmbc, asOf: day("2009-03-02"), region: "Northern Europe")
        #expect(europe.statesParties == 2)
        let joins = registry.joinsByYear(of: .apmbc, asOf: day("2026-01-01"))
        #expect(joins.map(\.year) == [1998, 2000, 2005])
        #expect(joins[0].byInstrument == [.ratification: 2])
    }
}
