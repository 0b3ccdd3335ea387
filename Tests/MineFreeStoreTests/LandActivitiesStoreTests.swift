import FluentKit
import Foundation
import MineFreeCore
import Testing

@testable import MineFreeStore

/// Organisations, admin areas, assets, downtime, activities and finds through the import pipeline on SQLite
/// and, when `DATABASE_URL` is set, PostgreSQL. Ids carry a prefix: the PostgreSQL database is shared.
@Suite(.serialized) struct LandActivitiesStoreTests {
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    func hexagon(_ lon: Double, _ lat: Double) -> String {
        var ring = (0..<6).map { k -> String in
            let a = Double(k) * .pi / 3
            return
                "[\(((lon + 0.001 * cos(a)) * 1e6).rounded() / 1e6),\(((lat + 0.001 * sin(a)) * 1e6).rounded() / 1e6)]"
        }
        ring.append(ring[0])
        return "[[" + ring.joined(separator: ",") + "]]"
    }

    func write(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    func fixture(_ p: String) -> [String: String] {
        let hazard = { (id: String, lon: Double) in
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(p)\(id)\",\"region\":\"\(p)R01\",\"status\":\"CHA\",\"contamination\":\"AP\",\"recorded_date\":\"2015-03-01\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(hexagon(lon, 40.0))}}"
        }
        return [
            "hazards.geojson":
                "{\"type\":\"FeatureCollection\",\"features\":[\n\(hazard("HA-1", 47.0)),\n\(hazard("HA-2", 47.1))\n]}\n",
            "admin_areas.csv": "pcode,name,level,parent_pcode\n\(p)R01,Aghdam,1,\n\(p)R0101,Aghdam town,2,\(p)R01\n",
            "organisations.csv":
                "id,name,type\n\(p)ORG-1,Agency,national_authority\n\(p)ORG-2,Operator,commercial_operator\n",
            "assets.csv": """
            id,type,organisation_id,productivity_m2_per_day,in_service_from
            \(p)MT-1,manual_team,\(p)ORG-2,50,2015-01-01
            \(p)MC-1,machine,\(p)ORG-2,2000,2016-01-01

            """,
            "asset_downtime.csv": "asset_id,from,to,reason\n\(p)MC-1,2016-02-01,2016-02-10,maintenance\n",
            "activities.csv": """
            id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information
            \(p)ACT-1,clearance,\(p)ORG-2,\(p)HA-1,combined,\(p)MT-1;\(p)MC-1,2016-03-01,,ongoing,2016-03-01
            \(p)ACT-2,eod_spot_task,\(p)ORG-1,,manual,,2016-07-01,2016-07-01,completed,2016-07-02

            """,
            "release_events.csv": """
            id,hazard_id,date,method,area_m2,devices_found,activity_id,handover_date,handed_over_to
            \(p)RE-1,\(p)HA-1,2016-05-01,cleared,1000,3,\(p)ACT-1,2016-06-01,Aghdam municipality
            \(p)RE-2,\(p)HA-2,2016-05-01,cancelled,500,0,,,

            """,
            "device_finds.csv": """
            id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal
            \(p)DF-1,\(p)ACT-1,\(p)HA-1,2016-04-02,ap_mine,PMN-2,3,47.0,40.0,destroyed_in_situ
            \(p)DF-2,\(p)ACT-2,,2016-07-01,uxo,,2,,,handed_to_authorities

            """,
        ]
    }

    func refusal(_ files: [String: String], _ store: Store) async throws -> [ImportIssue] {
        let dir = try write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try await Importer.run(dir, rules: ImportRules(), store: store)
            return []
        } catch let e as ImportRefused { return e.issues }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func operationalRecordsImportAndABrokenFileChangesNothing(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            let p = "O\(UUID().uuidString.prefix(6))-"
            let repository = LandRepository(database: store.database)
            let dir = try write(fixture(p))
            defer { try? FileManager.default.removeItem(at: dir) }
            let result = try await Importer.run(dir, rules: ImportRules(), store: store)
            let imported = Dictionary(uniqueKeysWithValues: result.dataset.counts.map { ($0.layer, $0.count) })
            #expect(
                imported == [
                    "hazards": 2, "release_events": 2, "settlements": 0, "settlement_figures": 0, "roads": 0,
                    "infrastructure": 0,
                    "accidents": 0, "casualties": 0, "survivors": 0, "assistance_needs": 0, "assistance_services": 0,
                    "personal_data": 0, "eore_sessions": 0, "awareness_groups": 0,
                    "hazard_revisions": 0, "organisations": 2, "admin_areas": 2, "activities": 2, "device_finds": 2,
                    "assets": 2, "asset_downtime": 1, "funding_projects": 0, "contributions": 0,
                    "events": 0, "event_attendance": 0, "pledges": 0, "state_steps": 0, "contacts": 0,
                    "media_outputs": 0, "stockpile_reports": 0, "stockpile_destructions": 0,
                    "retained_mine_reports": 0, "national_measures": 0, "production_facilities": 0,
                    "mine_transfers": 0, "plan_actions": 0, "plan_indicators": 0, "indicator_values": 0,
                    "figure_reports": 0, "figure_adoptions": 0, "use_reports": 0, "use_assessments": 0,
                    "use_responses": 0,
                ]
            )

            func ours<T>(_ items: [T], _ id: (T) -> String) -> [T] { items.filter { id($0).hasPrefix(p) } }
            #expect(
                ours(try await repository.organisations(), \.localID).map(\.type) == [
                    .nationalAuthority, .commercialOperator,
                ]
            )
            let areas = ours(try await repository.adminAreas(), \.pcode)
            #expect(areas.map(\.pcode) == ["\(p)R01", "\(p)R0101"])
            #expect(areas.map(\.parentPcode) == [nil, "\(p)R01"])
            let assets = ours(try await repository.assets(), \.localID)
            #expect(assets.map(\.productivityM2PerDay) == [2000, 50])  // by id: MC-1, MT-1
            let downtime = ours(try await repository.downtime(), \.assetID)
            #expect(
                downtime == [
                    AssetDowntime(
                        assetID: "\(p)MC-1",
                        from: day("2016-02-01"),
                        to: day("2016-02-10"),
                        reason: .maintenance
                    )
                ]
            )
            // February 2016 has 29 days; the machine is down 10 of them.
            #expect(
                AssetCapacity.of(assets[0], downtime: downtime, from: day("2016-02-01"), to: day("2016-02-29"))
                    .capacityM2 == 19 * 2000
            )
            let records = ours(try await repository.activityRecords(), \.activityID)
            #expect(records.map(\.assetIDs) == [["\(p)MT-1", "\(p)MC-1"], []])
            #expect(records[1].hazardID == nil)
            let releases = ours(try await repository.releases(), \.localID)
            #expect(releases.map(\.activityID) == ["\(p)ACT-1", nil])
            #expect(releases[0].handoverDate == day("2016-06-01"))
            #expect(releases[0].handedOverTo == "Aghdam municipality")
            let finds = ours(try await repository.deviceFinds(), \.localID)
            #expect(finds.map(\.count) == [3, 2])
            #expect(finds[0].location == GeoPoint(lon: 47.0, lat: 40.0))
            #expect(finds[1].location == nil)
            #expect(DeviceFindTotals.byCategory(finds, asOf: day("2017-01-01")).map(\.devices) == [3, 2])

            let before = Dictionary(
                uniqueKeysWithValues: try await RecordRepository(database: store.database).counts().map {
                    ($0.key, $0.value)
                }
            )
            // A release of an unknown activity, with a valid hazard the store holds: refused.
            let unknownActivity = try await refusal(
                [
                    "release_events.csv":
                        "id,hazard_id,date,method,area_m2,devices_found,activity_id\n\(p)RE-3,\(p)HA-1,2016-08-01,cleared,10,0,\(p)ACT-404\n",
                    "device_finds.csv":
                        "id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal\n\(p)DF-3,\(p)ACT-1,,2016-08-01,uxo,,1,,,other\n",
                ],
                store
            )
            #expect(unknownActivity.map(\.rule) == ["unknown-activity"])
            #expect(unknownActivity[0].message.contains("\(p)ACT-404"))
            // Downtime ending before it starts, next to a good organisation: refused whole.
            let backwards = try await refusal(
                [
                    "organisations.csv": "id,name,type\n\(p)ORG-3,Another,national_ngo\n",
                    "asset_downtime.csv": "asset_id,from,to,reason\n\(p)MT-1,2016-03-10,2016-03-01,weather\n",
                ],
                store
            )
            #expect(backwards.map(\.rule) == ["to-before-from"])
            #expect(backwards[0].item == "line 2")
            // A hazard outside the recorded admin areas, now that there are some.
            let outside = try await refusal(
                [
                    "hazards.geojson":
                        "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"id\":\"\(p)HA-3\",\"region\":\"\(p)R99\",\"status\":\"SHA\",\"contamination\":\"AP\",\"recorded_date\":\"2017-01-01\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(hexagon(47.2, 40.0))}}\n]}\n"
                ],
                store
            )
            #expect(outside.map(\.rule) == ["unknown-admin-area"])
            // The same status record again: already stored, never overwritten.
            let again = try await refusal(["activities.csv": fixture(p)["activities.csv"]!], store)
            #expect(again.map(\.rule) == ["already-stored", "already-stored"])
            #expect(again[0].item == "\(p)ACT-1@2016-03-01")
            let after = Dictionary(
                uniqueKeysWithValues: try await RecordRepository(database: store.database).counts().map {
                    ($0.key, $0.value)
                }
            )
            #expect(after == before)

            // A later record of ACT-1, alone: its organisation, hazard and assets are found in the store.
            let dir2 = try write([
                "activities.csv": """
                id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information
                \(p)ACT-1,clearance,\(p)ORG-2,\(p)HA-1,combined,\(p)MT-1;\(p)MC-1,2016-03-01,2016-09-30,completed,2016-10-03

                """
            ])
            defer { try? FileManager.default.removeItem(at: dir2) }
            _ = try await Importer.run(dir2, rules: ImportRules(), store: store)
            let all = ours(try await repository.activityRecords(), \.activityID)
            #expect(ActivityView(records: all, asOf: day("2016-10-03")).status(of: "\(p)ACT-1") == .ongoing)
            #expect(ActivityView(records: all, asOf: day("2016-10-04")).status(of: "\(p)ACT-1") == .completed)
            #expect(ActivityView(records: all, asOf: day("2016-10-04")).recordCounts["\(p)ACT-1"] == 2)
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func settlementsArePlacedByStoredBoundariesAndKeepTheirArea(_ configuration: StoreConfiguration) async throws {
        try await withStore(configuration) { (store: Store) async throws -> Void in
            // Far from the other tests' places: the PostgreSQL database is shared, and boundaries place points.
            let p = "B\(UUID().uuidString.prefix(6))-"
            let lon = 49.0 + Double(UInt8.random(in: 0...200)) / 1000, lat = 41.0
            func box(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> String {
                "[[[\(a),\(b)],[\(c),\(b)],[\(c),\(d)],[\(a),\(d)],[\(a),\(b)]]]"
            }
            func settlement(_ id: String, _ x: Double, _ pcode: String?) -> String {
                "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(p)\(id)\",\"name\":\"\(id)\",\"population\":250,\"idp_households\":12"
                    + (pcode.map { ",\"admin_pcode\":\"\(p)\($0)\"" } ?? "")
                    + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(x),\(lat)]}}"
            }
            let area =
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"pcode\":\"\(p)D1\",\"name\":\"District\",\"level\":1,\"parent_pcode\":null},"
                // The district and an exclave east of it: a MultiPolygon.
                + "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[\(box(lon - 0.0005, lat - 0.0005, lon + 0.0005, lat + 0.0005)),"
                + "\(box(lon + 0.004, lat - 0.0005, lon + 0.005, lat + 0.0005))]}}]}\n"
            let dir = try write([
                "admin_areas.geojson": area,
                "settlements.geojson":
                    "{\"type\":\"FeatureCollection\",\"features\":[\(settlement("S-1", lon, "D1"))]}\n",
            ])
            defer { try? FileManager.default.removeItem(at: dir) }
            _ = try await Importer.run(dir, rules: ImportRules(), store: store)

            // A later import brings only settlements: the stored boundary places the first, refuses the third.
            let later =
                "{\"type\":\"FeatureCollection\",\"features\":[\(settlement("S-2", lon + 0.0002, nil)),\(settlement("S-3", lon + 0.002, "D1"))]}\n"
            let refused = try await refusal(["settlements.geojson": later], store)
            #expect(refused.map(\.rule) == ["outside-admin-area"])
            #expect(refused.map(\.item) == ["feature 2 (\(p)S-3) line 1"])
            let good =
                "{\"type\":\"FeatureCollection\",\"features\":[\(settlement("S-2", lon + 0.0002, nil)),\(settlement("S-3", lon + 0.002, nil)),"
                + "\(settlement("S-4", lon + 0.0045, nil))]}\n"
            let dir2 = try write(["settlements.geojson": good])
            defer { try? FileManager.default.removeItem(at: dir2) }
            _ = try await Importer.run(dir2, rules: ImportRules(), store: store)

            let repository = LandRepository(database: store.database)
            let rows = try await RecordRepository(database: store.database).exportRows(
                Settlement.info,
                asOf: day("2030-01-01")
            )
            .filter { $0.key(in: Settlement.info).hasPrefix(p) }
            #expect(rows.map { $0.key(in: Settlement.info) } == ["\(p)S-1", "\(p)S-2", "\(p)S-3", "\(p)S-4"])
            #expect(
                rows.map { $0.value("admin_pcode", in: Settlement.info) } == [
                    .text("\(p)D1"), .text("\(p)D1"), .null, .text("\(p)D1"),
                ]
            )
            let district = try #require(try await repository.knownRecords().adminAreas.first { $0.pcode == "\(p)D1" })
            #expect(district.polygons?.count == 2)
            // An import of releases or activities only reads the areas, not their boundaries.
            let bare = try #require(
                try await repository.knownRecords(withBoundaries: false).adminAreas.first { $0.pcode == "\(p)D1" }
            )
            #expect(bare.level == 1 && bare.polygons == nil)

            // A hazard named for the district but lying wholly beyond its boundary.
            let hazard =
                "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"\(p)HA-1\",\"region\":\"\(p)D1\",\"status\":\"SHA\",\"contamination\":\"AP\",\"recorded_date\":\"2017-01-01\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(hexagon(lon + 0.01, lat))}}]}\n"
            let outside = try await refusal(["hazards.geojson": hazard], store)
            #expect(outside.map(\.rule) == ["outside-admin-area"])
            #expect(outside[0].message == "the polygon lies wholly outside the boundary of '\(p)D1', its region")
        }
    }
}
