import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The review conferences' action plans: `/action-plans` (the plans) and `/action-plans/:plan` (the measures year by
/// year with a chart of completions and extensions, the figures sources published beside MineFree's, one state's
/// progress with `state=`, and for the programme's readers the plan's recorded indicators).
extension WebPages {
    static func actionPlans(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let plans = req.minefree.registry.actionPlans
        let body =
            "<p>\(c.t("plans.intro"))</p>"
            + table(
                [
                    c.t("plans.plan"), c.t("plans.meeting"), c.t("plans.adopted_on"), c.t("plans.years"),
                    c.t("plans.actions"), c.t("common.source"),
                ],
                plans.map { p in
                    [
                        "<a href=\"/action-plans/\(esc(p.code))\">\(esc(p.name))</a>", esc(p.meetingCode),
                        p.adoptedOn.iso, "\(p.firstYear)–\(p.lastYear)",
                        p.actions.map(String.init) ?? c.t("plans.not_read"),
                        "<a href=\"\(esc(p.provenance.source))\">\(esc(p.provenance.confidence.rawValue))</a>",
                    ]
                },
                id: "plan-list",
                numeric: [4]
            )
        return c.page(req.minefree.catalogue.text("plans.title", c.lang), body)
    }

    static func actionPlan(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let date = try asOf(req)
        let code = req.parameters.get("plan") ?? ""
        let registry = req.minefree.registry
        guard let plan = registry.actionPlan(code) else {
            throw Problem(.notFound, "no action plan '\(code)' in the reference data", field: "plan")
        }
        let chosen = req.query[String.self, at: "state"] ?? ""
        guard chosen.count <= 3 else {
            throw Problem.badValue(
                "state",
                String(chosen.prefix(12)),
                expected: "an ISO 3166-1 alpha-3 or alpha-2 code"
            )
        }
        // A plan's figures for a day depend on the registry, the store and who reads them: kept per generation.
        let key =
            "action-plan-page \(c.lang) \(plan.code) \(date.iso) \(chosen) \(c.may(.readProgramme)) \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) {
            let records =
                c.may(.readProgramme)
                ? try await ActionPlanRepository(database: req.minefree.store.database).records(asOf: date) : .init()
            let progress = ActionPlanProgress(plan: plan, registry: registry, records: records, asOf: date)
            var body = dateForm(
                c,
                date,
                extra:
                    " <label>\(c.t("funding.state")) <input name=\"state\" size=\"4\" maxlength=\"3\" value=\"\(esc(String(chosen.prefix(3))))\"></label> "
            )
            body +=
                "<p>\(c.t("plans.adopted", ["meeting": esc(plan.meetingCode), "day": plan.adoptedOn.iso])) · "
                + "\(plan.firstYear)–\(plan.lastYear) · "
                + (plan.actions.map { c.t("plans.actions_count", ["n": String($0)]) } ?? c.t("plans.not_read"))
                + " · <a href=\"\(esc(plan.provenance.source))\">\(c.t("common.source"))</a></p>"
            if let text = req.query[String.self, at: "state"], !text.isEmpty {
                guard let state = registry.state(text) else {
                    throw Problem.badValue(
                        "state",
                        String(text.prefix(12)),
                        expected: "an ISO 3166-1 alpha-3 or alpha-2 code"
                    )
                }
                let s = StatePlanProgress(state: state, plan: plan, registry: registry, records: records, asOf: date)
                body += "<h2 id=\"state\">\(esc(state.name)) (\(state.iso3))</h2>"
                body += table(
                    [c.t("plans.question"), s.start.iso, s.end.iso],
                    s.rows.map { [esc($0.question), esc($0.atStart), esc($0.now)] }
                        + s.entered.map { [esc("indicator \($0.indicatorID) (\($0.date.iso))"), "", esc($0.value)] },
                    id: "state-progress"
                )
            }
            guard !progress.years.isEmpty else { return body + "<p id=\"not-begun\">\(c.t("plans.not_begun"))</p>" }
            let years = progress.years.map(String.init)
            let row = { (m: PlanMeasure) in progress.measures.first { $0.measure == m }! }
            body += SVGChart.stackedBars(
                id: "plan-chart",
                title: req.minefree.catalogue.text("plans.chart", c.lang),
                unit: req.minefree.catalogue.text("plans.states_unit", c.lang),
                categories: years,
                series: [
                    SVGChart.Series(
                        name: req.minefree.catalogue.text("plans.completed", c.lang),
                        colour: "#2a7f62",
                        values: row(.art5Completed).values.map { Double($0.value) }
                    ),
                    SVGChart.Series(
                        name: req.minefree.catalogue.text("plans.extended", c.lang),
                        colour: "#c9822b",
                        values: row(.art5Extensions).values.map { Double($0.value) }
                    ),
                ]
            )
            body += "<h2 id=\"measures\">\(c.t("plans.measures"))</h2>"
            body += table(
                [c.t("plans.measure")] + years + [c.t("plans.plan_total")],
                progress.measures.map { r in
                    [esc(r.measure.title)]
                        + r.values.map {
                            "<span title=\"\(esc($0.states.joined(separator: ", ")))\">\($0.value)</span>"
                        } + [r.planTotal.map(String.init) ?? ""]
                },
                id: "plan-measures",
                numeric: Set(1...(years.count + 1))
            )
            if let last = progress.measures.first(where: { $0.measure == .art5Completed })?.values.last,
                last.undated > 0
            {
                body += "<p class=\"note\" id=\"undated\">\(c.t("plans.undated", ["n": String(last.undated)]))</p>"
            }
            if !progress.published.isEmpty {
                body += "<h2 id=\"published\">\(c.t("plans.published"))</h2>"
                body += table(
                    [
                        c.t("common.year"), c.t("plans.figure"), c.t("plans.published_value"), "MineFree",
                        c.t("common.source"),
                    ],
                    progress.published.map { p in
                        [
                            p.figure.year.map(String.init) ?? "", esc(p.figure.description), esc(p.figure.valueText),
                            p.computed.map { String($0.value) } ?? "",
                            "<a href=\"\(esc(p.figure.provenance.source))\">\(esc(p.figure.provenance.confidence.rawValue))</a>",
                        ]
                    },
                    id: "plan-published"
                )
            }
            if c.may(.readProgramme) {
                body += "<h2 id=\"indicators\">\(c.t("plans.indicators"))</h2>"
                if c.may(.submitRecords) {
                    body +=
                        "<p class=\"forms\">"
                        + [PlanAction.info, PlanIndicator.info, IndicatorValue.info].map {
                            "<a href=\"/submit/\($0.name)\" id=\"new-\($0.name)\">\(c.t("people_form.title", ["record": $0.singular]))</a>"
                        }.joined(separator: " · ") + "</p>"
                }
                body += table(
                    [
                        c.t("plans.action"), c.t("plans.indicator"), c.t("plans.value"), c.t("plans.as_of"),
                        c.t("plans.from"),
                    ],
                    progress.indicators.map { i in
                        [
                            i.action.map { String($0.number) } ?? "", esc(i.indicator.text),
                            i.computed.map { String($0.value) } ?? esc(i.entered.last?.value ?? ""),
                            i.computed.map { String($0.year) } ?? i.entered.last?.date.iso ?? "",
                            esc(
                                i.computed != nil
                                    ? "measure \(i.indicator.measure!.rawValue)" : (i.entered.last?.source ?? "")
                            ),
                        ]
                    },
                    id: "plan-indicators"
                )
            }
            return body
        }
        return c.page(plan.name, body)
    }
}
