import Foundation

/// The demo's advocacy and coordination records, in the layers' own CSV files: treaty meetings (with their codes in
/// the reference data) and a regional workshop with the delegations that came, a field visit, the interim steps and
/// contacts of the demo's state (which is outside the treaty), a donor's pledge made at the Review Conference and
/// its later state, and media outputs in two languages. Every statement, detail and outcome is the demo's own.
enum DemoAdvocacy {
    static func files(through snapshot: CalendarDate) -> [(name: String, contents: String)] {
        func rows(_ header: String, _ lines: [(CalendarDate, String)]) -> String {
            header + "\n" + lines.filter { $0.0 < snapshot }.map { $0.1 + "\n" }.joined()
        }
        func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
        let events = rows(
            "id,kind,title,start_date,end_date,place,country,organiser,meeting_code,outcomes,source",
            [
                (
                    d("2009-07-08"),
                    "EV-DUSHANBE,workshop,Regional workshop on the Mine Ban Convention (demo),2009-07-08,2009-07-09,Dushanbe,TJK,Campaign network (demo),,Delegations asked to take interim steps (demo),demo"
                ),
                (
                    d("2023-11-20"),
                    "EV-21MSP,msp,Twenty-First Meeting of the States Parties,2023-11-20,2023-11-24,Geneva,CHE,,21MSP,,demo"
                ),
                (
                    d("2024-05-14"),
                    "EV-VISIT,field_visit,Field visit to cleared land in district D01 (demo),2024-05-14,2024-05-15,District D01,AZE,National agency (demo),,,demo"
                ),
                (
                    d("2024-11-25"),
                    "EV-5RC,review_conference,Fifth Review Conference (Siem Reap-Angkor Summit on a Mine-Free World),2024-11-25,2024-11-29,Siem Reap,KHM,,5RC,,demo"
                ),
            ]
        )
        let attendance = rows(
            "id,event_id,date,state,organisation,level,delegates,statement,source",
            [
                (d("2009-07-08"), "AT-01,EV-DUSHANBE,2009-07-08,KAZ,,senior_official,2,,demo"),
                (d("2009-07-08"), "AT-02,EV-DUSHANBE,2009-07-08,KGZ,,official,1,,demo"),
                (d("2009-07-08"), "AT-03,EV-DUSHANBE,2009-07-08,UZB,,official,1,,demo"),
                (d("2009-07-08"), "AT-04,EV-DUSHANBE,2009-07-08,,Campaign network (demo),expert,3,,demo"),
                (
                    d("2023-11-20"),
                    "AT-05,EV-21MSP,2023-11-20,AZE,,observer,2,Spoke on the scale of contamination and on cooperation (demo),demo"
                ),
                (d("2024-05-14"), "AT-06,EV-VISIT,2024-05-14,,Donor union (demo),official,4,,demo"),
                (
                    d("2024-11-25"),
                    "AT-07,EV-5RC,2024-11-25,AZE,,observer,3,Presented its clearance programme (demo),demo"
                ),
                (d("2024-11-25"), "AT-08,EV-5RC,2024-11-25,,Campaign network (demo),expert,6,,demo"),
            ]
        )
        let pledges = rows(
            "id,made,pledger,pledger_state,recipient,what,amount,currency,due,event_id,status,recorded,source",
            [
                (
                    d("2024-11-29"),
                    "PL-UNION,2024-11-29,Donor union (demo),,National agency (demo),Continue support to clearance for returns (demo),3000000,EUR,2025-12-31,EV-5RC,open,2024-11-29,demo"
                ),
                (
                    d("2026-01-15"),
                    "PL-UNION,2024-11-29,Donor union (demo),,National agency (demo),Continue support to clearance for returns (demo),3000000,EUR,2025-12-31,EV-5RC,partly_fulfilled,2026-01-15,demo"
                ),
                (
                    d("2024-11-29"),
                    "PL-REPORT,2024-11-29,Demo state delegation,AZE,States Parties,Submit a voluntary Article 7 report (demo),,,2025-06-30,EV-5RC,open,2024-11-29,demo"
                ),
            ]
        )
        let steps = rows(
            "id,state,date,kind,detail,source",
            [
                (d("2023-11-22"), "ST-01,AZE,2023-11-22,statement_of_support,Supports the aims of the ban (demo),demo"),
                (
                    d("2024-11-27"),
                    "ST-02,AZE,2024-11-27,reason_not_joining,Cites the unresolved conflict and the need for mines to defend itself (demo),demo"
                ),
                (
                    d("2025-09-01"),
                    "ST-03,AZE,2025-09-01,stockpile_disclosed,Stockpile figure given to the campaign (demo),demo"
                ),
            ]
        )
        let contacts = rows(
            "id,date,state,kind,organisation,counterpart,subject,outcome,event_id,source",
            [
                (
                    d("2007-05-10"),
                    "CO-01,2007-05-10,AZE,letter,Campaign network (demo),National agency (demo),The voluntary transparency report promised; reported new use (demo),Reply received (demo),,demo"
                ),
                (
                    d("2009-07-09"),
                    "CO-02,2009-07-09,KAZ,meeting,Campaign network (demo),Ministry of Foreign Affairs (demo),Interim steps towards accession (demo),,EV-DUSHANBE,demo"
                ),
                (
                    d("2024-11-26"),
                    "CO-03,2024-11-26,AZE,meeting,Campaign network (demo),Delegation (demo),A voluntary Article 7 report (demo),Promised for 2025 (demo),EV-5RC,demo"
                ),
            ]
        )
        let media = rows(
            "id,date,kind,language,title,url,coverage,event_id",
            [
                (d("2024-11-25"), "ME-01,2024-11-25,press_release,en,Review Conference opens (demo),,12,EV-5RC"),
                (
                    d("2024-11-25"),
                    "ME-02,2024-11-25,press_release,fr,Ouverture de la Conférence d'examen (demo),,5,EV-5RC"
                ),
                (
                    d("2024-11-20"),
                    "ME-03,2024-11-20,media_advisory,en,Briefing before the Review Conference (demo),,3,EV-5RC"
                ),
            ]
        )
        return [
            ("events.csv", events), ("event_attendance.csv", attendance), ("pledges.csv", pledges),
            ("state_steps.csv", steps), ("contacts.csv", contacts), ("media_outputs.csv", media),
        ]
    }
}
