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
                c.t("priority.factor"), c.t("priority.value"), c.t("priority.normalised"), c.t("priority.weight"),
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
