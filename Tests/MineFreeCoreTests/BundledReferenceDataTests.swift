import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// The shipped reference data: complete, sourced, consistent, and agreeing with figures the ICBL,
/// the ICRC and the ISUs published (cited on each test).
@Suite struct BundledReferenceDataTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func standing(_ iso3: String, _ c: Convention, _ date: String) -> TreatyStanding {
        registry.standing(of: registry.state(iso3)!, in: c, asOf: day(date))
    }

    @Test func everyStateIsThereOnce() {
        #expect(registry.states.filter { $0.kind == .unMember }.count == 193)
        #expect(Set(registry.states.filter { $0.kind == .observerState }.map(\.iso3)) == ["PSE", "VAT"])
        #expect(Set(registry.states.filter { $0.kind == .nonMemberState }.map(\.iso3)) == ["COK", "NIU"])
        #expect(
            Set(registry.states.filter { $0.kind == .otherArea }.map(\.iso3)).isSuperset(of: [
                "XKX", "ESH", "XSL", "XNK",
            ])
        )
        #expect(registry.state("TJ")?.iso3 == "TJK")
        #expect(registry.state("tjk")?.unMemberSince == day("1992-03-02"))
        #expect(registry.state("SSD")?.unMemberSince == day("2011-07-14"))
    }

    @Test func everyRowCarriesASourceURLAndAConfidence() {
        let provenances =
            registry.states.map(\.provenance) + registry.participations.map(\.provenance)
            + registry.meetings.map(\.provenance) + registry.obligationReports.map(\.provenance)
            + registry.extensions.map(\.provenance) + registry.conventions.values.map(\.provenance)
        #expect(provenances.count > 700)
        #expect(provenances.allSatisfy { $0.source.hasPrefix("http") })
    }

    @Test func theConventionsEnteredIntoForceWhenTheDepositaryRecords() {
        #expect(registry.entryIntoForce(of: .apmbc) == day("1999-03-01"))
        #expect(registry.entryIntoForce(of: .ccm) == day("2010-08-01"))
        // Derived from the deposits by Art 17.1, the same dates.
        let apmbc = registry.participations.filter { $0.convention == .apmbc && $0.instrument != .succession }
        #expect(
            EntryIntoForce.ofConvention(deposits: apmbc.compactMap(\.deposited), threshold: 40) == day("1999-03-01")
        )
        let ccm = registry.participations.filter { $0.convention == .ccm }
        #expect(EntryIntoForce.ofConvention(deposits: ccm.compactMap(\.deposited), threshold: 30) == day("2010-08-01"))
    }

    @Test func knownParticipationsReadAsTheUNTreatyCollectionRecordsThem() {
        let can = standing("CAN", .apmbc, "2000-01-01")
        #expect(can.signed == day("1997-12-03"))
        #expect(can.deposited == day("1997-12-03"))
        #expect(can.entryIntoForce == day("1999-03-01"))
        let tjk = standing("TJK", .apmbc, "2001-01-01")
        #expect(tjk.instrument == .accession)
        #expect(tjk.deposited == day("1999-10-12"))
        #expect(tjk.entryIntoForce == day("2000-04-01"))
        #expect(standing("KHM", .apmbc, "2001-01-01").entryIntoForce == day("2000-01-01"))
        #expect(standing("PSE", .apmbc, "2019-01-01").entryIntoForce == day("2018-06-01"))
        #expect(standing("LKA", .apmbc, "2019-01-01").entryIntoForce == day("2018-06-01"))
        #expect(standing("NOR", .ccm, "2011-01-01").deposited == day("2008-12-03"))
        #expect(standing("USA", .apmbc, "2026-01-01").status == .notSigned)
        #expect(standing("AZE", .apmbc, "2026-01-01").status == .notSigned)
    }

    @Test func tenthAnniversaryCountsMatchTheICBL() {
        // ICBL, 1 March 2009: 156 States Parties; two signatories (Marshall Islands, Poland); 39 states outside.
        let u = registry.universalization(of: .apmbc, asOf: day("2009-03-02"))
        #expect(u.statesParties == 156)
        #expect(u.signatoriesNotRatified.map(\.iso3) == ["MHL", "POL"])
        #expect(u.unMembers == 192)
        #expect(u.unMembersNotParty.count == 39)
        #expect(u.unMembersNotParty.map(\.iso3).contains("USA"))
    }

    @Test func laterCountsMatchTheMonitors() {
        // Landmine Monitor 2024: 164 States Parties, the last joiners Palestine and Sri Lanka (2017).
        #expect(registry.universalization(of: .apmbc, asOf: day("2024-11-01")).statesParties == 164)
        let joins2017 = registry.joinsByYear(of: .apmbc, asOf: day("2024-11-01")).first { $0.year == 2017 }
        #expect(joins2017?.states == ["LKA", "PSE"])
        // Cluster Munition Monitor 2024: 112 States Parties.
        #expect(registry.universalization(of: .ccm, asOf: day("2024-09-01")).statesParties == 112)
    }

    @Test func withdrawalsOf2025AreModelled() {
        // Notified 27 June 2025, effective six months later (Art 20).
        #expect(standing("LTU", .apmbc, "2025-07-01").status == .withdrawalPending)
        #expect(standing("LTU", .apmbc, "2025-12-27").status == .withdrawn)
        #expect(standing("FIN", .apmbc, "2026-01-10").status == .withdrawn)
        #expect(standing("POL", .apmbc, "2026-02-19").status == .withdrawalPending)
        #expect(standing("POL", .apmbc, "2026-02-20").status == .withdrawn)
        // While pending, the day it will take effect is shown with the condition of Art 20(3); once it has, only the
        // day it did.
        let pending = standing("FIN", .apmbc, "2025-09-01")
        #expect(pending.withdrawalExpected == day("2026-01-10") && pending.withdrawalEffective == nil)
        #expect(
            pending.withdrawalCondition
                == "takes effect on 2026-01-10 (Art 20(2)), unless Finland is then engaged in an armed conflict: then only when that conflict ends (Art 20(3))"
        )
        #expect(standing("FIN", .apmbc, "2026-01-10").withdrawalExpected == nil)
        #expect(standing("FIN", .apmbc, "2025-07-10").withdrawalExpected == nil)  // notified that day: not yet known
        // Lithuania left the CCM on 6 March 2025.
        #expect(standing("LTU", .ccm, "2025-03-05").status == .withdrawalPending)
        #expect(standing("LTU", .ccm, "2025-03-06").status == .withdrawn)
        let now = registry.universalization(of: .apmbc, asOf: day("2026-11-23"))
        #expect(now.withdrawn.map(\.iso3) == ["EST", "FIN", "LTU", "LVA", "POL"])
    }

    /// Completion days read for clearance (Art 5) on the ISU's and the Monitor's pages, on three continents, each within
    /// the deadline then in force: Nicaragua's last mine on 13 April 2010 (deadline 1 May 2010), Venezuela's declaration
    /// at the 13MSP on 3 Dec 2013, Guatemala's at the 6MSP on 29 Nov 2005, France's report to the 9MSP on 27 Nov 2008,
    /// Bulgaria's areas cleared by 31 Oct 1999; and Grenada's CCM Art 4 declaration at the 3MSP on 11 Sep 2012.
    @Test func clearanceCompletionDays() {
        for (code, done) in [
            ("NIC", "2010-04-13"), ("VEN", "2013-12-03"), ("GTM", "2005-11-29"), ("FRA", "2008-11-27"),
            ("BGR", "1999-10-31"), ("CRI", "2002-12-10"), ("MKD", "2006-09-15"),
        ] {
            let s = standing(code, .apmbc, "2026-12-01").clearance
            #expect(s?.status == .completed && s?.completedOn == day(done), "\(code)")
        }
        // Before its declaration Venezuela read extended, to 1 Oct 2014.
        #expect(standing("VEN", .apmbc, "2013-12-03").clearance?.status == .extended)
        let grenada = standing("GRD", .ccm, "2013-01-01").clearance
        #expect(grenada?.status == .completed && grenada?.completedOn == day("2012-09-11"))
        // Oman finished in 2025 (the 22MSP welcomed it; no day read): after its deadline it reads completed, not missed.
        #expect(standing("OMN", .apmbc, "2026-01-01").clearance?.status == .completed)
        // The 20MSP's grants (Japan's foreign ministry): Argentina's and Guinea-Bissau's, new days not read.
        #expect(standing("ARG", .apmbc, "2024-01-01").clearance?.extensions.last?.meetingCode == "20MSP")
        #expect(
            standing("GNB", .apmbc, "2026-01-01").clearance?.extensions.map(\.meetingCode) == [
                "10MSP", "19MSP", "20MSP", "5RC",
            ]
        )
        // Who had a 2009 clearance deadline: 29 states, Malawi among them (completed, day not read; unconfirmed).
        let in2009 = registry.deadlines(.clearance, in: .apmbc, year: 2009, asOf: day("2026-12-01"))
        #expect(in2009.count == 29)
        #expect(in2009.first { $0.state.iso3 == "MWI" }?.isUnconfirmed == true)
    }

    /// Ukraine gave no Art 20 notice: it told the depositary it suspends the Convention (effected 18 July 2025). It
    /// stays a State Party, with its Art 5 deadline, and the notice is known only from the day after.
    @Test func ukrainesSuspensionLeavesItAParty() {
        let after = standing("UKR", .apmbc, "2025-08-01")
        #expect(after.status == .party && after.suspensionNotified == day("2025-07-18"))
        #expect(after.withdrawalNotified == nil && after.withdrawalExpected == nil)
        #expect(after.clearance?.deadline == day("2033-12-01"))
        #expect(standing("UKR", .apmbc, "2025-07-18").suspensionNotified == nil)
        #expect(standing("EST", .apmbc, "2025-08-01").suspensionNotified == nil)
    }

    /// A record's written status never contradicts its own dates: where a completion day is given, "completed" and
    /// "completed_late" must be what the deadline then in force makes of it (Bulgaria and Peru finished their cluster
    /// munition stocks within extended deadlines, so neither reads late).
    @Test func aWrittenCompletionStatusAgreesWithItsDay() {
        var disagreements: [String] = []
        for r in registry.obligationReports where r.reopenedOn == nil {
            guard let done = r.completedOn, let written = r.reportedStatus, written.hasPrefix("completed"),
                let state = registry.state(r.iso3)
            else { continue }
            let now = registry.standing(of: state, in: r.convention, asOf: done.adding(days: 1))
            let standing = r.obligation == .clearance ? now.clearance : now.stockpileDestruction
            let computed = standing?.status.rawValue ?? "none"
            if computed != written {
                disagreements.append("\(r.convention) \(r.iso3) \(r.obligation): \(written) vs \(computed)")
            }
        }
        #expect(disagreements == [])
        #expect(standing("BGR", .ccm, "2024-01-01").stockpileDestruction?.status == .completed)
    }

    /// Extension chains whose new deadlines were read on 2026-12-05: Zimbabwe's third (12MSP) to 1 Jan 2015 (ISU),
    /// Cyprus's first two to 1 Jul 2016 and 1 Jul 2019 (its defence ministry and the Monitor), Peru's second (15MSP)
    /// to 31 Dec 2024 (ISU), Argentina's first (2RC) to 1 Jan 2020 (ISU; the Monitor of 2019 says 1 Mar 2020), the
    /// United Kingdom's second (17MSP) to 1 Mar 2024.
    @Test func extensionChainsReadOnTheISUsPages() {
        func chain(_ iso3: String) -> [String] {
            registry.extensions(.clearance, of: iso3, in: .apmbc).map {
                "\($0.meetingCode ?? "") \($0.newDeadline?.iso ?? "?")"
            }
        }
        #expect(
            chain("ZWE") == [
                "9MSP 2011-01-01", "10MSP 2013-01-01", "12MSP 2015-01-01", "3RC 2018-01-01", "16MSP 2025-12-31",
            ]
        )
        #expect(chain("CYP").prefix(2) == ["12MSP 2016-07-01", "14MSP 2019-07-01"])
        #expect(chain("PER").prefix(2) == ["9MSP 2017-03-01", "15MSP 2024-12-31"])
        #expect(chain("ARG").prefix(2) == ["2RC 2020-01-01", "4RC 2023-03-01"])
        #expect(chain("GBR") == ["9MSP 2019-03-01", "17MSP 2024-03-01"])
    }

    @Test func ninthMeetingGrantedFifteenClearanceExtensions() {
        // 9MSP (Geneva, 24–28 Nov 2008) granted the first 15 Art 5 extension requests.
        let granted = registry.extensions.filter { $0.convention == .apmbc && $0.meetingCode == "9MSP" }
        #expect(
            Set(granted.map(\.iso3)) == [
                "BIH", "TCD", "HRV", "DNK", "ECU", "JOR", "MOZ", "NIC", "PER", "SEN", "THA", "GBR", "VEN", "YEM", "ZWE",
            ]
        )
        let deadlines2009 = registry.deadlines(.clearance, in: .apmbc, year: 2009, asOf: day("2009-03-02"))
        let extended = deadlines2009.filter { $0.outcome == .extended }.map(\.state.iso3)
        #expect(Set(extended) == Set(granted.map(\.iso3)))
        #expect(extended.count == 15)
    }

    @Test func tajikistanClearanceDeadlines() {
        // Original 1 April 2010; extended at 2RC (Cartagena 2009) to 1 April 2020, at 4RC (Oslo 2019) to 31 Dec 2025.
        let c = standing("TJK", .apmbc, "2025-01-01").clearance!
        #expect(c.originalDeadline == day("2010-04-01"))
        #expect(c.extensions.map(\.meetingCode) == ["2RC", "4RC"])
        #expect(c.extensions.map(\.newDeadline) == [day("2020-04-01"), day("2025-12-31")])
        #expect(c.deadline == day("2025-12-31"))
        #expect(c.status == .extended)
        #expect(standing("TJK", .apmbc, "2009-06-01").clearance?.status == .pending)
    }
}
