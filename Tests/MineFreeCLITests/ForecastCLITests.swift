import Foundation
import Testing

/// The completion forecast from the command line over LandFiles' three hazards: with no spread in the draws the
/// forecast is arithmetic that can be checked by hand; scenarios compared side by side; a deadline's probability;
/// scenario files with mistakes refused in one line naming the file, the key and the value.
@Suite(.serialized) struct ForecastCLITests {
    let cli = CLI()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-forecast-\(UUID().uuidString)")

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// One manual team of 60 m² a day, one survey team of 5,000, nothing drawn at random.
    static func scenario(_ name: String, manualTeams: Int) -> String {
        """
        {"name":"\(name)","difficulty_log_sigma":0,"sha_cancelled_share":0.7,"working_days_per_year":220,
         "methods":{"manual":{"teams":\(manualTeams),"median_m2_per_day":60,"log_sigma":0},
                    "machine":{"teams":0,"median_m2_per_day":2000,"log_sigma":0},
                    "dog":{"teams":0,"median_m2_per_day":800,"log_sigma":0}},
         "survey":{"teams":1,"median_m2_per_day":5000,"log_sigma":0},"new_contamination_m2_per_year":0}
        """
    }

    @Test func aForecastWithoutSpreadIsTheQueueWorkedByHand() throws {
        defer { cli.cleanUp(); try? FileManager.default.removeItem(at: dir) }
        try LandFiles.write(to: dir, hazards: LandFiles.hazards, releases: LandFiles.releases)
        #expect(try cli.run("import", dir.path, "--profile", "workload").status == 0)
        let listed = try cli.run("hazards", "--as-of", "2026-01-01", "--format", "json")
        let hazards = try #require(try listed.json() as? [[String: Any]])
        var remaining: [String: Double] = [:]
        for h in hazards { remaining[h["id"] as! String] = Double(h["remaining_m2"] as! Int) }
        let (r1, r2, r3) = (remaining["HA-1"]!, remaining["HA-2"]!, remaining["HA-3"]!)

        // Priority order HA-1, HA-3 (confirmed, cleared whole), HA-2 (suspected: surveyed, 30 % of it cleared).
        let one = try write("one.json", Self.scenario("one-team", manualTeams: 1))
        let r = try cli.run(
            "forecast",
            "--as-of",
            "2026-01-01",
            "--scenario",
            one,
            "--iterations",
            "100",
            "--format",
            "json"
        )
        #expect(r.status == 0, "\(r.stderr)")
        let forecasts = try #require(try r.json() as? [[String: Any]])
        let scopes = try #require(forecasts.first?["scopes"] as? [[String: Any]])
        #expect(scopes.map { $0["scope"] as? String } == ["NATIONAL", "R01", "R02"])
        let f3 = (r1 + r3) / 60
        let f2 = max(f3, r2 / 5000) + 0.3 * r2 / 60
        for (scope, days) in [("NATIONAL", f2), ("R01", f3), ("R02", f2)] {
            let s = try #require(scopes.first { $0["scope"] as? String == scope })
            for q in ["p10_years", "p50_years", "p90_years"] {
                #expect(abs((s[q] as? Double ?? -1) - days / 220) < 0.0011, "\(scope) \(q)")
            }
        }
        #expect(scopes[0]["hazards"] as? Int == 3)

        // Two teams: half the clearance time; side by side, and the chance of finishing by a deadline.
        let two = try write("two.json", Self.scenario("two-teams", manualTeams: 2))
        let deadline = CalendarDateText.after(years: f2 / 220 * 0.75)
        let side = try cli.run(
            "forecast",
            "--as-of",
            "2026-01-01",
            "--scenario",
            one,
            "--scenario",
            two,
            "--iterations",
            "100",
            "--deadline",
            deadline,
            "--format",
            "csv"
        )
        #expect(side.status == 0, "\(side.stderr)")
        let lines = side.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = lines[0]
        let national = try #require(lines.first { $0.first == "NATIONAL" })
        func cell(_ name: String) -> String { national[header.firstIndex(of: name)!] }
        #expect(cell("one-team_p_done_by_deadline") == "0.0000" && cell("two-teams_p_done_by_deadline") == "1.0000")
        let halved = Double(cell("two-teams_p50_years"))!
        #expect(abs(halved - (max((r1 + r3) / 120, r2 / 5000) + 0.3 * r2 / 120) / 220) < 0.0011)

        // Mistakes in a scenario file: one line naming the file, the key and the value.
        let negative = try write("negative.json", Self.scenario("n", manualTeams: -2))
        let refused = try cli.run("forecast", "--scenario", negative)
        #expect(refused.status == 2 && refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("negative.json: methods.manual.teams = -2"))
        let none = try write("none.json", Self.scenario("none", manualTeams: 0))
        let idle = try cli.run("forecast", "--scenario", none)
        #expect(
            idle.status == 2 && idle.stderr.contains("none.json: methods")
                && idle.stderr.contains("no clearance capacity")
        )
        let typo = try write("typo.json", #"{"name":"t","worknig_days_per_year":200}"#)
        #expect(try cli.run("forecast", "--scenario", typo).stderr.contains("typo.json: worknig_days_per_year"))
        #expect(try cli.run("forecast", "--iterations", "5").status == 2)

        // The deadline a state must meet, from the treaty registry: Bosnia and Herzegovina's Article 5 deadline
        // in force on 1 January 2026 is 1 March 2027 (18MSP); Tajikistan's, 31 December 2025, has passed.
        let bosnia = try cli.run(
            "forecast",
            "--as-of",
            "2026-01-01",
            "--deadline-of",
            "BIH",
            "--iterations",
            "100",
            "--format",
            "json"
        )
        #expect(bosnia.status == 0, "\(bosnia.stderr)")
        let answer = try #require((try bosnia.json() as? [[String: Any]])?.first)
        #expect(answer["deadline"] as? String == "2027-03-01")
        let passed = try cli.run("forecast", "--as-of", "2026-01-01", "--deadline-of", "TJK")
        #expect(passed.status == 2)
        #expect(passed.stderr.contains("TJK's Article 5 deadline 2025-12-31 is not after the as-of day 2026-01-01"))
        let onTime = try cli.run("forecast", "--as-of", "2020-01-01", "--deadline-of", "TJ", "--format", "json")
        #expect((try onTime.json() as? [[String: Any]])?.first?["deadline"] as? String == "2025-12-31")
        #expect(try cli.run("forecast", "--deadline-of", "XXX").stderr.contains("unknown state 'XXX'"))
    }
}

/// A deadline `years` after 2026-01-01, as the CLI takes it.
enum CalendarDateText {
    static func after(years: Double) -> String {
        let start = DateComponents(
            calendar: Calendar(identifier: .gregorian),
            timeZone: TimeZone(identifier: "UTC"),
            year: 2026,
            month: 1,
            day: 1
        ).date!
        let day = start.addingTimeInterval(years * 365.25 * 86_400)
        let f = DateFormatter()
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: day)
    }
}
