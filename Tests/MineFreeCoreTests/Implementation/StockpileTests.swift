import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// Stockpiles and retained mines (issue 18) from the shipped reference data: the States Parties that missed their
/// 2008 and 2010 Article 4 deadlines and the stocks they held come out of the figures, not out of code; the loader
/// refuses figures it cannot read, naming the file, the line and the value.
@Suite struct StockpileTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func theStatesThatMissedTheirDeadlineAndTheStocksTheyHeld() throws {
        // 1 March 2008: Belarus (about 3.4 million PFM-1), Greece (about 1.58 million), Türkiye (about 2.5 million
        // left of 2.97 million) — ICBL and Landmine Monitor 2009/2010.
        let in2009 = registry.missedStockpileDeadlines(asOf: day("2009-01-01"))
        #expect(in2009.map(\.state.iso3) == ["BLR", "GRC", "TUR"])
        #expect(in2009.allSatisfy { $0.deadline == day("2008-03-01") })
        #expect(in2009.map(\.held.quantity) == [3_400_000, 1_580_000, 2_500_000])
        #expect(in2009[0].held.mineType == "PFM-1")
        // Ukraine's deadline, 1 June 2010, passed with about 6.1 million left.
        let in2011 = registry.missedStockpileDeadlines(asOf: day("2011-01-01"))
        let ukraine = try #require(in2011.first { $0.state.iso3 == "UKR" })
        #expect(ukraine.deadline == day("2010-06-01") && ukraine.held.quantity == 6_100_000)
        // A state that missed stays on the list after it finishes: the miss is history.
        #expect(registry.missedStockpileDeadlines(asOf: day("2026-01-01")).map(\.state.iso3).contains("BLR"))
    }

    @Test func aStandingIsExplainedInFigures() throws {
        let belarus = try #require(registry.state("BLR"))
        let text = try #require(registry.stockpileExplanation(of: belarus, asOf: day("2018-01-01")))
        #expect(text.contains("missed 2008-03-01 with about 3,400,000 PFM-1 mines left"), "\(text)")
        #expect(text.contains("destruction completed on 2017-04-05"))
        // Before the completion was known, only the miss.
        let before = try #require(registry.stockpileExplanation(of: belarus, asOf: day("2016-01-01")))
        #expect(!before.contains("completed"))
        let turkey = try #require(registry.stockpileExplanation(of: registry.state("TUR")!, asOf: day("2012-06-01")))
        #expect(turkey.contains("declared 2,970,000 mines (2004-08-28)") && turkey.contains("completed on 2011-12-01"))
        // Figures of one day for several types add up: Ukraine held 5.95 million PFM and 149,096 POM-2 in April 2009.
        let april = try #require(registry.stockHeld(by: "UKR", on: day("2009-12-31")))
        #expect(april.quantity == 5_950_000 + 149_096 && april.mineType.contains("POM-2"))
    }

    @Test func retainedMinesAreReportsByYear() {
        let turkey = registry.retainedMines(of: "TUR")
        #expect(turkey.map(\.year) == [2008, 2010] && turkey.map(\.retained) == [15_125, 15_100])
        #expect(registry.retainedMines(of: "BRA").first { $0.year == 2010 }?.consumed == 1_075)
        #expect(registry.retainedMines.allSatisfy { !$0.provenance.source.isEmpty })
        // Thailand destroyed all 3,133 mines it still retained on 6 August 2019; Ecuador kept 90 and Peru 2,015 at
        // the end of 2018 (Landmine Monitor, with the ISU); Australia's Defence Force 6,788 at the end of 2011.
        let thailand = registry.retainedMines(of: "THA")
        #expect(thailand.map(\.year).suffix(3) == [2017, 2018, 2019])
        #expect(thailand.last?.retained == 0 && thailand.last?.consumed == 3_133)
        #expect(registry.retainedMines(of: "ECU").first { $0.year == 2018 }?.retained == 90)
        #expect(registry.retainedMines(of: "PER").first { $0.year == 2018 }?.retained == 2_015)
        #expect(registry.retainedMines(of: "AUS").first { $0.year == 2011 }?.retained == 6_788)
        // Unchanged numbers year after year, the reviews the ICRC asks for.
        let flat = TreatyRegistry(
            states: registry.states,
            conventions: Array(registry.conventions.values),
            participations: registry.participations,
            meetings: [],
            obligationReports: [],
            extensions: [],
            retainedMines: [2010, 2011, 2012, 2014].map { year in
                RetainedMinesReport(
                    iso3: "BGD",
                    year: year,
                    retained: 12_500,
                    consumed: nil,
                    provenance: Provenance(source: "https://example.org", confidence: .confirmed),
                    notes: nil
                )
            }
        )
        let runs = flat.unchangedRetention(years: 3)
        #expect(runs.count == 1 && runs[0].iso3 == "BGD" && runs[0].from == 2010 && runs[0].to == 2012)
        #expect(flat.unchangedRetention(years: 4).isEmpty)
    }

    @Test func partialDatesKeepTheirPrecision() {
        #expect(StockpileFigure.period("2006")! == (day("2006-12-31"), .year))
        #expect(StockpileFigure.period("2009-05")! == (day("2009-05-31"), .month))
        #expect(StockpileFigure.period("2008-02")! == (day("2008-02-29"), .month))
        #expect(StockpileFigure.period("2008-03-01")! == (day("2008-03-01"), .day))
        #expect(StockpileFigure.period("2009-13") == nil && StockpileFigure.period("09") == nil)
        #expect(StockpileFigure.period("2009-5") == nil && StockpileFigure.period("") == nil)
    }

    @Test func badFiguresAreRefusedWithTheirLineAndValue() throws {
        var tables: [String: CSVTable] = [:]
        for name in ReferenceDataLoader.files {
            tables[name] = try CSVTable(contentsOf: BundledReferenceData.directory.appendingPathComponent(name))
        }
        tables[ReferenceDataLoader.stockpilesFile] = try CSVTable(
            text: """
                iso3,date_of_information,mine_type,quantity,kind,source,confidence,notes
                BLR,2008-03-01,PFM-1,3400000,remaining,https://example.org/a,single-source,
                BLR,2008-13,PFM-1,10,remaining,https://example.org/b,single-source,
                USA,2008-03-01,all,10,remaining,https://example.org/c,single-source,
                GRC,2008-03-01,all,-5,remaining,https://example.org/d,single-source,
                GRC,2008-03-01,all,5,stolen,https://example.org/e,single-source,

                """
        )
        tables[ReferenceDataLoader.retainedFile] = try CSVTable(
            text: """
                iso3,year,retained,consumed,source,confidence,notes
                TUR,2010,15100,0,https://example.org/f,single-source,
                TUR,2010,15000,,https://example.org/g,single-source,
                TUR,1990,15000,,https://example.org/h,single-source,

                """
        )
        do {
            _ = try ReferenceDataLoader.validate(tables: tables)
            Issue.record("bad figures were accepted")
        } catch let error as ReferenceDataError {
            let found = error.issues.map { "\($0.file):\($0.line ?? 0) \($0.rule)" }
            #expect(
                found == [
                    "apmbc_stockpiles.csv:3 date", "apmbc_stockpiles.csv:4 not-a-party", "apmbc_stockpiles.csv:5 count",
                    "apmbc_stockpiles.csv:6 enum", "apmbc_retained_mines.csv:3 unique-year",
                    "apmbc_retained_mines.csv:4 year",
                ],
                "\(found)"
            )
            #expect(error.issues.contains { $0.message.contains("'2008-13'") })
        }
    }

    /// States outside the treaty and the UNGA resolution: Azerbaijan voted in favour every year recorded; the 2014
    /// First Committee vote counts the states then outside, not the States Parties.
    @Test func votesOnTheUNGAResolutionByStatesOutsideTheTreaty() throws {
        let azerbaijan = registry.ungaVotes(of: "AZE")
        #expect(azerbaijan.map(\.year) == [2010, 2014, 2016, 2018, 2019, 2020, 2021, 2022])
        #expect(azerbaijan.allSatisfy { $0.vote == .yes })
        #expect(azerbaijan.first?.resolution == "A/RES/65/48" && azerbaijan.first?.forum == .plenary)
        let outside2014 = registry.ungaVotesOutsideTheTreaty(year: 2014)
        #expect(outside2014.map(\.iso3) == ["ARM", "AZE", "CHN", "FSM", "KAZ", "LBY", "MAR", "RUS", "SGP", "USA"])
        #expect(outside2014.first { $0.iso3 == "USA" }?.vote == .abstain)
        #expect(
            registry.ungaVotes(of: "EGY").filter { (2018...2024).contains($0.year) }.allSatisfy { $0.vote == .abstain }
        )

        var tables: [String: CSVTable] = [:]
        for name in ReferenceDataLoader.files {
            tables[name] = try CSVTable(contentsOf: BundledReferenceData.directory.appendingPathComponent(name))
        }
        tables[ReferenceDataLoader.ungaVotesFile] = try CSVTable(
            text: """
                iso3,year,resolution,forum,vote,source,confidence,notes
                AZE,2019,,plenary,yes,https://example.org/a,single-source,
                AZE,2019,,plenary,yes,https://example.org/b,single-source,
                AZE,2020,,senate,yes,https://example.org/c,single-source,
                AZE,2021,,plenary,maybe,https://example.org/d,single-source,
                AZE,1995,,plenary,yes,https://example.org/e,single-source,

                """
        )
        do {
            _ = try ReferenceDataLoader.validate(tables: tables)
            Issue.record("bad votes were accepted")
        } catch let error as ReferenceDataError {
            #expect(
                error.issues.map { "\($0.line ?? 0) \($0.rule)" } == ["3 unique-vote", "4 enum", "5 enum", "6 year"],
                "\(error.issues)"
            )
        }
    }

    /// National implementation measures (Art 9) from the reference data: the United Kingdom's Landmines Act 1998 with
    /// penal sanctions; Türkiye deems its existing law sufficient; a day only where a source gives it.
    @Test func nationalImplementationMeasures() throws {
        let uk = try #require(registry.nationalMeasure(of: "GBR"))
        #expect(uk.status == .adopted && uk.measure == "Landmines Act 1998 (c. 33)")
        #expect(uk.adoptedOn == day("1998-07-28") && uk.penalSanctions == true)
        #expect(registry.nationalMeasure(of: "CAN")?.adoptedOn == day("1997-11-27"))
        #expect(registry.nationalMeasure(of: "TUR")?.status == .existingLawSufficient)
        let counts = registry.nationalMeasureCounts()
        #expect(counts.values.reduce(0, +) == registry.nationalMeasures.count && counts[.adopted, default: 0] >= 30)
        #expect(registry.nationalMeasures.allSatisfy { $0.status == .adopted || $0.adoptedOn == nil })
        // A sample on every continent, each as its law or the Monitor gives it: Kenya's Act of 2015 (assented
        // 8 October), South Africa's of 2003 (2 December), Costa Rica's Ley 8231 (17 April 2002), Jordan's law of
        // 1 April 2008, Niue's of 17 March 2021; Panama deems existing law sufficient; Benin has enacted none.
        let adopted: [(String, String)] = [
            ("KEN", "2015-10-08"), ("ZAF", "2003-12-02"), ("CRI", "2002-04-17"), ("JOR", "2008-04-01"),
            ("NIU", "2021-03-17"),
        ]
        for (code, on) in adopted {
            let m = try #require(registry.nationalMeasure(of: code))
            #expect(m.status == .adopted && m.adoptedOn == day(on) && m.penalSanctions != false, "\(code)")
        }
        #expect(registry.nationalMeasure(of: "PAN")?.status == .existingLawSufficient)
        #expect(registry.nationalMeasure(of: "BEN")?.status == NationalMeasure.Status.none)
        // Every State Party but four has an answer; Venezuela holds that ratified treaties need no law.
        #expect(registry.nationalMeasure(of: "VEN")?.status == .existingLawSufficient)
        let parties = registry.participations.filter { $0.convention == .apmbc && $0.deposited != nil }.map(\.iso3)
        #expect(
            parties.filter { registry.nationalMeasure(of: $0) == nil }.sorted() == ["COK", "MHL", "TON", "TUV"]
        )
    }
}

/// Cluster munition stockpiles (CCM Art 3) from the shipped figures: the United Kingdom's declared stock and its
/// destruction in December 2013, and the totals across States Parties as the campaign counted them.
@Suite struct ClusterMunitionStockpileTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    @Test func theUnitedKingdomsStockInMunitionsAndSubmunitions() throws {
        let uk = registry.ccmStockpileFigures(of: "GBR")
        let declared = uk.filter { $0.kind == .declaredAtEntry }
        #expect(declared.map(\.unit) == [.clusterMunitions, .submunitions])
        #expect(declared.map(\.quantity) == [190_828, 38_758_898])
        let destroyed = uk.filter { $0.kind == .destroyed }
        #expect(destroyed.map(\.date) == [CalendarDate(iso: "2013-12-17")!, CalendarDate(iso: "2013-12-17")!])
        #expect(destroyed.map(\.quantity) == declared.map(\.quantity))
        // Totals across States Parties as the campaign counted them (rounded by their sources: "about 1.5 million" in
        // 2019 stands before the exact 1,487,000 of September 2023, with Peru alone still destroying).
        let totals = registry.ccmStockpileFigures(of: "ALL").filter { $0.kind == .destroyed }
        let september2023 = totals.filter { $0.date == CalendarDate(iso: "2023-09-12")! }
        #expect(september2023.map(\.quantity) == [1_487_000, 178_900_000])
        #expect(totals.first?.quantity == 750_000 && totals.first?.precision == .year)
        #expect(registry.ccmStockpileFigures.allSatisfy { $0.unit != .mines })
    }
}

/// Cluster munitions held outside the CCM (issue 20 §2): declared, reported or attributed, with the United States'
/// 2004 report to Congress in figures; a State Party's stock is refused here.
@Suite struct NotPartyClusterStockTests {
    @Test func theUnitedStatesIn2004AndTheAttributions() throws {
        let registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory)
        let usa = registry.notPartyClusterStocks(of: "USA")
        let total = try #require(usa.first { $0.munitionType == "all" && $0.unit == .clusterMunitions })
        #expect(total.quantity == 5_500_000 && total.dateText == "2004-10" && total.basis == .reported)
        #expect(usa.contains { $0.munitionType == "all" && $0.quantity == 728_500_000 && $0.unit == .submunitions })
        // The 2014 Monitor table: 48 non-signatories attributed a stockpile.
        let in2014 = Set(registry.notPartyClusterStocks.filter { $0.dateText == "2014" }.map(\.iso3))
        #expect(in2014.count == 48 && in2014.contains("RUS") && !in2014.contains("GBR"))
    }

    @Test func aStatePartysStockIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-np-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledReferenceData.directory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(ReferenceDataLoader.notPartyClusterStocksFile)
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "GBR,2014,all,,,attributed,https://example.org,single-source,\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try ReferenceDataLoader.load(from: dir)
        } throws: { error in
            "\(error)".contains("'GBR' had deposited its CCM instrument on")
        }
    }
}
