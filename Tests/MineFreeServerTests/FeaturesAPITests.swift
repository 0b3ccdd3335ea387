import Foundation
import MineFreeCore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// OGC API - Features, Part 1 Core and GeoJSON, as GDAL and QGIS read it.
@Suite struct FeaturesAPITests {
    @Test func landingConformanceAndCollections() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            try await app.testing().test(.GET, "/ogc") { res async throws in
                let rels = (try object(res)["links"] as? [[String: Any]])?.compactMap { $0["rel"] as? String }
                #expect(rels == ["self", "service-desc", "conformance", "data"])
            }
            try await app.testing().test(.GET, "/ogc/conformance") { res async throws in
                let classes = try object(res)["conformsTo"] as? [String] ?? []
                #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"))
                #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"))
            }
            try await app.testing().test(.GET, "/ogc/collections") { res async throws in
                let collections = try object(res)["collections"] as? [[String: Any]] ?? []
                #expect(
                    collections.compactMap { $0["id"] as? String } == [
                        "hazards", "releases", "settlements", "roads", "infrastructure", "admin_areas", "finds",
                    ]
                )
                let hazards = collections.first ?? [:]
                let bbox = ((hazards["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]]
                // The demo lies along the former front lines, inside the workload's box.
                #expect(bbox?.first.map { $0[0] > 44.8 && $0[2] < 50.4 && $0[1] > 38.4 && $0[3] < 41.9 } == true)
            }
        }
    }

    @Test func itemsArePagedFilteredByBoxAndDated() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            var all = 0
            try await app.testing().test(.GET, "/ogc/collections/hazards/items?limit=100") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentType) == "application/geo+json")
                let body = try object(res)
                all = body["numberMatched"] as? Int ?? 0
                #expect(all >= 1200)  // the demo's, and any other test's imports
                #expect(body["numberReturned"] as? Int == 100)
                let features = body["features"] as? [[String: Any]] ?? []
                #expect((features.first?["geometry"] as? [String: Any])?["type"] as? String == "Polygon")
                let props = features.first?["properties"] as? [String: Any] ?? [:]
                #expect(props["id"] as? String == "HA-00001")
                #expect(["open", "worked_on", "closed"].contains(props["status"] as? String ?? ""))
                let next =
                    (body["links"] as? [[String: Any]])?.first { $0["rel"] as? String == "next" }?["href"] as? String
                #expect(
                    next?.hasSuffix("/ogc/collections/hazards/items?limit=100&offset=100&after=HA-00100") == true,
                    "\(next ?? "no next link")"
                )
            }
            // Following the `next` links (keyset) reads the same features, in the same order, as offsets do.
            func ids(_ path: String) async throws -> ([String], String?) {
                var result: ([String], String?) = ([], nil)
                try await app.testing().test(.GET, path) { res async throws in
                    let body = try object(res)
                    let features = body["features"] as? [[String: Any]] ?? []
                    result.0 = features.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String }
                    let next = (body["links"] as? [[String: Any]])?.first { $0["rel"] as? String == "next" }
                    result.1 = (next?["href"] as? String).flatMap { URL(string: $0) }.map {
                        $0.path + "?" + ($0.query ?? "")
                    }
                }
                return result
            }
            // Other tests import hazards of their own: both walks are read while the store holds still.
            let (byKeyset, byOffset, matched) = try await ServerFixture.whileUnchanged {
                var byKeyset: [String] = []
                var path: String? = "/ogc/collections/hazards/items?limit=250"
                while let p = path {
                    let (page, next) = try await ids(p)
                    byKeyset += page
                    path = next
                }
                var matched = 0
                try await app.testing().test(.GET, "/ogc/collections/hazards/items?limit=1") { res async throws in
                    matched = try object(res)["numberMatched"] as? Int ?? 0
                }
                var byOffset: [String] = []
                for offset in stride(from: 0, to: matched, by: 250) {
                    byOffset += try await ids("/ogc/collections/hazards/items?limit=250&offset=\(offset)").0
                }
                return (byKeyset, byOffset, matched)
            }
            #expect(matched >= all)
            #expect(byKeyset.count == matched && byOffset.count == matched)
            #expect(byKeyset == byOffset, "\(byKeyset.count) \(byOffset.count)")
            // A box around one district holds some hazards, not all.
            try await app.testing().test(.GET, "/ogc/collections/hazards/items?bbox=46.4,40.2,46.8,40.5&limit=10000") {
                res async throws in
                let body = try object(res)
                let n = body["numberMatched"] as? Int ?? 0
                #expect(n > 0 && n < all)
                #expect((body["features"] as? [Any])?.count == n)
            }
            // Nothing had been recorded by 2004-01-01 (the demo starts then).
            try await app.testing().test(.GET, "/ogc/collections/hazards/items?as_of=2004-01-01") { res async throws in
                #expect(try object(res)["numberMatched"] as? Int == 0)
            }
            try await app.testing().test(.GET, "/ogc/collections/settlements/items?limit=1") { res async throws in
                let f = (try object(res)["features"] as? [[String: Any]])?.first
                #expect((f?["geometry"] as? [String: Any])?["type"] as? String == "Point")
                #expect((f?["properties"] as? [String: Any])?["population"] is Int)
            }
            // The demo's five districts with their boundaries; a box in the far west meets only the western ones.
            try await app.testing().test(.GET, "/ogc/collections/admin_areas/items") { res async throws in
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                #expect(features.compactMap { $0["id"] as? String } == DemoProgramme.districts.map(\.code))
                #expect(features.allSatisfy { ($0["geometry"] as? [String: Any])?["type"] as? String == "Polygon" })
                #expect((features.first?["properties"] as? [String: Any])?["level"] as? Int == 1)
                #expect((features.first?["properties"] as? [String: Any])?["name"] as? String == "District 01")
            }
            try await app.testing().test(.GET, "/ogc/collections/admin_areas/items?bbox=45.31,40.9,45.32,40.95") {
                res async throws in
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                let boxes = DemoProgramme.districtBoundaries().map { BoundingBox(rings: [$0]) }
                let expected = zip(DemoProgramme.districts, boxes).filter {
                    $0.1.intersects(BoundingBox(minX: 45.31, minY: 40.9, maxX: 45.32, maxY: 40.95))
                }
                #expect(!expected.isEmpty && expected.count < 5)
                #expect(features.compactMap { $0["id"] as? String } == expected.map(\.0.code))
            }
            try await app.testing().test(.GET, "/ogc/collections/settlements/items?limit=150") { res async throws in
                let features = try object(res)["features"] as? [[String: Any]] ?? []
                let placed = features.filter { ($0["properties"] as? [String: Any])?["admin_pcode"] is String }.count
                #expect(placed >= 140, "\(placed) of \(features.count) settlements placed in a district")
            }
            try await app.testing().test(.GET, "/ogc/collections/hazards/items/HA-00002") { res async throws in
                #expect(try object(res)["id"] as? String == "HA-00002")
            }
        }
    }

    @Test func badRequestsAreProblems() async throws {
        try await ServerFixture.withApp(published: [.progress, .hazards]) { app in
            for (path, status, field) in [
                ("/ogc/collections/minefields", HTTPResponseStatus.notFound, "collectionId"),
                ("/ogc/collections/hazards/items?bbox=1,2,3", .badRequest, "bbox"),
                ("/ogc/collections/hazards/items?bbox=50,40,45,41", .badRequest, "bbox"),
                ("/ogc/collections/hazards/items?limit=0", .badRequest, "limit"),
                ("/ogc/collections/hazards/items?after=" + String(repeating: "x", count: 101), .badRequest, "after"),
                ("/ogc/collections/hazards/items/HA-NONE", .notFound, "featureId"),
            ] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == status, "\(path)")
                    #expect(try object(res)["field"] as? String == field, "\(path)")
                }
            }
        }
        // Unpublished, the layers need a signed-in role.
        try await ServerFixture.withApp { app in
            try await app.testing().test(.GET, "/ogc/collections/hazards/items") { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }
}
