import Foundation
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// The Art 7 reporting record over HTTP (issue 19 §3): a state's reports in its standing and on its page, one year's
/// across states with the rates published, bad values answered 400.
@Suite struct TransparencyServerTests {
    @Test func theStandingTheListAndThePages() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/api/v1/states/GNQ?as_of=2015-01-01") { res in
                #expect(res.status == .ok)
                let conventions = try #require(try object(res)["conventions"] as? [[String: Any]])
                let apmbc = try #require(conventions.first { $0["convention"] as? String == "apmbc" })
                let reports = try #require(apmbc["transparency"] as? [[String: Any]])
                #expect(reports.first?["status"] as? String == "submitted_late")
                #expect(reports.first?["submitted_on"] as? String == "2014-07-07")
            }
            try await app.testing().test(.GET, "/api/v1/transparency?year=2014&as_of=2016-01-01") { res in
                #expect(res.status == .ok)
                let body = try object(res)
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.contains { $0["iso3"] as? String == "AGO" && $0["status"] as? String == "not_submitted" })
                let rates = try #require(body["rates"] as? [[String: Any]])
                #expect(rates.map { $0["rate_percent"] as? Double } == [37])
            }
            for bad in ["year=1990", "state=ZZZ", "as_of=yesterday"] {
                try await app.testing().test(.GET, "/api/v1/transparency?\(bad)") { res in
                    #expect(res.status == .badRequest, "\(bad)")
                }
            }
            try await app.testing().test(.GET, "/states/CPV?as_of=2012-01-01") { res in
                let body = text(res)
                #expect(body.contains("Art 7 initial report") && body.contains("submitted late</span> on 2009-03-31"))
            }
            // A request before the 13MSP whose decision is not recorded: the page says so, not "missed".
            try await app.testing().test(.GET, "/states/SOM?as_of=2026-12-01") { res in
                let body = text(res)
                #expect(body.contains("Passed; extension requested, decision not recorded"))
                #expect(body.contains("to 2030-03-01, before the 13MSP; decision not recorded"))
            }
            try await app.testing().test(.GET, "/treaty?convention=apmbc&as_of=2026-01-01") { res in
                let body = text(res)
                #expect(body.contains("id=\"compliance-rates\"") && body.contains("<td class=\"num\">54%</td>"))
            }
        }
    }
}
