import Foundation
import MineFreeCore
import MineFreeStore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// People's pages over the demo, and the promise that no route leaks a name: every route the server has, asked by
/// the public and by each role, shows a name only on the personal-data routes and only to a role allowed to read it.
@Suite struct PeopleWebTests {
    static let purpose = "checking%20the%20prosthesis%20referral"

    @Test func noRouteShowsANameToARoleWithoutPersonalData() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            var tokens: [(Role, String)] = [(.public, "")]
            for (role, user) in [
                (Role.viewer, "viewer"), (.operator, "operator"), (.authority, "authority"),
                (.administrator, "admin"),
            ] {
                tokens.append((role, try await ServerFixture.token(app, user)))
            }
            var paths = AccessTests.required.keys.filter { $0.hasPrefix("GET ") }.map { AccessTests.concrete($0).1 }
            paths += [
                "/people/CS-0001?purpose=\(Self.purpose)", "/api/v1/people/CS-0001?purpose=\(Self.purpose)",
                "/casualties?as_of=2026-01-01", "/casualties/duplicates?as_of=2026-01-01", "/assistance?period=2025",
                "/eore?period=2025", "/api/v1/casualties/totals?by=area", "/api/v1/accidents/duplicates",
                "/api/v1/accidents/decisions",
            ]
            for info in RecordLayers.infos where info.collection != nil {
                paths.append("/ogc/collections/\(info.collection!.id)/items?limit=1000")
            }
            var namesSeen = 0
            for path in paths.sorted() {
                for (role, token) in tokens {
                    var headers: HTTPHeaders = [
                        "Accept": path.hasPrefix("/api/") || path.hasPrefix("/ogc") ? "application/json" : "text/html"
                    ]
                    if !token.isEmpty { headers.bearerAuthorization = BearerAuthorization(token: token) }
                    try await app.testing().test(.GET, path, headers: headers) { res async in
                        let body = text(res)
                        let personalRoute = path.hasPrefix("/people/") || path.hasPrefix("/api/v1/people/")
                        if body.contains("Demo person") {
                            namesSeen += 1
                            #expect(personalRoute && role.may(.readPersonalData), "\(role) saw a name on \(path)")
                        }
                        #expect(!body.contains("+994"), "\(role) saw a phone number on \(path)")
                    }
                }
            }
            // The authority and the administrator read CS-0001's name, each on the page and through the API.
            #expect(namesSeen == 4)
        }
    }

    @Test func theCasualtyDashboardShowsAggregatesOnly() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/casualties?as_of=2026-01-01", headers: ["Accept": "text/html"]) {
                res async in
                #expect(res.status == .ok)
                let page = text(res)
                #expect(page.contains("id=\"chart-casualties\"") && page.contains("id=\"casualties-by-sex\""))
                #expect(page.contains("id=\"suppression\""))
                // No report, casualty or accident id on the public page: aggregates only.
                #expect(!page.contains("CS-0") && !page.contains("AC-H-"))
                #expect(page.contains("id=\"casualty-map\""))
                // Placed by position in the demo's districts: the area table names them.
                #expect(page.contains("id=\"casualties-by-area\"") && page.contains("<td>D0"))
            }
            // The map: every district with its count, suppressed where small, no point anywhere.
            try await app.testing().test(.GET, "/casualties/map.geojson?as_of=2026-01-01") { res async throws in
                #expect(res.status == .ok)
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                #expect(features.count == DemoProgramme.districts.count)
                let props = features.compactMap { $0["properties"] as? [String: Any] }
                #expect(
                    props.allSatisfy {
                        ($0["total"] as? Int).map { $0 == 0 || $0 >= 3 } ?? ($0["suppressed"] as? Bool == true)
                    }
                )
                #expect(props.compactMap { $0["total"] as? Int }.reduce(0, +) > 20)
                #expect(features.allSatisfy { ($0["geometry"] as? [String: Any])?["type"] as? String != "Point" })
            }
            let authority = try await ServerFixture.token(app, "authority")
            try await app.testing().test(
                .GET,
                "/casualties?as_of=2026-01-01",
                headers: ServerFixture.bearer(authority)
            ) { res async in
                let page = text(res)
                #expect(!page.contains("id=\"suppression\"") && page.contains("href=\"/casualties/duplicates\""))
            }
        }
    }

    @Test func theAuthorityDecidesFromTheQueueInTheBrowser() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await ServerFixture.browserSignIn(app, "authority")
            var form: [String: String] = [:]
            try await app.testing().test(
                .GET,
                "/casualties/duplicates?as_of=2027-06-01",
                headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            ) { res async in
                #expect(res.status == .ok)
                let page = text(res)
                #expect(page.contains("id=\"queue\""))
                // The last pair's reject form: its two report ids.
                func value(_ name: String, in part: Substring) -> String {
                    guard let r = part.range(of: "name=\"\(name)\" value=\"") else { return "" }
                    return String(part[r.upperBound...].prefix { $0 != "\"" })
                }
                let last = page[
                    page.range(of: "name=\"verdict\" value=\"rejected\"", options: .backwards)!.lowerBound...
                ]
                let start = page[..<last.startIndex].range(of: "<form", options: .backwards)!.lowerBound
                let formText = page[start...]
                form = ["report": value("report", in: formText), "other_report": value("other_report", in: formText)]
            }
            #expect(form["report"]?.hasPrefix("AC-") == true)
            try await app.testing().test(
                .POST,
                "/casualties/duplicates",
                headers: ["Cookie": "minefree-session=\(cookie)"],
                beforeRequest: { req in
                    try req.content.encode(
                        form.merging(["verdict": "rejected", "reason": "two herders, two fields", "csrf": csrf]) { $1 },
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.contains("decided=") == true)
            }
            let services = try await ServerFixture.prepared.value
            let decisions = try await PeopleRepository(database: services.store.database).accidentDecisions()
            #expect(
                decisions.contains {
                    $0.decision.pair == .init(form["report"]!, form["other_report"]!)
                        && $0.decision.verdict == .rejected
                        && $0.decision.reason == "two herders, two fields"
                }
            )
        }
    }

    @Test func aPersonsRecordAsksWhyAndIsAudited() async throws {
        try await ServerFixture.withApp { app in
            let authority = try await ServerFixture.token(app, "authority")
            try await app.testing().test(.GET, "/people/CS-0001", headers: ServerFixture.bearer(authority)) {
                res async in
                let page = text(res)
                #expect(page.contains("id=\"purpose-form\"") && !page.contains("Demo person"))
            }
            try await app.testing().test(
                .GET,
                "/people/CS-0001?purpose=\(Self.purpose)",
                headers: ServerFixture.bearer(authority)
            ) { res async in
                #expect(res.status == .ok && res.headers.first(name: .cacheControl) == "no-store")
                let page = text(res)
                #expect(page.contains("Demo person 01") && page.contains("id=\"casualty\""))
            }
            let services = try await ServerFixture.prepared.value
            let audit = try await AccountRepository(database: services.store.database).auditEntries(
                matching: AuditFilter(actor: "authority", action: "personal.read"),
                limit: 100,
                offset: 0
            )
            #expect(
                audit.entries.contains {
                    $0.target == "CS-0001" && $0.detail?.hasSuffix("checking the prosthesis referral") == true
                }
            )
        }
    }

    @Test func assistanceGapsAndRiskEducationCoverageRender() async throws {
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/assistance?period=2025", headers: ServerFixture.bearer(viewer)) {
                res async in
                #expect(res.status == .ok)
                let page = text(res)
                #expect(page.contains("id=\"chart-needs\"") && page.contains("id=\"gaps-by-pillar\""))
                #expect(page.contains("Period: 2025-01-01 to 2025-12-31."))
            }
            try await app.testing().test(.GET, "/eore?period=2025&within=2000", headers: ServerFixture.bearer(viewer)) {
                res async in
                #expect(res.status == .ok)
                let page = text(res)
                #expect(page.contains("id=\"coverage-map\"") && page.contains("id=\"coverage-data\""))
                #expect(page.contains("id=\"card-near\""))
            }
            try await app.testing().test(.GET, "/eore?within=5", headers: ServerFixture.bearer(viewer)) { res async in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/assistance", headers: ["Accept": "text/html"]) { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }

    /// An operator records a casualty with the form; it waits for review, breaks no rule, and counts once approved.
    @Test func anOperatorsCasualtyFormWaitsForTheAuthority() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await ServerFixture.browserSignIn(app, "operator")
            let headers: HTTPHeaders = ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            try await app.testing().test(.GET, "/submit/casualties", headers: headers) { res async in
                #expect(res.status == .ok)
                let page = text(res)
                #expect(page.contains("id=\"casualty-form\"") && page.contains("name=\"outcome\""))
            }
            try await app.testing().test(.GET, "/submit/personal_data", headers: headers) { res async in
                #expect(res.status == .notFound)
            }
            var fields = [
                "csrf": csrf, "id": "CS-WEB-1", "date": "2026-03-02", "outcome": "injured", "age": "9",
                "age_group": "adult", "sex": "F", "device": "ERW", "lon": "46.95", "lat": "40.1",
            ]
            try await app.testing().test(
                .POST,
                "/submit/casualties",
                headers: headers,
                beforeRequest: { req in try req.content.encode(fields, as: .urlEncodedForm) }
            ) { res async in
                #expect(res.status == .unprocessableEntity)
                #expect(text(res).contains("age-group") && text(res).contains("value=\"CS-WEB-1\""))
            }
            fields["age_group"] = "child"
            try await app.testing().test(
                .POST,
                "/submit/casualties",
                headers: headers,
                beforeRequest: { req in try req.content.encode(fields, as: .urlEncodedForm) }
            ) { res async in
                #expect(res.status == .created)
                #expect(text(res).contains("CS-WEB-1"))
            }
            let authority = try await ServerFixture.token(app, "authority")
            var id: Int64 = 0
            try await app.testing().test(
                .GET,
                "/api/v1/submissions?state=submitted&limit=1000",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                let mine = items.first { $0["record_id"] as? String == "CS-WEB-1" }
                #expect(mine?["kind"] as? String == "casualty")
                id = (mine?["id"] as? NSNumber)?.int64Value ?? 0
            }
            try await ServerFixture.post(app, "/api/v1/submissions/\(id)/review", authority, ["decision": "approve"]) {
                res async in #expect(res.status == .ok)
            }
            let services = try await ServerFixture.prepared.value
            let stored = try await RecordRepository(database: services.store.database).records(
                CasualtyEvent.self,
                where: "local_id = 'CS-WEB-1'"
            )
            #expect(stored.first?.ageGroup == .child && stored.first?.device == .explosiveRemnants)
        }
    }
}
