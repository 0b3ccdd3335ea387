import Foundation
import Testing

/// A programme's stockpile records from the command line (issue 18 §1): the demo's stock figures, destructions and
/// production facility imported into a real store with retained-mine, Art 9 and transfer records of the test's own;
/// the stock on a day, the facility as it stood, the records beside the reference data; a bad file refused whole.
@Suite(.serialized) struct StockpileRecordsCLITests {
    let cli = CLI()

    @Test func stocksDestroyedRetainedMeasuresAndFacilities() throws {
        defer { cli.cleanUp() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-stock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try cli.run("demo", dir.path).status == 0)
        let only = dir.appendingPathComponent("stockpiles")
        try FileManager.default.createDirectory(at: only, withIntermediateDirectories: true)
        for name in ["stockpile_reports", "stockpile_destructions", "production_facilities"] {
            try FileManager.default.copyItem(
                at: dir.appendingPathComponent(name + ".csv"),
                to: only.appendingPathComponent(name + ".csv")
            )
        }
        try """
        id,state,year,retained,consumed,purpose,institution,reported,source
        RM-1,TUR,2010,15000,100,training,Army engineering school (test),2011-04-30,test

        """.write(to: only.appendingPathComponent("retained_mine_reports.csv"), atomically: true, encoding: .utf8)
        try """
        id,state,status,measure,adopted_on,penal_sanctions,recorded,source
        NM-1,AFG,in_progress,Draft law (test),,,2020-05-01,test

        """.write(to: only.appendingPathComponent("national_measures.csv"), atomically: true, encoding: .utf8)
        try """
        id,date,from_state,to_state,mine_type,quantity,purpose,source
        TR-1,2026-04-01,AZE,TUR,OZM-72 (demo),500,destruction,test

        """.write(to: only.appendingPathComponent("mine_transfers.csv"), atomically: true, encoding: .utf8)
        let imported = try cli.run("import", only.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stdout.contains("stockpile_reports: 2") && imported.stdout.contains("stockpile_destructions: 2")
        )

        // 12,000 + 3,000 disclosed on 2025-08-31; 4,000 destroyed by 2026-03-20, 2,500 by 2026-05-29, 500 sent away.
        let april = try cli.run("stockpiles", "--ledger", "--state", "AZE", "--as-of", "2026-05-01", "--format", "json")
        #expect(april.status == 0, "\(april.stderr)")
        let a = try #require((try april.json() as? [[String: Any]])?.first)
        #expect(
            a["counted"] as? Int == 15_000 && a["destroyed"] as? Int == 4_000 && a["transferred_out"] as? Int == 500
        )
        #expect(a["remaining"] as? Int == 10_500 && a["counted_types"] as? String == "OZM-72 (demo) + PMN-2 (demo)")
        let july = try cli.run("stockpiles", "--ledger", "--as-of", "2026-07-01")
        #expect(july.stdout.contains("AZE   mines    15000  2025-08-31       6500       2      0    0  500       8000"))
        // Türkiye received the 500: its last count (266,143 in June 2010, reference data) gains them.
        #expect(july.stdout.contains("TUR   mines   266143  2010-06             0       0      0  500    0     266643"))
        let figures = try cli.run("stockpiles", "--state", "AZE", "--format", "csv")
        #expect(figures.stdout.contains("AZE,2025-08-31,remaining,12000,PMN-2 (demo),single-source,demo,SR-01"))

        let facility = try cli.run("production", "--as-of", "2026-01-01", "--format", "json")
        let f = try #require((try facility.json() as? [[String: String]])?.first)
        #expect(f["status"] == "ceased" && f["ceased_on"] == "2025-06-30")
        let later = try cli.run("production", "--state", "AZE")
        #expect(later.stdout.contains("0 producing, 0 ceased, 1 converted, 0 decommissioned"), "\(later.stdout)")
        let transfers = try cli.run("production", "--transfers", "--state", "TUR", "--format", "csv")
        #expect(transfers.stdout.contains("TR-1,2026-04-01,AZE,TUR,OZM-72 (demo),500,destruction,test"))

        let retained = try cli.run("retained", "--state", "TUR", "--format", "csv")
        let rows = retained.stdout.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).prefix(4).joined(separator: ",")
        }
        #expect(rows == ["TUR,2008,15125,", "TUR,2010,15000,100"])
        #expect(retained.stdout.contains(",RM-1"))
        let before = try cli.run("retained", "--state", "TUR", "--as-of", "2011-04-30", "--format", "csv")
        #expect(before.stdout.contains("TUR,2010,15100,0"))
        let idle = try cli.run("retained", "--not-consumed", "--years", "2", "--format", "json")
        let idleRows = try idle.json() as? [[String: Any]]
        #expect(idle.status == 0 && idleRows?.isEmpty == true)
        #expect(try cli.run("retained", "--not-consumed", "--unchanged").status != 0)
        let totals = try cli.run("retained", "--totals", "--year", "2010", "--format", "json")
        let t = try #require((try totals.json() as? [[String: Any]])?.first)
        #expect(t["year"] as? Int == 2010 && (t["retained"] as? Int ?? 0) > 15_000)

        let measure = try cli.run("measures", "--state", "AF", "--format", "json")
        let m = try #require((try measure.json() as? [[String: Any]])?.first)
        #expect(m["status"] as? String == "in_progress" && m["record_id"] as? String == "NM-1")
        let reference = try cli.run("measures", "--state", "AF", "--as-of", "2020-05-01", "--format", "json")
        #expect((try reference.json() as? [[String: Any]])?.first?["status"] as? String == "adopted")

        // A destruction counted in submunitions for anti-personnel mines: refused with its row, nothing written.
        let bad = dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try """
        id,state,convention,end_date,method,mine_type,quantity,unit
        SD-9,AZE,apmbc,2026-06-01,open_burning,PMN-2 (demo),100,submunitions

        """.write(to: bad.appendingPathComponent("stockpile_destructions.csv"), atomically: true, encoding: .utf8)
        let refused = try cli.run("import", bad.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("unit submunitions does not count APMBC stockpiles"), "\(refused.stderr)")
        let unchanged = try cli.run("stockpiles", "--ledger", "--state", "AZE", "--format", "json")
        #expect((try unchanged.json() as? [[String: Any]])?.first?["destructions"] as? Int == 2)
        let both = try cli.run("stockpiles", "--ledger", "--missed")
        #expect(both.status == 2 && both.stderr.contains("choose one"))
    }
}
