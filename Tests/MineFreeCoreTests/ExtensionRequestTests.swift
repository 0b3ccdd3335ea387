import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// Extension requests whose decision no source read records (issue 19 §2): once the deadline they would replace has
/// passed the obligation reads "extension requested", never "missed" and never "extended" on a grant nobody read.
@Suite struct ExtensionRequestTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    func clearance(_ code: String, _ on: String) -> DeadlineStanding? {
        registry.standing(of: registry.state(code)!, in: .ccm, asOf: day(on)).clearance
    }

    @Test func somaliasFirstRequestBeforeAndAfterItsDeadline() throws {
        // Original deadline 1 March 2026; a request to 1 March 2030 before the 13MSP (16–19 September 2025).
        let before = try #require(clearance("SOM", "2025-09-01"))
        #expect(before.status == .pending && before.request == nil)
        let during = try #require(clearance("SOM", "2025-12-01"))
        #expect(during.status == .pending && during.request?.meetingCode == "13MSP")
        let after = try #require(clearance("SOM", "2026-12-01"))
        #expect(after.status == .extensionRequested && after.deadline == day("2026-03-01"))
        #expect(after.request?.requestedDeadline == day("2030-03-01"))
    }

    @Test func germanysRequestIsNotReadAsAGrant() throws {
        // Extended to 1 August 2025 at the 9MSP; the 12MSP's decision on its request to 2030 was not read.
        let now = try #require(clearance("DEU", "2026-01-01"))
        #expect(now.deadline == day("2025-08-01") && now.extensions.count == 1)
        #expect(now.status == .extensionRequested && now.request?.requestedDeadline == day("2030-08-01"))
        // Chad's second extension was granted at the same meeting: its 2026 deadline passed with no request read.
        #expect(clearance("TCD", "2026-12-01")?.status == .missed)
        let events = registry.deadlines(.clearance, in: .ccm, year: 2025, asOf: day("2026-01-01"))
        #expect(
            events.filter { $0.outcome == .extensionRequested }.map(\.state.iso3).sorted() == ["DEU", "LAO"]
        )
        #expect(!events.contains { $0.outcome == .missed })
    }

    /// The Mine Ban Treaty's clearance deadlines of 2024–2026 as sources read them: a request before the 5RC whose
    /// decision was not read (Serbia), grants at the 5RC (Guinea-Bissau to 31 Dec 2027; Peru, new deadline not read;
    /// Chad to 1 Jan 2030, unconfirmed) and the 22MSP (Cambodia to 31 Dec 2030; Ethiopia, Ecuador and DR Congo, new
    /// deadlines not read), Croatia's completion on its deadline day, and the states with no request or grant read.
    @Test func mineBanTreatyClearanceDeadlinesOf2024To2026() throws {
        func apmbc(_ code: String, _ on: String) -> DeadlineStanding? {
            registry.standing(of: registry.state(code)!, in: .apmbc, asOf: day(on)).clearance
        }
        let serbia = try #require(apmbc("SRB", "2025-06-01"))
        #expect(serbia.status == .extensionRequested && serbia.deadline == day("2024-12-31"))
        #expect(serbia.request?.meetingCode == "5RC")
        let chad = try #require(apmbc("TCD", "2025-06-01"))
        #expect(chad.status == .extended && chad.deadline == day("2030-01-01"))
        #expect(chad.extensions.last?.provenance.confidence == .unconfirmed)
        let guineaBissau = try #require(apmbc("GNB", "2025-06-01"))
        #expect(guineaBissau.status == .extended && guineaBissau.deadline == day("2027-12-31"))
        #expect(apmbc("PER", "2025-06-01")?.status == .extended)
        #expect(apmbc("PER", "2025-06-01")?.extensions.last?.meetingCode == "5RC")
        let cambodia = try #require(apmbc("KHM", "2026-06-01"))
        #expect(cambodia.status == .extended && cambodia.deadline == day("2030-12-31"))
        #expect(apmbc("ETH", "2026-06-01")?.status == .extended)
        // Ukraine's ten years from the 21MSP. Ecuador's request of 7 July 2025 and DR Congo's of 2025 were among the
        // twelve the 22MSP approved; the days granted were not read.
        #expect(apmbc("UKR", "2026-06-01")?.deadline == day("2033-12-01"))
        for code in ["ECU", "COD"] {
            let s = try #require(apmbc(code, "2026-06-01"))
            #expect(s.status == .extended && s.extensions.last?.meetingCode == "22MSP", "\(code)")
        }
        // DR Congo's interim deadline of 1 July 2022 was followed by 31 Dec 2025, granted at the 19MSP (Nov 2021): it
        // never read "missed" in between.
        #expect(apmbc("COD", "2022-07-02")?.deadline == day("2025-12-31"))
        #expect(apmbc("COD", "2023-06-01")?.status == .extended)
        #expect(apmbc("COD", "2023-06-01")?.extensions.map(\.meetingCode) == ["11MSP", "3RC", "18MSP", "19MSP"])
        // Croatia finished on 1 March 2026, the day of its deadline: on time.
        let croatia = try #require(apmbc("HRV", "2026-03-02"))
        #expect(croatia.status == .completed && croatia.completedOn == day("2026-03-01"))
        #expect(apmbc("HRV", "2026-02-15")?.status != .completed)
        // Eritrea missed its deadline of 31 Dec 2024; once the 22MSP had met (it approved 12 of 14 requests, not all
        // named), whether Eritrea was among them is not recorded, so it no longer reads "missed".
        let in2024 = registry.deadlines(.clearance, in: .apmbc, year: 2024, asOf: day("2026-01-01"))
        let in2024Before = registry.deadlines(.clearance, in: .apmbc, year: 2024, asOf: day("2025-06-01"))
        #expect(in2024Before.filter { $0.outcome == .missed }.map(\.state.iso3) == ["ERI"])
        #expect(in2024.filter { $0.outcome == .decisionNotRecorded }.map(\.state.iso3) == ["ERI"])
        // Somalia's request of April 2021 was granted at the 19MSP (Arms Control Today), to 1 Oct 2027 (the Monitor's
        // profile of 2023): after 1 Oct 2022 it reads "extended", not "missed".
        let somalia = try #require(apmbc("SOM", "2023-01-01"))
        #expect(somalia.status == .extended && somalia.deadline == day("2027-10-01") && somalia.request == nil)
        #expect(somalia.extensions.map(\.meetingCode) == ["19MSP"])
        #expect(apmbc("SOM", "2021-06-01")?.deadline == day("2022-10-01"))
        #expect(in2024.filter { $0.outcome == .extensionRequested }.map(\.state.iso3) == ["SRB"])
        let in2025 = registry.deadlines(.clearance, in: .apmbc, year: 2025, asOf: day("2026-06-01"))
        // Tajikistan's late request was not decided at the 22MSP and may come back to the 23MSP: requested. No
        // request or grant was read for Nigeria, Türkiye and Zimbabwe, but the 22MSP approved 12 of 14 requests
        // without all being named, so none of them reads "missed".
        #expect(!in2025.contains { $0.outcome == .missed })
        #expect(in2025.filter { $0.outcome == .extensionRequested }.map(\.state.iso3) == ["TJK"])
        #expect(
            in2025.filter { $0.outcome == .decisionNotRecorded }.map(\.state.iso3).sorted() == ["NGA", "TUR", "ZWE"]
        )
        let turkiye = try #require(apmbc("TUR", "2026-06-01"))
        #expect(turkiye.status == .decisionNotRecorded && turkiye.undecidedAt == "22MSP")
        // Before the 22MSP met, a deadline it could not yet have extended is not concerned; nor is the APMBC's Art 4
        // (no meeting extends it): Greece's missed stockpile deadline stays missed.
        #expect(apmbc("TUR", "2025-11-30")?.status == .extended)
        let greece = registry.standing(of: registry.state("GRC")!, in: .apmbc, asOf: day("2026-06-01"))
        #expect(greece.stockpileDestruction?.status == .missed)
        // What an outcome rests on travels with it: Chad's extension to 2030 is read from a page header only, and
        // Eritrea's standing after 2024 is itself unconfirmed; Cambodia's grant is single-source, not in doubt.
        func event(_ events: [DeadlineEvent], _ code: String) -> DeadlineEvent? {
            events.first { $0.state.iso3 == code }
        }
        #expect(event(in2025, "TCD")?.isUnconfirmed == true)
        #expect(event(in2025, "TCD")?.basis.map(\.confidence) == [.singleSource, .unconfirmed])
        #expect(event(in2025, "KHM")?.isUnconfirmed == false)
        #expect(event(in2024, "ERI")?.isUnconfirmed == true)
    }

    /// Completion days read from the states' own announcements: Jordan's ceremony of 24 April 2012 came before its
    /// deadline of 1 May 2012; Mozambique's announcement of 17 September 2015 came after its deadline of
    /// 1 January 2015 (Landmine Monitor 2015).
    @Test func completionDaysReadFromAnnouncements() throws {
        func apmbc(_ code: String, _ on: String) -> DeadlineStanding? {
            registry.standing(of: registry.state(code)!, in: .apmbc, asOf: day(on)).clearance
        }
        let jordan = try #require(apmbc("JOR", "2013-01-01"))
        #expect(jordan.status == .completed && jordan.completedOn == day("2012-04-24"))
        #expect(jordan.deadline == day("2012-05-01"))
        let mozambique = try #require(apmbc("MOZ", "2016-01-01"))
        #expect(mozambique.status == .completedLate && mozambique.completedOn == day("2015-09-17"))
        #expect(apmbc("MOZ", "2015-06-01")?.status == .missed)
    }

    @Test func aRequestBesideItsGrantIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-requests-\(UUID().uuidString)"
        )
        try FileManager.default.copyItem(at: BundledReferenceData.directory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        convention,article,iso3,meeting_code,submitted_on,requested_deadline,source,confidence,notes
        ccm,4,TCD,12MSP,,2026-10-01,https://example.org/a,single-source,
        ccm,4,SOM,14MSP,,,https://example.org/a,single-source,
        ccm,2,SOM,13MSP,,,https://example.org/a,single-source,
        ccm,4,SOM,13MSP,2025-10-01,,https://example.org/a,single-source,

        """.write(
            to: dir.appendingPathComponent(ReferenceDataLoader.extensionRequestsFile),
            atomically: true,
            encoding: .utf8
        )
        let error = #expect(throws: ReferenceDataError.self) { try ReferenceDataLoader.load(from: dir) }
        let messages = try #require(error).issues.map { "\($0.rule): \($0.message)" }
        #expect(
            messages.contains(
                "decided: TCD's extension granted at 12MSP is in the extensions file: the request is decided"
            )
        )
        #expect(messages.contains("unknown-meeting: meeting_code '14MSP' is not in ccm_meetings.csv"))
        #expect(messages.contains("article: article '2' is not a ccm article with extensions"))
        #expect(messages.contains("submitted_on: submitted_on 2025-10-01 is after 13MSP ended (2025-09-19)"))
    }
}
