import Foundation
import Testing

/// The related instruments from the command line (issue 20 §2): counts on a day, the two questions monitors ask,
/// one state's standing, and bad input refused in one line.
@Suite(.serialized) struct InstrumentsCLITests {
    let cli = CLI()

    @Test func boundCrossedAndOneState() throws {
        defer { cli.cleanUp() }
        let counts = try cli.run("instruments", "--as-of", "2026-02-04", "--format", "json")
        #expect(counts.status == 0, "\(counts.stderr)")
        let rows = try #require(try counts.json() as? [[String: String]])
        #expect(rows.map { $0["bound"] } == ["107", "99", "192"])
        let outside = try cli.run("instruments", "--instrument", "ccw-apii", "--apmbc", "not-party", "--format", "csv")
        #expect(outside.stdout.contains("USA,United States of America,bound,1999-11-24,not_signed"))
        let notCRPD = try cli.run(
            "instruments",
            "--instrument",
            "crpd",
            "--not",
            "--apmbc",
            "party",
            "--as-of",
            "2026-01-01",
            "--format",
            "csv"
        )
        #expect(notCRPD.stdout.contains("TJK,Tajikistan,signatory,2018-03-22,party"))
        let state = try cli.run("instruments", "--state", "TJ", "--as-of", "2026-01-01", "--format", "json")
        let standing = try #require(try state.json() as? [[String: String]])
        #expect(standing.map { $0["instrument"] } == ["apmbc", "ccm", "ccw_apii", "ccw_p5", "crpd"])
        #expect(standing.first { $0["instrument"] == "ccw_p5" }?["since"] == "2006-11-18")
        let bad = try cli.run("instruments", "--instrument", "ccw-p9")
        #expect(bad.status != 0 && bad.stderr.contains("instrument 'ccw-p9' is not one of ccw-apii, ccw-p5, crpd"))
        #expect(try cli.run("instruments", "--not").status != 0)
    }
}
