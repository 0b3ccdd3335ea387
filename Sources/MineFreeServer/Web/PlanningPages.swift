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
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: regions, on: req)
        let model = PriorityModel.default
        var body = WebPages.dateForm(
            c,
            date,
            extra:
                "<label>\(c.t("common.region")) <input name=\"region\" size=\"8\" value=\"\(esc(regionText ?? ""))\"></label>"
        )
        body +=
            "<p id=\"model\">\(c.t("priority.model_text", ["model": model.name, "count": String(ranked.count)]))</p>"
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
        let shown = ranked.dropFirst((page - 1) * perPage).prefix(perPage)
        body += table(
            [
                c.t("priority.rank"), c.t("priority.hazard"), c.t("common.region"), c.t("priority.remaining"),
                c.t("priority.score"),
            ] + model.factors.map { esc($0.name) },
            shown.map { h in
                [
                    String(h.rank),
                    "<a href=\"/priorities/\(esc(h.hazardID))?as_of=\(date.iso)\">\(esc(h.hazardID))</a>",
                    esc(h.region), c.hectares(h.remainingM2), format(h.score, 4),
                ] + h.factors.map { bar($0) }
            },
            id: "priorities",
            numeric: [0, 3, 4]
        )
        body += c.pager(
            "/priorities",
            [("as_of", date.iso), ("region", regionText)],
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
        let ranked = try await PlanningFigures.ranking(asOf: date, regions: nil, on: req)
        guard let h = ranked.first(where: { $0.hazardID == id }) else {
            throw Problem(.notFound, "no hazardous area '\(id)' open on \(date)", field: "id")
        }
        var body = WebPages.dateForm(c, date)
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
            ]
        )
    }

    static func format(_ x: Double, _ places: Int) -> String { String(format: "%.\(places)f", x) }
}

extension PlanningPages {
    /// `GET /forecast`: when the open hazards will be released, national and per region, with the chance of meeting a
    /// deadline and the share of simulations finished by each year.
    static func forecast(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.progress)
        let c = WebContext(req)
        let date = try WebPages.asOf(req)
        let deadlineText = req.query[String.self, at: "deadline"].map { String($0.prefix(20)) }
        let deadline = try PlanningFigures.deadline(deadlineText, after: date)
        let f = try await PlanningFigures.forecast(asOf: date, on: req)
        var body = WebPages.dateForm(
            c,
            date,
            extra:
                "<label>\(c.t("forecast.deadline")) <input type=\"date\" name=\"deadline\" value=\"\(esc(deadline?.iso ?? ""))\"></label>"
        )
        body +=
            "<p id=\"scenario\">\(c.t("forecast.scenario_text", ["name": f.scenario.name, "description": f.scenario.description ?? "", "iterations": String(f.iterations), "seed": String(f.seed)]))</p>"
        let n = f.national
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
        let fan = n.fanChart(horizonYears: 50)
        // From the as-of year to the first year every simulation is done (or the horizon).
        let shown = fan.prefix { $0.completedShare < 1 } + fan.drop { $0.completedShare < 1 }.prefix(1)
        body +=
            "<figure>"
            + SVGChart.line(
                id: "chart-forecast",
                title: req.minefree.catalogue.text("forecast.chart_title", c.lang),
                unit: "%",
                points: shown.map { (x: $0.year, y: ($0.completedShare * 1000).rounded() / 10) }
            ) + "</figure>"
        func years(_ x: Double) -> String { x.isFinite ? String(format: "%.1f", x) : c.t("forecast.never") }
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
