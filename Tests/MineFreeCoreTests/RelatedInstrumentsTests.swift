import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// The instruments beside the Mine Ban Treaty (issue 20 §2): participation in CCW Amended Protocol II and Protocol V
/// and the CRPD from the UN Treaty Collection, bound from the day each instrument's own rule says, and crossed with
/// the treaty as monitors ask.
@Suite struct RelatedInstrumentsTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func whoIsBoundAndSinceWhen() {
        // UNTC as read on 3 Feb 2026: 107 parties to Amended Protocol II, 99 to Protocol V, 192 states to the CRPD.
        #expect(registry.boundBy(.ccwAPII, asOf: day("2026-02-04")).count == 107)
        #expect(registry.boundBy(.ccwP5, asOf: day("2026-02-04")).count == 99)
        #expect(registry.boundBy(.crpd, asOf: day("2026-02-04")).count == 192)
        // The United States notified consent to Amended Protocol II on 24 May 1999: bound six months later.
        #expect(
            registry.instrumentStatus(of: "USA", in: .ccwAPII, asOf: day("1999-11-24")) == (.bound, day("1999-11-24"))
        )
        #expect(registry.instrumentStatus(of: "USA", in: .ccwAPII, asOf: day("1999-11-23")).status == .consented)
        // A signatory of the CRPD only.
        #expect(
            registry.instrumentStatus(of: "USA", in: .crpd, asOf: day("2026-01-01")) == (.signatory, day("2009-07-30"))
        )
        // Tajikistan joined Protocol V after its twentieth consent: in force for it six months after its own.
        #expect(registry.instrumentParticipation("TJK", in: .ccwP5)?.entryIntoForce == day("2006-11-18"))
        // Azerbaijan ratified the CRPD on 28 Jan 2009: bound from the thirtieth day.
        #expect(registry.instrumentParticipation("AZE", in: .crpd)?.entryIntoForce == day("2009-02-27"))
        #expect(RelatedInstrument.parse("CCW-P5") == .ccwP5 && RelatedInstrument.parse("ccw p5") == nil)
    }

    @Test func crossedWithTheTreaty() {
        let date = day("2026-01-01")
        // States outside the Mine Ban Treaty bound by Amended Protocol II include the United States.
        let outside = registry.states(.ccwAPII, apmbcParty: false, asOf: date).map(\.iso3)
        #expect(outside.contains("USA") && !outside.contains("TJK"))
        // States Parties to the Mine Ban Treaty not party to the CRPD include Tajikistan (a signatory).
        let notCRPD = registry.states(.crpd, bound: false, apmbcParty: true, asOf: date).map(\.iso3)
        #expect(notCRPD.contains("TJK") && !notCRPD.contains("AZE"))
        // Every state bound is either inside or outside the treaty.
        let all = registry.states(.ccwAPII, asOf: date).count
        #expect(all == outside.count + registry.states(.ccwAPII, apmbcParty: true, asOf: date).count)
    }
}
