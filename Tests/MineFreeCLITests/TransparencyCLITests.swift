import Foundation
import Testing

/// `minefree transparency` and the state's Art 7 lines (issue 19 §3): one state's reports as known on a day, a
/// year's across states with the rates published, a bad year refused in one line.
@Suite struct TransparencyCLITests {
    let cli = CLI()

    @Test func aStateAYearAndTheRates() throws {
        defer { cli.cleanUp() }
        let guinea = try cli.run("transparency", "--state", "GQ", "--as-of", "2012-01-01", "--format", "csv")
        #expect(guinea.status == 0, "\(guinea.stderr)")
        #expect(guinea.stdout.contains("GNQ,initial,1999-08-28,not_submitted,,2011-12-02,"))
        let later = try cli.run("state", "GNQ", "--as-of", "2016-01-01")
        #expect(later.stdout.contains("Art 7 initial report          submitted late (2014-07-07)"))
        #expect(later.stdout.contains("Art 7 annual report 2014      not submitted (as of 2015-06-18)"))
        let year = try cli.run("transparency", "--year", "2014", "--as-of", "2016-01-01", "--format", "csv")
        #expect(year.stdout.contains("AGO,annual 2014,2015-04-30,not_submitted,,2015-06-18,"))
        #expect(year.stdout.contains("2014,2015-06-18,37%,,,single-source,"))
        let json = try cli.run("state", "CPV", "--as-of", "2012-01-01", "--format", "json")
        #expect(json.stdout.contains("\"status\" : \"submitted_late\""))
        // Extension requests whose decision was not read, kept by the store: "extension requested", not "missed".
        let ccm = try cli.run(
            "deadlines",
            "--convention",
            "ccm",
            "--article",
            "4",
            "--year",
            "2026",
            "--as-of",
            "2026-12-01",
            "--format",
            "csv"
        )
        #expect(ccm.stdout.contains("SOM,Somalia,2026-03-01,original,extension_requested"))
        #expect(ccm.stdout.contains("TCD,Chad,2026-10-01,extension 2,missed"))
        let somalia = try cli.run("state", "SOM", "--as-of", "2026-12-01")
        #expect(
            somalia.stdout.contains(
                "deadline 2026-03-01 — extension requested (request to 2030-03-01 before the 13MSP; decision not recorded)"
            )
        )
        let bad = try cli.run("transparency", "--year", "1990")
        #expect(bad.status != 0 && bad.stderr.contains("year 1990 is not a year from 1999"))
    }
}
