import Foundation
import Testing

/// The Article 5 work plan from the command line over LandFiles' three hazards: the remaining challenge is the
/// record's, the milestones release all of it by the end date in priority order, the capacity needed is the effort
/// over the working days, and the probability comes from the scenario's forecast.
@Suite(.serialized) struct WorkplanCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-workplan-\(UUID().uuidString)")

    @Test func thePlanReleasesTheRecordsRemainingAreaByTheEndDate() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: LandFiles.releases)
        #expect(try cli.run("import", dir.path, "--profile", "workload").status == 0)
        let listed = try #require(
            try cli.run("hazards", "--as-of", "2026-01-01", "--format", "json").json() as? [[String: Any]]
        )
        var remaining: [String: Int] = [:]
        for h in listed { remaining[h["id"] as! String] = h["remaining_m2"] as? Int }
        let scenario = dir.appendingPathComponent("one.json").path
        try ForecastCLITests.scenario("one-team", manualTeams: 1).write(
            toFile: scenario,
            atomically: true,
            encoding: .utf8
        )

        let r = try cli.run(
            "workplan",
            "--as-of",
            "2026-01-01",
            "--until",
            "2027-01-01",
            "--scenario",
            scenario,
            "--iterations",
            "100",
            "--format",
            "json"
        )
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try #require(try r.json() as? [String: Any])
        let challenge = try #require(plan["challenge"] as? [[String: Any]])
        // R01: HA-1 and HA-3 (confirmed); R02: HA-2 (suspected).
        #expect(
            challenge.map { "\($0["region"]!) \($0["classification"]!) \($0["areas"]!)" } == ["R01 CHA 2", "R02 SHA 1"]
        )
        #expect(challenge[0]["remaining_m2"] as? Int == remaining["HA-1"]! + remaining["HA-3"]!)
        let milestones = try #require(plan["milestones"] as? [[String: Any]])
        #expect(milestones.compactMap { $0["released_m2"] as? Int }.reduce(0, +) == remaining.values.reduce(0, +))
        #expect(milestones.compactMap { $0["areas"] as? Int }.reduce(0, +) == 3)
        #expect(milestones.allSatisfy { $0["year"] as? Int == 2026 })
        // Effort: both confirmed areas whole, 30 % of the suspected one, over the 220 working days of 2026.
        let effort = Double(remaining["HA-1"]! + remaining["HA-3"]!) + 0.3 * Double(remaining["HA-2"]!)
        let needed = try #require(plan["required_clearance_m2_per_day"] as? Double)
        #expect(abs(needed - effort / 220) < 0.1)
        #expect(plan["scenario_clearance_m2_per_day"] as? Double == 60)
        let teams = try #require(plan["required_teams"] as? [String: Double])
        #expect(abs((teams["manual"] ?? 0) - effort / 220 / 60) < 0.01)
        // One team takes effort/60 working days: the plan's year is enough exactly when that is at most 220.
        #expect(plan["probability"] as? Double == (effort / 60 <= 220 ? 1 : 0))

        let markdown = try cli.run("workplan", "--as-of", "2026-01-01", "--until", "2027-01-01", "--iterations", "100")
        #expect(markdown.stdout.hasPrefix("# Article 5 work plan: release by 2027-01-01"))
        for section in [
            "## Remaining challenge", "## Annual milestones", "## Capacity and funding", "## Probability",
            "## Assumptions", "## Risks",
        ] {
            #expect(markdown.stdout.contains(section))
        }
        let html = try cli.run(
            "workplan",
            "--as-of",
            "2026-01-01",
            "--until",
            "2027-01-01",
            "--iterations",
            "100",
            "--format",
            "html"
        )
        #expect(html.stdout.contains("<h2>Annual milestones</h2>") && html.stdout.contains("<td>R01</td>"))
        let early = try cli.run("workplan", "--as-of", "2026-01-01", "--until", "2025-01-01")
        #expect(early.status == 2 && early.stderr.contains("--until 2025-01-01 must be after the as-of day 2026-01-01"))
    }
}
