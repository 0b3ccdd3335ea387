import Foundation

/// The demo's action-plan records: two actions of the Oslo Action Plan as a reader would enter them (the texts are
/// the demo's own summaries, not the plan's words), an indicator answered by a MineFree measure, one answered by
/// entered values, and those values.
enum DemoActionPlans {
    static func files(through snapshot: CalendarDate) -> [(name: String, contents: String)] {
        let actions = """
            id,plan,number,section,text,source
            OAP-DEMO-21,oslo,21,Survey and clearance of mined areas,Complete clearance as soon as possible (demo summary),demo
            OAP-DEMO-34,oslo,34,Victim assistance,Name a focal point for victim assistance (demo summary),demo

            """
        let indicators = """
            id,plan,action_id,text,measure,target,source
            IND-DEMO-21,oslo,OAP-DEMO-21,States Parties that completed clearance in the year (demo),art5_completed,,demo
            IND-DEMO-34,oslo,OAP-DEMO-34,States Parties with a victim-assistance focal point (demo),,all,demo

            """
        let values = [
            (CalendarDate(year: 2021, month: 11, day: 15)!, "VAL-DEMO-1,IND-DEMO-34,,2021-11-15,20,,demo"),
            (CalendarDate(year: 2023, month: 11, day: 20)!, "VAL-DEMO-2,IND-DEMO-34,,2023-11-20,24,,demo"),
        ]
        return [
            ("plan_actions.csv", actions), ("plan_indicators.csv", indicators),
            (
                "indicator_values.csv",
                "id,indicator_id,state,date,value,denominator,source\n"
                    + values.filter { $0.0 < snapshot }.map { $0.1 + "\n" }.joined()
            ),
        ]
    }
}
