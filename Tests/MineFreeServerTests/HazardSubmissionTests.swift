import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// New hazardous areas and dated revisions through the API and the forms: the import's geometry rules,
/// the programme's bounds, the review workflow, and history applied from the date of information.
@Suite(.serialized) struct HazardSubmissionTests {
    /// A rectangle of `d` degrees with its south-west corner at (lon, lat), counter-clockwise, closed.
    func square(_ lon: Double, _ lat: Double, _ d: Double) -> [[Double]] {
        [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
    }

    @Test func theAuthorityRecordsAHazardWhoseAreaIsComputedEqualArea() async throws {
        try await ServerFixture.withApp { app in
            let authority = try await ServerFixture.token(app, "authority")
            let base: [String: Any] = [
                "region": "D02", "classification": "SHA", "contamination": "AP", "recorded_date": "2026-01-10",
            ]
            // A bow tie crosses itself.
            var bowTie = base
            bowTie["id"] = "HA-NEW-BOWTIE"
            bowTie["ring"] = [[47.0, 40.0], [47.001, 40.001], [47.001, 40.0], [47.0, 40.001], [47.0, 40.0]]
            try await ServerFixture.post(app, "/api/v1/submissions/hazards", authority, bowTie) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(
                    (try object(res)["errors"] as? [[String: Any]])?.contains {
                        $0["rule"] as? String == "self-intersection"
                    } == true
                )
            }
            // Outside the programme's bounds (the demo's country box).
            var far = base
            far["id"] = "HA-NEW-FAR"
            far["ring"] = square(10, 50, 0.001)
            try await ServerFixture.post(app, "/api/v1/submissions/hazards", authority, far) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(
                    (try object(res)["errors"] as? [[String: Any]])?.contains { $0["rule"] as? String == "bounds" }
                        == true
                )
            }
            // The main type again among the further ones.
            var twice = base
            twice["id"] = "HA-NEW-TWICE"
            twice["ring"] = square(47.0, 40.0, 0.001)
            twice["other_contamination"] = ["AT", "AP"]
            try await ServerFixture.post(app, "/api/v1/submissions/hazards", authority, twice) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect((try object(res)["errors"] as? [[String: Any]])?.first?["rule"] as? String == "duplicate-value")
            }
            var good = base
            good["id"] = "HA-NEW-1"
            good["ring"] = square(47.0, 40.0, 0.001)
            good["other_contamination"] = ["AT", "ERW"]
            good["information_source"] = "accident_report"
            good["evidence"] = "Tractor struck an AT mine, 2025-12-28"
            try await ServerFixture.post(app, "/api/v1/submissions/hazards", authority, good) { res async throws in
                #expect(res.status == .created)
                #expect(try object(res)["state"] as? String == "approved")
            }
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/hazards/HA-NEW-1?as_of=2026-02-01",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let h = try object(res)["hazard"] as? [String: Any] ?? [:]
                // On the WGS84 ellipsoid a 0.001° cell at 40°N holds a²/2·Δλ·(q(φ₂) − q(φ₁)) ≈ 9,482 m² (q: the authalic
                // function); the sphere of the benchmark (R = 6,371,008.8 m) would say 9,471 m², 0.11% less.
                let a = 6_378_137.0, f = 1 / 298.257_223_563, rad = Double.pi / 180
                let e2 = f * (2 - f), e = e2.squareRoot()
                func q(_ phi: Double) -> Double {
                    let s = sin(phi * rad)
                    return (1 - e2) * (s / (1 - e2 * s * s) - log((1 - e * s) / (1 + e * s)) / (2 * e))
                }
                let exact = a * a / 2 * 0.001 * rad * (q(40.001) - q(40.0))
                let area = (h["area_m2"] as? NSNumber)?.doubleValue ?? 0
                #expect(abs(area - exact) / exact < 0.0001, "area \(area) m², ellipsoid \(exact) m²")
                #expect(h["status"] as? String == "open")
                #expect(h["contamination"] as? String == "AP")
                #expect(h["other_contamination"] as? [String] == ["AT", "ERW"])
                #expect(h["information_source"] as? String == "accident_report")
                #expect(h["evidence"] as? String == "Tractor struck an AT mine, 2025-12-28")
            }
            // Before it was recorded it is not known.
            try await app.testing().test(
                .GET,
                "/api/v1/hazards/HA-NEW-1?as_of=2026-01-10",
                headers: ServerFixture.bearer(viewer)
            ) { res async in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test func anOperatorsRevisionAppliesFromItsDateOnceApproved() async throws {
        try await ServerFixture.withApp { app in
            let op = try await ServerFixture.token(app, "operator")
            let authority = try await ServerFixture.token(app, "authority")
            let viewer = try await ServerFixture.token(app, "viewer")
            var id = 0
            try await ServerFixture.post(
                app,
                "/api/v1/submissions/revisions",
                op,
                [
                    "id": "RV-ACCESS-1", "hazard_id": "HA-00010", "date": "2026-01-15", "accessibility": "inaccessible",
                    "inaccessible_reason": "security", "reason": "checkpoint closed the road",
                ]
            ) { res async throws in
                #expect(res.status == .created)
                let body = try object(res)
                #expect(body["kind"] as? String == "revision" && body["state"] as? String == "submitted")
                #expect((body["payload"] as? [String: Any])?["inaccessible_reason"] as? String == "security")
                id = body["id"] as? Int ?? 0
            }
            // Without a change it is refused by the import's rule.
            try await ServerFixture.post(
                app,
                "/api/v1/submissions/revisions",
                op,
                ["id": "RV-ACCESS-2", "hazard_id": "HA-00010", "date": "2026-01-15", "reason": "nothing"]
            ) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            try await ServerFixture.post(app, "/api/v1/submissions/\(id)/review", authority, ["decision": "approve"]) {
                res async throws in
                #expect(res.status == .ok)
            }
            for (day, expected) in [("2026-01-15", "accessible"), ("2026-01-16", "inaccessible")] {
                try await app.testing().test(
                    .GET,
                    "/api/v1/hazards/HA-00010?as_of=\(day)",
                    headers: ServerFixture.bearer(viewer)
                ) { res async throws in
                    let body = try object(res)
                    #expect((body["hazard"] as? [String: Any])?["accessibility"] as? String == expected, "as of \(day)")
                }
            }
        }
    }

    @Test func theHazardFormTakesPositionsOnePerLine() async throws {
        func ring(_ text: String) throws -> [[Double]] {
            ((try RecordForm.geometry(text)["coordinates"] as? [[[Double]]])?.first) ?? []
        }
        #expect(
            try ring("47.0 40.0\n47.001, 40.0\n47.001\t40.001\n47.0 40.001") == [
                [47.0, 40.0], [47.001, 40.0], [47.001, 40.001], [47.0, 40.001], [47.0, 40.0],
            ]
        )
        #expect(throws: Problem.self) { try RecordForm.geometry("47.0 40.0\nforty-seven 40") }
        let polygon = #"{"type":"Polygon","coordinates":[[[47,40],[47.001,40],[47,40.001],[47,40]]]}"#
        #expect(try ring(polygon).count == 4)
        try await ServerFixture.withApp { app in
            let web = WebTests()
            let (cookie, csrf) = try await web.signIn(app, "authority")
            try await app.testing().test(
                .POST,
                "/hazards",
                headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"],
                beforeRequest: { req in
                    // ERW ticked again as a further type is the main one, not a second.
                    try req.content.encode(
                        [
                            "csrf": csrf, "id": "HA-FORM-1", "region": "D03", "classification": "CHA",
                            "contamination": "ERW",
                            "other_contamination.AP": "1", "other_contamination.ERW": "1",
                            "information_source": "non_technical_survey",
                            "evidence": "  Craters and fragments seen by the NTS team  ",
                            "recorded_date": "2026-03-01",
                            "coordinates": "47.1 39.7\n47.102 39.7\n47.102 39.702\n47.1 39.702",
                        ],
                        as: .urlEncodedForm
                    )
                }
            ) { res async in
                #expect(res.status == .created)
                #expect(text(res).contains("HA-FORM-1 is recorded."))
            }
            try await app.testing().test(
                .GET,
                "/hazards/HA-FORM-1?as_of=2026-03-02",
                headers: ["Cookie": "minefree-session=\(cookie)", "Accept": "text/html"]
            ) { res async in
                let page = text(res)
                #expect(page.contains("<td>Also found</td><td>Anti-personnel mines</td>"))
                #expect(page.contains("<td>Information source</td><td>Non-technical survey</td>"))
                #expect(page.contains("<td>Evidence</td><td>Craters and fragments seen by the NTS team</td>"))
            }
        }
    }
}
