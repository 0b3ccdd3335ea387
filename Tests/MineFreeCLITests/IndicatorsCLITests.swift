import Foundation
import Testing

/// The action plans from the command line (issue 18 §4): the plans, the Oslo Action Plan measured year by year with
/// the published figures beside, one state's progress, the demo's recorded indicators answered, bad input refused.
@Suite(.serialized) struct IndicatorsCLITests {
    let cli = CLI()

    @Test func plansProgressAndAState() throws {
        defer { cli.cleanUp() }
        let plans = try cli.run("indicators", "--format", "csv")
        #expect(plans.status == 0, "\(plans.stderr)")
        let rows = plans.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: ",")
        }
        #expect(
            rows == [
                "nairobi,Nairobi Action Plan 2005-2009,1RC,2004-12-03,2005-2009,70",
                "cartagena,Cartagena Action Plan 2010-2014,2RC,2009-12-04,2010-2014,67",
                "maputo,Maputo Action Plan 2014-2019,3RC,2014-06-27,2014-2019,31",
                "oslo,Oslo Action Plan 2020-2024,4RC,2019-11-29,2020-2024,50",
                "siem_reap_angkor,Siem Reap-Angkor Action Plan 2025-2029,5RC,2024-11-29,2025-2029,",
            ]
        )

        let oslo = try cli.run("indicators", "--plan", "oslo", "--as-of", "2026-12-04", "--format", "json")
        #expect(oslo.status == 0, "\(oslo.stderr)")
        let json = try #require(try oslo.json() as? [String: Any])
        #expect(json["years"] as? [Int] == [2019, 2020, 2021, 2022, 2023, 2024])
        let measures = try #require(json["measures"] as? [[String: Any]])
        func values(_ m: String) -> [[String: Any]] {
            (measures.first { $0["measure"] as? String == m }?["values"] as? [[String: Any]]) ?? []
        }
        let y2020 = values("art5_completed").first { $0["year"] as? Int == 2020 }
        #expect(y2020?["states"] as? [String] == ["CHL", "GBR"])
        #expect(values("states_parties").first { $0["year"] as? Int == 2020 }?["value"] as? Int == 164)
        let published = try #require(json["published"] as? [[String: Any]])
        let outstanding = try #require(published.first { $0["measure"] as? String == "art5_outstanding" })
        #expect(outstanding["value"] as? Double == 33 && outstanding["computed"] as? Int == 32)

        let table = try cli.run("indicators", "--plan", "oslo", "--as-of", "2026-12-04")
        // Columns widen with their figures: compare the row's cells, not its spacing.
        let cells = table.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(cells.contains("art5_completed 0 2 0 0 0 0 2"))
        #expect(table.stdout.contains("more States Parties read completed with no day recorded"))

        let chile = try cli.run("indicators", "--plan", "oslo", "--state", "CL", "--format", "json")
        let state = try #require(try chile.json() as? [[String: String]])
        #expect(state.first { $0["question"] == "clearance (Art 5)" }?["now"] == "completed on 2020-02-27")

        let bad = try cli.run("indicators", "--plan", "ottawa")
        #expect(bad.status != 0 && bad.stderr.contains("plan 'ottawa' is not one of nairobi, cartagena"))
        let alone = try cli.run("indicators", "--state", "CHL")
        #expect(alone.status != 0 && alone.stderr.contains("--state needs --plan"))
    }

    @Test func theDemosRecordedIndicators() throws {
        defer { cli.cleanUp() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-plans-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try cli.run("demo", dir.path).status == 0)
        let only = dir.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: only, withIntermediateDirectories: true)
        for name in ["plan_actions", "plan_indicators", "indicator_values"] {
            try FileManager.default.copyItem(
                at: dir.appendingPathComponent(name + ".csv"),
                to: only.appendingPathComponent(name + ".csv")
            )
        }
        let imported = try cli.run("import", only.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        let oslo = try cli.run("indicators", "--plan", "oslo", "--as-of", "2024-01-01", "--format", "json")
        let indicators = try #require((try oslo.json() as? [String: Any])?["indicators"] as? [[String: Any]])
        #expect(indicators.map { $0["action"] as? Int } == [21, 34])
        // Action 21's indicator is answered by its measure for the last year ended (2023); action 34's by the last
        // value entered before the day.
        #expect(indicators[0]["computed_year"] as? Int == 2023 && indicators[0]["computed"] as? Int == 0)
        #expect(indicators[1]["latest"] as? String == "24" && indicators[1]["latest_date"] as? String == "2023-11-20")
        let before = try cli.run("indicators", "--plan", "oslo", "--as-of", "2022-01-01", "--format", "json")
        let earlier = try #require((try before.json() as? [String: Any])?["indicators"] as? [[String: Any]])
        #expect(earlier[1]["latest"] as? String == "20")
    }
}
