import Foundation
import MineFreeAPI
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// A programme's stockpile records over the demo (issue 18 §1): the stock on a day in the API, the records' layers,
/// and the state page's section for the programme's readers only (the public sections show reference data).
@Suite struct StockpileRecordsServerTests {
    func headers(_ token: String?, html: Bool = false) -> HTTPHeaders {
        var h: HTTPHeaders = ["Accept": html ? "text/html" : "application/json"]
        if let token { h.bearerAuthorization = BearerAuthorization(token: token) }
        return h
    }

    @Test func theLedgerTheRecordsAndTheStatePage() async throws {
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/stockpile-ledger?state=AZE&as_of=2026-04-01",
                headers: headers(viewer)
            ) { res in
                #expect(res.status == .ok)
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                #expect(items.count == 1)
                // 15,000 disclosed on 2025-08-31 (two types), 500 sent for destruction abroad, 4,000 destroyed by
                // 2026-03-20.
                #expect(items[0]["counted"] as? Int == 15_000 && items[0]["remaining"] as? Int == 10_500)
                #expect(
                    items[0]["counted_record"] as? String == "SR-01" || items[0]["counted_record"] as? String == "SR-02"
                )
                #expect(
                    items[0]["explanation"] as? String
                        == "15,000 mines counted on 2025-08-31; 4,000 destroyed since in 1 event; 500 transferred away; 10,500 remaining"
                )
            }
            try await app.testing().test(.GET, "/api/v1/stockpile-ledger?as_of=2026-12-01", headers: headers(viewer)) {
                res in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                // The receiver's balance starts from its own last count (Türkiye's in June 2010, reference data).
                #expect(
                    items.map { $0["iso3"] as? String } == ["AZE", "TUR"] && items[0]["remaining"] as? Int == 8_000
                )
                #expect(items[1]["transferred_in"] as? Int == 500 && (items[1]["counted_record"] ?? NSNull()) is NSNull)
            }
            try await app.testing().test(.GET, "/api/v1/stockpile-ledger?convention=cwc", headers: headers(viewer)) {
                res in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/api/v1/stockpile-ledger?state=XX9", headers: headers(viewer)) { res in
                #expect(res.status == .badRequest || res.status == .notFound)
            }
            try await app.testing().test(.GET, "/api/v1/stockpile-ledger", headers: headers(nil)) { res in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(
                .GET,
                "/api/v1/implementation-records/production_facilities?as_of=2026-12-01",
                headers: headers(viewer)
            ) { res in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                // Both states of the facility, each dated: the history is kept.
                #expect(items.map { $0["status"] as? String } == ["ceased", "converted"])
            }
            try await app.testing().test(.GET, "/states/AZE?as_of=2026-12-01", headers: headers(viewer, html: true)) {
                res in
                let body = text(res)
                #expect(body.contains("id=\"stockpile-records\""))
                #expect(
                    body.contains(
                        "15,000 mines counted on 2025-08-31; 6,500 destroyed since in 2 events; 500 transferred away; 8,000 remaining"
                    )
                )
                #expect(body.contains("id=\"stock-destructions\"") && body.contains("open detonation"))
                #expect(body.contains("Mine assembly line (demo) (Plant P1 (demo))") && body.contains("converted"))
            }
            try await app.testing().test(.GET, "/states/AZE?as_of=2026-12-01", headers: headers(nil, html: true)) {
                res in
                #expect(res.status == .ok)
                #expect(!text(res).contains("stockpile-records"))
            }
        }
    }
}

/// A destruction entered with the form waits for the authority's review, is refused with its rule when a value
/// breaks one, and once approved counts in the stock on the day; every kind a submission may be has its name in the
/// API's contract.
@Suite struct StockpileFormTests {
    @Test func everySubmissionKindIsInTheContract() {
        for kind in Submission.layers.keys {
            #expect(Components.Schemas.Submission.KindPayload(rawValue: kind) != nil, "\(kind)")
        }
    }

    @Test func aDestructionFormWaitsForTheAuthority() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await ServerFixture.browserSignIn(app, "operator")
            let headers: HTTPHeaders = ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            var fields = [
                "csrf": csrf, "id": "SD-WEB-1", "state": "AZE", "convention": "apmbc", "end_date": "2026-06-10",
                "method": "incineration", "mine_type": "PMN-2 (demo)", "quantity": "1000", "unit": "submunitions",
            ]
            try await app.testing().test(
                .POST,
                "/submit/stockpile_destructions",
                headers: headers,
                beforeRequest: { req in try req.content.encode(fields, as: .urlEncodedForm) }
            ) { res async in
                #expect(res.status == .unprocessableEntity)
                #expect(text(res).contains("unit-for-convention") && text(res).contains("value=\"SD-WEB-1\""))
            }
            fields["unit"] = "mines"
            try await app.testing().test(
                .POST,
                "/submit/stockpile_destructions",
                headers: headers,
                beforeRequest: { req in try req.content.encode(fields, as: .urlEncodedForm) }
            ) { res async in
                #expect(res.status == .created)
            }
            let authority = try await ServerFixture.token(app, "authority")
            var id: Int64 = 0
            try await app.testing().test(
                .GET,
                "/api/v1/submissions?state=submitted&limit=1000",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                #expect(res.status == .ok)
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                let mine = items.first { $0["record_id"] as? String == "SD-WEB-1" }
                #expect(mine?["kind"] as? String == "destruction")
                id = (mine?["id"] as? NSNumber)?.int64Value ?? 0
            }
            try await ServerFixture.post(app, "/api/v1/submissions/\(id)/review", authority, ["decision": "approve"]) {
                res async in #expect(res.status == .ok)
            }
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/stockpile-ledger?state=AZE&as_of=2026-12-01",
                headers: ServerFixture.bearer(viewer)
            ) { res in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                // The demo's 8,000 less the 1,000 approved.
                #expect(items.first?["destructions"] as? Int == 3 && items.first?["remaining"] as? Int == 7_000)
            }
        }
    }
}

/// The demo's disputed figure over HTTP: the API and the state page show every source and the value adopted.
@Suite struct SourcedFigureServerTests {
    @Test func theAPIAndTheStatePage() async throws {
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/figures?state=AZE&as_of=2026-01-01",
                headers: ServerFixture.bearer(viewer)
            ) { res in
                #expect(res.status == .ok)
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["lowest"] as? Int == 59 && items[0]["highest"] as? Int == 64)
                #expect(items[0]["agree"] as? Bool == false && items[0]["adopted"] as? String == "FR-01")
                #expect((items[0]["reports"] as? [[String: Any]])?.count == 3)
            }
            try await app.testing().test(.GET, "/api/v1/figures", headers: ["Accept": "application/json"]) { res in
                #expect(res.status == .unauthorized)
            }
            var headers: HTTPHeaders = ["Accept": "text/html"]
            headers.bearerAuthorization = BearerAuthorization(token: viewer)
            try await app.testing().test(.GET, "/states/AZE?as_of=2026-01-01", headers: headers) { res in
                let body = text(res)
                #expect(body.contains("id=\"figure-list\"") && body.contains("<strong>59–64</strong>"))
                #expect(body.contains("The national register de-duplicates the hospitals"))
            }
        }
    }
}

/// Use of mines over HTTP (issue 20 §1): the reference data's reports for everyone, the demo programme's report
/// added for its readers, a past view that shows only what was known then, bad selections answered 400.
@Suite struct UseOfMinesServerTests {
    @Test func theAPIThePageAndTheMap() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(
                .GET,
                "/api/v1/use-of-mines?state=AZE&as_of=2026-01-01",
                headers: ["Accept": "application/json"]
            ) { res in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["programme_records"] as? Bool == false)
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.map { $0["id"] as? String } == ["nk-karabakh-2013"])
            }
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/use-of-mines?state=AZE&as_of=2026-01-01",
                headers: ServerFixture.bearer(viewer)
            ) { res in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                let demo = try #require(items.first { $0["id"] as? String == "UR-01" })
                #expect(demo["status"] as? String == "credible" && demo["answered"] as? Bool == true)
                #expect((demo["assessments"] as? [[String: Any]])?.count == 3)
                let responses = try #require(demo["responses"] as? [[String: Any]])
                #expect(responses.map { $0["contact_id"] as? String } == ["CO-01", "CO-01"])
                #expect(demo["lat"] as? Double == 39.99 && demo["period"] as? String == "from 2007-04")
            }
            // On 1 June 2007 only the allegation and the campaign's letter were known: open, unanswered.
            try await app.testing().test(
                .GET,
                "/api/v1/use-of-mines?state=AZE&open=true&as_of=2007-06-01",
                headers: ServerFixture.bearer(viewer)
            ) { res in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["status"] as? String == "alleged")
                #expect((items[0]["assessments"] as? [[String: Any]])?.count == 1)
            }
            // States Parties' forces while party, from the reference data: Yemen 2011 among them, Israel not.
            try await app.testing().test(.GET, "/api/v1/use-of-mines?states_parties=true&as_of=2026-01-01") { res in
                let ids = try #require(try object(res)["items"] as? [[String: Any]]).compactMap { $0["id"] as? String }
                #expect(ids.contains("yem-gov-2011") && !ids.contains("isr-golan-2011"))
            }
            for bad in ["year=abc", "year=1800", "status=rumoured", "weapon=bomb", "state=ZZZ", "as_of=2026-13-01"] {
                try await app.testing().test(.GET, "/api/v1/use-of-mines?\(bad)") { res in
                    #expect(res.status == .badRequest, "\(bad)")
                    #expect(
                        res.headers.contentType?.description.hasPrefix("application/problem+json") == true,
                        "\(bad)"
                    )
                }
                try await app.testing().test(.GET, "/use-of-mines?\(bad)") { res in
                    #expect(res.status == .badRequest, "\(bad)")
                }
            }
            try await app.testing().test(.GET, "/use-of-mines?weapon=cluster_munition&as_of=2026-01-01") { res in
                #expect(res.status == .ok)
                let body = text(res)
                #expect(body.contains("id=\"use-reports\"") && body.contains("id=\"usemap\""))
                #expect(body.contains("9 reports known at the start of 2026-01-01"))
                #expect(body.contains("id=\"use-timeline\""))
            }
            // An unconfirmed report carries the same translated mark as any unconfirmed fact: Thailand's allegation
            // of new Cambodian mines in 2025.
            try await app.testing().test(.GET, "/use-of-mines?state=THA&as_of=2026-01-01") { res in
                let body = text(res)
                #expect(body.contains("<abbr class=\"unconfirmed\" title=\"No source read confirms this reading"))
                #expect(!body.contains("class=\"mark\""))
            }
            try await app.testing().test(.GET, "/use-of-mines/map.geojson?state=UKR&as_of=2026-01-01") { res in
                let features = try #require(try object(res)["features"] as? [[String: Any]])
                let ukraine = try #require(features.first { $0["id"] as? String == "UKR" })
                #expect((ukraine["properties"] as? [String: Any])?["reports"] as? Int == 7)
                #expect(features.contains { $0["id"] as? String == "ukr-izium-2022" })
            }
            try await app.testing().test(.GET, "/states/UKR?as_of=2026-01-01") { res in
                let body = text(res)
                #expect(body.contains("id=\"state-use\"") && body.contains("Ukrainian armed forces"))
            }
        }
    }
}

/// A programme's finding on a report the reference data holds, entered with the form: refused while it names no
/// known report, then reviewed, approved and read as the report's standing from its day — by the programme's readers
/// only; the public still sees the reference data's.
@Suite struct UseAssessmentFormTests {
    @Test func aFindingOnAReferenceReport() async throws {
        try await ServerFixture.withApp { app in
            let (cookie, csrf) = try await ServerFixture.browserSignIn(app, "operator")
            let headers: HTTPHeaders = ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            var fields = [
                "csrf": csrf, "id": "UA-WEB-1", "report_id": "khm-tha-2026", "status": "refuted",
                "assessed": "2026-03-01", "assessed_by": "Fact-finding mission (test)", "source": "test",
            ]
            try await app.testing().test(
                .POST,
                "/submit/use_assessments",
                headers: headers,
                beforeRequest: { req in try req.content.encode(fields, as: .urlEncodedForm) }
            ) { res async in
                #expect(res.status == .unprocessableEntity)
                #expect(text(res).contains("unknown-use-report"))
            }
            fields["report_id"] = "khm-tha-2025"
            try await app.testing().test(
                .POST,
                "/submit/use_assessments",
                headers: headers,
                beforeRequest: { req in try req.content.encode(fields, as: .urlEncodedForm) }
            ) { res async in
                #expect(res.status == .created)
            }
            let authority = try await ServerFixture.token(app, "authority")
            var id: Int64 = 0
            try await app.testing().test(
                .GET,
                "/api/v1/submissions?state=submitted&limit=1000",
                headers: ServerFixture.bearer(authority)
            ) { res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                let mine = items.first { $0["record_id"] as? String == "UA-WEB-1" }
                #expect(mine?["kind"] as? String == "use assessment")
                id = (mine?["id"] as? NSNumber)?.int64Value ?? 0
            }
            try await ServerFixture.post(app, "/api/v1/submissions/\(id)/review", authority, ["decision": "approve"]) {
                res async in #expect(res.status == .ok)
            }
            let viewer = try await ServerFixture.token(app, "viewer")
            func standing(_ asOf: String, _ headers: HTTPHeaders) async throws -> String? {
                var status: String?
                try await app.testing().test(.GET, "/api/v1/use-of-mines?state=KHM&as_of=\(asOf)", headers: headers) {
                    res in
                    let items = try #require(try object(res)["items"] as? [[String: Any]])
                    status = items.first { $0["id"] as? String == "khm-tha-2025" }?["status"] as? String
                }
                return status
            }
            #expect(try await standing("2026-03-01", ServerFixture.bearer(viewer)) == "alleged")
            #expect(try await standing("2026-03-02", ServerFixture.bearer(viewer)) == "refuted")
            #expect(try await standing("2026-03-02", ["Accept": "application/json"]) == "alleged")
        }
    }
}
