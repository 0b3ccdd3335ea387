import Foundation
import Testing

/// Funding from the command line (issue 18, Art 6): IATI files imported into a real store — all or nothing, the bad
/// transactions named and nothing written, quarantine keeping the good one, a republished file adding nothing twice,
/// 1.03 refused in one line — and the totals in dollars at each year's rate.
@Suite(.serialized) struct FundingCLITests {
    let cli = CLI()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/iati")

    func file(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    @Test func iatiFilesInTheStoreAndTheirTotals() throws {
        defer { cli.cleanUp() }
        let first = try cli.run("iati", "import", file("iati-2.03-mine-action.xml"), "--format", "json")
        #expect(first.status == 0, "\(first.stderr)")
        let report = try #require(try first.json() as? [String: Any])
        #expect(report["projects"] as? Int == 3 && report["contributions"] as? Int == 5)
        #expect(report["mine_action_activities"] as? Int == 3 && report["activities"] as? Int == 4)

        // The same file again: every transaction is stored already; all or nothing refuses, quarantine adds nothing.
        let again = try cli.run("iati", "import", file("iati-2.03-mine-action.xml"))
        #expect(
            again.status != 0 && again.stderr.contains("already-stored")
                && again.stderr.contains("--quarantine stores what is new"),
            "\(again.stderr)"
        )
        let quarantined = try cli.run(
            "iati",
            "import",
            file("iati-2.03-mine-action.xml"),
            "--quarantine",
            "--format",
            "json"
        )
        #expect(quarantined.status == 0, "\(quarantined.stderr)")
        #expect((try quarantined.json() as? [String: Any])?["contributions"] as? Int == 0)

        // Bad transactions: all or nothing names each and stores nothing; quarantine stores the one good transaction.
        let bad = try cli.run("iati", "import", file("iati-2.03-bad.xml"))
        #expect(bad.status == 2)
        for text in ["[iati-value] has no value", "'12,5' is not a number", "'XYZ' is not an ISO 4217", "'2021-13-45'"]
        {
            #expect(bad.stderr.contains(text), "\(bad.stderr)")
        }
        let noBad = try cli.run("funding", "--by", "recipient", "--format", "json")
        let noBadRows = try #require((try noBad.json() as? [String: Any])?["rows"] as? [[String: Any]])
        #expect(!noBadRows.contains { ($0["key"] as? [String: String])?["recipient"] == "UKR" })
        let kept = try cli.run("iati", "import", file("iati-2.03-bad.xml"), "--quarantine")
        #expect(kept.status == 0 && kept.stdout.contains("1 contributions"), "\(kept.stdout)")

        let legacy = try cli.run("iati", "import", file("iati-1.03-legacy.xml"))
        #expect(legacy.status == 2 && legacy.stderr.contains("IATI version 1.03 is not supported"))
        #expect(legacy.stderr.split(separator: "\n").count == 1)
        let none = try cli.run("iati", "import", file("iati-2.03-no-mine-action.xml"))
        #expect(none.status == 0 && none.stdout.contains("Nothing to store") && none.stdout.contains("no-mine-action"))

        // Disbursements in dollars: Azerbaijan EUR 1,500,000 in 2021 at 0.84531 per dollar; Ukraine EUR 10,000 in 2021.
        let totals = try cli.run("funding", "--by", "year,recipient", "--format", "json")
        #expect(totals.status == 0, "\(totals.stderr)")
        let json = try #require(try totals.json() as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let aze = try #require(rows.first { ($0["key"] as? [String: String]) == ["year": "2021", "recipient": "AZE"] })
        #expect(abs((aze["usd"] as? Double ?? 0) - 1_774_496.93) < 0.01)
        #expect(json["contributions"] as? Int == 4)
        let commitments = try cli.run("funding", "--flow", "commitment", "--state", "AZ", "--format", "csv")
        #expect(commitments.stdout.contains("4849273"), "\(commitments.stdout)")
        let measures = try cli.run("funding", "measures", "--state", "AZE", "--period", "2021", "--format", "json")
        let m = try #require(try measures.json() as? [String: Any])
        #expect(m["international_share"] as? Double == 1 && m["released_m2"] == nil)

        let wrong = try cli.run("funding", "--by", "colour")
        #expect(wrong.status == 2 && wrong.stderr.contains("--by 'colour' is not valid"))
    }
}
