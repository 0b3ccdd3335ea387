import Foundation

/// The demo programme's funding, in the layers' own CSV files: the district's share of the state budget year by year (in
/// manat), a few donors' contributions, commitments that run ahead of disbursements, a refund, and two projects, one of
/// them meant to let displaced families return. Every name is
/// the demo's own. Deterministic: the same seed gives the same files.
enum DemoFunding {
    static func files(seed: UInt64, through snapshot: CalendarDate) -> [(name: String, contents: String)] {
        var rng = SeededRandom(seed: seed &+ 0x5EED_0018)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        var projects = "id,title,donor,recipient,implementer,sector,budget,currency,start_date,end_date,"
        projects += "beneficiaries,beneficiary_unit,location,recorded,source\n"
        projects +=
            "P-RETURN,Clearance for the return of displaced families (demo),Donor union (demo),AZE,UN agency (demo),"
            + "survey_clearance,4250000,EUR,2021-01-01,2024-12-31,33000,families,Districts D01–D03,2020-12-15,demo\n"
        projects +=
            "P-EORE,Risk education in villages beside hazards (demo),Donor country B (demo),AZE,National society (demo),"
            + "risk_education,600000,USD,2022-03-01,2025-02-28,120000,people,Districts D01–D05,2022-02-20,demo\n"
        var contributions = "id,project_id,date,flow,donor,origin,recipient,implementer,amount,currency,sector,source\n"
        var n = 0
        func add(
            _ project: String,
            _ date: CalendarDate,
            _ flow: String,
            _ donor: String,
            _ origin: String,
            _ implementer: String,
            _ amount: Int,
            _ currency: String,
            _ sector: String
        ) {
            guard date < snapshot else { return }
            n += 1
            contributions +=
                "F-\(String(format: "%04d", n)),\(project),\(date.iso),\(flow),\(donor),\(origin),AZE,\(implementer),"
                + "\(amount),\(currency),\(sector),demo\n"
        }
        for year in 2016...2026 {
            // The state budget, paid to the national agency in four quarters; it grows after 2020.
            let annual = (year < 2021 ? 2_400_000 : 7_200_000) + int(0...6) * 100_000
            for quarter in 0..<4 {
                add(
                    "",
                    CalendarDate(year: year, month: 1 + quarter * 3, day: 15)!,
                    "disbursement",
                    "State budget (demo)",
                    "national",
                    "National agency (demo)",
                    annual / 4,
                    "AZN",
                    "survey_clearance"
                )
            }
            add(
                "",
                CalendarDate(year: year, month: 6, day: 1)!,
                "disbursement",
                "Donor country A (demo)",
                "international",
                "Operator B (demo)",
                800_000 + int(0...4) * 100_000,
                "USD",
                year % 3 == 0 ? "victim_assistance" : "survey_clearance"
            )
        }
        add(
            "P-RETURN",
            CalendarDate(year: 2020, month: 12, day: 15)!,
            "commitment",
            "Donor union (demo)",
            "international",
            "UN agency (demo)",
            4_250_000,
            "EUR",
            "survey_clearance"
        )
        for (year, amount) in [(2021, 1_500_000), (2022, 1_250_000), (2023, 1_000_000), (2024, 500_000)] {
            add(
                "P-RETURN",
                CalendarDate(year: year, month: 3, day: 1)!,
                "disbursement",
                "Donor union (demo)",
                "international",
                "UN agency (demo)",
                amount,
                "EUR",
                "survey_clearance"
            )
        }
        add(
            "P-RETURN",
            CalendarDate(year: 2024, month: 11, day: 20)!,
            "expenditure",
            "Donor union (demo)",
            "international",
            "UN agency (demo)",
            -35_000,
            "EUR",
            "survey_clearance"
        )
        add(
            "P-EORE",
            CalendarDate(year: 2022, month: 2, day: 20)!,
            "commitment",
            "Donor country B (demo)",
            "international",
            "National society (demo)",
            600_000,
            "USD",
            "risk_education"
        )
        for year in 2022...2025 {
            add(
                "P-EORE",
                CalendarDate(year: year, month: 4, day: 10)!,
                "disbursement",
                "Donor country B (demo)",
                "international",
                "National society (demo)",
                150_000,
                "USD",
                "risk_education"
            )
        }
        add(
            "",
            CalendarDate(year: 2023, month: 9, day: 1)!,
            "disbursement",
            "Donor country C (demo)",
            "international",
            "Operator A (demo)",
            180_000_000,
            "JPY",
            "capacity_building"
        )
        return [("funding_projects.csv", projects), ("contributions.csv", contributions)]
    }
}
