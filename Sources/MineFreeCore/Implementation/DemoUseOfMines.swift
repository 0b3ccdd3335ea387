import Foundation

/// The demo's report of use: an official's words that an area was mined again after an incident, the campaign's
/// letter asking for an explanation (the demo's contact CO-01), the state's answer and the later finding. The
/// people, words and findings are the demo's own.
enum DemoUseOfMines {
    static func files(through snapshot: CalendarDate) -> [(name: String, contents: String)] {
        func rows(_ header: String, _ lines: [(CalendarDate, String)]) -> String {
            header + "\n" + lines.filter { $0.0 < snapshot }.map { $0.1 + "\n" }.joined()
        }
        func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
        let reports = rows(
            "id,actor_kind,actor_state,actor_name,territory,admin_area,place,used_from,used_to,precision,weapon,device,"
                + "reported,source_kind,source,confidence,notes,lat,lon",
            [
                (
                    d("2007-04-20"),
                    "UR-01,state,AZE,Armed forces (demo),AZE,Aghdam,Front-line base (demo),2007-04-01,,month,ap_mine,,"
                        + "2007-04-20,media,Newspaper interview with an official (demo),single-source,"
                        + "An official said the area was mined again after an incident (demo),39.99,46.93"
                )
            ]
        )
        let assessments = rows(
            "id,report_id,status,assessed,assessed_by,source,confidence,notes",
            [
                (
                    d("2007-05-10"),
                    "UA-01,UR-01,alleged,2007-05-10,Campaign network (demo),Letter to the national agency (demo),single-source,"
                ),
                (
                    d("2007-06-20"),
                    "UA-02,UR-01,denied,2007-06-20,National agency (demo),Reply to the campaign (demo),single-source,"
                ),
                (
                    d("2008-11-01"),
                    "UA-03,UR-01,credible,2008-11-01,Campaign network (demo),Annual report (demo),single-source,"
                        + "Survey found new mines near the base (demo)"
                ),
            ]
        )
        let responses = rows(
            "id,report_id,responded,responder_kind,responder,kind,summary,contact_id,source,confidence,notes",
            [
                (
                    d("2007-05-10"),
                    "UP-01,UR-01,2007-05-10,icbl,Campaign network (demo),request_for_clarification,"
                        + "Asked the agency to explain the official's words (demo),CO-01,Letter (demo),single-source,"
                ),
                (
                    d("2007-06-20"),
                    "UP-02,UR-01,2007-06-20,accused,National agency (demo),answer,"
                        + "No new mines were laid (demo),CO-01,Reply (demo),single-source,"
                ),
            ]
        )
        return [("use_reports.csv", reports), ("use_assessments.csv", assessments), ("use_responses.csv", responses)]
    }
}
