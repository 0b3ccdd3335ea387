import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The clearance priorities on the web: the ranked list with each factor's contribution, the map coloured by rank,
/// and one hazard's explanation (every factor's value and the records it counted).
enum PlanningPages {
    static let perPage = 50
    /// The map colours the first hazards of the ranking; the rest are drawn as context.
    static let mapped = 1_000

    /// `GET /priorities`.
    static func list(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.hazards)
        let c = WebContext(req)
        let date = try WebPages.asOf(req)
        let regionText = req.query[String.self, at: "region"].map { String($0.prefix(100)) }
        let regions = try await Parameters.regions(regionText, land: req.minefree.land)
        let page = try Parameters.pageNumber(req.query[String.self, at: "page"], perPage: perPage)
        let model = try PlanningFigures.model(req.query[String.self, at: "model"], on: req)
        let compareText = req.query[String.self, at: "compare"].flatMap { $0.isEmpty ? nil : $0 }
        let other = try compareText.map { try PlanningFigures.model($0, on: req) }
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: regions, model: model, on: req)
        let library = req.minefree.settings.planning
        var extra =
            "<label>\(c.t("common.region")) <input name=\"region\" size=\"8\" value=\"\(esc(regionText ?? ""))\"></label>"
        if library.models.count > 1 {
            func select(_ name: String, _ chosen: String?, empty: Bool) -> String {
                var out = "<select name=\"\(name)\">" + (empty ? "<option value=\"\"></option>" : "")
                for m in library.models {
                    out +=
                        "<option value=\"\(esc(m.name))\"\(m.name == chosen ? " selected" : "")>\(esc(m.name))</option>"
                }
                return out + "</select>"
            }
            extra += "<label>\(c.t("priority.model")) \(select("model", model.name, empty: false))</label>"
            extra += "<label>\(c.t("priority.compare_with")) \(select("compare", other?.name, empty: true))</label>"
        }
        var body = WebPages.dateForm(c, date, extra: extra)
        body +=
            "<p id=\"model\">\(c.t("priority.model_text", ["model": model.name, "count": String(ranked.count)]))\(model.description.map { " " + esc($0) } ?? "")</p>"
        body += "<ul class=\"factors\">"
        for f in model.factors {
            body += "<li>\(esc(f.name)): \(describe(c, f)) — \(c.t("priority.weight")) \(format(f.weight, 2))</li>"
        }
        body += "</ul>"
        // The map's colours, as data the script reads (never run as script): the first hazards by rank.
        var ranks = "{"
        for (i, h) in ranked.prefix(mapped).enumerated() {
            if i > 0 { ranks += "," }
            ranks += "\(WebPages.json(h.hazardID)):[\(h.rank),\(format(h.score, 4))]"
        }
        ranks += "}"
        body +=
            "<div id=\"priority-map\" class=\"map\" data-as-of=\"\(date.iso)\" data-total=\"\(ranked.count)\"></div><script type=\"application/json\" id=\"priority-data\">\(ranks.replacingOccurrences(of: "<", with: "\\u003c"))</script>"
        body += "<p class=\"legend\">\(c.t("priority.legend", ["n": String(min(mapped, ranked.count))]))</p>"
        let modelQuery = model.name == PriorityModel.default.name ? "" : "&amp;model=\(esc(model.name))"
        if let other {
            // Which hazards move, and which factors moved them, when the ranking is by the other model.
            let after = try await PlanningFigures.ranking(asOf: date, regions: regions, model: other, on: req)
            let moves = PriorityComparison(before: ranked, after: after).moves.filter { ($0.move ?? 1) != 0 }
            body += "<h2>\(c.t("priority.moves", ["model": other.name, "count": String(moves.count)]))</h2>"
            body += table(
                [c.t("priority.hazard"), c.t("priority.rank"), c.t("priority.rank_after"), c.t("priority.why")],
                moves.prefix(perPage).map { m in
                    [
                        esc(m.hazardID), m.before.map(String.init) ?? "–", m.after.map(String.init) ?? "–",
                        esc(m.explanation),
                    ]
                },
                id: "moves",
                numeric: [1, 2]
            )
        }
        let shown = ranked.dropFirst((page - 1) * perPage).prefix(perPage)
        body += table(
            [
                c.t("priority.rank"), c.t("priority.hazard"), c.t("common.region"), c.t("priority.remaining"),
                c.t("priority.score"),
            ] + model.factors.map { esc($0.name) },
            shown.map { h in
                [
                    String(h.rank),
                    "<a href=\"/priorities/\(esc(h.hazardID))?as_of=\(date.iso)\(modelQuery)\">\(esc(h.hazardID))</a>",
                    esc(h.region), c.hectares(h.remainingM2), format(h.score, 4),
                ] + h.factors.map { bar($0) }
            },
            id: "priorities",
            numeric: [0, 3, 4]
        )
        body += c.pager(
            "/priorities",
            [
                ("as_of", date.iso), ("region", regionText),
                ("model", model.name == PriorityModel.default.name ? nil : model.name),
            ],
            page: page,
            perPage: perPage,
            total: ranked.count
        )
        body += "<p class=\"hint\">\(c.t("priority.hint"))</p>"
        return c.page(c.t("priority.title"), body, head: WebPages.leafletHead)
    }

    /// `GET /priorities/:id`.
    static func explain(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.hazards)
        let c = WebContext(req)
        let date = try WebPages.asOf(req)
        let id = req.parameters.get("id") ?? ""
        guard (1...100).contains(id.count) else {
            throw Problem.badValue("id", String(id.prefix(100)), expected: "a hazardous area id")
        }
        let model = try PlanningFigures.model(req.query[String.self, at: "model"], on: req)
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: nil, model: model, on: req)
        guard let h = ranked.first(where: { $0.hazardID == id }) else {
            throw Problem(.notFound, "no hazardous area '\(id)' open on \(date)", field: "id")
        }
        let keep =
            model.name == PriorityModel.default.name
            ? "" : "<input type=\"hidden\" name=\"model\" value=\"\(esc(model.name))\">"
        var body = WebPages.dateForm(c, date, extra: keep)
        body += "<p id=\"explained-model\">\(c.t("priority.model")): \(esc(model.name))</p>"
        body +=
            "<p id=\"standing\">\(c.t("priority.standing", ["rank": String(h.rank), "count": String(ranked.count), "score": format(h.score, 6)])) <a href=\"/hazards/\(esc(h.hazardID))?as_of=\(date.iso)\">\(c.t("priority.hazard_page"))</a></p>"
        body += table(
            [
                c.t("priority.factor"), c.t("priority.value"), c.t("priority.normalised"),
                c.t("priority.weight_column"),
                c.t("priority.contribution"), c.t("priority.counted"),
            ],
            h.factors.map { f in
                [
                    esc(f.name) + " <span class=\"hint\">(\(esc(f.kind.rawValue)))</span>", format(f.raw, 3),
                    format(f.normalised, 4), format(f.weight, 4), format(f.contribution, 6),
                    f.evidence.prefix(50).map(esc).joined(separator: ", ")
                        + (f.evidence.count > 50 ? " … (\(f.evidence.count))" : ""),
                ]
            },
            id: "explanation",
            numeric: [1, 2, 3, 4]
        )
        return c.page(c.t("priority.explain_title", ["id": h.hazardID]), body)
    }

    /// A factor's contribution as a number beside a bar as long as its share of the factor's weight.
    static func bar(_ f: FactorScore) -> String {
        let width = Int((f.normalised * 60).rounded())
        return
            "<span class=\"bar\" style=\"display:inline-block;width:\(width)px;height:0.7em;background:#b45309\"></span> \(format(f.contribution, 4))"
    }

    static func describe(_ c: WebContext, _ f: PriorityModel.Factor) -> String {
        c.t(
            "priority.kind.\(f.kind.rawValue)",
            [
                "radius": format(f.radiusM ?? 0, 0), "full": format(f.normaliser ?? 0, 0),
                "cap": format(f.capM ?? 0, 0), "years": String(f.years ?? 0),
                "classes": (f.roadClasses ?? []).map(\.rawValue).joined(separator: "/"),
                "uses": (f.useWeights ?? [:]).sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { "\($0.key.rawValue) \(format($0.value, 2))" }.joined(separator: ", "),
                "m2": format(f.m2PerDay ?? 0, 0),
            ]
        )
    }

    static func format(_ x: Double, _ places: Int) -> String { String(format: "%.\(places)f", x) }
}

extension PlanningPages {
    /// Every value a query gives a key (`scenario=a&scenario=b`, as checkboxes send them), decoded, at most `limit`.
    static func values(_ req: Request, _ key: String, limit: Int) -> [String] {
        guard let query = req.url.query else { return [] }
        var found: [String] = []
        for pair in query.split(separator: "&").prefix(200) where found.count < limit {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == key else { continue }
            let value = String(parts[1].prefix(200)).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            if let value, !value.isEmpty, !found.contains(value) { found.append(value) }
        }
        return found
    }

    /// `GET /forecast`: when the open hazards will be released, national and per region, under one scenario or
    /// several side by side (`scenario`, repeated), with the chance of meeting a deadline and, for the chosen scope
    /// (`scope`: national or a region), the share of simulations finished by each year.
    static func forecast(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.progress)
        let c = WebContext(req)
        let date = try WebPages.asOf(req)
        let deadlineText = req.query[String.self, at: "deadline"].map { String($0.prefix(20)) }
        let stateText = req.query[String.self, at: "state"].map { String($0.prefix(10)) }
        let deadline = try PlanningFigures.deadline(deadlineText, state: stateText, after: date, on: req)
        let library = req.minefree.settings.planning
        let names = values(req, "scenario", limit: library.scenarios.count)
        let chosen = try (names.isEmpty ? [ForecastScenario.default.name] : names).map {
            try PlanningFigures.scenario($0, on: req)
        }
        var forecasts: [CompletionForecast] = []
        for scenario in chosen {
            forecasts.append(try await PlanningFigures.forecast(asOf: date, scenario: scenario, on: req))
        }
        let f = forecasts[0]
        let scopeText = req.query[String.self, at: "scope"].map { String($0.prefix(100)) } ?? "NATIONAL"
        guard let shownScope = f.scopes.firstIndex(where: { $0.scope == scopeText }) else {
            throw Problem.badValue(
                "scope",
                scopeText,
                expected: "NATIONAL or a region: " + f.regions.map(\.scope).joined(separator: ", ")
            )
        }
        var extra =
            "<label>\(c.t("forecast.deadline")) <input type=\"date\" name=\"deadline\" value=\"\(esc(deadlineText ?? ""))\"></label>"
        extra +=
            "<label>\(c.t("forecast.deadline_of")) <input name=\"state\" size=\"4\" maxlength=\"3\" value=\"\(esc(stateText ?? ""))\"></label>"
        extra += "<label>\(c.t("forecast.scope")) <select name=\"scope\">"
        for s in f.scopes {
            let name = s.scope == "NATIONAL" ? c.t("forecast.national") : s.scope
            extra +=
                "<option value=\"\(esc(s.scope))\"\(s.scope == scopeText ? " selected" : "")>\(esc(name))</option>"
        }
        extra += "</select></label>"
        if library.scenarios.count > 1 {
            extra += "<fieldset id=\"scenario-choice\"><legend>\(c.t("forecast.scenarios"))</legend>"
            for s in library.scenarios {
                let on = chosen.contains { $0.name == s.name }
                extra +=
                    "<label><input type=\"checkbox\" name=\"scenario\" value=\"\(esc(s.name))\"\(on ? " checked" : "")> \(esc(s.name))</label> "
            }
            extra += "</fieldset>"
        }
        var body = WebPages.dateForm(c, date, extra: extra)
        for (k, g) in forecasts.enumerated() {
            body +=
                "<p id=\"\(k == 0 ? "scenario" : "scenario-\(k + 1)")\">\(c.t("forecast.scenario_text", ["name": g.scenario.name, "description": g.scenario.description ?? "", "iterations": String(g.iterations), "seed": String(g.seed)]))</p>"
        }
        let n = f.scopes[shownScope]
        body += "<div class=\"cards\">"
        body += WebPages.card(
            c.t("forecast.p50"),
            n.calendarYear(n.p50).map(String.init) ?? c.t("forecast.never"),
            "#scopes",
            id: "card-p50"
        )
        body += WebPages.card(
            c.t("forecast.range"),
            "\(n.calendarYear(n.p10).map(String.init) ?? "–")–\(n.calendarYear(n.p90).map(String.init) ?? "–")",
            "#scopes",
            id: "card-range"
        )
        if let deadline {
            body += WebPages.card(
                c.t("forecast.by_deadline", ["deadline": deadline.iso]),
                String(format: "%.0f %%", n.probability(completedBy: deadline) * 100),
                "#scopes",
                id: "card-deadline"
            )
        }
        body += "</div>"
        // From the as-of year to the first year every simulation is done (or the horizon).
        func shown(_ g: CompletionForecast) -> [(x: Int, y: Double)] {
            let fan = g.scopes[shownScope].fanChart(horizonYears: 50)
            return (fan.prefix { $0.completedShare < 1 } + fan.drop { $0.completedShare < 1 }.prefix(1)).map {
                (x: $0.year, y: ($0.completedShare * 1000).rounded() / 10)
            }
        }
        let title = req.minefree.catalogue.text("forecast.chart_title", c.lang).replacingOccurrences(
            of: "{scope}",
            with: shownScope == 0 ? req.minefree.catalogue.text("forecast.national", c.lang) : n.scope
        )
        body +=
            "<figure>"
            + (forecasts.count == 1
                ? SVGChart.line(id: "chart-forecast", title: title, unit: "%", points: shown(f))
                : SVGChart.lines(
                    id: "chart-forecast",
                    title: title,
                    unit: "%",
                    series: forecasts.map { (name: $0.scenario.name, points: shown($0)) }
                )) + "</figure>"
        func years(_ x: Double) -> String { x.isFinite ? String(format: "%.1f", x) : c.t("forecast.never") }
        if forecasts.count > 1 {
            // Side by side: each scope's median year and 80 % range under each scenario, and the deadline's chance.
            let comparison = ScenarioComparison(forecasts, deadline: deadline)
            body += table(
                [c.t("forecast.scope"), c.t("forecast.hazards"), c.t("priority.remaining")]
                    + comparison.scenarios.map { esc($0) },
                comparison.rows.map { row in
                    [esc(row.scope), String(row.hazards), c.hectares(row.remainingM2)]
                        + row.cells.map { cell in
                            let year = cell.p50Year.map(String.init) ?? c.t("forecast.never")
                            let range = "\(years(cell.p10Years))–\(years(cell.p90Years))"
                            let chance = cell.probabilityByDeadline.map { String(format: " · %.0f %%", $0 * 100) } ?? ""
                            return
                                "\(year) <span class=\"hint\">(\(range) \(c.t("forecast.years_short"))\(chance))</span>"
                        }
                },
                id: "comparison",
                numeric: [1, 2]
            )
        }
        body += table(
            [
                c.t("forecast.scope"), c.t("forecast.hazards"), c.t("priority.remaining"), c.t("forecast.p10"),
                c.t("forecast.p50_years"), c.t("forecast.p90"), c.t("forecast.p50_year"),
            ] + (deadline.map { [c.t("forecast.by_deadline", ["deadline": $0.iso])] } ?? []),
            f.scopes.map { s in
                [
                    esc(s.scope), String(s.hazards), c.hectares(s.remainingM2), years(s.p10), years(s.p50),
                    years(s.p90),
                    s.calendarYear(s.p50).map(String.init) ?? c.t("forecast.never"),
                ] + (deadline.map { [String(format: "%.0f %%", s.probability(completedBy: $0) * 100)] } ?? [])
            },
            id: "scopes",
            numeric: [1, 2, 3, 4, 5, 6, 7]
        )
        body += "<p class=\"hint\">\(c.t("forecast.hint"))</p>"
        return c.page(c.t("forecast.title"), body)
    }
}

extension PlanningPages {
    /// `GET /workplan`: an Article 5 extension request's work plan for an end date (`until`) under a scenario — the
    /// remaining challenge, yearly milestones by region, the capacity and funding needed, the probability, the
    /// assumptions and risks.
    static func workPlan(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.progress)
        let c = WebContext(req)
        let date = try WebPages.asOf(req)
        let untilText = req.query[String.self, at: "until"].map { String($0.prefix(20)) }
        let until = try PlanningFigures.deadline(untilText, after: date)
        let library = req.minefree.settings.planning
        let scenario = try PlanningFigures.scenario(req.query[String.self, at: "scenario"], on: req)
        var extra =
            "<label>\(c.t("workplan.until")) <input type=\"date\" name=\"until\" value=\"\(esc(until?.iso ?? ""))\"></label>"
        extra += "<label>\(c.t("workplan.scenario")) <select name=\"scenario\">"
        for s in library.scenarios {
            extra +=
                "<option value=\"\(esc(s.name))\"\(s.name == scenario.name ? " selected" : "")>\(esc(s.name))</option>"
        }
        extra += "</select></label>"
        var body = WebPages.dateForm(c, date, extra: extra)
        guard let until else {
            body += "<p id=\"ask\" class=\"hint\">\(c.t("workplan.ask"))</p>"
            return c.page(c.t("workplan.title"), body)
        }
        let plan = try await PlanningFigures.workPlan(asOf: date, until: until, scenario: scenario, on: req)
        body +=
            "<p id=\"scenario\">\(c.t("forecast.scenario_text", ["name": scenario.name, "description": scenario.description ?? "", "iterations": "10000", "seed": "2026"]))</p>"
        body += "<h2>\(c.t("workplan.challenge"))</h2>"
        let areas = plan.challenge.reduce(0) { $0 + $1.areas }
        let m2 = plan.challenge.reduce(Int64(0)) { $0 + $1.remainingM2 }
        body += table(
            [c.t("workplan.region"), c.t("workplan.kind"), c.t("workplan.areas"), c.t("workplan.remaining")],
            plan.challenge.map { [esc($0.region), esc($0.classification), String($0.areas), String($0.remainingM2)] }
                + [["<strong>∑</strong>", "", "<strong>\(areas)</strong>", "<strong>\(m2)</strong>"]],
            id: "challenge",
            numeric: [2, 3]
        )
        body += "<h2>\(c.t("workplan.milestones"))</h2>"
        body += table(
            [
                c.t("workplan.year"), c.t("workplan.region"), c.t("workplan.areas"), c.t("workplan.release_m2"),
                c.t("workplan.cancelled_m2"),
            ],
            plan.milestones.map {
                [String($0.year), esc($0.region), String($0.areas), String($0.releasedM2), String($0.cancelledM2)]
            },
            id: "milestones",
            numeric: [0, 2, 3, 4]
        )
        body += "<h2>\(c.t("workplan.capacity"))</h2>"
        body +=
            "<p id=\"needed\">\(c.t("workplan.needed_text", ["needed": format(plan.requiredClearanceM2PerDay.rounded(), 0), "has": format(plan.scenarioClearanceM2PerDay.rounded(), 0)]))</p>"
        body += table(
            [c.t("workplan.method"), c.t("workplan.teams_scenario"), c.t("workplan.teams_needed")],
            ForecastScenario.Method.allCases.filter { scenario.teams($0).teams > 0 }.map { m in
                [esc(m.rawValue), format(scenario.teams(m).teams, 1), format(plan.requiredTeams[m] ?? 0, 1)]
            },
            id: "teams",
            numeric: [1, 2]
        )
        if let money = plan.requiredFundingPerYear {
            body += "<p id=\"funding\">\(c.t("workplan.funding_text", ["money": format(money.rounded(), 0)]))</p>"
        }
        body += "<h2>\(c.t("workplan.probability"))</h2>"
        body +=
            "<p id=\"probability\">\(c.t("workplan.probability_text", ["until": until.iso, "percent": String(format: "%.0f %%", plan.probability * 100), "median": plan.medianYears.isFinite ? format(plan.medianYears, 1) : c.t("forecast.never")]))</p>"
        // The assumptions and risks are the plan's own sentences (English, as the request is filed).
        body += "<h2>\(c.t("workplan.assumptions"))</h2><ul id=\"assumptions\">"
        body += plan.assumptions.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        body += "<h2>\(c.t("workplan.risks"))</h2><ul id=\"risks\">"
        body += plan.risks.map { "<li>\(esc($0))</li>" }.joined() + "</ul>"
        body += "<p class=\"hint\">\(c.t("workplan.downloads"))</p>"
        return c.page(c.t("workplan.title"), body)
    }
}
