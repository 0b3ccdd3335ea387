import Foundation
import Testing

/// A small programme written as the benchmark's files: three hazards, three releases, two settlements.
enum LandFiles {
    static func hexagon(_ lon: Double, _ lat: Double) -> String {
        var ring = (0..<6).map { k -> String in
            let a = Double(k) * .pi / 3
            let x = ((lon + 0.001 * cos(a)) * 1e6).rounded() / 1e6
            let y = ((lat + 0.001 * sin(a)) * 1e6).rounded() / 1e6
            return "[\(x),\(y)]"
        }
        ring.append(ring[0])
        return "[[" + ring.joined(separator: ",") + "]]"
    }

    static func hazard(
        _ id: String,
        _ lon: Double,
        _ lat: Double,
        region: String,
        status: String,
        recorded: String,
        geometry: String? = nil
    ) -> String {
        """
        {"type":"Feature","properties":{"id":"\(id)","region":"\(region)","status":"\(status)","contamination":"AP","recorded_date":"\(recorded)"},"geometry":{"type":"Polygon","coordinates":\(geometry ?? hexagon(lon, lat))}}
        """
    }

    static func write(to dir: URL, hazards: [String], releases: String) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try ("{\"type\":\"FeatureCollection\",\"features\":[\n" + hazards.joined(separator: ",\n") + "\n]}\n")
            .write(to: dir.appendingPathComponent("hazards.geojson"), atomically: true, encoding: .utf8)
        try releases.write(to: dir.appendingPathComponent("release_events.csv"), atomically: true, encoding: .utf8)
        try """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"ST-1","name":"Ağdam","population":1200,"idp_households":300},"geometry":{"type":"Point","coordinates":[47.001,40.001]}},
        {"type":"Feature","properties":{"id":"ST-2","name":"Füzuli","population":800,"idp_households":0},"geometry":{"type":"Point","coordinates":[47.2,40.2]}}
        ]}
        """.write(to: dir.appendingPathComponent("settlements.geojson"), atomically: true, encoding: .utf8)
    }

    static let hazards = [
        hazard("HA-1", 47.0, 40.0, region: "R01", status: "CHA", recorded: "2015-03-01"),
        hazard("HA-2", 47.1, 40.1, region: "R02", status: "SHA", recorded: "2016-03-01"),
        hazard("HA-3", 47.2, 40.2, region: "R01", status: "CHA", recorded: "2020-06-30"),
    ]
    static let releases = """
        id,hazard_id,date,method,area_m2,devices_found
        RE-1,HA-1,2016-05-01,cleared,1000,3
        RE-2,HA-1,2017-05-01,reduced,500,0
        RE-3,HA-2,2016-04-01,cancelled,2000,0

        """
}

@Suite(.serialized) struct LandCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-land-cli-\(UUID().uuidString)")

    @Test func importThenHazardsProgressAndExport() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: LandFiles.releases)
        let imported = try cli.run("import", dir.path, "--profile", "workload")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("hazards: 3"))
        #expect(imported.stdout.contains("release_events: 3"))
        #expect(imported.stdout.contains("settlements: 2"))

        // As of 2017-01-01: HA-3 not yet recorded, RE-2 not yet done.
        let hazards = try cli.run("hazards", "--as-of", "2017-01-01", "--format", "json")
        let rows = try #require(try hazards.json() as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == ["HA-1", "HA-2"])
        #expect(rows[0]["released_m2"] as? Int == 1000)
        #expect(rows[0]["status"] as? String == "worked_on")
        let area1 = try #require(rows[0]["area_m2"] as? Int)
        #expect(rows[0]["remaining_m2"] as? Int == area1 - 1000)
        let open = try cli.run("hazards", "--status", "open", "--as-of", "2026-01-01", "--format", "csv")
        #expect(open.stdout.split(separator: "\n").dropFirst().map { $0.prefix(4) } == ["HA-3"])

        let progress = try cli.run(
            "progress",
            "--as-of",
            "2018-01-01",
            "--by",
            "none",
            "--format",
            "json",
            "--baseline",
            "2016-01-01"
        )
        let p = try #require(try progress.json() as? [String: Any])
        let total = try #require((p["rows"] as? [[String: Any]])?.first)
        #expect(total["released_m2"] as? Int == 3500)
        let baseline = try #require(p["baseline"] as? [String: Any])
        #expect(baseline["baseline_hazards"] as? Int == 1)
        #expect(baseline["newly_found_hazards"] as? Int == 1)
        #expect(baseline["newly_found_released_m2"] as? Int == 2000)
        let byRegion = try cli.run("progress", "--as-of", "2018-01-01", "--format", "csv")
        #expect(byRegion.stdout.contains("R01,ALL,ALL,ALL,1500,"))
        let full = try cli.run("progress", "--as-of", "2018-01-01", "--by", "all", "--format", "csv")
        #expect(
            full.stdout.hasPrefix(
                "region,contamination,year,method,released_m2,recorded_m2,remaining_m2,pct_released\n"
            )
        )

        let geojson = try cli.run("export", "hazards", "--as-of", "2018-01-01")
        #expect(geojson.status == 0)
        let collection = try #require(try geojson.json() as? [String: Any])
        let features = try #require(collection["features"] as? [[String: Any]])
        #expect(features.count == 2)
        let props = try #require(features[0]["properties"] as? [String: Any])
        #expect(props["id"] as? String == "HA-1")
        #expect(props["remaining_m2"] as? Int == area1 - 1500)
        // The coordinates come back exactly as entered.
        let geometry = try #require(features[0]["geometry"] as? [String: Any])
        let ring = try #require((geometry["coordinates"] as? [[[Double]]])?.first)
        #expect(ring.count == 7)
        #expect(LandFiles.hexagon(47.0, 40.0).contains("[\(ring[1][0]),\(ring[1][1])]"))

        let csv = try cli.run("export", "release_events", "--format", "csv", "--as-of", "2017-01-01")
        let lines = csv.stdout.split(separator: "\n")
        try #require(lines.count >= 2, "\(csv.stderr)")
        #expect(
            lines[0] == "id,hazard_id,date,method,area_m2,devices_found,activity_id,handover_date,handed_over_to,wkt"
        )
        #expect(lines[1].hasPrefix("#x_release_events+id,#x_hazard+id,#date"))
        #expect(lines.count == 4)  // header, HXL row, RE-1 and RE-3
        let settlements = try cli.run("export", "settlements", "--format", "csv")
        // no admin areas recorded: not placed
        #expect(settlements.stdout.contains("ST-1,Ağdam,1200,300,,40.001,47.001"))
    }

    @Test func revisionsChangeTheViewFromTheirDateOnAndKeepHistory() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: LandFiles.releases)
        #expect(try cli.run("import", dir.path, "--profile", "workload").status == 0)
        let later = dir.appendingPathComponent("survey-2018")
        try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
        try """
        id,hazard_id,date,classification,accessibility,inaccessible_reason,reason
        HR-1,HA-2,2018-04-02,CHA,inaccessible,military zone,NTS found direct evidence

        """.write(to: later.appendingPathComponent("hazard_revisions.csv"), atomically: true, encoding: .utf8)
        let r = try cli.run("import", later.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("hazard_revisions: 1"))
        func ha2(_ date: String) throws -> [String: Any] {
            let rows = try #require(
                try cli.run("hazards", "--as-of", date, "--format", "json").json() as? [[String: Any]]
            )
            return try #require(rows.first { $0["id"] as? String == "HA-2" })
        }
        #expect(try ha2("2018-04-02")["classification"] as? String == "SHA")
        #expect(try ha2("2018-04-03")["classification"] as? String == "CHA")
        #expect(try ha2("2018-04-03")["accessibility"] as? String == "inaccessible")
        #expect(try ha2("2018-04-03")["inaccessible_reason"] as? String == "military zone")
        let history = try cli.run("export", "hazard_revisions", "--format", "csv")
        #expect(
            history.stdout.contains("HR-1,HA-2,2018-04-02,CHA,inaccessible,military zone,NTS found direct evidence")
        )
        #expect(try cli.run("export", "hazard_revisions").status == 2)  // no geometry: CSV only
    }

    @Test func brokenImportsAreRefusedAndChangeNothing() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: LandFiles.releases)
        #expect(try cli.run("import", dir.path, "--profile", "workload").status == 0)
        let before = try cli.run("progress", "--by", "none", "--format", "csv").stdout

        // A self-intersecting polygon, a release larger than its hazard, an unknown hazard, a truncated file.
        let broken = dir.appendingPathComponent("broken")
        let bowtie =
            "[[[47.3,40.3],[47.301,40.301],[47.301,40.3],[47.3003,40.3004],[47.3,40.301],[47.2999,40.3005],[47.3,40.3]]]"
        try LandFiles.write(
            to: broken,
            hazards: [
                LandFiles.hazard("HA-9", 0, 0, region: "R03", status: "CHA", recorded: "2021-01-01", geometry: bowtie)
            ],
            releases:
                "id,hazard_id,date,method,area_m2,devices_found\nRE-9,HA-3,2021-01-01,cleared,99999999,0\nRE-10,HA-77,2021-01-01,cleared,5,0\n"
        )
        try "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"ST-9\""
            .write(to: broken.appendingPathComponent("settlements.geojson"), atomically: true, encoding: .utf8)
        let r = try cli.run("import", broken.path, "--profile", "workload")
        #expect(r.status == 2)
        #expect(r.stderr.contains("import refused, nothing stored"))
        #expect(r.stderr.contains("hazards.geojson feature 1 (HA-9) line 2: [self-intersection]"))
        #expect(r.stderr.contains("[release-exceeds-hazard]"))
        #expect(r.stderr.contains("[unknown-hazard] hazard_id 'HA-77'"))
        #expect(r.stderr.contains("settlements.geojson: [geojson]"))
        #expect(r.stderr.contains("truncated"))
        #expect(try cli.run("progress", "--by", "none", "--format", "csv").stdout == before)

        // The same records again: refused, never overwritten.
        let again = try cli.run("import", dir.path, "--profile", "workload")
        #expect(again.status == 2)
        #expect(again.stderr.contains("[already-stored]"))
        #expect(try cli.run("progress", "--by", "none", "--format", "csv").stdout == before)

        // A good new hazard is written while the releases are still checked; a release found bad later rolls it back.
        let late = dir.appendingPathComponent("late")
        try LandFiles.write(
            to: late,
            hazards: [LandFiles.hazard("HA-8", 47.4, 40.4, region: "R03", status: "CHA", recorded: "2021-01-01")],
            releases: "id,hazard_id,date,method,area_m2,devices_found\nRE-8,HA-8,2020-01-01,cleared,5,0\n"
        )
        let refused = try cli.run("import", late.path, "--profile", "workload")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("[release-before-recording]"))
        #expect(try cli.run("progress", "--by", "none", "--format", "csv").stdout == before)
    }

    @Test func badLandOptionsGetOneLineAndStatus2() throws {
        defer { cli.cleanUp() }
        for (arguments, named) in [
            (["export", "minefields"], "minefields"),
            (["export", "hazards", "--format", "shp"], "shp"),
            (["progress", "--by", "province"], "province"),
            (["progress", "--unit", "acre"], "acre"),
            (["hazards", "--status", "cleared"], "cleared"),
            (["import", "/no/such/dir"], "/no/such/dir"),
            (["import", ".", "--bounds", "1,2,3"], "1,2,3"),
        ] {
            let r = try cli.runArray(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.contains(named), "\(arguments): \(r.stderr)")
        }
    }
}
