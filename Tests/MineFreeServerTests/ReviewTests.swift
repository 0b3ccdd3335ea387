import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Operator → authority review: a submission is checked by the import's rules, counts only once approved,
/// and every step is audited.
@Suite(.serialized) struct ReviewTests {
    func national(_ app: Application, _ key: String) async throws -> Int64 {
        var value: Int64 = -1
        try await app.testing().test(.GET, "/api/v1/progress") { res async throws in
            value = ((try object(res)["national"] as? [String: Any])?[key] as? NSNumber)?.int64Value ?? -1
        }
        return value
    }

    /// An open hazard with nothing released yet, and its area.
    func openHazard(_ app: Application, _ token: String, skip: Int) async throws -> (String, Int64) {
        var found = ("", Int64(0))
        try await app.testing().test(
            .GET,
            "/api/v1/hazards?status=open&limit=1&offset=\(skip)",
            headers: ServerFixture.bearer(token)
        ) { res async throws in
            let h = (try object(res)["items"] as? [[String: Any]])?.first ?? [:]
            found = (h["id"] as? String ?? "", (h["area_m2"] as? NSNumber)?.int64Value ?? 0)
        }
        return found
    }

    func submit(
        _ app: Application,
        _ token: String,
        _ body: [String: Any],
        check: (TestingHTTPResponse) async throws -> Void
    ) async throws {
        try await ServerFixture.post(app, "/api/v1/submissions/releases", token, body, check: check)
    }

    @Test func anOperatorsReleaseCountsOnlyOnceTheAuthorityApprovesIt() async throws {
        try await ServerFixture.withApp { app in
            let op = try await ServerFixture.token(app, "operator")
            let authority = try await ServerFixture.token(app, "authority")
            let viewer = try await ServerFixture.token(app, "viewer")
            let (hazard, area) = try await openHazard(app, op, skip: 0)
            #expect(!hazard.isEmpty && area > 10)
            let before = try await national(app, "cleared_m2")

            // More than the hazard holds: refused with the import's rule, nothing submitted.
            try await submit(
                app,
                op,
                [
                    "id": "RV-TEST-1", "hazard_id": hazard, "date": "2026-03-01", "method": "cleared",
                    "area_m2": area + 1,
                ]
            ) { res async throws in
                #expect(res.status == .unprocessableEntity)
                let rules = (try object(res)["errors"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
                #expect(rules == ["release-exceeds-hazard"])
            }
            // An unknown hazard.
            try await submit(
                app,
                op,
                ["id": "RV-TEST-1", "hazard_id": "HA-NOPE", "date": "2026-03-01", "method": "cleared", "area_m2": 5]
            ) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect((try object(res)["errors"] as? [[String: Any]])?.first?["rule"] as? String == "unknown-hazard")
            }
            // A malformed body: a 400 naming the field.
            try await submit(
                app,
                op,
                ["id": "RV-TEST-1", "hazard_id": hazard, "date": "2026-03-01", "method": "burnt", "area_m2": 5]
            ) { res async throws in
                #expect(res.status == .badRequest)
            }
            // A viewer may not submit.
            try await submit(
                app,
                viewer,
                ["id": "RV-TEST-1", "hazard_id": hazard, "date": "2026-03-01", "method": "cleared", "area_m2": 5]
            ) { res async throws in
                #expect(res.status == .forbidden)
            }
            var submissionID = 0
            try await submit(
                app,
                op,
                ["id": "RV-TEST-1", "hazard_id": hazard, "date": "2026-03-01", "method": "cleared", "area_m2": area]
            ) { res async throws in
                #expect(res.status == .created)
                let body = try object(res)
                #expect(body["state"] as? String == "submitted")
                #expect(body["organisation"] as? String == "OP-DEMINING-1")
                submissionID = body["id"] as? Int ?? 0
            }
            // Submitted, not yet official.
            #expect(try await national(app, "cleared_m2") == before)
            // The same id may not wait twice.
            try await submit(
                app,
                op,
                ["id": "RV-TEST-1", "hazard_id": hazard, "date": "2026-03-01", "method": "cleared", "area_m2": 1]
            ) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            // The operator cannot approve its own work.
            let approve = { (token: String) async throws -> HTTPResponseStatus in
                var status = HTTPResponseStatus.internalServerError
                try await app.testing().test(
                    .POST,
                    "/api/v1/submissions/\(submissionID)/review",
                    headers: ServerFixture.bearer(token),
                    beforeRequest: { req in
                        try req.content.encode(["decision": "approve"], as: .json)
                    },
                    afterResponse: { res async in status = res.status }
                )
                return status
            }
            #expect(try await approve(op) == .forbidden)
            #expect(try await approve(authority) == .ok)
            #expect(try await national(app, "cleared_m2") == before + area)
            // A decision is never overwritten.
            #expect(try await approve(authority) == .conflict)
            try await app.testing().test(.GET, "/api/v1/hazards/\(hazard)", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                let h = try object(res)["hazard"] as? [String: Any] ?? [:]
                #expect(h["status"] as? String == "closed")
                #expect((h["remaining_m2"] as? NSNumber)?.int64Value == 0)
            }
            // The audit log shows the submission and the approval; only an administrator reads it.
            let admin = try await ServerFixture.token(app, "admin")
            try await app.testing().test(.GET, "/api/v1/audit?limit=50", headers: ServerFixture.bearer(admin)) {
                res async throws in
                #expect(res.status == .ok)
                let entries = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(
                    entries.contains {
                        $0["action"] as? String == "approve" && $0["actor"] as? String == "authority"
                            && $0["target"] as? String == "submission \(submissionID)"
                    }
                )
                #expect(
                    entries.contains { $0["action"] as? String == "submit" && $0["actor"] as? String == "operator" }
                )
            }
            try await app.testing().test(.GET, "/api/v1/audit", headers: ServerFixture.bearer(authority)) { res async in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test func aReturnedSubmissionNeedsAReasonAndNeverCounts() async throws {
        try await ServerFixture.withApp { app in
            let op = try await ServerFixture.token(app, "operator")
            let authority = try await ServerFixture.token(app, "authority")
            let (hazard, _) = try await openHazard(app, op, skip: 5)
            let before = try await national(app, "cancelled_m2")
            var id = 0
            try await submit(
                app,
                op,
                ["id": "RV-TEST-2", "hazard_id": hazard, "date": "2026-02-01", "method": "cancelled", "area_m2": 10]
            ) { res async throws in
                id = try object(res)["id"] as? Int ?? 0
            }
            try await app.testing().test(
                .POST,
                "/api/v1/submissions/\(id)/review",
                headers: ServerFixture.bearer(authority),
                beforeRequest: { req in
                    try req.content.encode(["decision": "return"], as: .json)
                }
            ) { res async throws in
                #expect(res.status == .badRequest)
                #expect(try object(res)["field"] as? String == "comment")
            }
            try await app.testing().test(
                .POST,
                "/api/v1/submissions/\(id)/review",
                headers: ServerFixture.bearer(authority),
                beforeRequest: { req in
                    try req.content.encode(
                        ["decision": "return", "comment": "the survey report is missing"],
                        as: .json
                    )
                }
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["state"] as? String == "returned")
                #expect(body["comment"] as? String == "the survey report is missing")
            }
            #expect(try await national(app, "cancelled_m2") == before)
            // The operator sees it returned, with the reason.
            try await app.testing().test(.GET, "/api/v1/submissions?state=returned", headers: ServerFixture.bearer(op))
            { res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(items.contains { $0["record_id"] as? String == "RV-TEST-2" })
            }
        }
    }

    @Test func tokensNeedTheRightPassword() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(
                .POST,
                "/api/v1/tokens",
                beforeRequest: { req in
                    try req.content.encode(["username": "operator", "password": "wrong-password"], as: .json)
                }
            ) { res async throws in
                #expect(res.status == .unauthorized)
            }
            try await app.testing().test(.GET, "/api/v1/submissions", headers: ServerFixture.bearer("not-a-token")) {
                res async in
                #expect(res.status == .unauthorized)
            }
            // A revoked token stops working at once.
            let token = try await ServerFixture.token(app, "operator")
            try await app.testing().test(.GET, "/api/v1/submissions", headers: ServerFixture.bearer(token)) {
                res async in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.DELETE, "/api/v1/tokens/current", headers: ServerFixture.bearer(token)) {
                res async in
                #expect(res.status == .noContent)
            }
            try await app.testing().test(.GET, "/api/v1/submissions", headers: ServerFixture.bearer(token)) {
                res async in
                #expect(res.status == .unauthorized)
            }
        }
    }
}
