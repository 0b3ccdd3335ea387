import Foundation

/// The demo's stockpile records, in the layers' own CSV files: the stock its state (outside the treaty) disclosed
/// to the campaign in 2025, two destructions since, mines sent to a State Party for destruction, and a production line
/// that stopped; and, as a regional monitor would keep them, a neighbouring State Party's retained mines and Art 9
/// status. Every figure is the demo's own, not a real state's.
enum DemoStockpiles {
    static func files(through snapshot: CalendarDate) -> [(name: String, contents: String)] {
        func rows(_ header: String, _ lines: [(CalendarDate, String)]) -> String {
            header + "\n" + lines.filter { $0.0 < snapshot }.map { $0.1 + "\n" }.joined()
        }
        func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
        let reports = rows(
            "id,state,convention,date,kind,mine_type,quantity,unit,reported_in,source",
            [
                (
                    d("2025-08-31"),
                    "SR-01,AZE,apmbc,2025-08-31,remaining,PMN-2 (demo),12000,mines,Disclosure to the campaign (demo),demo"
                ),
                (
                    d("2025-08-31"),
                    "SR-02,AZE,apmbc,2025-08-31,remaining,OZM-72 (demo),3000,mines,Disclosure to the campaign (demo),demo"
                ),
            ]
        )
        let destructions = rows(
            "id,state,convention,start_date,end_date,method,site,mine_type,quantity,unit,source",
            [
                (
                    d("2026-03-20"),
                    "SD-01,AZE,apmbc,2026-03-02,2026-03-20,open_detonation,Range R1 (demo),PMN-2 (demo),4000,mines,demo"
                ),
                (
                    d("2026-05-29"),
                    "SD-02,AZE,apmbc,2026-05-04,2026-05-29,industrial,Plant P1 (demo),PMN-2 (demo),2500,mines,demo"
                ),
            ]
        )
        let facilities = rows(
            "id,state,name,place,status,ceased_on,decommissioned_on,recorded,source",
            [
                (
                    d("2025-09-01"),
                    "PF-01,AZE,Mine assembly line (demo),Plant P1 (demo),ceased,2025-06-30,,2025-09-01,demo"
                ),
                (
                    d("2026-06-15"),
                    "PF-01,AZE,Mine assembly line (demo),Plant P1 (demo),converted,2025-06-30,,2026-06-15,demo"
                ),
            ]
        )
        let transfers = rows(
            "id,date,from_state,to_state,mine_type,quantity,purpose,source",
            [(d("2026-02-10"), "TR-01,2026-02-10,AZE,TUR,OZM-72 (demo),500,destruction,demo")]
        )
        let retained = rows(
            "id,state,year,retained,consumed,purpose,institution,reported,source",
            [
                (d("2024-04-30"), "RM-01,TJK,2023,200,25,training,Demining training centre (demo),2024-04-30,demo"),
                (d("2025-04-30"), "RM-02,TJK,2024,180,20,training,Demining training centre (demo),2025-04-30,demo"),
            ]
        )
        let measures = rows(
            "id,state,status,measure,adopted_on,penal_sanctions,recorded,source",
            [(d("2025-03-01"), "NM-01,TJK,in_progress,Draft law on mine action (demo),,,2025-03-01,demo")]
        )
        return [
            ("stockpile_reports.csv", reports), ("stockpile_destructions.csv", destructions),
            ("production_facilities.csv", facilities), ("mine_transfers.csv", transfers),
            ("retained_mine_reports.csv", retained), ("national_measures.csv", measures),
        ]
    }
}
