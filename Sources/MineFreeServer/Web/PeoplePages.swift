import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// People's pages: the casualty dashboard (aggregates only, small cells hidden from roles without personal data),
/// the authority's duplicate queue, a person's record (personal data by role, with a purpose, audited), victim
/// assistance gaps and risk education coverage.
extension WebPages {
    static let outcomeColours = ["killed": "#8e2c2c", "injured": "#e09a3b"]

    /// `GET /casualties`: each person once, by year and by the Monitor's breakdowns, as of a day.
    static func casualties(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let date = try asOf(req)
        let personal = c.may(.readPersonalData)
        // Everyone without personal data sees the same suppressed figures: kept per day, language and that.
        let key =
            "casualties-page \(c.lang) \(date.iso) \(personal) \(c.may(.reviewSubmissions)) \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) {
            var body = dateForm(c, date)
            body += recordFormLinks(c, [Accident.info, CasualtyEvent.info])
            let byYear = try await PeopleFigures.totals(by: .year, asOf: date, on: req)
            let killed = byYear.cells.compactMap(\.killed).reduce(0, +)
            body += "<div class=\"cards\">"
            body += card(c.t("casualties.total"), String(byYear.total), "#by-year", id: "card-casualties")
            if !byYear.cells.contains(where: \.suppressed) {
                body += card(c.t("casualties.killed"), String(killed), "#by-year", id: "card-killed")
                body += card(
                    c.t("casualties.injured"),
                    String(byYear.total - killed),
                    "#by-year",
                    id: "card-injured"
                )
            }
            body += card(
                c.t("casualties.pending"),
                String(byYear.pendingPairs),
                c.may(.reviewSubmissions) ? "/casualties/duplicates" : "#pending",
                id: "card-pending"
            )
            body += "</div>"
            body +=
                "<p id=\"pending\" class=\"hint\">"
                + c.t("casualties.pending_note", ["n": String(byYear.possiblyTwice)]) + "</p>"
            if byYear.minimumCell > 1 {
                body +=
                    "<p class=\"hint\" id=\"suppression\">"
                    + c.t("casualties.suppressed_note", ["n": String(byYear.minimumCell)]) + "</p>"
            }
            let shown = byYear.cells.filter { !$0.suppressed }
            body +=
                "<figure id=\"by-year\">"
                + SVGChart.stackedBars(
                    id: "chart-casualties",
                    title: req.minefree.catalogue.text("casualties.chart", c.lang),
                    unit: req.minefree.catalogue.text("casualties.people", c.lang),
                    categories: shown.map(\.key),
                    series: ["killed", "injured"].map { o in
                        SVGChart.Series(
                            name: req.minefree.catalogue.text("casualties." + o, c.lang),
                            colour: outcomeColours[o]!,
                            values: shown.map { Double((o == "killed" ? $0.killed : $0.injured) ?? 0) }
                        )
                    }
                ) + "</figure>"
            body += breakdownTable(c, byYear, id: "year", label: c.t("casualties.by.year"))
            body +=
                "<h2>\(c.t("casualties.map"))</h2><div id=\"casualty-map\" data-as-of=\"\(date.iso)\"></div>"
            for breakdown in [CasualtyTotals.Breakdown.sex, .age, .status, .device, .activity, .area] {
                let totals = try await PeopleFigures.totals(by: breakdown, asOf: date, on: req)
                body += "<h2>\(c.t("casualties.by." + breakdown.rawValue))</h2>"
                body += breakdownTable(
                    c,
                    totals,
                    id: breakdown.rawValue,
                    label: c.t("casualties.by." + breakdown.rawValue)
                )
            }
            return body
        }
        return c.page(c.t("casualties.title"), body, head: WebPages.leafletHead)
    }

    /// `GET /casualties/map.geojson?as_of=`: each recorded admin area with its casualties that day (each person
    /// once; small counts null for roles without personal data): the dashboard's map of aggregates, never points.
    static func casualtyMap(_ req: Request) async throws -> Response {
        let date = try asOf(req)
        let totals = try await PeopleFigures.totals(by: .area, asOf: date, on: req)
        let byArea = Dictionary(totals.cells.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let areas = try await RecordRepository(database: req.minefree.store.database).records(AdminArea.self)
        var out = "{\"type\":\"FeatureCollection\",\"features\":["
        var first = true
        for a in areas {
            guard let polygons = a.polygons else { continue }
            let cell = byArea[a.pcode]
            func number(_ n: Int?) -> String { n.map(String.init) ?? "null" }
            let props =
                "\"pcode\":\(GeoJSONWriter.string(a.pcode)),\"name\":\(GeoJSONWriter.string(a.name)),\"level\":\(a.level),"
                + "\"total\":\(cell == nil ? "0" : number(cell?.total)),\"killed\":\(cell == nil ? "0" : number(cell?.killed)),"
                + "\"injured\":\(cell == nil ? "0" : number(cell?.injured)),\"suppressed\":\(cell?.suppressed ?? false),"
                + "\"minimum_cell\":\(totals.minimumCell)"
            var coordinates = ""
            GeoJSONWriter.polygons(polygons, into: &coordinates)
            out +=
                (first ? "" : ",")
                + "{\"type\":\"Feature\",\"id\":\(GeoJSONWriter.string(a.pcode)),\"properties\":{\(props)},\"geometry\":{\"type\":\"\(polygons.count == 1 ? "Polygon" : "MultiPolygon")\",\"coordinates\":\(coordinates)}}"
            first = false
        }
        out += "]}"
        let response = Response(status: .ok, body: .init(string: out))
        response.headers.replaceOrAdd(name: .contentType, value: "application/geo+json")
        return response
    }

    static func breakdownTable(_ c: WebContext, _ totals: PeopleFigures.Totals, id: String, label: String) -> String {
        func cell(_ n: Int?) -> String {
            n.map(String.init) ?? "<span class=\"suppressed\">&lt;\(totals.minimumCell)</span>"
        }
        return table(
            [label, c.t("casualties.killed"), c.t("casualties.injured"), c.t("casualties.total")],
            totals.cells.map { [esc($0.key), cell($0.killed), cell($0.injured), cell($0.total)] },
            id: "casualties-by-\(id)",
            numeric: [1, 2, 3]
        )
    }

    /// `GET /casualties/duplicates`: the review queue, each pair with its evidence and the authority's two answers.
    static func duplicates(_ req: Request) async throws -> Response {
        try req.require(.reviewSubmissions)
        let c = WebContext(req)
        let date = try asOf(req)
        let queue = try await PeopleRepository(database: req.minefree.store.database).duplicateQueue(asOf: date)
        var body = dateForm(c, date)
        if let done = req.query[String.self, at: "decided"] {
            body += "<p class=\"notice\" id=\"decided\">\(esc(String(done.prefix(300))))</p>"
        }
        body +=
            "<p id=\"queue-summary\">"
            + c.t(
                "duplicates.summary",
                [
                    "reports": String(queue.accidents.count), "accidents": String(queue.decided.count),
                    "pending": String(queue.pending.count),
                ]
            ) + "</p>"
        func report(_ a: Accident) -> String {
            "<strong>\(esc(a.localID))</strong> \(esc(a.source.rawValue)), \(a.date.iso), \(a.killed)/\(a.injured), \(esc(a.device.rawValue))"
                + (a.adminPcode.map { ", " + esc($0) } ?? "")
        }
        body += table(
            [c.t("duplicates.report"), c.t("duplicates.other"), c.t("duplicates.evidence"), c.t("duplicates.decide")],
            queue.pending.prefix(200).map { p in
                let (a, b) = (queue.accidents[p.first], queue.accidents[p.second])
                let fields =
                    "\(c.csrfField)<input type=\"hidden\" name=\"report\" value=\"\(esc(a.localID))\"><input type=\"hidden\" name=\"other_report\" value=\"\(esc(b.localID))\"><input type=\"hidden\" name=\"as_of\" value=\"\(date.iso)\">"
                return [
                    report(a), report(b), esc(p.evidence.summary),
                    "<form method=\"post\" action=\"/casualties/duplicates\" class=\"inline decide\">\(fields)<input type=\"hidden\" name=\"verdict\" value=\"confirmed\"><button type=\"submit\" class=\"confirm\">\(c.t("duplicates.confirm"))</button></form> "
                        + "<form method=\"post\" action=\"/casualties/duplicates\" class=\"inline decide\">\(fields)<input type=\"hidden\" name=\"verdict\" value=\"rejected\"><input name=\"reason\" required maxlength=\"2000\" placeholder=\"\(c.t("duplicates.reason"))\"><button type=\"submit\" class=\"reject\">\(c.t("duplicates.reject"))</button></form>",
                ]
            },
            id: "queue"
        )
        return c.page(c.t("duplicates.title"), body)
    }

    /// `POST /casualties/duplicates`: one decision from the queue's forms, then back to the queue.
    static func decideDuplicate(_ req: Request) async throws -> Response {
        try req.require(.reviewSubmissions)
        let c = WebContext(req)
        struct Form: Content {
            var csrf: String?; var report: String; var other_report: String; var verdict: String; var reason: String?
            var as_of: String?
        }
        // The token first: a post from elsewhere is refused as such, whatever else it lacks.
        try c.checkCSRF(try? req.content.get(String.self, at: "csrf"))
        let form = try req.content.decode(Form.self)
        guard let verdict = AccidentMerges.Verdict(rawValue: form.verdict) else {
            throw Problem.badValue("verdict", String(form.verdict.prefix(50)), expected: "confirmed or rejected")
        }
        let stored = try await PeopleFigures.decide(
            report: form.report,
            otherReport: form.other_report,
            verdict: verdict,
            reason: form.reason,
            on: req
        )
        let said = c.t(
            "duplicates.done",
            [
                "pair": stored.decision.pair.description, "verdict": c.t("duplicates." + verdict.rawValue),
                "day": stored.decision.decided.adding(days: 1).iso,
            ]
        )
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        let day = form.as_of.flatMap(CalendarDate.init(iso:))?.iso ?? ""
        return req.redirect(
            to:
                "/casualties/duplicates?as_of=\(day)&decided=\(said.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        )
    }

    /// `GET /people/:id`: a person's record. Without a stated purpose, only the form asking for one; with it, the
    /// personal data (audited), the statistical record and, for a survivor, needs and services.
    static func person(_ req: Request) async throws -> Response {
        try req.require(.readPersonalData)
        let c = WebContext(req)
        let id = req.parameters.get("id") ?? ""
        guard (1...100).contains(id.count) else {
            throw Problem.badValue("id", String(id.prefix(100)), expected: "a record id")
        }
        let purpose = req.query[String.self, at: "purpose"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var body =
            "<form method=\"get\" class=\"filters\" id=\"purpose-form\"><label>\(c.t("person.purpose")) <input name=\"purpose\" required minlength=\"\(PersonalAccess.minimumPurpose)\" maxlength=\"500\" size=\"50\" value=\"\(esc(purpose))\"></label><button type=\"submit\">\(c.t("common.show"))</button></form>"
            + "<p class=\"hint\">\(c.t("person.audited"))</p>"
        guard !purpose.isEmpty else { return c.page(c.t("person.title", ["id": id]), body) }
        let found = try await PeopleFigures.personalRecords(id, purpose: purpose, on: req)
        body += "<h2>\(c.t("person.personal"))</h2>"
        body += table(
            [
                c.t("person.name"), c.t("person.born"), c.t("person.phone"), c.t("person.address"),
                c.t("person.medical"), c.t("person.recorded"),
            ],
            found.map {
                [
                    esc($0.name), $0.dateOfBirth?.iso ?? "", esc($0.phone ?? ""), esc($0.address ?? ""),
                    esc($0.medicalNotes ?? ""), $0.recorded.iso,
                ]
            },
            id: "personal"
        )
        let records = RecordRepository(database: req.minefree.store.database)
        let survivors = try await records.records(
            Survivor.self,
            where: "local_id = \(bind: id) OR casualty_id = \(bind: id)"
        )
        let casualtyIDs = Set([id] + survivors.compactMap(\.casualtyID) + found.compactMap(\.casualtyID))
        let casualties = try await records.records(CasualtyEvent.self).filter { casualtyIDs.contains($0.localID) }
        if !casualties.isEmpty {
            body += "<h2>\(c.t("person.casualty"))</h2>"
            body += table(
                [
                    c.t("common.date"), c.t("casualties.outcome"), c.t("person.age"), c.t("person.sex"),
                    c.t("casualties.by.device"), c.t("person.accident"),
                ],
                casualties.map {
                    [
                        $0.date.iso, esc($0.outcome.rawValue), $0.age.map(String.init) ?? "",
                        esc($0.sex?.rawValue ?? ""),
                        esc($0.device.rawValue), esc($0.accidentID ?? ""),
                    ]
                },
                id: "casualty"
            )
        }
        let survivorIDs = Set(survivors.map(\.localID) + found.compactMap(\.survivorID))
        if !survivorIDs.isEmpty {
            let needs = try await records.records(AssistanceNeed.self).filter { survivorIDs.contains($0.survivorID) }
            let services = try await records.records(AssistanceService.self).filter {
                survivorIDs.contains($0.survivorID)
            }
            body += "<h2>\(c.t("person.assistance"))</h2>"
            body += table(
                [c.t("assistance.pillar"), c.t("person.identified"), c.t("assistance.services")],
                needs.map { n in
                    let given = services.filter {
                        $0.needID == n.localID || ($0.needID == nil && $0.pillar == n.pillar)
                    }
                    return [
                        c.t("pillar." + n.pillar.rawValue), n.identified.iso,
                        given.map { s in
                            esc(s.providerName) + " (" + esc(s.outcome.rawValue) + ", "
                                + (s.started?.iso ?? s.referred.iso) + ")"
                        }.joined(separator: "; "),
                    ]
                },
                id: "needs"
            )
        }
        return c.page(c.t("person.title", ["id": id]), body)
    }

    /// The period a page reads: `?period=YYYY`, else the twelve months before the day.
    static func period(_ req: Request, asOf: CalendarDate) throws -> Range<CalendarDate> {
        guard let text = req.query[String.self, at: "period"], !text.isEmpty else {
            return asOf.adding(years: -1)..<asOf
        }
        guard let year = Int(text), (1997...2200).contains(year), let first = CalendarDate(year: year, month: 1, day: 1)
        else { throw Problem.badValue("period", String(text.prefix(20)), expected: "a year, e.g. 2025") }
        return first..<first.adding(years: 1)
    }

    /// `GET /assistance`: needs with no service by pillar and area, time to first service, survivors reached.
    static func assistance(_ req: Request) async throws -> Response {
        try req.require(.readProgramme)
        let c = WebContext(req)
        let date = try asOf(req)
        let range = try period(req, asOf: date)
        let key =
            "assistance-page \(c.lang) \(date.iso) \(range.lowerBound.iso) \(range.upperBound.iso) \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) {
            let gaps = try await PeopleRepository(database: req.minefree.store.database).assistanceGaps(
                period: range,
                asOf: date
            )
            var body = dateForm(
                c,
                date,
                extra:
                    "<label>\(c.t("assistance.period")) <input name=\"period\" size=\"5\" value=\"\(range.lowerBound.month == 1 && range.lowerBound.day == 1 && range.upperBound == range.lowerBound.adding(years: 1) ? String(range.lowerBound.year) : "")\"></label>"
            )
            body +=
                "<p id=\"period\">\(c.t("assistance.period_text", ["from": range.lowerBound.iso, "to": range.upperBound.adding(days: -1).iso]))</p>"
            body += recordFormLinks(c, [Survivor.info, AssistanceNeed.info, AssistanceService.info])
            body += "<div class=\"cards\">"
            body += card(c.t("assistance.registered"), String(gaps.registered), "#by-pillar", id: "card-registered")
            body += card(
                c.t("assistance.reached"),
                gaps.shareReached.map { String(format: "%.0f %%", $0 * 100) } ?? "–",
                "#by-pillar",
                id: "card-reached"
            )
            body += card(
                c.t("assistance.median_days"),
                gaps.medianDaysToFirstService.map { String(format: "%.0f", $0) } ?? "–",
                "#first-service",
                id: "card-median"
            )
            body += card(
                c.t("assistance.no_service"),
                String(gaps.byPillar.reduce(0) { $0 + $1.noService }),
                "#by-pillar",
                id: "card-no-service"
            )
            body += "</div>"
            let pillars = gaps.byPillar
            body +=
                "<figure id=\"by-pillar\">"
                + SVGChart.stackedBars(
                    id: "chart-needs",
                    title: req.minefree.catalogue.text("assistance.chart", c.lang),
                    unit: req.minefree.catalogue.text("assistance.needs", c.lang),
                    categories: pillars.map { req.minefree.catalogue.text("pillar_short." + $0.key, c.lang) },
                    series: [
                        SVGChart.Series(
                            name: req.minefree.catalogue.text("assistance.served", c.lang),
                            colour: "#3f8f4f",
                            values: pillars.map { Double($0.served) }
                        ),
                        SVGChart.Series(
                            name: req.minefree.catalogue.text("assistance.referred_only", c.lang),
                            colour: "#e5b25d",
                            values: pillars.map { Double($0.referredOnly) }
                        ),
                        SVGChart.Series(
                            name: req.minefree.catalogue.text("assistance.no_service", c.lang),
                            colour: "#b5452f",
                            values: pillars.map { Double($0.noService) }
                        ),
                    ]
                ) + "</figure>"
            func rows(_ rows: [AssistanceGaps.Row], label: (String) -> String) -> [[String]] {
                rows.map {
                    [
                        label($0.key), String($0.needs), String($0.served), String($0.referredOnly),
                        String($0.noService), String($0.services), String($0.survivorsReached),
                    ]
                }
            }
            let headers = [
                c.t("assistance.needs"), c.t("assistance.served"), c.t("assistance.referred_only"),
                c.t("assistance.no_service"), c.t("assistance.services"), c.t("assistance.survivors_reached"),
            ]
            body += table(
                [c.t("assistance.pillar")] + headers,
                rows(pillars) { c.t("pillar." + $0) },
                id: "gaps-by-pillar",
                numeric: [1, 2, 3, 4, 5, 6]
            )
            body += "<h2>\(c.t("assistance.by_area"))</h2>"
            body += table(
                [c.t("common.region")] + headers,
                rows(gaps.byArea()) { esc($0) },
                id: "gaps-by-area",
                numeric: [1, 2, 3, 4, 5, 6]
            )
            body += "<h2 id=\"first-service\">\(c.t("assistance.first_service"))</h2>"
            body += table(
                [c.t("assistance.days"), c.t("assistance.survivors")],
                gaps.distribution.map { [esc($0.label), String($0.count)] },
                id: "first-service-table",
                numeric: [1]
            )
            body += "<h2>\(c.t("assistance.by_provider"))</h2>"
            body += table(
                [
                    c.t("assistance.provider"), c.t("assistance.pillar"), c.t("assistance.services"),
                    c.t("assistance.survivors"),
                ],
                gaps.byProvider.map {
                    [esc($0.provider), c.t("pillar." + $0.pillar.rawValue), String($0.services), String($0.survivors)]
                },
                id: "by-provider",
                numeric: [2, 3]
            )
            return body
        }
        return c.page(c.t("assistance.title"), body)
    }

    /// `GET /eore`: settlements near open hazards reached by risk education in the period, or not, on a map.
    static func eore(_ req: Request) async throws -> Response {
        try req.require(.readProgramme)
        let c = WebContext(req)
        let date = try asOf(req)
        let range = try period(req, asOf: date)
        var options = RiskEducationCoverage.Options()
        if let text = req.query[String.self, at: "within"], !text.isEmpty {
            guard let metres = Double(text), (100...20_000).contains(metres) else {
                throw Problem.badValue("within", String(text.prefix(20)), expected: "metres from 100 to 20000")
            }
            options.within = metres
        }
        let key =
            "eore-page \(c.lang) \(date.iso) \(range.lowerBound.iso) \(range.upperBound.iso) \(options.within) \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) { [options] in
            let rows = try await PeopleRepository(database: req.minefree.store.database).riskEducationCoverage(
                period: range,
                asOf: date,
                options: options
            )
            let reached = rows.filter(\.reached)
            var body = dateForm(
                c,
                date,
                extra:
                    "<label>\(c.t("assistance.period")) <input name=\"period\" size=\"5\" value=\"\(range.upperBound == range.lowerBound.adding(years: 1) ? String(range.lowerBound.year) : "")\"></label><label>\(c.t("eore.within")) <input name=\"within\" size=\"6\" value=\"\(Int(options.within))\"></label>"
            )
            body +=
                "<p id=\"period\">\(c.t("assistance.period_text", ["from": range.lowerBound.iso, "to": range.upperBound.adding(days: -1).iso]))</p>"
            body += recordFormLinks(c, [RiskEducationSession.info, AwarenessGroup.info])
            body += "<div class=\"cards\">"
            body += card(c.t("eore.near"), String(rows.count), "#coverage", id: "card-near")
            body += card(c.t("eore.reached"), String(reached.count), "#coverage", id: "card-reached")
            body += card(
                c.t("eore.not_reached"),
                String(rows.count - reached.count),
                "#coverage",
                id: "card-not-reached"
            )
            body += card(
                c.t("eore.people_reached"),
                String(reached.reduce(Int64(0)) { $0 + $1.peopleReached }),
                "#coverage",
                id: "card-people"
            )
            body += "</div>"
            // The map's points, as data the script reads (never run as script).
            var points = "["
            for (i, r) in rows.enumerated() {
                if i > 0 { points += "," }
                points +=
                    "{\"id\":\(json(r.settlementID)),\"name\":\(json(r.name)),\"lon\":\(r.location.lon),\"lat\":\(r.location.lat),\"reached\":\(r.reached),\"population\":\(r.population)}"
            }
            points += "]"
            body +=
                "<div id=\"coverage-map\" class=\"map\" data-as-of=\"\(date.iso)\"></div><script type=\"application/json\" id=\"coverage-data\">\(points.replacingOccurrences(of: "<", with: "\\u003c"))</script>"
            body +=
                "<p class=\"legend\"><span class=\"swatch reached\"></span> \(c.t("eore.reached")) <span class=\"swatch not-reached\"></span> \(c.t("eore.not_reached"))</p>"
            body += table(
                [
                    c.t("eore.settlement"), c.t("common.region"), c.t("eore.population"), c.t("eore.hazard"),
                    c.t("eore.metres"), c.t("eore.reached"), c.t("eore.sessions"), c.t("eore.people_reached"),
                    c.t("eore.casualties_nearby"),
                ],
                rows.map { r in
                    [
                        esc(r.settlementID) + " " + esc(r.name), esc(r.adminPcode ?? ""), String(r.population),
                        "<a href=\"/hazards/\(esc(r.nearestHazardID))?as_of=\(date.iso)\">\(esc(r.nearestHazardID))</a>",
                        String(Int(r.metres.rounded())),
                        r.reached ? c.t("eore.yes") : "<strong>\(c.t("eore.no"))</strong>", String(r.sessions),
                        String(r.peopleReached), String(r.casualtiesNearby),
                    ]
                },
                id: "coverage",
                numeric: [2, 4, 6, 7, 8]
            )
            return body
        }
        return c.page(c.t("eore.title"), body, head: WebPages.leafletHead)
    }

    /// A JSON string literal.
    static func json(_ s: String) -> String {
        (try? String(data: JSONEncoder().encode(s), encoding: .utf8)) ?? "\"\""
    }
}
