import Foundation
import Testing

/// Clearance priorities from the command line: the default model (the workload's B2 score) over a small programme,
/// each factor's value and the records it counted, a past day using only what was known then, a region ranked among
/// itself, two models compared, and model files with mistakes refused in one line naming the file, key and value.
@Suite(.serialized) struct PlanningCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-plan-cli-\(UUID().uuidString)")

    func write(_ name: String, _ text: String) throws {
        try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// LandFiles' three hazards and two settlements, with a primary road about a kilometre north of HA-1, a track
    /// through HA-3 (the default model counts primary and secondary roads only), a school at HA-3 and four
    /// casualties at HA-1 on either side of the five-year window.
    func programme() throws {
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: LandFiles.releases)
        try write(
            "roads.geojson",
            """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"RD-1","class":"primary"},"geometry":{"type":"LineString","coordinates":[[46.995,40.01],[47.005,40.01]]}},
            {"type":"Feature","properties":{"id":"RD-2","class":"track"},"geometry":{"type":"LineString","coordinates":[[47.19,40.2],[47.21,40.2]]}}
            ]}
            """
        )
        try write(
            "infrastructure.geojson",
            """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"IN-1","type":"school"},"geometry":{"type":"Point","coordinates":[47.2,40.2]}}
            ]}
            """
        )
        try write(
            "casualties.csv",
            """
            id,date,outcome,age,sex,device,status,lon,lat
            CS-1,2024-05-01,injured,14,M,AP,civilian,47.0005,40.0
            CS-2,2019-06-01,killed,41,M,AP,civilian,47.0005,40.0
            CS-3,2025-12-31,injured,29,F,AP,civilian,47.0005,40.0
            CS-4,2026-01-01,injured,33,F,AP,civilian,47.0005,40.0

            """
        )
        let imported = try cli.run("import", dir.path, "--profile", "workload")
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    func factors(_ result: CLI.Result) throws -> [String: [String: Any]] {
        let hazard = try #require(try result.json() as? [String: Any])
        let list = try #require(hazard["factors"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
    }

    @Test func theDefaultModelRanksAndExplainsFromTheRecordsKnownOnTheDay() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try programme()

        let ranked = try cli.run("priority", "--as-of", "2026-01-01", "--format", "json")
        #expect(ranked.status == 0, "\(ranked.stderr)")
        let answer = try #require(try ranked.json() as? [String: Any])
        #expect(answer["model"] as? String == "default" && answer["ranked"] as? Int == 3)
        let hazards = try #require(answer["hazards"] as? [[String: Any]])
        #expect(hazards.map { $0["hazard_id"] as? String } == ["HA-1", "HA-3", "HA-2"])
        #expect(hazards.map { $0["rank"] as? Int } == [1, 2, 3])
        // HA-3: 800 people (0.35 × 800/5000), the school (0.15 × 3/10), the track not counted: 0.101.
        #expect(abs((hazards[1]["score"] as? Double ?? 0) - 0.101) < 1e-9)
        #expect(hazards[2]["score"] as? Double == 0)

        // HA-1: Ağdam's 1,200 people and 300 displaced households, the road about 1 km north, two casualties in
        // [2021-01-01, 2026-01-01): CS-2 is older, CS-4 falls on the day itself.
        let f = try factors(try cli.run("priority", "--as-of", "2026-01-01", "--explain", "HA-1", "--format", "json"))
        #expect(f["pop1k"]?["raw"] as? Double == 1200 && f["pop1k"]?["counted"] as? [String] == ["ST-1"])
        #expect(f["idp1k"]?["raw"] as? Double == 300 && f["idp1k"]?["contribution"] as? Double == 0.2 * 0.6)
        #expect(f["cas"]?["raw"] as? Double == 2 && f["cas"]?["counted"] as? [String] == ["CS-1", "CS-3"])
        let road = try #require(f["road_m"]?["raw"] as? Double)
        #expect(road > 1_000 && road < 1_030, "\(road)")
        #expect(f["road_m"]?["counted"] as? [String] == ["RD-1"])
        let three = try factors(
            try cli.run("priority", "--as-of", "2026-01-01", "--explain", "HA-3", "--format", "json")
        )
        #expect(three["road_m"]?["raw"] as? Double == 5_000 && three["road_m"]?["counted"] as? [String] == [])
        #expect(three["infra"]?["raw"] as? Double == 3 && three["infra"]?["counted"] as? [String] == ["IN-1"])
        let text = try cli.run("priority", "--as-of", "2026-01-01", "--explain", "HA-1")
        #expect(text.stdout.contains("HA-1 (R01,") && text.stdout.contains("rank 1"))
        #expect(text.stdout.contains("cas (casualties) 2 → 0.4 × 0.15 = 0.06: CS-1, CS-3"))

        // On 1 January 2020 HA-3 was not yet recorded, and the window [2015-01-01, 2020-01-01) holds CS-2 only.
        let past = try factors(
            try cli.run("priority", "--as-of", "2020-01-01", "--explain", "HA-1", "--format", "json")
        )
        #expect(past["cas"]?["counted"] as? [String] == ["CS-2"])
        let notYet = try cli.run("priority", "--as-of", "2020-01-01", "--explain", "HA-3")
        #expect(notYet.status == 2 && notYet.stderr.contains("no hazard 'HA-3' recorded before 2020-01-01"))

        // A region's hazards ranked among themselves.
        let region = try cli.run("priority", "--as-of", "2026-01-01", "--region", "R01", "--format", "csv")
        #expect(region.status == 0)
        let rows = region.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").prefix(2).joined(separator: ",")
        }
        #expect(rows == ["1,HA-1", "2,HA-3"])
        #expect(try cli.run("priority", "--region", "R99").stderr.contains("R99"))
    }

    /// A settlement's people are dated figures: a return of families and a census change the ranking from their
    /// day on, and a past day still counts what was known then.
    @Test func settlementFiguresCountFromTheirDay() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try programme()
        let figures = dir.appendingPathComponent("figures")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try """
        settlement_id,date,population,idp_households,returned_households,source
        ST-1,2023-06-01,,,100,return survey
        ST-1,2025-06-01,1500,,,district census

        """.write(to: figures.appendingPathComponent("settlement_figures.csv"), atomically: true, encoding: .utf8)
        let imported = try cli.run("import", figures.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        func explained(_ day: String) throws -> (pop: Double?, idp: Double?) {
            let f = try factors(try cli.run("priority", "--as-of", day, "--explain", "HA-1", "--format", "json"))
            return (f["pop1k"]?["raw"] as? Double, f["idp1k"]?["raw"] as? Double)
        }
        // Before the return: the settlement's own 1,200 people and 300 households; after it, 100 fewer waiting;
        // after the census, 1,500 people. The day of a figure itself does not know it yet.
        #expect(try explained("2023-06-01") == (1200, 300))
        #expect(try explained("2023-06-02") == (1200, 200))
        #expect(try explained("2026-01-01") == (1500, 200))

        // A figure for a settlement nobody recorded, and one that gives no figure, are refused with their rows.
        try """
        settlement_id,date,population,idp_households,returned_households,source
        ST-9,2024-01-01,100,,,census
        ST-1,2024-02-01,,,,nothing

        """.write(to: figures.appendingPathComponent("settlement_figures.csv"), atomically: true, encoding: .utf8)
        let refused = try cli.run("import", figures.path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("settlement_figures.csv line 2") && refused.stderr.contains("ST-9"))
        #expect(refused.stderr.contains("settlement_figures.csv line 3: [no-figure]"), "\(refused.stderr)")
    }

    @Test func twoModelsComparedAndModelFilesWithMistakesRefused() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try programme()
        try write(
            "infrastructure-first.json",
            """
            {"name":"infrastructure-first","factors":[
             {"name":"infra","kind":"infrastructure","weight":1,"radius_m":500,"normaliser":10,
              "type_weights":{"health":3,"school":3,"water":2,"power":2,"cultural_heritage":1}}]}
            """
        )
        let by = dir.appendingPathComponent("infrastructure-first.json").path
        let ranked = try cli.run("priority", "--as-of", "2026-01-01", "--model", by, "--format", "csv")
        #expect(ranked.status == 0, "\(ranked.stderr)")
        #expect(ranked.stdout.split(separator: "\n")[1].hasPrefix("1,HA-3,R01,"))
        let compared = try cli.run("priority", "--as-of", "2026-01-01", "--compare", by, "--format", "json")
        #expect(compared.status == 0, "\(compared.stderr)")
        let moves = try #require(try compared.json() as? [[String: Any]])
        let ha3 = try #require(moves.first { $0["hazard_id"] as? String == "HA-3" })
        #expect(ha3["rank_before"] as? Int == 2 && ha3["rank_after"] as? Int == 1 && ha3["move"] as? Int == 1)
        #expect((ha3["why"] as? [String])?.isEmpty == false)

        try write("farmland.json", #"{"name":"m","factors":[{"name":"farm","kind":"farmland","weight":1}]}"#)
        let unknown = try cli.run("priority", "--model", dir.appendingPathComponent("farmland.json").path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("farmland.json: factors[0].kind = \"farmland\": unknown factor kind"))
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        try write(
            "negative.json",
            #"{"name":"m","factors":[{"name":"pop","kind":"population","weight":-0.5,"radius_m":1000,"normaliser":5000}]}"#
        )
        let negative = try cli.run("priority", "--model", dir.appendingPathComponent("negative.json").path)
        #expect(negative.status == 2 && negative.stderr.contains("negative.json: factors[0].weight = -0.5"))
        let missing = try cli.run("priority", "--model", dir.appendingPathComponent("none.json").path)
        #expect(missing.status == 2 && missing.stderr.contains("none.json"))
    }
}
