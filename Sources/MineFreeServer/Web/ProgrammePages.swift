import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

extension WebPages {
    static let methodColours: [ReleaseMethod: String] = [
        .cancelled: "#8fb7d6", .reduced: "#e5b25d", .cleared: "#3f8f4f",
    ]

    /// The programme dashboard: map of hazards by status, release by method and year, remaining by region,
    /// baseline against newly found contamination.
    static func programme(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.progress)
        let c = WebContext(req)
        let date = try asOf(req)
        let baseline =
            try Parameters.optionalDay(req.query[String.self, at: "baseline"], field: "baseline")
            ?? req.minefree.settings.baseline
        // The page's figures and charts depend on the day, the baseline, the language and whether the map is shown,
        // not on who reads them: built once per generation and day, the signed-in frame added per request.
        let key = "programme-page \(c.lang) \(date.iso) \(baseline?.iso ?? "-") \(c.mayRead(.hazards))"
        let body = try await req.keptFigure(key) {
            let summary = try await Progress.summary(asOf: date, req)
            let n = summary.national
            var body = dateForm(
                c,
                date,
                extra: baseline.map { "<input type=\"hidden\" name=\"baseline\" value=\"\($0.iso)\">" } ?? ""
            )
            body += "<div class=\"cards\">"
            body += card(c.t("programme.recorded"), c.hectares(n.recordedM2), "#by-region", id: "card-recorded")
            body += card(c.t("programme.released"), c.hectares(n.releasedM2), "#release-chart", id: "card-released")
            body += card(c.t("programme.remaining"), c.hectares(n.remainingM2), "#by-region", id: "card-remaining")
            body += card(
                c.t("programme.percent"),
                n.percentReleased.map { String(format: "%.1f %%", $0) } ?? "–",
                "#release-chart",
                id: "card-percent"
            )
            body += "</div>"
            if c.mayRead(.hazards) {
                body += "<h2>\(c.t("programme.map"))</h2><div id=\"map\" data-as-of=\"\(date.iso)\"></div>"
                body +=
                    "<p class=\"legend\">"
                    + HazardStatus.allCases.map {
                        "<span class=\"swatch \($0.rawValue)\"></span> \(c.t("hazard_status." + $0.rawValue))"
                    }.joined(separator: " ") + "</p>"
            }
            let years = summary.byYear.suffix(15)
            let series = ReleaseMethod.allCases.map { m in
                SVGChart.Series(
                    name: req.minefree.catalogue.text("method." + m.rawValue, c.lang),
                    colour: methodColours[m]!,
                    values: years.map { Double($0.released(m)) / 10_000 }
                )
            }
            body +=
                "<figure id=\"release-chart\">"
                + SVGChart.stackedBars(
                    id: "chart-release",
                    title: req.minefree.catalogue.text("programme.release_chart", c.lang),
                    unit: "ha",
                    categories: years.map { String($0.year) },
                    series: series
                ) + "</figure>"
            let regions = summary.byRegion.sorted { $0.figures.remainingM2 > $1.figures.remainingM2 }
            body +=
                "<figure id=\"by-region\">"
                + SVGChart.horizontalBars(
                    id: "chart-remaining",
                    title: req.minefree.catalogue.text("programme.remaining_chart", c.lang),
                    unit: "ha",
                    items: regions.map { ($0.key, Double($0.figures.remainingM2) / 10_000) }
                ) + "</figure>"
            // Regions that are recorded admin areas show their name beside the code.
            let land = req.minefree.land
            let names = try await req.keptFigure("admin-area-names") {
                Dictionary(try await land.adminAreas().map { ($0.pcode, $0.name) }, uniquingKeysWith: { a, _ in a })
            }
            body += table(
                [
                    c.t("common.region"), c.t("programme.recorded"), c.t("method.cancelled"), c.t("method.reduced"),
                    c.t("method.cleared"),
                    c.t("programme.remaining"), c.t("programme.percent"),
                ],
                regions.map { r in
                    let f = r.figures
                    return [
                        "<a href=\"/hazards?region=\(esc(r.key))&as_of=\(date.iso)\">\(esc(r.key))</a>"
                            + (names[r.key].map { " " + esc($0) } ?? ""),
                        c.hectares(f.recordedM2),
                        c.hectares(f.released(.cancelled)), c.hectares(f.released(.reduced)),
                        c.hectares(f.released(.cleared)),
                        c.hectares(f.remainingM2), f.percentReleased.map { String(format: "%.1f", $0) } ?? "–",
                    ]
                },
                id: "regions",
                numeric: [1, 2, 3, 4, 5, 6]
            )
            if let baseline {
                let split = try await Progress.split(asOf: date, baseline: baseline, req)
                body += "<h2>\(c.t("programme.baseline_title", ["date": baseline.iso]))</h2>"
                body += table(
                    [
                        c.t("programme.part"), c.t("programme.hazards"), c.t("programme.recorded"),
                        c.t("programme.released"), c.t("programme.remaining"),
                    ],
                    [
                        [
                            c.t("programme.baseline"), String(split.baselineHazards),
                            c.hectares(split.baselineRecordedM2),
                            c.hectares(split.baselineReleasedM2), c.hectares(split.baselineRemainingM2),
                        ],
                        [
                            c.t("programme.newly_found"), String(split.newlyFoundHazards),
                            c.hectares(split.newlyFoundRecordedM2), c.hectares(split.newlyFoundReleasedM2),
                            c.hectares(split.newlyFoundRemainingM2),
                        ],
                    ],
                    id: "baseline",
                    numeric: [1, 2, 3, 4]
                )
            }
            return body
        }
        let head =
            c.mayRead(.hazards)
            ? WebPages.leafletHead
            : ""
        return c.page(c.t("programme.title"), body, head: head)
    }

    static func hazards(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.hazards)
        let c = WebContext(req)
        let date = try asOf(req)
        let region = req.query[String.self, at: "region"].flatMap { $0.isEmpty ? nil : $0 }
        var status: HazardStatus?
        if let text = req.query[String.self, at: "status"], !text.isEmpty {
            guard let s = HazardStatus(rawValue: text) else {
                throw Problem.badValue("status", text, expected: "open, worked_on or closed")
            }
            status = s
        }
        var contamination: ContaminationType?
        if let text = req.query[String.self, at: "contamination"], !text.isEmpty {
            guard let t = ContaminationType(code: text) else {
                throw Problem.badValue(
                    "contamination",
                    text,
                    expected: ContaminationType.allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
            contamination = t
        }
        let perPage = 50
        let pageNumber = try Parameters.pageNumber(req.query[String.self, at: "page"], perPage: perPage)
        // One page of the list for a day and filters is the same for every reader who may submit (or not).
        let key =
            "hazards-page \(c.lang) \(date.iso) \(region ?? "-") \(status?.rawValue ?? "-") \(contamination?.rawValue ?? "-") \(pageNumber) \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) { [status, contamination] in
            let land = req.minefree.land
            let regions = try await Parameters.regions(region, land: land)
            let filter = LandRepository.HazardFilter(
                asOf: date,
                regions: regions,
                contamination: contamination,
                status: status
            )
            let total = try await Progress.hazardCount(filter, req)
            let shown = try await land.hazardPage(filter, limit: perPage, offset: (pageNumber - 1) * perPage)
            let statusSelect =
                "<label>\(c.t("common.status")) <select name=\"status\"><option value=\"\"></option>"
                + HazardStatus.allCases.map {
                    "<option value=\"\($0.rawValue)\"\($0 == status ? " selected" : "")>\(c.t("hazard_status." + $0.rawValue))</option>"
                }.joined()
                + "</select></label><label>\(c.t("hazards.contamination")) <select name=\"contamination\"><option value=\"\"></option>"
                + ContaminationType.allCases.map {
                    "<option value=\"\($0.rawValue)\"\($0 == contamination ? " selected" : "")>\(c.t("contamination." + $0.rawValue))</option>"
                }.joined()
                + "</select></label><label>\(c.t("common.region")) <input name=\"region\" value=\"\(esc(region ?? ""))\" size=\"6\"></label>"
            var body = dateForm(c, date, extra: statusSelect)
            body +=
                "<p>\(c.t("hazards.count", ["n": String(total)]))"
                + (c.may(.submitRecords)
                    ? " · <a href=\"/hazards/new\" id=\"new-hazard\">\(c.t("hazard_form.title"))</a>" : "") + "</p>"
            body += table(
                [
                    c.t("hazards.id"), c.t("common.region"), c.t("hazards.class"), c.t("hazards.contamination"),
                    c.t("common.status"),
                    c.t("programme.recorded"), c.t("programme.remaining"),
                ],
                shown.map { s in
                    [
                        "<a href=\"/hazards/\(esc(s.hazard.localID))?as_of=\(date.iso)\">\(esc(s.hazard.localID))</a>",
                        esc(s.hazard.region),
                        s.classification.rawValue, s.hazard.contamination.rawValue,
                        "<span class=\"status \(s.status.rawValue)\">\(c.t("hazard_status." + s.status.rawValue))</span>",
                        c.hectares(s.hazard.areaM2), c.hectares(s.remainingM2),
                    ]
                },
                id: "hazards",
                numeric: [5, 6]
            )
            body += c.pager(
                "/hazards",
                [
                    ("as_of", date.iso), ("region", region), ("status", status?.rawValue),
                    ("contamination", contamination?.rawValue),
                ],
                page: pageNumber,
                perPage: perPage,
                total: total
            )
            return body
        }
        return c.page(c.t("hazards.title"), body)
    }

    static func hazard(_ req: Request) async throws -> Response {
        try req.requireProgrammeRead(.hazards)
        let c = WebContext(req)
        let date = try asOf(req)
        let id = req.parameters.get("id") ?? ""
        let land = req.minefree.land
        guard let s = try await land.view(asOf: date, only: [id]).standings.first else {
            throw Problem(.notFound, "no hazardous area '\(id)' was recorded before \(date)", field: "id")
        }
        var body = dateForm(c, date)
        body += table(
            [c.t("state.fact"), c.t("state.value")],
            [
                [c.t("common.region"), esc(s.hazard.region)], [c.t("hazards.class"), s.classification.rawValue],
                [c.t("hazards.contamination"), c.t("contamination." + s.hazard.contamination.rawValue)],
                [
                    c.t("hazards.other_contamination"),
                    s.hazard.otherContamination.map { c.t("contamination." + $0.rawValue) }.joined(separator: ", "),
                ],
                [
                    c.t("hazards.information_source"),
                    s.hazard.informationSource.map { c.t("source." + $0.rawValue) } ?? "",
                ],
                [c.t("hazards.evidence"), esc(s.hazard.evidence ?? "")],
                [c.t("common.status"), c.t("hazard_status." + s.status.rawValue)],
                [
                    c.t("hazards.accessibility"),
                    esc(s.accessibility.rawValue + (s.inaccessibleReason.map { " (\($0))" } ?? "")),
                ],
                [c.t("hazards.recorded_date"), s.hazard.recordedDate.iso],
                [c.t("programme.recorded"), c.hectares(s.hazard.areaM2)],
                [c.t("programme.released"), c.hectares(s.releasedM2)],
                [c.t("programme.remaining"), c.hectares(s.remainingM2)],
            ],
            id: "hazard"
        )
        body += "<div id=\"map\" class=\"small\" data-as-of=\"\(date.iso)\" data-hazard=\"\(esc(id))\"></div>"
        let releases = try await land.releases(of: id).filter { $0.date < date }
        body += "<h2>\(c.t("hazard.releases"))</h2>"
        body += table(
            [
                c.t("hazards.id"), c.t("common.date"), c.t("release.method"), c.t("release.area"),
                c.t("release.devices"),
            ],
            releases.map {
                [
                    esc($0.localID), $0.date.iso, c.t("method." + $0.method.rawValue), c.hectares($0.areaM2),
                    String($0.devicesFound),
                ]
            },
            id: "releases",
            numeric: [3, 4]
        )
        if !s.revisions.isEmpty {
            body += "<h2>\(c.t("hazard.revisions"))</h2>"
            body += table(
                [c.t("common.date"), c.t("hazards.class"), c.t("hazards.accessibility"), c.t("hazard.reason")],
                s.revisions.map {
                    [
                        $0.dateOfInformation.iso, $0.classification?.rawValue ?? "",
                        esc($0.accessibility?.rawValue ?? ""), esc($0.reason),
                    ]
                }
            )
        }
        if c.may(.submitRecords) {
            body +=
                "<p><a class=\"button\" id=\"record-release\" href=\"/releases/new?hazard=\(esc(id))\">\(c.t("nav.record_release"))</a> "
                + "<a class=\"button\" id=\"record-revision\" href=\"/hazards/\(esc(id))/revisions/new\">\(c.t("revision_form.link"))</a> "
                + "<a class=\"button\" id=\"record-activity\" href=\"/activities/new?hazard=\(esc(id))\">\(c.t("activity_form.title"))</a> "
                + "<a class=\"button\" id=\"record-find\" href=\"/finds/new?hazard=\(esc(id))\">\(c.t("find_form.title"))</a></p>"
        }
        let head = WebPages.leafletHead
        return c.page(c.t("hazard.title", ["id": id]), body, head: head)
    }
}
