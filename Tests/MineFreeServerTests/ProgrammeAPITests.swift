import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Organisations, activities, assets with capacity, device finds: the demo's operations records through the
/// API, checked against each other and against the land release records they come with.
@Suite struct ProgrammeAPITests {
    @Test func findsAddUpToTheDevicesReportedWithTheReleases() async throws {
        let services = try await ServerFixture.prepared.value
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        let devicesInReleases = try await services.land.releases().filter { $0.date < day }.reduce(Int64(0)) {
            $0 + $1.devicesFound
        }
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/finds?as_of=2026-01-01&limit=5",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                let byCategory = body["by_category"] as? [[String: Any]] ?? []
                let devices = byCategory.compactMap { ($0["devices"] as? NSNumber)?.int64Value }.reduce(0, +)
                #expect(devices == devicesInReleases && devices > 0)
                let byYear = body["by_year"] as? [[String: Any]] ?? []
                #expect(byYear.compactMap { ($0["devices"] as? NSNumber)?.int64Value }.reduce(0, +) == devices)
                #expect(
                    Set(byCategory.compactMap { $0["key"] as? String }).isSubset(of: [
                        "ap_mine", "at_mine", "uxo", "submunition",
                    ])
                )
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(items.count == 5)
                // Newest first, all before the day.
                let dates = items.compactMap { $0["date"] as? String }
                #expect(dates == dates.sorted(by: >) && dates.allSatisfy { $0 < "2026-01-01" })
            }
        }
    }

    @Test func adminAreasAndTheSettlementsInThem() async throws {
        // What the demo's district boundaries hold, computed here from the demo's own files.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try DemoProgramme.write(to: dir)
        let demo = try RecordImport.read(dir, rules: .workload).settlements
        let inD03 = demo.filter { $0.adminPcode == "D03" }.map(\.localID).sorted()
        #expect(!inD03.isEmpty)
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/admin-areas", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                #expect(res.status == .ok)
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["pcode"] as? String } == DemoProgramme.districts.map(\.code))
                #expect(
                    items.allSatisfy {
                        $0["level"] as? Int == 1 && $0["parent_pcode"] == nil && ($0["bbox"] as? [Double])?.count == 4
                    }
                )
                let d01 = (items.first?["bbox"] as? [Double]) ?? []
                let box = BoundingBox(rings: [DemoProgramme.districtBoundaries()[0]])
                #expect(d01.count == 4 && abs(d01[0] - box.minX) < 1e-6 && abs(d01[3] - box.maxY) < 1e-6)
            }
            try await app.testing().test(
                .GET,
                "/api/v1/settlements?region=D03&limit=1000",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                let body = try object(res)
                let items = body["items"] as? [[String: Any]] ?? []
                #expect((body["page"] as? [String: Any])?["total"] as? Int == inD03.count)
                #expect(items.compactMap { $0["id"] as? String } == inD03)
                #expect(items.allSatisfy { $0["admin_pcode"] as? String == "D03" && $0["lon"] is Double })
            }
            try await app.testing().test(
                .GET,
                "/api/v1/settlements?limit=2&offset=1",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                let body = try object(res)
                #expect((body["page"] as? [String: Any])?["total"] as? Int == 150)
                #expect(
                    (body["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["ST-0002", "ST-0003"]
                )
            }
            try await app.testing().test(.GET, "/api/v1/settlements?limit=0", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                #expect(res.status == .badRequest)
                #expect(try object(res)["field"] as? String == "limit")
            }
            try await app.testing().test(.GET, "/api/v1/settlements") { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func activitiesStandAsTheirLatestRecordOnTheDay() async throws {
        let services = try await ServerFixture.prepared.value
        let records = try await services.land.activityRecords()
        // An activity completed in a later record: ongoing before its completion day, completed after.
        let grouped = Dictionary(grouping: records, by: \.activityID)
        let (id, history) = try #require(
            grouped.first { $0.value.count == 2 && $0.value.contains { $0.status == .completed } }
        )
        let completed = history.first { $0.status == .completed }!
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            for (day, expected) in [
                (completed.dateOfInformation.iso, "ongoing"),
                (CalendarDate(dayNumber: completed.dateOfInformation.dayNumber + 1).iso, "completed"),
            ] {
                try await app.testing().test(
                    .GET,
                    "/api/v1/activities?as_of=\(day)&hazard=\(history[0].hazardID ?? "")",
                    headers: ServerFixture.bearer(viewer)
                ) { res async throws in
                    let items = try object(res)["items"] as? [[String: Any]] ?? []
                    let a = items.first { $0["id"] as? String == id }
                    #expect(a?["status"] as? String == expected, "\(id) as of \(day)")
                }
            }
            try await app.testing().test(
                .GET,
                "/api/v1/activities?status=finished",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .badRequest)
                #expect(try object(res)["field"] as? String == "status")
            }
            try await app.testing().test(.GET, "/api/v1/organisations", headers: ServerFixture.bearer(viewer)) {
                res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                // The store is shared: ActivitySubmissionTests may have added its OP-UPLOAD-* operator concurrently.
                let ids = items.compactMap { $0["id"] as? String }.filter { !$0.hasPrefix("OP-UPLOAD-") }.sorted()
                #expect(ids == ["ARMY-ENG", "NMAA", "OP-DEMINING-1", "OP-DEMINING-2"])
            }
        }
    }

    @Test func assetCapacityIsProductivityTimesWorkingDays() async throws {
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/assets?as_of=2026-01-01&from=2025-01-01&to=2025-12-31",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                // Only the demo's teams: ActivitySubmissionTests may have added an OP-UPLOAD-* asset concurrently.
                let items = (try object(res)["items"] as? [[String: Any]] ?? [])
                    .filter { !(($0["organisation_id"] as? String) ?? "").hasPrefix("OP-UPLOAD-") }
                #expect(items.count == 12)
                for a in items {
                    let c = a["capacity"] as? [String: Any] ?? [:]
                    let productivity = (a["productivity_m2_per_day"] as? NSNumber)?.int64Value ?? 0
                    let working = c["working_days"] as? Int ?? -1
                    #expect(c["period_days"] as? Int == 365)
                    #expect(
                        working == 365 - (c["downtime_days"] as? Int ?? 0) - (c["not_in_service_days"] as? Int ?? 0)
                            - (c["rest_days"] as? Int ?? 0)
                    )
                    #expect((c["capacity_m2"] as? NSNumber)?.int64Value == productivity * Int64(working))
                    #expect((c["downtime_days"] as? Int ?? 0) > 0)  // every demo team had weather downtime in 2025
                }
            }
            try await app.testing().test(
                .GET,
                "/api/v1/assets?from=2025-12-31&to=2025-01-01",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .badRequest)
                #expect(try object(res)["field"] as? String == "to")
            }
        }
    }

    @Test func theOperationsPageShowsActivitiesCapacityAndFinds() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            try await app.testing().test(.GET, "/activities?as_of=2026-01-01", headers: ["Accept": "text/html"]) {
                res async in
                #expect(res.status == .ok)
                let body = text(res)
                #expect(
                    body.contains("id=\"activities\"") && body.contains("id=\"assets\"")
                        && body.contains("id=\"chart-finds\"")
                )
                #expect(body.contains("Demining Operator One"))
            }
            try await app.testing().test(.GET, "/ogc/collections/finds/items?limit=1") { res async throws in
                let f = (try object(res)["features"] as? [[String: Any]])?.first
                #expect((f?["geometry"] as? [String: Any])?["type"] as? String == "Point")
            }
        }
    }
}
