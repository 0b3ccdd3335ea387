import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// The JSON API in-process, every resource, with the values the treaty and the demo data give.
@Suite struct APITests {
    @Test func healthSaysUpAndTheStoreHoldsTheReferenceDataAndTheDemoProgramme() async throws {
        try await ServerFixture.withApp { app in
            // /health says up or down, nothing about what the store holds (OperationsTests).
            try await app.testing().test(.GET, "/health") { res async throws in
                #expect(res.status == .ok)
                #expect(try object(res)["status"] as? String == "up")
            }
            // What the store holds is read where it is published: the registry, and the demo's hazards.
            try await app.testing().test(.GET, "/api/v1/states?limit=1") { res async throws in
                #expect((try object(res)["page"] as? [String: Any])?["total"] as? Int == 202)
            }
            let token = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/hazards?limit=1", headers: ServerFixture.bearer(token)) {
                res async throws in
                // Other suites add hazards of their own to the shared store.
                #expect(((try object(res)["page"] as? [String: Any])?["total"] as? Int ?? 0) >= 1200)
            }
        }
    }

    @Test func statesAreListedAsOfADayAndPaged() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/api/v1/states?as_of=2009-03-02&limit=5&offset=0") { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["as_of"] as? String == "2009-03-02")
                let page = body["page"] as? [String: Any]
                #expect(page?["total"] as? Int == 202)
                #expect((body["items"] as? [[String: Any]])?.count == 5)
                #expect((body["items"] as? [[String: Any]])?.first?["iso3"] as? String == "AFG")
            }
            // Status and region filters: Central Asia's parties to the APMBC in 2026 are Tajikistan and Turkmenistan.
            try await app.testing().test(.GET, "/api/v1/states?as_of=2026-01-01&status=party&region=Central%20Asia") {
                res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["iso3"] as? String } == ["TJK", "TKM"])
            }
        }
    }

    @Test func aStateCarriesItsObligationsAndExtensions() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/api/v1/states/TJ?as_of=2025-01-01") { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["iso3"] as? String == "TJK")
                let apmbc = (body["conventions"] as? [[String: Any]])?.first { $0["convention"] as? String == "apmbc" }
                #expect(apmbc?["deposited"] as? String == "1999-10-12")
                #expect(apmbc?["entry_into_force"] as? String == "2000-04-01")
                let clearance = apmbc?["clearance"] as? [String: Any]
                #expect(clearance?["original_deadline"] as? String == "2010-04-01")
                #expect(clearance?["deadline"] as? String == "2025-12-31")
                #expect(clearance?["status"] as? String == "extended")
                #expect(
                    (clearance?["extensions"] as? [[String: Any]])?.compactMap { $0["meeting"] as? String } == [
                        "2RC", "4RC",
                    ]
                )
            }
            // Ukraine's 2025 notice suspending the Convention: a dated fact beside its status, which stays "party".
            try await app.testing().test(.GET, "/api/v1/states/UKR?as_of=2025-09-01") { res async throws in
                let apmbc = (try object(res)["conventions"] as? [[String: Any]])?.first {
                    $0["convention"] as? String == "apmbc"
                }
                #expect(apmbc?["status"] as? String == "party")
                #expect(apmbc?["suspension_notified"] as? String == "2025-07-18")
            }
            // Hungary declared its completion at the 13MSP (4 Dec 2013); the day clearance ended is not recorded.
            try await app.testing().test(.GET, "/api/v1/states/HUN?as_of=2014-01-01") { res async throws in
                let clearance =
                    (try object(res)["conventions"] as? [[String: Any]])?.first {
                        $0["convention"] as? String == "apmbc"
                    }?["clearance"] as? [String: Any]
                #expect(clearance?["status"] as? String == "completed")
                #expect(clearance?["completed_on"] == nil)
                #expect(clearance?["completion_declared_on"] as? String == "2013-12-04")
                #expect(clearance?["completion_declared_at"] as? String == "13MSP")
                #expect(clearance?["confidence"] as? String == "confirmed")
            }
            // Japan reported no mined areas (the ISU): no deadline runs; Canada's CCM row is an inference, so marked.
            try await app.testing().test(.GET, "/api/v1/states/JPN?as_of=2010-01-01") { res async throws in
                let clearance =
                    (try object(res)["conventions"] as? [[String: Any]])?.first {
                        $0["convention"] as? String == "apmbc"
                    }?["clearance"] as? [String: Any]
                #expect(clearance?["status"] as? String == "not_applicable")
                #expect(clearance?["deadline"] == nil)
                #expect(clearance?["confidence"] as? String == "confirmed")
                #expect((clearance?["source"] as? String)?.contains("apminebanconvention.org") == true)
            }
            try await app.testing().test(.GET, "/api/v1/states/CAN?as_of=2026-01-01") { res async throws in
                let clearance =
                    (try object(res)["conventions"] as? [[String: Any]])?.first {
                        $0["convention"] as? String == "ccm"
                    }?["clearance"] as? [String: Any]
                #expect(clearance?["status"] as? String == "not_applicable")
                #expect(clearance?["confidence"] as? String == "unconfirmed")
            }
            try await app.testing().test(.GET, "/api/v1/states/XXX") { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                #expect(try object(res)["field"] as? String == "code")
            }
        }
    }

    @Test func deadlinesAndUniversalizationMatchThePublicRecord() async throws {
        try await ServerFixture.withApp { app in
            // 9MSP (Geneva, November 2008) granted the first 15 Article 5 extensions, for deadlines of 2009.
            try await app.testing().test(.GET, "/api/v1/deadlines?obligation=clearance&year=2009&as_of=2009-03-02") {
                res async throws in
                #expect(res.status == .ok)
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(items.filter { $0["outcome"] as? String == "extended" }.count == 15)
            }
            // Chad's 2025 deadline was extended at the 5RC to 2030 on a reading no second source confirms.
            try await app.testing().test(.GET, "/api/v1/deadlines?obligation=clearance&year=2025&as_of=2026-06-01") {
                res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                let flagged = items.filter { $0["unconfirmed"] as? Bool == true }.compactMap { $0["iso3"] as? String }
                #expect(flagged.contains("TCD") && !flagged.contains("KHM"))
                #expect(items.allSatisfy { $0["unconfirmed"] is Bool })
                // Türkiye's passed deadline: the 22MSP decided requests the data does not name, so not "missed".
                let turkiye = items.first { $0["iso3"] as? String == "TUR" }
                #expect(turkiye?["outcome"] as? String == "decision_not_recorded")
            }
            // Greece's 2014 deadline was met: completion declared at the 2RC on 1 Dec 2009, its own day not recorded.
            try await app.testing().test(.GET, "/api/v1/deadlines?obligation=clearance&year=2014&as_of=2015-01-01") {
                res async throws in
                let greece = (try object(res)["items"] as? [[String: Any]])?.first { $0["iso3"] as? String == "GRC" }
                #expect(greece?["outcome"] as? String == "completed")
                #expect(greece?["completion_declared_on"] as? String == "2009-12-01")
            }
            // The tenth anniversary: 156 States Parties (ICBL).
            try await app.testing().test(.GET, "/api/v1/universalization?as_of=2009-03-02") { res async throws in
                let body = try object(res)
                #expect(body["states_parties"] as? Int == 156)
                #expect((body["signatories_not_ratified"] as? [String])?.sorted() == ["MHL", "POL"])
                #expect((body["un_members_not_party"] as? [String])?.count == 39)
            }
        }
    }

    @Test func badParametersAreProblemsNamingTheField() async throws {
        try await ServerFixture.withApp { app in
            for (path, field) in [
                ("/api/v1/states?as_of=2009-02-30", "as_of"), ("/api/v1/states?limit=abc", "limit"),
                ("/api/v1/states?limit=0", "limit"), ("/api/v1/states?convention=opcw", "convention"),
                ("/api/v1/deadlines?obligation=clearance&year=1800", "year"),
                ("/api/v1/states?region=Atlantis", "region"), ("/api/v1/progress?baseline=2016-13-01", "baseline"),
            ] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == .badRequest, "\(path)")
                    #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
                    let body = try object(res)
                    #expect(body["field"] as? String == field, "\(path): \(body)")
                    #expect(body["status"] as? Int == 400)
                }
            }
        }
    }

    @Test func hazardsNeedASignedInRoleUnlessPublished() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/api/v1/hazards") { res async in
                #expect(res.status == .unauthorized)
            }
            let token = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/hazards?limit=3&status=open",
                headers: ServerFixture.bearer(token)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(items.count == 3)
                #expect(items.allSatisfy { $0["status"] as? String == "open" && $0["released_m2"] as? Int == 0 })
                #expect(((body["page"] as? [String: Any])?["total"] as? Int ?? 0) > 100)
            }
            try await app.testing().test(.GET, "/api/v1/hazards/HA-00001", headers: ServerFixture.bearer(token)) {
                res async throws in
                #expect(res.status == .ok)
                let hazard = try object(res)["hazard"] as? [String: Any]
                let area = hazard?["area_m2"] as? Int ?? 0
                #expect(area > 0)
                #expect((hazard?["released_m2"] as? Int ?? -1) + (hazard?["remaining_m2"] as? Int ?? -1) == area)
            }
            try await app.testing().test(.GET, "/api/v1/hazards/HA-99999", headers: ServerFixture.bearer(token)) {
                res async in
                #expect(res.status == .notFound)
            }
        }
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            try await app.testing().test(.GET, "/api/v1/hazards?limit=1") { res async in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func progressAddsUpAndMatchesTheRecords() async throws {
        let services = try await ServerFixture.prepared.value
        let day = CalendarDate(year: 2026, month: 1, day: 1)!
        let view = try await services.land.view(asOf: day)
        let recorded = view.standings.reduce(Int64(0)) { $0 + $1.hazard.areaM2 }
        let released = view.standings.reduce(Int64(0)) { $0 + $1.releasedM2 }
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/api/v1/progress?as_of=2026-01-01&baseline=2016-01-01") {
                res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                let national = body["national"] as? [String: Any] ?? [:]
                #expect((national["recorded_m2"] as? NSNumber)?.int64Value == recorded)
                #expect((national["released_m2"] as? NSNumber)?.int64Value == released)
                let parts = ["cancelled_m2", "reduced_m2", "cleared_m2"].compactMap {
                    (national[$0] as? NSNumber)?.int64Value
                }
                #expect(parts.reduce(0, +) == released)
                let regions = body["by_region"] as? [[String: Any]] ?? []
                #expect(regions.compactMap { $0["key"] as? String }.sorted() == DemoProgramme.districts.map(\.code))
                let split = body["baseline"] as? [String: Any] ?? [:]
                let baseline = (split["baseline_recorded_m2"] as? NSNumber)?.int64Value ?? 0
                let newly = (split["newly_found_recorded_m2"] as? NSNumber)?.int64Value ?? 0
                #expect(baseline + newly == recorded)
                #expect(baseline > 0 && newly > 0)
            }
        }
    }

    @Test func theSpecIsServedAsJSONAndYAML() async throws {
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/openapi.json") { res async throws in
                #expect(res.status == .ok)
                let spec = try object(res)
                #expect(spec["openapi"] as? String == "3.1.0")
                let paths = spec["paths"] as? [String: Any] ?? [:]
                #expect(paths["/api/v1/hazards"] != nil && paths["/ogc/collections/{collectionId}/items"] != nil)
            }
            try await app.testing().test(.GET, "/openapi.yaml") { res async in
                #expect(text(res).hasPrefix("openapi: 3.1.0"))
            }
        }
    }
}

/// Land release outputs through the API: newest first, filtered, as of a day.
@Suite struct ReleaseListTests {
    @Test func releasesAreListedNewestFirstAndFiltered() async throws {
        let services = try await ServerFixture.prepared.value
        let day = CalendarDate(year: 2020, month: 1, day: 1)!
        let known = try await services.land.releases().filter { $0.date < day }
        let cleared = known.filter { $0.method == .cleared }
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(
                .GET,
                "/api/v1/releases?as_of=2020-01-01&method=cleared&limit=1000",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect((body["page"] as? [String: Any])?["total"] as? Int == cleared.count)
                let items = body["items"] as? [[String: Any]] ?? []
                #expect(
                    items.allSatisfy {
                        $0["method"] as? String == "cleared" && ($0["date"] as? String ?? "9") < "2020-01-01"
                    }
                )
                let dates = items.compactMap { $0["date"] as? String }
                #expect(dates == dates.sorted(by: >))
                let area = items.compactMap { ($0["area_m2"] as? NSNumber)?.int64Value }.reduce(0, +)
                #expect(area == cleared.reduce(0) { $0 + $1.areaM2 })
            }
            let hazard = try #require(known.first?.hazardID)
            try await app.testing().test(
                .GET,
                "/api/v1/releases?as_of=2020-01-01&hazard=\(hazard)",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                let items = try object(res)["items"] as? [[String: Any]] ?? []
                #expect(items.count == known.filter { $0.hazardID == hazard }.count && !items.isEmpty)
            }
        }
    }

    @Test func regionFiltersAreTheSameRuleAsTheCommandLine() async throws {
        try await ServerFixture.withApp { app in
            // An M49 intermediate region, in any case: the Caribbean.
            var caribbean: [String] = []
            try await app.testing().test(.GET, "/api/v1/states?region=Caribbean&limit=1000&as_of=2020-01-01") {
                res async throws in
                #expect(res.status == .ok)
                caribbean = ((try object(res)["items"] as? [[String: Any]]) ?? []).compactMap { $0["iso3"] as? String }
            }
            #expect(caribbean.contains("JAM") && caribbean.contains("HTI") && !caribbean.contains("COL"))
            try await app.testing().test(.GET, "/api/v1/states?region=caribbean&limit=1000&as_of=2020-01-01") {
                res async throws in
                #expect(
                    ((try object(res)["items"] as? [[String: Any]]) ?? []).compactMap { $0["iso3"] as? String }
                        == caribbean
                )
            }
            // A programme region nobody recorded is a 400 naming the parameter, as the command line's one line.
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/hazards?region=NOWHERE", headers: ServerFixture.bearer(viewer))
            { res async throws in
                #expect(res.status == .badRequest)
                #expect(try object(res)["field"] as? String == "region")
            }
            // A P-code in lower case covers the same district.
            var upper = 0
            try await app.testing().test(
                .GET,
                "/api/v1/hazards?region=D03&limit=1",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                upper = ((try object(res)["page"] as? [String: Any])?["total"] as? Int) ?? -1
            }
            try await app.testing().test(
                .GET,
                "/api/v1/hazards?region=d03&limit=1",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(((try object(res)["page"] as? [String: Any])?["total"] as? Int) == upper)
            }
            #expect(upper > 0)
        }
    }

    @Test func hazardsPagedByKeysetEqualThePagesByOffset() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            func ids(_ query: String) async throws -> [String] {
                var out: [String] = []
                try await app.testing().test(.GET, "/api/v1/hazards?" + query) { res async throws in
                    #expect(res.status == .ok, "\(query)")
                    out = (try object(res)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                }
                return out
            }
            for filter in ["", "&status=worked_on", "&status=open&contamination=AP"] {
                let (whole, walked, slice) = try await ServerFixture.whileUnchanged {
                    var whole: [String] = []
                    for offset in stride(from: 0, to: 5000, by: 1000) {
                        let page = try await ids("limit=1000&offset=\(offset)" + filter)
                        whole += page
                        if page.count < 1000 { break }
                    }
                    var walked: [String] = []
                    var after: String?
                    repeat {
                        let page = try await ids("limit=97" + filter + (after.map { "&after=" + $0 } ?? ""))
                        walked += page
                        after = page.count == 97 ? page.last : nil
                    } while after != nil
                    return (whole, walked, try await ids("limit=5&offset=40" + filter))
                }
                #expect(!whole.isEmpty)
                #expect(walked.count == whole.count && walked == whole, "\(filter): \(walked.count) of \(whole.count)")
                #expect(slice == Array(whole.dropFirst(40).prefix(5)))
            }
        }
    }
}
