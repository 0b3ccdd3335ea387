import Foundation

/// One action of a review conference's action plan, as whoever reads the plan's text enters it: its number, the
/// section it sits in, what it commits States Parties to.
public struct PlanAction: Sendable {
    public var localID: String
    /// The plan's code in the reference data (`oslo`).
    public var plan: String
    public var number: Int
    public var section: String?
    public var text: String
    public var source: String?
    public var extra: String?

    public init(localID: String, plan: String, number: Int, text: String, section: String? = nil, source: String? = nil)
    {
        self.localID = localID
        self.plan = plan
        self.number = number
        self.text = text
        self.section = section
        self.source = source
    }

    public init() { self.init(localID: "", plan: "", number: 1, text: "") }
}

extension PlanAction: LayerRecord {
    public static let layer = Layer<PlanAction>(
        name: "plan_actions",
        singular: "action-plan action",
        area: .implementation,
        table: "plan_actions",
        key: ["id"],
        date: nil,
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_action+id"),
            .code("plan", \.plan, { $0.plan }, hxl: "#x_plan+code"),
            .integer("number", \.number, { $0.number }, 1...500, hxl: "#x_action+num"),
            .text("section", \.section, { $0.section }, maxLength: 300, hxl: "#x_action+section"),
            .text("text", \.text, { $0.text }, maxLength: 4000, hxl: "#description"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ a: inout PlanAction, _ row: inout RowCheck) {
        ActionPlanRules.checkPlan(a.plan, &row)
    }

    public static func checkAcross(_ c: inout CrossCheck) {
        // One number per plan in a file: two records for "Oslo action 27" would make every count ambiguous.
        var seen: [String: String] = [:]
        for (i, a) in c.records(PlanAction.self).enumerated() {
            let key = "\(a.plan) \(a.number)"
            if let first = seen[key] {
                c.fail(
                    PlanAction.self,
                    i,
                    "duplicate-action",
                    "action \(a.number) of plan \(a.plan) is already record \(first)"
                )
            }
            seen[key] = seen[key] ?? a.localID
        }
    }
}

/// An indicator of an action plan: what the plan says shows progress on an action, and — where MineFree can compute
/// it — the measure that answers it. An indicator without a measure is answered by entered values
/// (`IndicatorValue`), each with its source.
public struct PlanIndicator: Sendable {
    public var localID: String
    public var plan: String
    /// The action it belongs to (a `plan_actions` id), when entered.
    public var actionID: String?
    public var text: String
    public var measure: PlanMeasure?
    /// What the plan aims at, as written (`all`, `100 %`, `by 2025`).
    public var target: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        plan: String,
        text: String,
        actionID: String? = nil,
        measure: PlanMeasure? = nil,
        target: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.plan = plan
        self.text = text
        self.actionID = actionID
        self.measure = measure
        self.target = target
        self.source = source
    }

    public init() { self.init(localID: "", plan: "", text: "") }
}

extension PlanIndicator: LayerRecord {
    public static let layer = Layer<PlanIndicator>(
        name: "plan_indicators",
        singular: "action-plan indicator",
        area: .implementation,
        table: "plan_indicators",
        key: ["id"],
        date: nil,
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#indicator+id"),
            .code("plan", \.plan, { $0.plan }, hxl: "#x_plan+code"),
            .code(
                "action_id",
                \.actionID,
                { $0.actionID },
                hxl: "#x_action+id",
                references: Reference("plan_actions", rule: "unknown-action")
            ),
            .text("text", \.text, { $0.text }, maxLength: 2000, hxl: "#indicator+name"),
            .choice("measure", \.measure, { $0.measure }, hxl: "#indicator+code"),
            .text("target", \.target, { $0.target }, maxLength: 200, hxl: "#indicator+target"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ i: inout PlanIndicator, _ row: inout RowCheck) {
        ActionPlanRules.checkPlan(i.plan, &row)
    }
}

/// A value of an indicator on a day, for all States Parties or one state, as a source gave it: a count, an area, a
/// share (with its denominator).
public struct IndicatorValue: Sendable {
    public var localID: String
    public var indicatorID: String
    /// Nil for a value across States Parties.
    public var state: String?
    public var date: CalendarDate
    /// A decimal number as written (`52`, `497.34`).
    public var value: String
    public var denominator: Int?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        indicatorID: String,
        date: CalendarDate,
        value: String,
        state: String? = nil,
        denominator: Int? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.indicatorID = indicatorID
        self.date = date
        self.value = value
        self.state = state
        self.denominator = denominator
        self.source = source
    }

    public init() { self.init(localID: "", indicatorID: "", date: .epoch, value: "0") }

    public var number: Double? { ActionPlanRules.number(value) }
}

extension IndicatorValue: LayerRecord {
    public static let layer = Layer<IndicatorValue>(
        name: "indicator_values",
        singular: "indicator value",
        area: .implementation,
        table: "indicator_values",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_value+id"),
            .code(
                "indicator_id",
                \.indicatorID,
                { $0.indicatorID },
                hxl: "#indicator+id",
                references: Reference("plan_indicators", rule: "unknown-indicator")
            ),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .text("value", \.value, { $0.value }, maxLength: 30, hxl: "#indicator+num"),
            .integer("denominator", \.denominator, { $0.denominator }, 1...1_000_000, hxl: "#indicator+denominator"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ v: inout IndicatorValue, _ row: inout RowCheck) {
        RecordRules.checkState(v.state, "state", &row)
        if ActionPlanRules.number(v.value) == nil {
            row.fail("not-a-number", "\(row.name("value")) '\(v.value)' is not a decimal number (e.g. 52 or 497.34)")
        }
    }
}

enum ActionPlanRules {
    static func checkPlan(_ code: String, _ row: inout RowCheck) {
        if !ActionPlanLayers.planCodes.contains(code) {
            row.fail(
                "unknown-plan",
                "\(row.name("plan")) '\(code)' is not one of \(ActionPlanLayers.planCodes.joined(separator: ", "))"
            )
        }
    }

    /// A plain decimal: digits, one optional point, an optional minus; no exponent, no thousands separator.
    static func number(_ text: String) -> Double? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Double(text)
    }
}

/// The plans' codes, as the reference data names them (a record naming another is refused).
public enum ActionPlanLayers {
    public static let planCodes = ["nairobi", "cartagena", "maputo", "oslo", "siem_reap_angkor"]
}
