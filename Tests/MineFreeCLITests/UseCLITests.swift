import Foundation
import Testing

/// `minefree use` on the reference data: selections, a past view, one report's history, bad values in one line.
@Suite struct UseCLITests {
    let cli = CLI()

    @Test func selectionsHistoryAndBadValues() throws {
        defer { cli.cleanUp() }
        let parties = try cli.run("use", "--states-parties", "--as-of", "2026-01-01", "--format", "json")
        #expect(parties.status == 0, "\(parties.stderr)")
        let rows = try #require(try parties.json() as? [[String: String]])
        #expect(
            rows.contains { $0["id"] == "yem-gov-2011" && $0["state_party"] == "yes" && $0["status"] == "confirmed" }
        )
        #expect(!rows.contains { $0["actor"] == "Russian armed forces" })
        // As known on 1 February 2023: Human Rights Watch's finding on Izium and Ukraine's answer, nothing later.
        let izium = try cli.run("use", "--report", "ukr-izium-2022", "--as-of", "2023-02-01", "--format", "csv")
        #expect(izium.status == 0, "\(izium.stderr)")
        #expect(izium.stdout.contains("2023-01-31,credible,Human Rights Watch"))
        #expect(izium.stdout.contains("2023-01-31,answer,UKR (Ministry of Foreign Affairs)"))
        #expect(!izium.stdout.contains("Landmine Monitor 2023"))
        let byYear = try cli.run("use", "--by-year", "--state", "SY", "--as-of", "2026-01-01", "--format", "csv")
        #expect(
            byYear.stdout.contains("2012,SYR,2\n2013,SYR,1\n2014,Non-state armed groups in Syria incl. Islamic State,1")
        )
        let table = try cli.run("use", "--weapon", "cluster_munition", "--as-of", "2026-01-01")
        #expect(table.stdout.hasPrefix("Reports of use known at the start of 2026-01-01: 9,"))
        let bad = try cli.run("use", "--status", "rumoured")
        #expect(bad.status != 0 && bad.stderr.contains("status 'rumoured' is not one of alleged, credible, confirmed"))
        let unknown = try cli.run("use", "--report", "nope")
        #expect(unknown.status != 0 && unknown.stderr.contains("report 'nope' is not known at the start of"))
    }
}
