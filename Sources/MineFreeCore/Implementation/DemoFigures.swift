import Foundation

/// The demo's figures that sources disagree on: one year's casualties given by two sources, a third giving a range,
/// and the programme's choice with its reason. The values and sources are the demo's own.
enum DemoFigures {
    static func files(through snapshot: CalendarDate) -> [(name: String, contents: String)] {
        func rows(_ header: String, _ lines: [(CalendarDate, String)]) -> String {
            header + "\n" + lines.filter { $0.0 < snapshot }.map { $0.1 + "\n" }.joined()
        }
        func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
        let reports = rows(
            "id,state,topic,year,low,high,source,source_kind,reported,notes",
            [
                (d("2025-03-01"), "FR-01,AZE,casualties,2024,59,,National agency (demo),government,2025-03-01,"),
                (d("2025-06-15"), "FR-02,AZE,casualties,2024,64,,Hospital records (demo),other,2025-06-15,"),
                (
                    d("2025-11-01"),
                    "FR-03,AZE,casualties,2024,59,64,Campaign network (demo),ngo,2025-11-01,Gives the two national counts as a range (demo)"
                ),
            ]
        )
        let adoptions = rows(
            "id,report_id,reason,decided,decided_by",
            [
                (
                    d("2025-12-01"),
                    "FA-01,FR-01,The national register de-duplicates the hospitals' reports (demo),2025-12-01,National agency (demo)"
                )
            ]
        )
        return [("figure_reports.csv", reports), ("figure_adoptions.csv", adoptions)]
    }
}
