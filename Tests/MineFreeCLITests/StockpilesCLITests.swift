import Foundation
import Testing

/// Stockpiles and retained mines from the command line (issue 18): who missed the 2008 deadline and with how many
/// mines, one state's figures and standing explained, retained mines by year, and a bad code refused in one line.
@Suite(.serialized) struct StockpilesCLITests {
    let cli = CLI()

    @Test func missedDeadlinesFiguresAndRetainedMines() throws {
        defer { cli.cleanUp() }
        let missed = try cli.run("stockpiles", "--missed", "--as-of", "2009-01-01", "--format", "json")
        #expect(missed.status == 0, "\(missed.stderr)")
        let list = try #require(try missed.json() as? [[String: Any]])
        #expect(list.map { $0["iso3"] as? String } == ["BLR", "GRC", "TUR"])
        #expect(list.map { ($0["held"] as? [String: Any])?["quantity"] as? Int } == [3_400_000, 1_580_000, 2_500_000])
        #expect(list.allSatisfy { $0["deadline"] as? String == "2008-03-01" })

        let belarus = try cli.run("stockpiles", "--state", "BY", "--as-of", "2018-01-01")
        #expect(belarus.status == 0)
        #expect(belarus.stdout.contains("missed 2008-03-01 with about 3,400,000 PFM-1 mines left"))
        #expect(belarus.stdout.contains("destruction completed on 2017-04-05"))
        let state = try cli.run("state", "BLR", "--as-of", "2018-01-01")
        #expect(state.stdout.contains("Stockpile (Art 4): ") && state.stdout.contains("3,400,000 PFM-1"))

        let retained = try cli.run("retained", "--state", "TUR", "--format", "csv")
        #expect(retained.status == 0)
        let rows = retained.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").prefix(3).joined(separator: ",")
        }
        #expect(rows == ["TUR,2008,15125", "TUR,2010,15100"])
        let year = try cli.run("retained", "--year", "2010", "--format", "json")
        let reports = try #require(try year.json() as? [[String: Any]])
        #expect(reports.contains { $0["iso3"] as? String == "BRA" && $0["retained"] as? Int == 8_976 })

        let bad = try cli.run("stockpiles", "--state", "XYZ")
        #expect(bad.status == 2 && bad.stderr.contains("unknown state 'XYZ'"))
        #expect(try cli.run("retained", "--year", "1800").status != 0)
    }

    @Test func clusterMunitionStockpiles() throws {
        defer { cli.cleanUp() }
        let uk = try cli.run("stockpiles", "--convention", "ccm", "--state", "GB", "--format", "csv")
        #expect(uk.status == 0, "\(uk.stderr)")
        let rows = uk.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",").prefix(5).joined(separator: ",")
        }
        #expect(
            rows == [
                "GBR,2011-04-28,declared_at_entry,190828,cluster_munitions",
                "GBR,2011-04-28,declared_at_entry,38758898,submunitions",
                "GBR,2013-12-17,destroyed,190828,cluster_munitions", "GBR,2013-12-17,destroyed,38758898,submunitions",
            ]
        )
        let totals = try cli.run("stockpiles", "--convention", "ccm", "--state", "ALL", "--as-of", "2013-01-01")
        #expect(totals.stdout.contains("Cluster munition stockpile figures (CCM Art 3) known on 2013-01-01: 1"))
        let wrong = try cli.run("stockpiles", "--convention", "cwc")
        #expect(wrong.status == 2 && wrong.stderr.contains("convention 'cwc' is not apmbc or ccm"))
    }

    @Test func interimStepsOfStatesOutsideTheTreaty() throws {
        defer { cli.cleanUp() }
        let azerbaijan = try cli.run("interim-steps", "--state", "AZE", "--format", "json")
        #expect(azerbaijan.status == 0, "\(azerbaijan.stderr)")
        let votes = try #require(try azerbaijan.json() as? [[String: Any]])
        #expect(votes.count == 8 && votes.allSatisfy { $0["vote"] as? String == "yes" })
        #expect(votes.allSatisfy { $0["status_at_year_end"] as? String == "not_signed" })
        let year = try cli.run("interim-steps", "--year", "2014")
        #expect(year.stdout.contains("UNGA votes: 10 (8 in favour)"), "\(year.stdout)")
        #expect(try cli.run("interim-steps").status == 2)
    }

    @Test func nationalMeasuresByStateAndStatus() throws {
        defer { cli.cleanUp() }
        let uk = try cli.run("measures", "--state", "GB", "--format", "json")
        #expect(uk.status == 0, "\(uk.stderr)")
        let rows = try #require(try uk.json() as? [[String: Any]])
        #expect(rows.first?["adopted_on"] as? String == "1998-07-28" && rows.first?["penal_sanctions"] as? Bool == true)
        let sufficient = try cli.run("measures", "--status", "existing_law_sufficient", "--format", "csv")
        #expect(sufficient.stdout.contains("\nTUR,existing_law_sufficient,"))
        #expect(try cli.run("measures", "--status", "maybe").status == 2)
    }
}
