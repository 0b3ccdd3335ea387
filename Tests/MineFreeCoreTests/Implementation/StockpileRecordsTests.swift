import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// A programme's stockpile records (issue 18 §1) beside the reference data: the stock on a day from the last count
/// less what was destroyed and sent away since; a record preferred to the reference figure of the same day; retained
/// mines and Art 9 records read by the same rules; the record rules name the bad value.
@Suite struct StockpileRecordsTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func theStockOnADayFromTheLastCountAndTheDestructionsSince() throws {
        // Belarus: 3,400,000 PFM-1 held on 2008-03-01 and 3,350,000 on 2014-06-04 (apmbc_stockpiles.csv); the
        // destructions and the transfer below are the test's own.
        let records = StockpileRecords(
            destructions: [
                StockDestruction(
                    localID: "D1",
                    state: "BLR",
                    end: day("2015-12-31"),
                    method: .industrial,
                    mineType: "PFM-1",
                    quantity: 1_000_000
                ),
                StockDestruction(
                    localID: "D2",
                    state: "BLR",
                    start: day("2016-03-01"),
                    end: day("2016-09-30"),
                    method: .incineration,
                    mineType: "PFM-1",
                    quantity: 2_000_000
                ),
            ],
            transfers: [
                MineTransfer(
                    localID: "T1",
                    date: day("2016-10-10"),
                    from: "BLR",
                    to: "UKR",
                    mineType: "PFM-1",
                    quantity: 400_000,
                    purpose: .destruction
                )
            ]
        )
        func ledger(_ asOf: CalendarDate) -> StockpileLedger {
            StockpileLedger(registry: registry.including(records, asOf: asOf), records: records)
        }
        let before = try #require(ledger(day("2014-01-01")).balance(of: "BLR", on: day("2014-01-01")))
        #expect(
            before.base.quantity == 3_400_000 && before.base.dateText == "2008-03-01" && before.remaining == 3_400_000
        )
        let mid = try #require(ledger(day("2016-06-01")).balance(of: "BLR", on: day("2016-06-01")))
        #expect(mid.base.quantity == 3_350_000 && mid.destructions == 1 && mid.remaining == 2_350_000)
        #expect(mid.base.recordID == nil)
        #expect(
            mid.explanation
                == "3,350,000 mines counted on 2014-06-04; 1,000,000 destroyed since in 1 event; 2,350,000 remaining"
        )
        let end = try #require(ledger(day("2017-01-01")).balance(of: "BLR", on: day("2017-01-01")))
        #expect(end.destroyed == 3_000_000 && end.transferredOut == 400_000 && end.remaining == -50_000)
        #expect(
            end.isOverdrawn
                && end.explanation.hasSuffix("the records hold 50,000 more destroyed or sent away than counted")
        )
        // The receiver's last count (Ukraine: about 6.1 million at its missed 2010 deadline) gains what it received;
        // a state with no count has no balance, rather than one made up from a transfer alone.
        let ukraine = try #require(ledger(day("2017-01-01")).balance(of: "UKR", on: day("2017-01-01")))
        #expect(
            ukraine.base.quantity == 6_100_000 && ukraine.transferredIn == 400_000 && ukraine.remaining == 6_500_000
        )
        #expect(ledger(day("2017-01-01")).balance(of: "NOR", on: day("2017-01-01")) == nil)
        // Greece before its deadline: the stock declared at entry into force, all types in one figure.
        let greece = try #require(ledger(day("2008-01-01")).balance(of: "GRC", on: day("2008-01-01")))
        #expect(greece.base.kind == .declaredAtEntry && greece.remaining == 1_566_532)
    }

    @Test func aRecordReplacesTheReferenceFigureOfTheSameDayAndFeedsTheRules() throws {
        let records = StockpileRecords(
            reports: [
                StockReport(
                    localID: "SR1",
                    state: "BLR",
                    date: day("2014-06-04"),
                    kind: .remaining,
                    mineType: "PFM-1",
                    quantity: 3_360_000,
                    reportedIn: "Art 7 report 2015, form B"
                ),
                // Greece's own count on the deadline says nothing was left: it leaves the "missed" list.
                StockReport(
                    localID: "SR2",
                    state: "GRC",
                    date: day("2008-03-01"),
                    kind: .remaining,
                    mineType: "all",
                    quantity: 0
                ),
            ]
        )
        let asOf = day("2016-01-01")
        let merged = registry.including(records, asOf: asOf)
        let belarus = merged.stockpileFigures(of: "BLR").filter { $0.date == day("2014-06-04") }
        #expect(belarus.map(\.quantity) == [3_360_000] && belarus.map(\.recordID) == ["SR1"])
        let balance = try #require(StockpileLedger(registry: merged, records: records).balance(of: "BLR", on: asOf))
        #expect(balance.base.recordID == "SR1" && balance.remaining == 3_360_000)
        #expect(registry.missedStockpileDeadlines(asOf: day("2009-01-01")).map(\.state.iso3) == ["BLR", "GRC", "TUR"])
        #expect(
            registry.including(records, asOf: day("2009-01-01")).missedStockpileDeadlines(asOf: day("2009-01-01"))
                .map(\.state.iso3) == ["BLR", "TUR"]
        )
        // Not known yet: a registry as of a day before the record leaves it out.
        #expect(
            registry.including(records, asOf: day("2008-03-01")).stockpileFigures.count(where: { $0.recordID != nil })
                == 0
        )
    }

    @Test func retainedMinesAndArticle9RecordsReadByTheSameRules() throws {
        let records = StockpileRecords(
            retention: [
                RetentionReport(
                    localID: "R1",
                    state: "TUR",
                    year: 2010,
                    retained: 15_000,
                    reported: day("2011-04-30"),
                    consumed: 100,
                    purpose: .training
                ),
                RetentionReport(localID: "R2", state: "TUR", year: 2011, retained: 15_000, reported: day("2012-04-30")),
                RetentionReport(localID: "R3", state: "TUR", year: 2012, retained: 15_000, reported: day("2013-04-30")),
                // A later correction of 2012 wins over the first report of it.
                RetentionReport(
                    localID: "R4",
                    state: "TUR",
                    year: 2012,
                    retained: 15_000,
                    reported: day("2013-09-01"),
                    consumed: 0
                ),
            ],
            measures: [
                NationalMeasureReport(localID: "M1", state: "AFG", status: .inProgress, recorded: day("2020-05-01")),
                NationalMeasureReport(
                    localID: "M2",
                    state: "AFG",
                    status: .adopted,
                    recorded: day("2030-01-01"),
                    adoptedOn: day("2029-12-01")
                ),
            ]
        )
        let asOf = day("2026-01-01")
        let merged = registry.including(records, asOf: asOf)
        let turkey = merged.retainedMines(of: "TUR")
        #expect(turkey.map(\.year) == [2008, 2010, 2011, 2012])
        #expect(turkey.map(\.retained) == [15_125, 15_000, 15_000, 15_000])
        #expect(turkey.map(\.recordID) == [nil, "R1", "R2", "R4"])
        #expect(merged.unchangedRetention(years: 3).contains { $0.iso3 == "TUR" && $0.from == 2010 && $0.to == 2012 })
        #expect(!registry.unchangedRetention(years: 3).contains { $0.iso3 == "TUR" })
        // Totals across States Parties: Türkiye's record replaces its reference 15,100 for 2010.
        let before = try #require(registry.retainedTotals().first { $0.year == 2010 })
        let after = try #require(merged.retainedTotals().first { $0.year == 2010 })
        #expect(after.retained == before.retained - 15_100 + 15_000 && after.states == before.states)
        #expect(after.consumed == before.consumed - 0 + 100)

        #expect(registry.nationalMeasure(of: "AFG")?.status == .adopted)
        let afghanistan = try #require(merged.nationalMeasure(of: "AFG"))
        #expect(afghanistan.status == .inProgress && afghanistan.recordID == "M1")
        #expect(merged.nationalMeasures.count == registry.nationalMeasures.count)
        let counts = merged.nationalMeasureCounts()
        #expect(counts[.inProgress] == (registry.nationalMeasureCounts()[.inProgress] ?? 0) + 1)
    }

    @Test func retainedMinesNotConsumedAndAClusterMunitionStandingExplained() throws {
        // Türkiye reported consuming none in 2010 (reference data); its records say none in 2011 and 2012 either.
        #expect(registry.retentionNotConsumed(years: 3).isEmpty)
        let records = StockpileRecords(retention: [
            RetentionReport(
                localID: "R11",
                state: "TUR",
                year: 2011,
                retained: 15_100,
                reported: day("2012-04-30"),
                consumed: 0
            ),
            RetentionReport(
                localID: "R12",
                state: "TUR",
                year: 2012,
                retained: 15_100,
                reported: day("2013-04-30"),
                consumed: 0
            ),
        ])
        let merged = registry.including(records, asOf: day("2014-01-01"))
        let runs = merged.retentionNotConsumed(years: 3)
        #expect(runs.count == 1 && runs[0].iso3 == "TUR" && runs[0].from == 2010 && runs[0].to == 2012)
        #expect(runs[0].retained == 15_100)
        // The United Kingdom's cluster munitions (CCM Art 3), explained as the APMBC's are.
        let uk = try #require(registry.state("GBR"))
        let text = try #require(registry.stockpileExplanation(of: uk, asOf: day("2014-01-01"), in: .ccm))
        #expect(text.hasPrefix("declared 190,828 cluster munitions (2011-04-28)"), "\(text)")
        #expect(text.contains("destruction completed on 2013-12-17"))
    }

    @Test func recordRulesNameTheBadValue() throws {
        func read(_ layer: LayerInfo, _ text: String) throws -> String {
            try RecordImport.read(
                [ImportInput(name: layer.name + ".csv", layer: layer, content: .data(Data(text.utf8)))],
                rules: ImportRules(),
                mode: .quarantine
            ).issues.map(\.description).joined(separator: "\n")
        }
        let reports = try read(
            StockReport.info,
            """
            id,state,convention,date,kind,mine_type,quantity,unit
            S1,TJK,apmbc,2004-03-31,remaining,all,3339,submunitions
            S2,Tajikistan,ccm,2010-01-01,remaining,all,10,cluster_munitions
            S3,TJK,apmbc,2004-03-31,remaining,all,-5,mines

            """
        )
        #expect(reports.contains("unit submunitions does not count APMBC stockpiles: use mines"), "\(reports)")
        #expect(reports.contains("state 'Tajikistan' is not an ISO 3166 alpha-3 code"))
        #expect(reports.contains("quantity"), "\(reports)")
        let destructions = try read(
            StockDestruction.info,
            """
            id,state,convention,start_date,end_date,method,mine_type,quantity,unit
            D1,TJK,apmbc,2004-03-31,2004-03-01,open_detonation,all,100,mines
            D2,TJK,apmbc,,2004-03-01,dumped,all,100,mines

            """
        )
        #expect(destructions.contains("end_date 2004-03-01 is before start_date 2004-03-31"), "\(destructions)")
        #expect(destructions.contains("dumped"))
        let retention = try read(
            RetentionReport.info,
            """
            id,state,year,retained,reported
            R1,TJK,2005,225,2004-12-31

            """
        )
        #expect(retention.contains("reported 2004-12-31 is before year 2005 began"), "\(retention)")
        let measures = try read(
            NationalMeasureReport.info,
            """
            id,state,status,adopted_on,recorded
            M1,TJK,in_progress,2005-01-01,2006-01-01
            M2,TJK,adopted,2007-01-01,2006-01-01

            """
        )
        #expect(measures.contains("adopted_on 2005-01-01 is given but status is in_progress"), "\(measures)")
        #expect(measures.contains("recorded 2006-01-01 is before adopted_on 2007-01-01"))
        let facilities = try read(
            ProductionFacility.info,
            """
            id,state,name,status,ceased_on,decommissioned_on,recorded
            F1,TJK,Plant,decommissioned,2001-01-01,,2002-01-01
            F2,TJK,Plant,producing,2001-01-01,,2002-01-01
            F3,TJK,Plant,decommissioned,2001-01-01,2000-01-01,2002-01-01

            """
        )
        #expect(facilities.contains("decommissioned_on is empty for a decommissioned facility"), "\(facilities)")
        #expect(facilities.contains("status is producing but ceased_on is 2001-01-01"))
        #expect(facilities.contains("decommissioned_on 2000-01-01 is before ceased_on 2001-01-01"))
        let transfers = try read(
            MineTransfer.info,
            """
            id,date,from_state,to_state,mine_type,quantity,purpose
            T1,2005-01-01,TJK,TJK,all,10,destruction

            """
        )
        #expect(transfers.contains("to_state 'TJK' is the sender itself"), "\(transfers)")
    }
}

/// Figures sources disagree on (issue 20 §3): every source's value or range kept with its day, the span shown, the
/// value adopted with its reason, never an average; a past view shows what was known then.
@Suite struct SourcedFigureTests {
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func twoSourcesTwoNumbersAndTheOneAdopted() throws {
        // The ICBL's 2007 letter: "between 59 and 64" new casualties in Azerbaijan the year before.
        let reports = [
            FigureReport(
                localID: "F1",
                state: "AZE",
                topic: .casualties,
                year: 2006,
                low: 59,
                source: "National agency",
                sourceKind: .government,
                reported: day("2007-03-01")
            ),
            FigureReport(
                localID: "F2",
                state: "AZE",
                topic: .casualties,
                year: 2006,
                low: 64,
                source: "Monitor",
                sourceKind: .monitor,
                reported: day("2007-06-01")
            ),
            FigureReport(
                localID: "F3",
                state: "AZE",
                topic: .casualties,
                year: 2005,
                low: 70,
                source: "Monitor",
                reported: day("2006-06-01")
            ),
        ]
        let adoptions = [
            FigureAdoption(localID: "A1", reportID: "F2", reason: "first choice", decided: day("2007-07-01")),
            FigureAdoption(
                localID: "A2",
                reportID: "F1",
                reason: "the register de-duplicates",
                decided: day("2007-09-01")
            ),
        ]
        let now = SourcedFigure.of(reports, adoptions: adoptions, asOf: day("2008-01-01"))
        #expect(now.map(\.year) == [2005, 2006])
        let y2006 = now[1]
        #expect(!y2006.agree && y2006.rangeText == "59–64" && y2006.reports.map(\.localID) == ["F1", "F2"])
        #expect(y2006.adopted?.localID == "F1" && y2006.adoption?.reason == "the register de-duplicates")
        #expect(now[0].agree && now[0].rangeText == "70" && now[0].adopted == nil)
        // Known on a day: in August 2007 the first decision stood.
        let then = SourcedFigure.of(reports, adoptions: adoptions, asOf: day("2007-08-01"))
        #expect(then[1].adopted?.localID == "F2")
        // In April 2007 only one source had spoken: no dispute yet.
        #expect(SourcedFigure.of(reports, adoptions: adoptions, asOf: day("2007-04-01"))[1].agree)
        #expect(
            FigureReport(
                localID: "R",
                state: "AZE",
                topic: .casualties,
                year: 2006,
                low: 59,
                high: 64,
                source: "ICBL",
                reported: day("2007-05-01")
            ).valueText == "59–64"
        )
    }

    @Test func aRangeUpsideDownIsRefused() throws {
        let text = """
            id,state,topic,year,low,high,source,reported
            F1,AZE,casualties,2006,64,59,ICBL,2007-05-01
            F2,AZE,casualties,2008,1,,ICBL,2007-05-01

            """
        let messages = try RecordImport.read(
            [ImportInput(name: "figure_reports.csv", layer: FigureReport.info, content: .data(Data(text.utf8)))],
            rules: ImportRules(),
            mode: .quarantine
        ).issues.map(\.description).joined(separator: "\n")
        #expect(messages.contains("high 59 is below low 64"), "\(messages)")
        #expect(messages.contains("reported 2007-05-01 is before year 2008 began"))
    }
}
