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
        let bad = try cli.run("transparency", "--year", "1990")
        #expect(bad.status != 0 && bad.stderr.contains("year 1990 is not a year from 1999"))
    }
}
