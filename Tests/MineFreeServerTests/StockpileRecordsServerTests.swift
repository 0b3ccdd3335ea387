import Foundation
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
