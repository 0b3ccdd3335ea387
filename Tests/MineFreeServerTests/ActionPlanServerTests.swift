import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// The action plans over the demo (issue 18 §4): the API's plans and progress (public), the pages, and the recorded
/// indicators shown to the programme's readers only.
@Suite struct ActionPlanServerTests {
    func headers(_ token: String?, html: Bool = false) -> HTTPHeaders {
        var h: HTTPHeaders = ["Accept": html ? "text/html" : "application/json"]
        if let token { h.bearerAuthorization = BearerAuthorization(token: token) }
        return h
    }

    @Test func plansProgressAndPages() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/api/v1/action-plans", headers: headers(nil)) { res in
                #expect(res.status == .ok)
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                #expect(
                    items.map { $0["code"] as? String } == [
                        "nairobi", "cartagena", "maputo", "oslo", "siem_reap_angkor",
                    ]
                )
                #expect(items[3]["actions"] as? Int == 50 && items[3]["adopted_on"] as? String == "2019-11-29")
            }
            try await app.testing().test(
                .GET,
                "/api/v1/action-plans/oslo?as_of=2026-12-01&state=CHL",
                headers: headers(nil)
            ) { res in
                #expect(res.status == .ok)
                let json = try object(res)
                let measures = try #require(json["measures"] as? [[String: Any]])
                let completed = try #require(measures.first { $0["measure"] as? String == "art5_completed" })
                #expect(completed["plan_total"] as? Int == 2)
                let state = try #require(json["state"] as? [String: Any])
                let rows = try #require(state["rows"] as? [[String: String]])
                #expect(rows.first { $0["question"] == "clearance (Art 5)" }?["now"] == "completed on 2020-02-27")
            }
            try await app.testing().test(.GET, "/api/v1/action-plans/ottawa", headers: headers(nil)) { res in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/action-plans", headers: headers(nil, html: true)) { res in
                #expect(res.status == .ok)
                #expect(text(res).contains("<a href=\"/action-plans/oslo\">Oslo Action Plan 2020-2024</a>"))
            }
            try await app.testing().test(.GET, "/action-plans/oslo?as_of=2026-12-01", headers: headers(nil, html: true))
            {
                res in
                let body = text(res)
                #expect(body.contains("id=\"plan-chart\"") && body.contains("id=\"plan-measures\""))
                #expect(body.contains("<span title=\"CHL, GBR\">2</span>"))
                #expect(body.contains("id=\"plan-published\"") && !body.contains("id=\"plan-indicators\""))
            }
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/action-plans/oslo?as_of=2026-12-01",
                headers: headers(viewer, html: true)
            ) {
                res in
                let body = text(res)
                #expect(body.contains("id=\"plan-indicators\""))
                #expect(body.contains("States Parties with a victim-assistance focal point (demo)"))
            }
            try await app.testing().test(.GET, "/action-plans/ottawa", headers: headers(nil, html: true)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(
                .GET,
                "/action-plans/siem_reap_angkor?as_of=2024-12-15",
                headers: headers(nil, html: true)
            ) { res in
                #expect(text(res).contains("id=\"not-begun\""))
            }
        }
    }
}

/// The related instruments over HTTP (issue 20 §2): the API's crossing with the treaty and a state's page.
@Suite struct InstrumentServerTests {
    @Test func theAPIAndTheStatePage() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(
                .GET,
                "/api/v1/instruments?instrument=crpd&bound=false&apmbc=party&as_of=2026-01-01",
                headers: ["Accept": "application/json"]
            ) { res in
                #expect(res.status == .ok)
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                let tajikistan = items.first { $0["iso3"] as? String == "TJK" }
                #expect(
                    tajikistan?["status"] as? String == "signatory" && tajikistan?["apmbc_status"] as? String == "party"
                )
                #expect(!items.contains { $0["iso3"] as? String == "AZE" })
            }
            try await app.testing().test(
                .GET,
                "/api/v1/instruments?instrument=ccw_p9",
                headers: ["Accept": "application/json"]
            ) {
                res in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/states/USA?as_of=2026-01-01", headers: ["Accept": "text/html"]) {
                res in
                let body = text(res)
                #expect(body.contains("id=\"instrument-standing\""))
                #expect(body.contains("CCW Amended Protocol II") && body.contains("1999-11-24"))
                // Outside the CCM: its cluster munitions as its 2004 report to Congress gave them.
                #expect(body.contains("id=\"ccm-not-party-stocks\"") && body.contains("5500000"))
            }
        }
    }
}
