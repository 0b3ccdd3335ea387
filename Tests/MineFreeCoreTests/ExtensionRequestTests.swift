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
