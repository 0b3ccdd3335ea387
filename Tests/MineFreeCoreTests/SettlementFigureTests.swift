import Testing

@testable import MineFreeCore

/// A settlement's population and displaced households as dated figures: each known from its day, a return taking
/// families off the waiting count, never below zero.
@Suite struct SettlementFigureTests {
    let settlements = [
        Settlement(
            localID: "ST-1",
            name: "Ağdam",
            population: 1200,
            idpHouseholds: 300,
            location: GeoPoint(lon: 47, lat: 40)
        ),
        Settlement(
            localID: "ST-2",
            name: "Füzuli",
            population: 800,
            idpHouseholds: 40,
            location: GeoPoint(lon: 47.2, lat: 40.2)
        ),
    ]
    let figures = [
        SettlementFigure(
            settlementID: "ST-1",
            date: CalendarDate(iso: "2025-06-01")!,
            population: 1500,
            source: "census"
        ),
        SettlementFigure(settlementID: "ST-1", date: CalendarDate(iso: "2023-06-01")!, returnedHouseholds: 100),
        SettlementFigure(settlementID: "ST-2", date: CalendarDate(iso: "2024-03-01")!, returnedHouseholds: 70),
        SettlementFigure(settlementID: "ST-2", date: CalendarDate(iso: "2024-09-01")!, idpHouseholds: 12),
    ]

    func people(_ day: String) -> [[Int64]] {
        SettlementFigure.apply(figures, to: settlements, asOf: CalendarDate(iso: day)!).map {
            [$0.population, $0.idpHouseholds]
        }
    }

    @Test func eachFigureCountsFromTheDayAfterItsDate() {
        #expect(people("2023-06-01") == [[1200, 300], [800, 40]])
        #expect(people("2023-06-02") == [[1200, 200], [800, 40]])
        // 70 families back where 40 waited: none left waiting, not −30.
        #expect(people("2024-03-02") == [[1200, 200], [800, 0]])
        // A new count replaces what returns had left.
        #expect(people("2024-09-02") == [[1200, 200], [800, 12]])
        #expect(people("2026-01-01") == [[1500, 200], [800, 12]])
        #expect(SettlementFigure.apply([], to: settlements, asOf: CalendarDate(iso: "2026-01-01")!).count == 2)
    }

    @Test func aFigureFileIsReadAndCheckedLikeEveryLayer() throws {
        let csv = """
            settlement_id,date,population,idp_households,returned_households,source
            ST-1,2023-06-01,,,100,return survey
            ST-1,2023-06-01,1300,,,census
            ST-2,2024-01-01,,,,nothing

            """
        var files = ActivityFiles.with("settlement_figures.csv", csv)
        files["settlements.csv"] =
            "id,name,population,idp_households,lon,lat\nST-1,A,1200,300,47.0,40.0\nST-2,B,800,40,47.2,40.2\n"
        let f = try LandFixture(releases: ActivityFiles.releases, raw: files)
        defer { f.remove() }
        var found: [ImportIssue] = []
        do { _ = try RecordImport.read(f.directory, rules: .workload) } catch let e as ImportRefused {
            found = e.issues
        }
        #expect(found.map(\.rule) == ["duplicate-record", "no-figure"], "\(found)")
        #expect(found.map(\.item) == ["line 3", "line 4"])
        // Without the mistakes, the figures load with their values.
        files["settlement_figures.csv"] = csv.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        let g = try LandFixture(releases: ActivityFiles.releases, raw: files)
        defer { g.remove() }
        let d = try RecordImport.read(g.directory, rules: .workload)
        #expect(
            d.settlementFigures == [
                SettlementFigure(
                    settlementID: "ST-1",
                    date: CalendarDate(iso: "2023-06-01")!,
                    returnedHouseholds: 100,
                    source: "return survey"
                )
            ]
        )
    }
}
