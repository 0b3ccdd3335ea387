import Testing

@testable import MineFreeCore

/// Art 17 of the APMBC and of the CCM, checked against dates the depositary and the ISUs publish.
@Suite struct EntryIntoForceTests {
    let apmbcEIF = CalendarDate(iso: "1999-03-01")!

    func eif(_ deposit: String, _ conventionEIF: CalendarDate) -> String {
        EntryIntoForce.forState(depositedOn: CalendarDate(iso: deposit)!, conventionEntryIntoForce: conventionEIF).iso
    }

    @Test func instrumentsUpToTheFortiethBindFromFirstMarch1999() {
        // Canada ratified the day the convention opened; Burkina Faso's was the 40th (16 Sep 1998).
        #expect(eif("1997-12-03", apmbcEIF) == "1999-03-01")
        #expect(eif("1998-09-16", apmbcEIF) == "1999-03-01")
    }

    @Test func laterInstrumentsBindOnTheFirstDayOfTheSixthMonth() {
        #expect(eif("1998-12-31", apmbcEIF) == "1999-06-01")  // after the 40th, before 1 Mar 1999
        #expect(eif("1999-10-12", apmbcEIF) == "2000-04-01")  // Tajikistan
        #expect(eif("1999-07-28", apmbcEIF) == "2000-01-01")  // Cambodia
        #expect(eif("2017-12-13", apmbcEIF) == "2018-06-01")  // Sri Lanka
        #expect(eif("2017-12-29", apmbcEIF) == "2018-06-01")  // State of Palestine
        #expect(eif("2025-06-25", apmbcEIF) == "2025-12-01")  // Tonga
    }

    @Test func theConventionEntersIntoForceFromTheThresholdInstrument() {
        var deposits = (1...39).map { CalendarDate(iso: "1998-01-01")!.adding(days: $0) }
        #expect(EntryIntoForce.ofConvention(deposits: deposits, threshold: 40) == nil)
        deposits.append(CalendarDate(iso: "1998-09-16")!)
        #expect(EntryIntoForce.ofConvention(deposits: deposits, threshold: 40)?.iso == "1999-03-01")
        // CCM: Burkina Faso and Moldova made 30 on 16 Feb 2010; in force 1 Aug 2010.
        let ccm =
            (1...29).map { CalendarDate(iso: "2009-01-01")!.adding(days: $0) } + [CalendarDate(iso: "2010-02-16")!]
        #expect(EntryIntoForce.ofConvention(deposits: ccm, threshold: 30)?.iso == "2010-08-01")
    }

    @Test func conventionRulesFollowTheTexts() {
        #expect(Convention.apmbc.years(for: .stockpileDestruction) == 4)
        #expect(Convention.apmbc.years(for: .clearance) == 10)
        #expect(Convention.ccm.years(for: .stockpileDestruction) == 8)
        #expect(Convention.ccm.years(for: .clearance) == 10)
        #expect(Convention.apmbc.maximumExtensionYears(for: .stockpileDestruction) == nil)
        #expect(Convention.apmbc.maximumExtensionYears(for: .clearance) == 10)
        #expect(Convention.ccm.maximumExtensionYears(for: .clearance) == 5)
        #expect(Obligation.forArticle(5, in: .apmbc) == .clearance)
        #expect(Obligation.forArticle(4, in: .ccm) == .clearance)
        #expect(Obligation.forArticle(7, in: .apmbc) == nil)
    }
}
