import Foundation
import Testing

@testable import MineFreeCore

/// The operational records of a small programme, in their files' formats, on LandFixture's three hazards
/// (HA-1 R01 CHA 2015-03-01, HA-2 R02 SHA, HA-3 R01 2019-06-30).
enum ActivityFiles {
    static let organisations = """
        id,name,type
        ORG-1,National Mine Action Agency,national_authority
        ORG-2,Demining NGO,international_ngo

        """
    static let assets = """
        id,type,organisation_id,productivity_m2_per_day,in_service_from
        MT-1,manual_team,ORG-2,50,2015-01-01
        MDD-1,mine_detection_dog_team,ORG-2,600,2016-01-01

        """
    static let downtime = """
        asset_id,from,to,reason
        MT-1,2016-02-01,2016-02-05,weather

        """
    static let activities = """
        id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information
        ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,,ongoing,2016-03-01
        ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,,suspended,2016-06-15
        ACT-1,clearance,ORG-2,HA-1,combined,MT-1;MDD-1,2016-03-01,2017-05-01,completed,2017-05-02
        ACT-2,eod_spot_task,ORG-1,,manual,,2016-07-01,2016-07-01,completed,2016-07-02

        """
    static let releases = """
        id,hazard_id,date,method,area_m2,devices_found,activity_id,handover_date,handed_over_to
        RE-1,HA-1,2016-05-01,cleared,1000,3,ACT-1,2016-06-01,Aghdam municipality
        RE-2,HA-1,2017-05-01,reduced,500,0,ACT-1,,
        RE-3,HA-2,2015-04-01,cancelled,2000,0,,,

        """
    static let finds = """
        id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal
        DF-1,ACT-1,HA-1,2016-04-02,ap_mine,PMN-2,3,47.0,40.0,destroyed_in_situ
        DF-2,ACT-1,,2017-01-10,at_mine,TM-62M,1,,,removed_and_destroyed
        DF-3,ACT-2,,2016-07-01,uxo,,2,47.3,40.3,handed_to_authorities

        """
    static let adminAreas = """
        pcode,name,level,parent_pcode
        R01,Aghdam,1,
        R02,Fuzuli,1,
        R0101,Aghdam town,2,R01

        """

    static var all: [String: String] {
        [
            "organisations.csv": organisations, "assets.csv": assets, "asset_downtime.csv": downtime,
            "activities.csv": activities,
            "device_finds.csv": finds, "admin_areas.csv": adminAreas,
        ]
    }

    /// `all` with one file replaced.
    static func with(_ file: String, _ text: String) -> [String: String] {
        var files = all
        files[file] = text
        return files
    }
}

@Suite struct LandActivitiesImportTests {
    func issues(
        _ files: [String: String],
        releases: String = ActivityFiles.releases,
        known: KnownRecords = KnownRecords()
    ) throws -> [ImportIssue] {
        let f = try LandFixture(releases: releases, raw: files)
        defer { f.remove() }
        do {
            _ = try RecordImport.read(f.directory, rules: .workload, known: known)
            return []
        } catch let e as ImportRefused { return e.issues }
    }

    @Test func everyOperationalLayerLoadsWithItsValues() throws {
        let f = try LandFixture(releases: ActivityFiles.releases, raw: ActivityFiles.all)
        defer { f.remove() }
        let d = try f.read()
        #expect(d.organisations.map(\.localID) == ["ORG-1", "ORG-2"])
        #expect(d.organisations[0].type == .nationalAuthority)
        #expect(d.adminAreas.map(\.pcode) == ["R01", "R02", "R0101"])
        #expect(d.adminAreas[2].parentPcode == "R01")
        #expect(d.adminAreas[2].level == 2)
        #expect(d.assets.map(\.productivityM2PerDay) == [50, 600])
        #expect(d.assets[1].type == .mineDetectionDogTeam)
        #expect(
            d.downtime == [
                AssetDowntime(assetID: "MT-1", from: day("2016-02-01"), to: day("2016-02-05"), reason: .weather)
            ]
        )
        #expect(d.activities.count == 4)
        #expect(d.activities[0].assetIDs == ["MT-1", "MDD-1"])
        #expect(d.activities[2].endDate == day("2017-05-01"))
        #expect(d.activities[3].hazardID == nil)
        #expect(d.releases[0].activityID == "ACT-1")
        #expect(d.releases[0].handoverDate == day("2016-06-01"))
        #expect(d.releases[0].handedOverTo == "Aghdam municipality")
        #expect(d.releases[2].activityID == nil)
        #expect(d.deviceFinds.map(\.count) == [3, 1, 2])
        #expect(d.deviceFinds[0].model == "PMN-2")
        #expect(d.deviceFinds[0].location == GeoPoint(lon: 47.0, lat: 40.0))
        #expect(d.deviceFinds[1].location == nil)
        #expect(d.deviceFinds[2].disposal == .handedToAuthorities)
    }

    @Test func theBenchmarkShapeStillImportsWithoutAnyOfTheNewFiles() throws {
        // No admin areas anywhere: regions stay unchecked programme codes, releases need no activity columns.
        let f = try LandFixture()
        defer { f.remove() }
        let d = try f.read()
        #expect(d.hazards.map(\.region) == ["R01", "R02", "R01"])
        #expect(d.releases.allSatisfy { $0.activityID == nil && $0.handoverDate == nil })
    }

    @Test func activityRulesNameTheLineAndTheValue() throws {
        let activities = """
            id,type,organisation_id,hazard_id,method,asset_ids,start_date,end_date,status,date_of_information
            ACT-1,clearance,ORG-9,HA-1,manual,MT-1,2016-03-01,,ongoing,2016-03-01
            ACT-2,clearance,ORG-2,HA-77,manual,,2016-03-01,,ongoing,2016-03-01
            ACT-3,clearance,ORG-2,HA-1,manual,MT-1;TRUCK-4,2016-03-01,,ongoing,2016-03-01
            ACT-4,clearance,ORG-2,HA-1,manual,,2016-03-01,2016-02-01,completed,2016-03-01
            ACT-5,demolition,ORG-2,HA-1,manual,,2016-03-01,,ongoing,2016-03-01
            ACT-6,clearance,ORG-2,HA-1,magnetic,,2016-03-01,,ongoing,2016-03-01
            ACT-7,clearance,ORG-2,HA-1,manual,,2016-03-01,,abandoned,2016-03-01
            ACT-8,clearance,ORG-2,HA-1,manual,,2016-03-01,,ongoing,2016-03-01
            ACT-8,clearance,ORG-2,HA-1,manual,,2016-03-01,,completed,2016-03-01
            ACT-9,technical_survey,ORG-2,,manual,,2016-03-01,,ongoing,2016-03-01

            """
        let found = try issues(ActivityFiles.with("activities.csv", activities), releases: LandFixture.validReleases)
        #expect(
            found.map(\.rule) == [
                "end-before-start", "enum", "enum", "enum", "duplicate-record", "required",
                "unknown-organisation", "unknown-hazard", "unknown-asset",
            ]
        )
        #expect(
            found.map(\.item) == [
                "line 5", "line 6", "line 7", "line 8", "line 10", "line 11", "line 2", "line 3", "line 4",
            ]
        )
        #expect(found.allSatisfy { $0.file == "activities.csv" })
        #expect(found[0].message == "end_date 2016-02-01 is before start_date 2016-03-01")
        #expect(
            found[1].message.hasPrefix(
                "type 'demolition' is not one of non_technical_survey, technical_survey, clearance"
            )
        )
        #expect(found[2].message.hasPrefix("method 'magnetic' is not one of manual, mechanical, dogs, combined"))
        #expect(found[3].message.hasPrefix("status 'abandoned' is not one of planned, ongoing, suspended, completed"))
        #expect(found[4].message.contains("'ACT-8' already has a record dated 2016-03-01 (line 9)"))
        #expect(found[5].message.contains("a technical_survey works on a hazardous area"))
        #expect(found[6].message.contains("'ORG-9'"))
        #expect(found[7].message.contains("'HA-77'"))
        #expect(found[8].message.contains("'TRUCK-4'"))
    }

    @Test func releaseOutputsAgreeWithTheirActivity() throws {
        let releases = """
            id,hazard_id,date,method,area_m2,devices_found,activity_id,handover_date,handed_over_to
            RE-1,HA-1,2016-05-01,cleared,1000,3,ACT-404,,
            RE-2,HA-2,2016-05-01,cleared,100,0,ACT-1,,
            RE-3,HA-1,2016-05-01,cleared,100,0,ACT-1,2016-04-30,Farmers' cooperative
            RE-4,HA-1,2016-05-01,cleared,100,0,,,Farmers' cooperative

            """
        let found = try issues(ActivityFiles.all, releases: releases)
        #expect(
            found.map(\.rule) == [
                "handover-before-release", "required", "unknown-activity", "activity-hazard-mismatch",
            ]
        )
        #expect(found.map(\.item) == ["line 4", "line 5", "line 2", "line 3"])
        #expect(found[0].message == "handover_date 2016-04-30 is before the release date 2016-05-01")
        #expect(found[2].message.contains("'ACT-404'"))
        #expect(found[3].message == "activity 'ACT-1' works on hazard 'HA-1', not on hazard_id 'HA-2'")
        // An activity the store holds is known too.
        let stored = KnownRecords(activityHazards: ["ACT-404": "HA-1"])
        let only404 =
            "id,hazard_id,date,method,area_m2,devices_found,activity_id\nRE-1,HA-1,2016-05-01,cleared,1000,3,ACT-404\n"
        #expect(try issues(ActivityFiles.all, releases: only404, known: stored).isEmpty)
    }

    @Test func deviceFindRules() throws {
        let finds = """
            id,activity_id,hazard_id,date,category,model,count,lon,lat,disposal
            DF-1,ACT-1,,2016-04-02,ap_mine,PMN-2,0,,,destroyed_in_situ
            DF-2,ACT-1,,2016-04-02,grenade,,1,,,destroyed_in_situ
            DF-3,,,2016-04-02,uxo,,1,,,destroyed_in_situ
            DF-4,ACT-1,,2016-04-02,uxo,,1,30.5,40.0,destroyed_in_situ
            DF-5,ACT-1,,2016-04-02,uxo,,1,47.0,,destroyed_in_situ
            DF-6,ACT-1,,2016-04-02,uxo,,1,,,buried
            DF-7,ACT-99,,2016-04-02,uxo,,1,,,other
            DF-8,ACT-1,HA-2,2016-04-02,uxo,,1,,,other
            DF-9,,HA-404,2016-04-02,uxo,,1,,,other

            """
        let found = try issues(ActivityFiles.with("device_finds.csv", finds))
        #expect(
            found.map(\.rule) == [
                "range", "enum", "required", "bounds", "required", "enum", "unknown-activity",
                "activity-hazard-mismatch", "unknown-hazard",
            ]
        )
        #expect(found.map(\.item) == (2...10).map { "line \($0)" })
        #expect(found[0].message == "count 0 is below 1")
        #expect(found[1].message.hasPrefix("category 'grenade' is not one of ap_mine, at_mine, improvised, uxo"))
        #expect(found[3].message.hasPrefix("place (30.5, 40.0) lies outside 44.8…50.4 E"))
        #expect(found[5].message.hasPrefix("disposal 'buried'"))
    }

    @Test func adminAreasFormAHierarchyAndHazardsLieInOne() throws {
        let areas = """
            pcode,name,level,parent_pcode
            R01,Aghdam,1,
            R02,Fuzuli,1,R01
            R0101,Aghdam town,2,R09
            R0102,Quzanli,3,R01
            R0103,Somewhere,5,R01

            """
        let found = try issues(ActivityFiles.with("admin_areas.csv", areas))
        #expect(found.map(\.rule) == ["range", "parent-level", "unknown-parent", "parent-level"])
        #expect(found.map(\.item) == ["line 6", "line 3", "line 4", "line 5"])
        #expect(found[0].message == "level '5' is not an admin level 1…4")
        #expect(found[3].message == "parent 'R01' of level-3 area 'R0102' is level 1, not 2")

        // Once admin areas are recorded, a hazard's region must be one of them.
        let onlyR01 = "pcode,name,level,parent_pcode\nR01,Aghdam,1,\n"
        let unknown = try issues(ActivityFiles.with("admin_areas.csv", onlyR01))
        #expect(unknown.map(\.rule) == ["unknown-admin-area"])
        #expect(unknown[0].item == "feature 2 (HA-2) line 3")
        #expect(unknown[0].message == "region 'R02' is not a recorded admin area P-code")
        // The same when the areas are in the store and the import brings only hazards.
        let f = try LandFixture(releases: nil)
        defer { f.remove() }
        #expect(throws: ImportRefused.self) {
            try RecordImport.read(
                f.directory,
                rules: .workload,
                known: KnownRecords(adminAreas: [AdminArea(pcode: "R01", name: "R01", level: 1, parentPcode: nil)])
            )
        }
        #expect(
            try RecordImport.read(
                f.directory,
                rules: .workload,
                known: KnownRecords(
                    adminAreas: ["R01", "R02"].map { AdminArea(pcode: $0, name: $0, level: 1, parentPcode: nil) }
                )
            ).hazards.count == 3
        )
    }

    @Test func adminAreaBoundariesAreCheckedLikeHazards() throws {
        func feature(_ pcode: String, _ level: Int, _ parent: String?, _ ring: [[Double]]?) -> String {
            let geometry =
                ring.map {
                    "{\"type\":\"Polygon\",\"coordinates\":[[" + $0.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",")
                        + "]]}"
                } ?? "null"
            return
                "{\"type\":\"Feature\",\"properties\":{\"pcode\":\"\(pcode)\",\"name\":\"\(pcode)\",\"level\":\(level),\"parent_pcode\":"
                + (parent.map { "\"\($0)\"" } ?? "null") + "},\"geometry\":\(geometry)}"
        }
        var bowtie = LandFixture.hexagon(47.3, 40.3)
        bowtie.swapAt(1, 3)
        // edges far longer than 5 km: fine for a boundary
        let big = [[46.0, 39.5], [48.0, 39.5], [48.0, 41.0], [46.0, 41.0], [46.0, 39.5]]
        let text =
            "{\"type\":\"FeatureCollection\",\"features\":[\n"
            + [
                feature("R01", 1, nil, big), feature("R02", 1, nil, nil), feature("R0101", 2, "R01", bowtie),
            ].joined(separator: ",\n") + "\n]}\n"
        var files = ActivityFiles.all
        files["admin_areas.csv"] = nil
        files["admin_areas.geojson"] = text
        let found = try issues(files)
        #expect(found.map(\.rule) == ["self-intersection"])
        #expect(found[0].file == "admin_areas.geojson")
        #expect(found[0].item == "feature 3 (R0101) line 4")

        files["admin_areas.geojson"] = text.replacingOccurrences(
            of: ",\n" + feature("R0101", 2, "R01", bowtie),
            with: ""
        )
        let f = try LandFixture(releases: ActivityFiles.releases, raw: files)
        defer { f.remove() }
        let d = try f.read()
        #expect(d.adminAreas.map(\.pcode) == ["R01", "R02"])
        #expect(d.adminAreas[0].polygons?.first?.first?.count == 5)
        #expect(d.adminAreas[1].polygons == nil)
        // Both files at once: which is right?
        files["admin_areas.csv"] = ActivityFiles.adminAreas
        #expect(try issues(files).map(\.rule) == ["layer"])

        // A province with an exclave is a MultiPolygon: each part is checked, and named when it fails.
        func multi(_ pcode: String, _ parts: [[[Double]]]) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"pcode\":\"\(pcode)\",\"name\":\"\(pcode)\",\"level\":1,\"parent_pcode\":null},"
                + "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
                + parts.map { "[\($0)]" }.joined(separator: ",") + "]}}"
        }
        let exclave = [[45.0, 39.0], [45.5, 39.0], [45.5, 39.5], [45.0, 39.5], [45.0, 39.0]]
        files["admin_areas.csv"] = nil
        files["admin_areas.geojson"] =
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + multi("R01", [big, exclave]) + ",\n"
            + multi("R02", [exclave.map { [$0[0] + 1, $0[1]] }, bowtie]) + "\n]}\n"
        let parts = try issues(files)
        // (R02 refused, the hazard naming it names no recorded area either.)
        #expect(parts.map(\.rule) == ["self-intersection", "unknown-admin-area"])
        #expect(parts[0].item == "feature 2 (R02) line 3")
        #expect(parts[0].message.hasPrefix("polygon 2: "))
        files["admin_areas.geojson"] =
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + multi("R01", [big, exclave]) + ",\n"
            + feature("R02", 1, nil, nil) + "\n]}\n"
        let g = try LandFixture(releases: ActivityFiles.releases, raw: files)
        defer { g.remove() }
        let r01 = try #require(try g.read().adminAreas.first)
        #expect(r01.polygons?.count == 2)
        #expect(r01.enteredCoordinates?.hasPrefix("[[[[") == true)
        #expect(AdminBoundaries([r01]).locate(GeoPoint(lon: 45.2, lat: 39.2)) == "R01")
    }

    @Test func settlementsArePlacedByTheBoundariesAndRecordsMustLieInTheirArea() throws {
        func area(_ pcode: String, _ level: Int, _ parent: String?, _ rings: [[[Double]]]?) -> String {
            let geometry = rings.map { "{\"type\":\"Polygon\",\"coordinates\":" + "\($0)" + "}" } ?? "null"
            return
                "{\"type\":\"Feature\",\"properties\":{\"pcode\":\"\(pcode)\",\"name\":\"\(pcode)\",\"level\":\(level),\"parent_pcode\":"
                + (parent.map { "\"\($0)\"" } ?? "null") + "},\"geometry\":\(geometry)}"
        }
        func box(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> [[Double]] {
            [[a, b], [c, b], [c, d], [a, d], [a, b]]
        }
        // R01 surrounds R02 (its hole); R0101 is a small area inside R01; R0102 has no boundary of its own.
        let areas =
            "{\"type\":\"FeatureCollection\",\"features\":[\n"
            + [
                area("R01", 1, nil, [box(46.9, 39.9, 47.3, 40.3), box(47.05, 40.05, 47.15, 40.15)]),
                area("R02", 1, nil, [box(47.05, 40.05, 47.15, 40.15)]),
                area("R0101", 2, "R01", [box(46.98, 39.98, 47.02, 40.02)]),
                area("R0102", 2, "R01", nil),
            ].joined(separator: ",\n") + "\n]}\n"
        func settlement(_ id: String, _ lon: Double, _ lat: Double, _ pcode: String?) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\",\"name\":\"\(id)\",\"population\":100,\"idp_households\":5"
                + (pcode.map { ",\"admin_pcode\":\"\($0)\"" } ?? "")
                + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]}}"
        }
        func settlements(_ items: [String]) -> String {
            "{\"type\":\"FeatureCollection\",\"features\":[\n" + items.joined(separator: ",\n") + "\n]}\n"
        }
        var files = ActivityFiles.all
        files["admin_areas.csv"] = nil
        files["admin_areas.geojson"] = areas
        files["settlements.geojson"] = settlements([
            settlement("S-1", 47.0, 40.0, nil),  // inside R0101, inside R01: the most precise area
            settlement("S-2", 47.1, 40.1, nil),  // in R01's hole, which is R02
            settlement("S-3", 45.5, 39.0, nil),  // beyond every boundary: left unplaced
            settlement("S-4", 47.2, 40.2, "R0102"),  // R0102 has no boundary: checked against R01's
            settlement("S-5", 47.05, 40.1, "R02"),  // on R02's edge: inside
        ])
        // A hazard straddling the R01/R02 edge may name either; HA-1..3 lie in their regions.
        let straddling = LandFixture.hazard("HA-4", LandFixture.hexagon(47.05, 40.1), region: "R02")
        let f = try LandFixture(
            hazards: LandFixture.validHazards + [straddling],
            releases: ActivityFiles.releases,
            raw: files
        )
        defer { f.remove() }
        let d = try f.read()
        #expect(d.settlements.map(\.adminPcode) == ["R0101", "R02", nil, "R0102", "R02"])
        // Hazards and settlements are placed records: their import needs the stored boundaries; releases alone do not.
        #expect(RecordImport.bringsPlaces(f.directory))
        #expect(RecordImport.bringsPlaces(f.directory.appendingPathComponent("settlements.geojson")))
        #expect(!RecordImport.bringsPlaces(f.directory.appendingPathComponent("release_events.csv")))

        files["settlements.geojson"] = settlements([
            settlement("S-1", 47.25, 40.25, "R02"),  // far from R02
            settlement("S-2", 47.1, 40.1, "R0102"),  // in R01's hole, so outside R0102's nearest boundary (R01)
            settlement("S-3", 47.0, 40.0, "R09"),  // no such area
        ])
        // wholly in the hole
        let wrongRegion = LandFixture.hazard("HA-5", LandFixture.hexagon(47.1, 40.1), region: "R01")
        let g = try LandFixture(
            hazards: LandFixture.validHazards + [wrongRegion],
            releases: ActivityFiles.releases,
            raw: files
        )
        defer { g.remove() }
        let found: [ImportIssue]
        do { _ = try g.read(); found = [] } catch let e as ImportRefused { found = e.issues }
        // Issues come file by file, hazards first, each file's in the order of its records.
        #expect(
            found.map(\.rule) == [
                "outside-admin-area", "outside-admin-area", "outside-admin-area", "unknown-admin-area",
            ]
        )
        #expect(
            found.map(\.file) == [
                "hazards.geojson", "settlements.geojson", "settlements.geojson", "settlements.geojson",
            ]
        )
        #expect(
            found.map(\.item) == [
                "feature 4 (HA-5) line 5", "feature 1 (S-1) line 2", "feature 2 (S-2) line 3", "feature 3 (S-3) line 4",
            ]
        )
        #expect(found[1].message == "(47.25, 40.25) lies outside the boundary of 'R02'")
        #expect(found[2].message == "(47.1, 40.1) lies outside the boundary of 'R01'")
        #expect(found[3].message == "admin_pcode 'R09' is neither in this import nor in the store")
        #expect(found[0].message == "the polygon lies wholly outside the boundary of 'R01', its region")
    }

    @Test func boundariesLocateTheMostPreciseAreaAndCentroidsAreAreaWeighted() {
        let square = [
            GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 2, lat: 2), GeoPoint(lon: 0, lat: 2),
            GeoPoint(lon: 0, lat: 0),
        ]
        #expect(AdminBoundaries.centroid(square) == GeoPoint(lon: 1, lat: 1))
        // An L shape: 3 unit squares, centroid (5/6, 5/6), outside the vertex mean (0.857…, 0.857…).
        let l = [(0.0, 0.0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2), (0, 0)].map { GeoPoint(lon: $0.0, lat: $0.1) }
        let c = AdminBoundaries.centroid(l)!
        #expect(abs(c.lon - 5.0 / 6) < 1e-12 && abs(c.lat - 5.0 / 6) < 1e-12)
        let b = AdminBoundaries([
            AdminArea(pcode: "P1", name: "P1", level: 1, parentPcode: nil, polygons: [[square]]),
            AdminArea(
                pcode: "P101",
                name: "P101",
                level: 2,
                parentPcode: "P1",
                // Two parts: a corner of P1, and an island beyond it.
                polygons: [
                    [[(0.0, 0.0), (1, 0), (1, 1), (0, 1), (0, 0)].map { GeoPoint(lon: $0.0, lat: $0.1) }],
                    [[(3.0, 3.0), (4, 3), (4, 4), (3, 4), (3, 3)].map { GeoPoint(lon: $0.0, lat: $0.1) }],
                ]
            ),
            AdminArea(pcode: "P10101", name: "P10101", level: 3, parentPcode: "P101"),
        ])
        #expect(b.locate(GeoPoint(lon: 0.5, lat: 0.5)) == "P101")
        #expect(b.locate(GeoPoint(lon: 1.5, lat: 1.5)) == "P1")
        #expect(b.locate(GeoPoint(lon: 3.5, lat: 3.5)) == "P101")  // on the island
        #expect(b.locate(GeoPoint(lon: 2.5, lat: 2.5)) == nil)
        #expect(b.boundaryArea(of: "P10101") == "P101")
        #expect(b.contains("P10101", GeoPoint(lon: 1.5, lat: 0.5)) == false)
        #expect(b.contains("P9", GeoPoint(lon: 0.5, lat: 0.5)) == nil)
        #expect(AdminBoundaries([AdminArea(pcode: "X", name: "X", level: 1, parentPcode: nil)]).isEmpty)
    }

    @Test func theDemoDistrictsHaveBoundariesThatHoldTheirHazardsAndPlaceTheSettlements() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try DemoProgramme.write(to: dir)
        let d = try RecordImport.read(dir, rules: .workload)
        #expect(d.adminAreas.map(\.pcode) == DemoProgramme.districts.map(\.code))
        #expect(d.adminAreas.allSatisfy { ($0.polygons?.first?.first?.count ?? 0) >= 4 })
        let boundaries = AdminBoundaries(d.adminAreas)
        // Every hazard's centre lies in the district that names it (the import refuses one wholly outside).
        #expect(d.hazards.count == 1200)
        let inOwn = d.hazards.filter { h in boundaries.contains(h.region, AdminBoundaries.centroid(h.rings[0])!) == true
        }.count
        #expect(inOwn >= 1190, "\(inOwn) of 1200 hazards' centroids in their own district")
        // Settlements came without an admin area: each one inside the demo's extent is placed in a district.
        #expect(d.settlements.count == 150)
        #expect(d.settlements.allSatisfy { $0.adminPcode == boundaries.locate($0.location) })
        let placed = d.settlements.filter { $0.adminPcode != nil }.count
        #expect(placed >= 140, "\(placed) of 150 settlements placed")
    }

    @Test func assetAndDowntimeRules() throws {
        let assets = """
            id,type,organisation_id,productivity_m2_per_day,in_service_from
            MT-1,manual_team,ORG-2,50,2015-01-01
            MT-2,manual_team,ORG-2,0,2015-01-01
            MDD-1,mine_detection_dog_team,ORG-404,600,2016-01-01
            MC-1,bulldozer,ORG-2,600,2016-01-01

            """
        let downtime = """
            asset_id,from,to,reason
            MDD-1,2016-02-05,2016-02-01,weather
            MX-9,2016-02-01,2016-02-05,maintenance
            MDD-1,2016-03-01,2016-03-02,holiday

            """
        var files = ActivityFiles.with("assets.csv", assets)
        files["asset_downtime.csv"] = downtime
        let found = try issues(files)
        #expect(
            found.map(\.rule) == ["range", "enum", "to-before-from", "enum", "unknown-organisation", "unknown-asset"]
        )
        #expect(
            found.map(\.file) == [
                "assets.csv", "assets.csv", "asset_downtime.csv", "asset_downtime.csv", "assets.csv",
                "asset_downtime.csv",
            ]
        )
        #expect(found.map(\.item) == ["line 3", "line 5", "line 2", "line 4", "line 4", "line 3"])
        #expect(found[0].message == "productivity_m2_per_day 0 is below 1")
        #expect(found[2].message == "to 2016-02-01 is before from 2016-02-05")
    }

    @Test func organisationRules() throws {
        let organisations = "id,name,type\nORG-1,Agency,national_authority\nORG-1,Again,un\nORG-3,,ngo\n"
        let found = try issues(ActivityFiles.with("organisations.csv", organisations))
        #expect(found.map(\.rule).prefix(3) == ["unique-id", "required", "enum"])
        #expect(found[0].message == "id 'ORG-1' repeats line 2")
        #expect(found[2].message.hasPrefix("type 'ngo' is not one of national_authority, commercial_operator"))
    }
}

@Suite struct ActivityViewTests {
    @Test func theStatusOnADayIsTheLatestRecordBeforeIt() throws {
        let f = try LandFixture(releases: ActivityFiles.releases, raw: ActivityFiles.all)
        defer { f.remove() }
        let records = try f.read().activities.reversed()  // order in the file does not matter
        func status(_ d: String) -> ActivityStatus? {
            ActivityView(records: Array(records), asOf: day(d)).status(of: "ACT-1")
        }
        #expect(status("2016-03-01") == nil)  // the first record is dated that day: not known at its start
        #expect(status("2016-03-02") == .ongoing)
        #expect(status("2016-06-15") == .ongoing)
        #expect(status("2016-06-16") == .suspended)
        #expect(status("2017-05-02") == .suspended)
        #expect(status("2017-05-03") == .completed)
        let view = ActivityView(records: Array(records), asOf: day("2016-07-01"))
        #expect(view.current.map(\.activityID) == ["ACT-1"])
        #expect(view.recordCounts == ["ACT-1": 2])
        let later = ActivityView(records: Array(records), asOf: day("2020-01-01"))
        #expect(later.current.map(\.status) == [.completed, .completed])
        #expect(later.current[0].endDate == day("2017-05-01"))
        #expect(later.recordCounts == ["ACT-1": 3, "ACT-2": 1])
    }

    @Test func findsAreTotalledByCategoryAndYearAsOfADay() throws {
        let f = try LandFixture(releases: ActivityFiles.releases, raw: ActivityFiles.all)
        defer { f.remove() }
        let finds = try f.read().deviceFinds
        let byCategory = DeviceFindTotals.byCategory(finds, asOf: day("2017-01-10"))  // DF-2 is dated that day: not yet
        #expect(byCategory == [.init(key: "ap_mine", finds: 1, devices: 3), .init(key: "uxo", finds: 1, devices: 2)])
        let byYear = DeviceFindTotals.byYear(finds, asOf: day("2018-01-01"))
        #expect(byYear == [.init(key: "2016", finds: 2, devices: 5), .init(key: "2017", finds: 1, devices: 1)])
    }
}

@Suite struct AssetCapacityTests {
    let team = Asset(
        localID: "MT-1",
        type: .manualTeam,
        organisationID: "ORG-2",
        productivityM2PerDay: 50,
        inServiceFrom: day("2016-01-10")
    )
    var downtime: [AssetDowntime] {
        [
            AssetDowntime(assetID: "MT-1", from: day("2016-01-15"), to: day("2016-01-19"), reason: .weather),
            // overlaps: counted once
            AssetDowntime(assetID: "MT-1", from: day("2016-01-18"), to: day("2016-01-20"), reason: .maintenance),
            // after the period
            AssetDowntime(assetID: "MT-1", from: day("2016-03-01"), to: day("2016-03-09"), reason: .security),
            AssetDowntime(assetID: "MDD-1", from: day("2016-01-01"), to: day("2016-01-31"), reason: .standDown),
        ]  // another asset
    }

    @Test func capacityIsProductivityTimesTheDaysInServiceAndNotDown() {
        let c = AssetCapacity.of(team, downtime: downtime, from: day("2016-01-01"), to: day("2016-01-31"))
        #expect(
            c
                == AssetCapacity(
                    periodDays: 31,
                    notInServiceDays: 9,
                    restDays: 0,
                    downtimeDays: 6,
                    workingDays: 16,
                    capacityM2: 800
                )
        )
    }

    @Test func weeklyRestDaysAreNotWorkingDays() {
        // January 2016: 1st a Friday. In service 10 (Sunday) … 31: 22 days, of which Saturdays 16, 23, 30 and
        // Sundays 10, 17, 24, 31 rest; downtime 15–20 minus the weekend 16–17 leaves 4 days.
        let c = AssetCapacity.of(
            team,
            downtime: downtime,
            from: day("2016-01-01"),
            to: day("2016-01-31"),
            restWeekdays: [6, 7]
        )
        #expect(
            c
                == AssetCapacity(
                    periodDays: 31,
                    notInServiceDays: 9,
                    restDays: 7,
                    downtimeDays: 4,
                    workingDays: 11,
                    capacityM2: 550
                )
        )
    }

    @Test func beforeServiceOrAnEmptyPeriodGivesNothing() {
        let before = AssetCapacity.of(team, downtime: downtime, from: day("2015-12-01"), to: day("2015-12-31"))
        #expect(before.workingDays == 0 && before.notInServiceDays == 31 && before.capacityM2 == 0)
        #expect(AssetCapacity.of(team, downtime: [], from: day("2016-02-02"), to: day("2016-02-01")).periodDays == 0)
        #expect(
            AssetCapacity.of(team, downtime: [], from: day("2016-02-01"), to: day("2016-02-29")).capacityM2 == 29 * 50
        )
    }

    @Test func isoWeekdays() {
        #expect(day("2001-01-01").isoWeekday == 1)
        #expect(day("2016-01-01").isoWeekday == 5)
        #expect(day("2000-12-31").isoWeekday == 7)
        #expect(day("1999-03-01").isoWeekday == 1)
    }
}
