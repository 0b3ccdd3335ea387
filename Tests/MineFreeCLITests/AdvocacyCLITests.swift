import Foundation
import Testing

/// Advocacy from the command line (issue 18): the demo's advocacy files imported into a real store, then meetings
/// (and one state's delegations), pledges (overdue as of a day) and the interim steps year by year.
@Suite(.serialized) struct AdvocacyCLITests {
    let cli = CLI()

    @Test func meetingsPledgesAndInterimSteps() throws {
        defer { cli.cleanUp() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-adv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try cli.run("demo", dir.path).status == 0)
        let only = dir.appendingPathComponent("advocacy")
        try FileManager.default.createDirectory(at: only, withIntermediateDirectories: true)
        for name in ["events", "event_attendance", "pledges", "state_steps", "contacts", "media_outputs"] {
            try FileManager.default.copyItem(
                at: dir.appendingPathComponent(name + ".csv"),
                to: only.appendingPathComponent(name + ".csv")
            )
        }
        let imported = try cli.run("import", only.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("events: 4") && imported.stdout.contains("pledges: 3"))

        let meetings = try cli.run("meetings", "--state", "AZE", "--format", "json")
        let rows = try #require(try meetings.json() as? [[String: String]])
        #expect(rows.map { $0["kind"] } == ["msp", "review_conference"])
        #expect(rows.map { $0["level"] } == ["observer", "observer"])
        let workshops = try cli.run("meetings", "--kind", "workshop")
        #expect(workshops.stdout.contains("Dushanbe") && workshops.stdout.contains("      3              1"))

        let overdue = try cli.run("pledges", "--overdue", "--as-of", "2025-12-01", "--format", "json")
        let late = try #require(try overdue.json() as? [[String: Any]])
        #expect(late.map { $0["id"] as? String } == ["PL-REPORT"])
        let later = try cli.run("pledges", "--as-of", "2026-02-01", "--format", "json")
        let union = try #require((try later.json() as? [[String: Any]])?.first { $0["id"] as? String == "PL-UNION" })
        #expect(union["status"] as? String == "partly_fulfilled" && union["overdue"] as? Bool == true)

        let steps = try cli.run(
            "interim-steps",
            "--steps",
            "--state",
            "AZ",
            "--years",
            "3",
            "--as-of",
            "2026-12-04",
            "--format",
            "json"
        )
        #expect(steps.status == 0, "\(steps.stderr)")
        let years = try #require(try steps.json() as? [[String: Any]])
        #expect(years.map { $0["year"] as? Int } == [2023, 2024, 2025])
        #expect(years[0]["steps"] as? [String] == ["statement_of_support"])
        #expect(years[1]["contacts"] as? Int == 1 && (years[1]["reasons"] as? [String])?.count == 1)
        let y2009 = try cli.run("interim-steps", "--steps", "--year", "2009", "--format", "csv")
        let kaz = try #require(y2009.stdout.split(separator: "\n").first { $0.hasPrefix("KAZ,2009") })
        #expect(kaz.hasSuffix(",1,0/6") || kaz.contains(",1,"), "\(kaz)")

        let bad = try cli.run("meetings", "--kind", "party")
        #expect(bad.status == 2 && bad.stderr.contains("kind 'party' is not one of"))
    }
}
