import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Advocacy over the demo (issue 18): the meetings, pledges and media page, the states-not-party matrix, the API's
/// interim steps and records, and the forms through the review.
@Suite struct AdvocacyServerTests {
    func headers(_ token: String, html: Bool = false) -> HTTPHeaders {
        var h: HTTPHeaders = ["Accept": html ? "text/html" : "application/json"]
        h.bearerAuthorization = BearerAuthorization(token: token)
        return h
    }

    @Test func thePagesAndTheAPI() async throws {
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/advocacy?as_of=2026-12-01", headers: headers(viewer, html: true)) {
                res in
                #expect(res.status == .ok)
                let body = text(res)
                #expect(body.contains("Fifth Review Conference") && body.contains("KAZ, KGZ, UZB"))
                // The union's pledge: partly fulfilled by January 2026, past its due day of 31 Dec 2025.
                #expect(body.contains("partly fulfilled · overdue"))
                #expect(
                    body.contains("Ouverture de la Conférence d&#39;examen (demo)")
                        || body.contains("Ouverture de la Conférence d'examen (demo)")
                )
            }
            try await app.testing().test(
                .GET,
                "/states-not-party?as_of=2026-12-01&years=4",
                headers: headers(viewer, html: true)
            ) { res in
                #expect(res.status == .ok)
                let body = text(res)
                #expect(body.contains("id=\"steps-matrix\"") && body.contains("<a href=\"/states/AZE\">Azerbaijan</a>"))
                #expect(body.contains("Twenty-First Meeting of the States Parties · statement of support"))
                // Finland withdrew (effective 10 Jan 2026): its years as a State Party are marked, not counted.
                #expect(
                    body.contains(
                        "<a href=\"/states/FIN\">Finland</a><td class=\"num\"><span class=\"steps party\">party</span>"
                    ) || body.contains("Finland</a></td><td class=\"num\"><span class=\"steps party\">party</span>")
                )
            }
            try await app.testing().test(
                .GET,
                "/api/v1/interim-steps?state=AZE&years=4&as_of=2026-12-01",
                headers: headers(viewer)
            ) { res in
                #expect(res.status == .ok)
                let json = try object(res)
                let items = try #require(json["items"] as? [[String: Any]])
                #expect(items.map { $0["year"] as? Int } == [2022, 2023, 2024, 2025])
                let y2024 = items[2]
                #expect(
                    y2024["treaty_meetings"] as? [String] == [
                        "Fifth Review Conference (Siem Reap-Angkor Summit on a Mine-Free World)"
                    ]
                )
                #expect((y2024["reasons"] as? [String])?.count == 1 && y2024["contacts"] as? Int == 1)
                #expect(items[3]["steps"] as? [String] == ["stockpile_disclosed"])
                #expect(json["possible"] as? Int == 6)
            }
            try await app.testing().test(.GET, "/api/v1/interim-steps?years=99", headers: headers(viewer)) { res in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(
                .GET,
                "/api/v1/implementation-records/pledges?as_of=2026-12-01",
                headers: headers(viewer)
            ) { res in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                // Every record of a pledge's history, each dated.
                #expect(items.map { $0["status"] as? String } == ["open", "open", "partly_fulfilled"])
            }
            // The United Kingdom's page: its cluster munition stockpile in munitions and submunitions (public).
            try await app.testing().test(.GET, "/states/GBR?as_of=2026-01-01", headers: ["Accept": "text/html"]) {
                res in
                let body = text(res)
                #expect(
                    body.contains("id=\"ccm-stockpile\"") && body.contains("38758898") && body.contains("submunitions")
                )
                #expect(body.contains("declared 190,828 cluster munitions (2011-04-28)"))
            }
            let authority = try await ServerFixture.token(app, "authority")
            try await app.testing().test(.GET, "/submit/state_steps", headers: headers(authority, html: true)) { res in
                #expect(res.status == .ok && text(res).contains("name=\"kind\""))
            }
        }
    }
}
