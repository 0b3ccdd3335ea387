import Foundation
import MineFreeCore
import MineFreeStore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Casualty surveillance through the API over the demo: totals count each person once with small cells hidden from
/// roles without personal data; the authority works the duplicate queue; personal data only by role, with a purpose,
/// every read audited and never kept by a cache.
@Suite struct PeopleAPITests {
    static let day = "2026-01-01"

    @Test func totalsAreSuppressedForThePublicAndExactForTheAuthority() async throws {
        let services = try await ServerFixture.prepared.value
        let counted = try await PeopleRepository(database: services.store.database).countedCasualties(
            asOf: CalendarDate(iso: Self.day)!
        )
        let people = counted.people.count
        #expect(people > 40 && counted.pending.count >= 10)
        try await ServerFixture.withApp { app in
            var publicRows: [[String: Any]] = []
            try await app.testing().test(.GET, "/api/v1/casualties/totals?by=sex&as_of=\(Self.day)") {
                res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["minimum_cell"] as? Int == 3 && body["total"] as? Int == people)
                #expect(body["pending_pairs"] as? Int == counted.pending.count)
                publicRows = body["rows"] as? [[String: Any]] ?? []
            }
            // Nothing shown counts one or two people; what is hidden is marked.
            for row in publicRows {
                if let total = row["total"] as? Int {
                    #expect(total == 0 || total >= 3)
                } else {
                    #expect(row["suppressed"] as? Bool == true)
                }
            }
            let authority = try await ServerFixture.token(app, "authority")
            try await app.testing().test(
                .GET,
                "/api/v1/casualties/totals?by=year&as_of=\(Self.day)",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                let body = try object(res)
                #expect(body["minimum_cell"] as? Int == 1)
                let rows = body["rows"] as? [[String: Any]] ?? []
                #expect(rows.compactMap { $0["total"] as? Int }.reduce(0, +) == people)
                #expect(rows.allSatisfy { $0["suppressed"] as? Bool == false })
                #expect(rows.compactMap { $0["key"] as? String }.first == "2016")
            }
            try await app.testing().test(.GET, "/api/v1/casualties/totals?by=colour") { res async in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test func theAuthorityDecidesOnTheQueueAndEveryDecisionIsKept() async throws {
        try await ServerFixture.withApp { app in
            let authority = try await ServerFixture.token(app, "authority")
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/accidents/duplicates", headers: ServerFixture.bearer(viewer)) {
                res async in
                #expect(res.status == .forbidden)
            }
            var pair: (String, String) = ("", "")
            var before = 0
            try await app.testing().test(
                .GET,
                "/api/v1/accidents/duplicates?as_of=2027-01-01",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                #expect(res.status == .ok)
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                before = items.count
                // The demo's police reports repeat a third of the hospital's: the best pairs are hospital and police.
                let first = try #require(items.first)
                let a = first["report"] as? [String: Any] ?? [:]
                let b = first["other_report"] as? [String: Any] ?? [:]
                #expect(Set([a["source"] as? String, b["source"] as? String]).contains("hospital"))
                #expect((first["score"] as? Double ?? 0) >= 0.6)
                pair = (a["id"] as? String ?? "", b["id"] as? String ?? "")
            }
            #expect(before >= 10)
            try await ServerFixture.post(
                app,
                "/api/v1/accidents/decisions",
                viewer,
                ["report": pair.0, "other_report": pair.1, "verdict": "confirmed"]
            ) { res async in #expect(res.status == .forbidden) }
            try await ServerFixture.post(
                app,
                "/api/v1/accidents/decisions",
                authority,
                ["report": pair.0, "other_report": pair.1, "verdict": "rejected"]
            ) { res async in #expect(res.status == .unprocessableEntity) }
            try await ServerFixture.post(
                app,
                "/api/v1/accidents/decisions",
                authority,
                ["report": pair.0, "other_report": "AC-NONE-1", "verdict": "confirmed"]
            ) { res async in #expect(res.status == .unprocessableEntity) }
            try await ServerFixture.post(
                app,
                "/api/v1/accidents/decisions",
                authority,
                ["report": pair.1, "other_report": pair.0, "verdict": "confirmed", "reason": "same patient file"]
            ) { res async throws in
                #expect(res.status == .created)
                let body = try object(res)
                #expect(body["decided_by"] as? String == "authority" && body["verdict"] as? String == "confirmed")
                #expect((body["evidence"] as? String)?.contains("score") == true)
            }
            // Confirmed twice is a conflict; the queue has one pair fewer from the next day on.
            try await ServerFixture.post(
                app,
                "/api/v1/accidents/decisions",
                authority,
                ["report": pair.0, "other_report": pair.1, "verdict": "confirmed"]
            ) { res async in #expect(res.status == .conflict) }
            try await app.testing().test(
                .GET,
                "/api/v1/accidents/duplicates?as_of=2027-01-01",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                #expect((try object(res)["items"] as? [[String: Any]] ?? []).count == before - 1)
            }
            try await app.testing().test(.GET, "/api/v1/accidents/decisions", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(
                    items.contains {
                        $0["report"] as? String == min(pair.0, pair.1) && $0["reason"] as? String == "same patient file"
                    }
                )
            }
        }
    }

    @Test func personalDataOnlyByRoleWithAPurposeAndAudited() async throws {
        try await ServerFixture.withApp { app in
            let person = "CS-0001"
            let path = "/api/v1/people/\(person)?purpose=follow-up%20of%20the%20prosthesis%20fitting"
            try await app.testing().test(.GET, path) { res async in #expect(res.status == .unauthorized) }
            for role in ["viewer", "operator"] {
                let token = try await ServerFixture.token(app, role)
                try await app.testing().test(.GET, path, headers: ServerFixture.bearer(token)) { res async in
                    #expect(res.status == .forbidden)
                }
            }
            let authority = try await ServerFixture.token(app, "authority")
            try await app.testing().test(
                .GET,
                "/api/v1/people/\(person)?purpose=x",
                headers: ServerFixture.bearer(authority)
            ) { res async in #expect(res.status == .badRequest) }
            try await app.testing().test(.GET, path, headers: ServerFixture.bearer(authority)) { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl) == "no-store")
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(items.first?["casualty_id"] as? String == person)
                #expect((items.first?["name"] as? String)?.hasPrefix("Demo person") == true)
            }
            let admin = try await ServerFixture.token(app, "admin")
            try await app.testing().test(
                .GET,
                "/api/v1/audit?action=personal.read&actor=authority",
                headers: ServerFixture.bearer(admin)
            ) { res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(
                    items.contains {
                        $0["target"] as? String == person
                            && ($0["detail"] as? String)?.hasSuffix("follow-up of the prosthesis fitting") == true
                    }
                )
            }
        }
    }

    /// Gaps and coverage as the CLI's core computes them, through the API.
    @Test func assistanceGapsAndCoverageThroughTheAPI() async throws {
        let services = try await ServerFixture.prepared.value
        let day = CalendarDate(iso: "2026-06-30")!
        let year = CalendarDate(iso: "2025-01-01")!..<CalendarDate(iso: "2026-01-01")!
        let people = PeopleRepository(database: services.store.database)
        let gaps = try await people.assistanceGaps(period: year, asOf: day)
        let coverage = try await people.riskEducationCoverage(period: year, asOf: day, options: .init())
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/assistance/gaps?as_of=2026-06-30&period=2025",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["from"] as? String == "2025-01-01" && body["to"] as? String == "2025-12-31")
                #expect(body["registered"] as? Int == gaps.registered && body["reached"] as? Int == gaps.reached)
                let pillars = body["by_pillar"] as? [[String: Any]] ?? []
                #expect(pillars.compactMap { $0["no_service"] as? Int } == gaps.byPillar.map(\.noService))
            }
            try await app.testing().test(
                .GET,
                "/api/v1/eore/coverage?as_of=2026-06-30&period=2025&limit=5",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["settlements"] as? Int == coverage.count)
                #expect(body["reached"] as? Int == coverage.filter(\.reached).count)
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(items.count == min(5, coverage.count))
                #expect(items.first?["settlement_id"] as? String == coverage.first?.settlementID)
                #expect(items.allSatisfy { ($0["metres"] as? Double ?? 99_999) <= 2000 })
            }
            try await app.testing().test(.GET, "/api/v1/eore/coverage?within=50", headers: ServerFixture.bearer(viewer))
            {
                res async in #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/api/v1/assistance/gaps") { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }

    /// The People layers' records through the API: pseudonymised for a viewer, real ids for the authority, never
    /// personal data, paged and dated.
    @Test func peopleRecordsArePseudonymisedForRolesWithoutPersonalData() async throws {
        let services = try await ServerFixture.prepared.value
        let survivors = try await RecordRepository(database: services.store.database).records(
            Survivor.self,
            asOf: CalendarDate(iso: "2026-01-01")!
        )
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            let authority = try await ServerFixture.token(app, "authority")
            var seen: [String] = []
            try await app.testing().test(
                .GET,
                "/api/v1/people-records/survivors?as_of=2026-01-01&limit=5",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["pseudonymised"] as? Bool == true)
                #expect((body["page"] as? [String: Any])?["total"] as? Int == survivors.count)
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(items.count == 5)
                seen = items.compactMap { $0["id"] as? String }
                #expect(seen.allSatisfy { $0.hasPrefix("P-") && $0.count == 18 })
                #expect(items.allSatisfy { ($0["casualty_id"] as? String).map { $0.hasPrefix("P-") } ?? true })
                #expect(
                    !String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self).contains(
                        "Demo person"
                    )
                )
            }
            try await app.testing().test(
                .GET,
                "/api/v1/people-records/survivors?as_of=2026-01-01&limit=5",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                let body = try object(res)
                #expect(body["pseudonymised"] as? Bool == false)
                let ids = (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == Array(survivors.map(\.localID).sorted().prefix(5)))
            }
            try await app.testing().test(
                .GET,
                "/api/v1/people-records/casualties?limit=2",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                let geometry = items.first?["geometry"] as? [String: Any]
                #expect(geometry?["type"] as? String == "Point" && items.first?["outcome"] != nil)
            }
            try await app.testing().test(
                .GET,
                "/api/v1/people-records/personal_data",
                headers: ServerFixture.bearer(authority)
            ) { res async in #expect(res.status == .badRequest || res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/people-records/survivors") { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }
}
