import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// Use of mines: `/use-of-mines` (the reports known on a day with their standing, a map by state, a timeline by year
/// of use, States Parties alleged to have used mines, open allegations without an answer) and its map layer. The
/// reference data's reports are public; the programme's own records are added for those who read programme data.
extension WebPages {
    /// The selection a request asks for, checked: a bad value is a 400 naming it.
    struct UseSelection {
        var date: CalendarDate
        var state: String?
        var actor: String?
        var year: Int?
        var status: UseAssessment.Status?
        var weapon: UseReport.Weapon?
        var statesParties: Bool
        var open: Bool

        init(_ req: Request) throws {
            date = try WebPages.asOf(req)
            let registry = req.minefree.registry
            if let text = req.query[String.self, at: "state"], !text.isEmpty {
                guard text.count <= 3, let s = registry.state(text) else {
                    throw Problem.badValue(
                        "state",
                        String(text.prefix(12)),
                        expected: "an ISO 3166-1 alpha-3 or alpha-2 code"
                    )
                }
                state = s.iso3
            }
            if let text = req.query[String.self, at: "actor"], !text.isEmpty {
                guard text.count <= 100 else {
                    throw Problem.badValue("actor", String(text.prefix(12)), expected: "at most 100 characters")
                }
                actor = text
            }
            if let text = req.query[String.self, at: "year"], !text.isEmpty {
                guard let y = Int(text), (1900...2200).contains(y) else {
                    throw Problem.badValue("year", String(text.prefix(12)), expected: "a year from 1900 to 2200")
                }
                year = y
            }
            if let text = req.query[String.self, at: "status"], !text.isEmpty {
                guard let s = UseAssessment.Status(rawValue: text) else {
                    throw Problem.badValue(
                        "status",
                        String(text.prefix(12)),
                        expected: UseAssessment.Status.allCases.map(\.rawValue).joined(separator: ", ")
                    )
                }
                status = s
            }
            if let text = req.query[String.self, at: "weapon"], !text.isEmpty {
                guard let w = UseReport.Weapon(rawValue: text) else {
                    throw Problem.badValue(
                        "weapon",
                        String(text.prefix(20)),
                        expected: UseReport.Weapon.allCases.map(\.rawValue).joined(separator: ", ")
                    )
                }
                weapon = w
            }
            statesParties = req.query[String.self, at: "states_parties"] == "1"
            open = req.query[String.self, at: "open"] == "1"
        }

        /// The query string that asks for this selection again (for the map layer).
        var query: String {
            var items = ["as_of=\(date.iso)"]
            if let state { items.append("state=\(state)") }
            if let actor {
                items.append("actor=\(actor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            }
            if let year { items.append("year=\(year)") }
            if let status { items.append("status=\(status.rawValue)") }
            if let weapon { items.append("weapon=\(weapon.rawValue)") }
            if statesParties { items.append("states_parties=1") }
            if open { items.append("open=1") }
            return items.joined(separator: "&")
        }

        func cases(_ req: Request, programme: Bool) async throws -> (all: [UseCase], selected: [UseCase]) {
            let all = try await UseOfMinesRepository(database: req.minefree.store.database)
                .cases(registry: req.minefree.registry, asOf: date, programme: programme)
            let selected = UseOfMines.select(
                all,
                state: state,
                actor: actor,
                year: year,
                status: status,
                weapon: weapon,
                statesPartiesOnly: statesParties,
                openOnly: open
            )
            return (all, selected)
        }
    }

    static func useOfMines(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let selection = try UseSelection(req)
        let (all, cases) = try await selection.cases(req, programme: c.may(.readProgramme))
        let registry = req.minefree.registry
        func option<E: RawRepresentable & CaseIterable>(_ name: String, _ chosen: E?, label: (E) -> String) -> String
        where E.RawValue == String {
            "<select name=\"\(name)\"><option value=\"\">\(c.t("use.any"))</option>"
                + E.allCases.map {
                    "<option value=\"\($0.rawValue)\"\(chosen?.rawValue == $0.rawValue ? " selected" : "")>\(label($0))</option>"
                }.joined() + "</select>"
        }
        var body = "<p>\(c.t("use.intro"))</p>"
        body += dateForm(
            c,
            selection.date,
            extra:
                " <label>\(c.t("use.state")) <input name=\"state\" size=\"4\" maxlength=\"3\" value=\"\(esc(selection.state ?? ""))\"></label>"
                + " <label>\(c.t("use.actor")) <input name=\"actor\" size=\"12\" maxlength=\"100\" value=\"\(esc(selection.actor ?? ""))\"></label>"
                + " <label>\(c.t("use.year")) <input name=\"year\" size=\"5\" maxlength=\"4\" value=\"\(selection.year.map(String.init) ?? "")\"></label>"
                + " <label>\(c.t("use.status")) \(option("status", selection.status) { c.t("use.status." + $0.rawValue) })</label>"
                + " <label>\(c.t("use.weapon")) \(option("weapon", selection.weapon) { c.t("use.weapon." + $0.rawValue) })</label>"
                + " <label><input type=\"checkbox\" name=\"states_parties\" value=\"1\"\(selection.statesParties ? " checked" : "")> \(c.t("use.states_parties_only"))</label>"
                + " <label><input type=\"checkbox\" name=\"open\" value=\"1\"\(selection.open ? " checked" : "")> \(c.t("use.open_only"))</label> "
        )
        body +=
            "<p id=\"use-summary\">"
            + c.t(
                "use.summary",
                [
                    "n": String(cases.count), "confirmed": String(cases.filter { $0.status == .confirmed }.count),
                    "open": String(cases.filter(\.isOpenWithoutAnswer).count), "day": selection.date.iso,
                ]
            ) + (c.may(.readProgramme) ? "" : " " + c.t("use.reference_only")) + "</p>"
        // The map: states shaded by the reports of use on their territory; reports the source locates as points.
        body +=
            "<div id=\"usemap\" class=\"map\" data-layer=\"/use-of-mines/map.geojson?\(esc(selection.query))\"></div>"
            + "<p class=\"legend\">\(c.t("use.map_legend"))</p>"
        // The timeline: reports by year of use, state forces beside non-state armed groups.
        let years = cases.flatMap { Array($0.years) }
        if let first = years.min(), let last = years.max() {
            let categories = Array(first...last)
            func count(_ kind: UseReport.ActorKind) -> [Double] {
                categories.map { y in Double(cases.filter { $0.report.actorKind == kind && $0.years.contains(y) }.count)
                }
            }
            body += "<h2>\(c.t("use.timeline"))</h2>"
            body += SVGChart.stackedBars(
                id: "use-timeline",
                title: c.t("use.timeline"),
                unit: c.t("use.reports_unit"),
                categories: categories.map(String.init),
                series: [
                    .init(name: c.t("use.actor_kind.state"), colour: "#c62828", values: count(.state)),
                    .init(
                        name: c.t("use.actor_kind.non_state_armed_group"),
                        colour: "#ef8a3c",
                        values: count(.nonStateArmedGroup)
                    ),
                ]
            )
        }
        body += "<h2>\(c.t("use.reports"))</h2>"
        body += useTable(c, cases, registry, id: "use-reports")
        let parties = UseOfMines.byStatesParties(all)
        body += "<h2 id=\"states-parties\">\(c.t("use.states_parties"))</h2><p>\(c.t("use.states_parties_intro"))</p>"
        body +=
            parties.isEmpty
            ? "<p>\(c.t("use.none"))</p>" : useTable(c, parties, registry, id: "use-states-parties", details: false)
        let open = all.filter(\.isOpenWithoutAnswer)
        body += "<h2 id=\"open\">\(c.t("use.open"))</h2>"
        body += open.isEmpty ? "<p>\(c.t("use.none"))</p>" : useTable(c, open, registry, id: "use-open", details: false)
        return c.page(c.t("use.title"), body, head: WebPages.leafletHead)
    }

    /// Reports as a table: the period, who, where, what, the standing with its latest finding, the answer; with
    /// `details`, each report's assessments and responses in date order beneath it.
    static func useTable(
        _ c: WebContext,
        _ cases: [UseCase],
        _ registry: TreatyRegistry,
        id: String,
        details: Bool = true
    ) -> String {
        table(
            [
                c.t("use.period"), c.t("use.actor"), c.t("use.where"), c.t("use.weapon"), c.t("use.status"),
                c.t("use.answer"), c.t("common.source"),
            ],
            cases.map { u in
                let r = u.report
                let place = [r.adminArea, r.place].compactMap { $0 }.joined(separator: "; ")
                var status = "<span class=\"use-\(u.status.rawValue)\">\(c.t("use.status." + u.status.rawValue))</span>"
                if let a = u.latestAssessment {
                    status += " <small>(\(esc(a.assessedBy)), \(a.assessed.iso))</small>"
                }
                status += doubtMark(c, r.confidence == .unconfirmed)
                var who = esc(r.actorName)
                if u.actorWasStateParty == true { who += " <strong>\(c.t("use.state_party_mark"))</strong>" }
                var cell =
                    "<a href=\"/states/\(esc(r.territory))\">\(esc(registry.state(r.territory)?.name ?? r.territory))</a>"
                if !place.isEmpty { cell += "<br><small>\(esc(place))</small>" }
                var source = "<a href=\"\(esc(r.source))\">\(c.t("use.source_kind." + r.sourceKind.rawValue))</a>"
                if details, !(u.assessments.isEmpty && u.responses.isEmpty) {
                    let events =
                        u.assessments.map {
                            (
                                $0.assessed,
                                "\($0.assessed.iso) · \(c.t("use.status." + $0.status.rawValue)) · \(esc($0.assessedBy))",
                                $0.source
                            )
                        }
                        + u.responses.map {
                            (
                                $0.responded,
                                "\($0.responded.iso) · \(c.t("use.response." + $0.kind.rawValue)) · \(esc($0.responder))"
                                    + ($0.summary.map { ": " + esc($0) } ?? ""),
                                $0.source
                            )
                        }
                    source +=
                        "<details><summary>\(c.t("use.history", ["n": String(events.count)]))</summary><ol>"
                        + events.sorted { $0.0 < $1.0 }.map {
                            "<li>\($0.1) <a href=\"\(esc($0.2))\">↗</a></li>"
                        }.joined() + "</ol></details>"
                }
                return [
                    esc(r.periodText ?? c.t("use.reported_on", ["day": r.reported.iso])), who, cell,
                    c.t("use.weapon." + r.weapon.rawValue) + (r.device.map { "<br><small>\(esc($0))</small>" } ?? ""),
                    status, u.answered ? c.t("use.answered") : c.t("use.no_answer"), source,
                ]
            },
            id: id
        )
    }

    /// `GET /use-of-mines/map.geojson?…`: the outlines of the states where the selection's reports took place, with
    /// their counts, and the reports the source locates, as points.
    static func useOfMinesMap(_ req: Request) async throws -> Response {
        let selection = try UseSelection(req)
        let c = WebContext(req)
        let (_, cases) = try await selection.cases(req, programme: c.may(.readProgramme))
        let registry = req.minefree.registry
        let byState = Dictionary(uniqueKeysWithValues: UseOfMines.byTerritory(cases).map { ($0.state, $0) })
        var features: [String] = []
        for outline in WorldMap.outlines {
            guard let counts = byState[outline.iso3] else { continue }
            let name = registry.state(outline.iso3)?.name ?? outline.iso3
            features.append(
                "{\"type\":\"Feature\",\"id\":\(GeoJSONWriter.string(outline.iso3)),\"properties\":{\"iso3\":\(GeoJSONWriter.string(outline.iso3)),\"name\":\(GeoJSONWriter.string(name)),\"reports\":\(counts.reports),\"confirmed\":\(counts.confirmed)},\"geometry\":\(outline.geometry)}"
            )
        }
        for u in cases {
            guard let p = u.report.location else { continue }
            var position = ""
            GeoJSONWriter.position(p, into: &position)
            features.append(
                "{\"type\":\"Feature\",\"id\":\(GeoJSONWriter.string(u.report.localID)),\"properties\":{\"id\":\(GeoJSONWriter.string(u.report.localID)),\"actor\":\(GeoJSONWriter.string(u.report.actorName)),\"status\":\(GeoJSONWriter.string(u.status.rawValue)),\"label\":\(GeoJSONWriter.string(c.t("use.status." + u.status.rawValue)))},\"geometry\":{\"type\":\"Point\",\"coordinates\":\(position)}}"
            )
        }
        let response = Response(
            status: .ok,
            body: .init(
                string: "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}"
            )
        )
        response.headers.replaceOrAdd(name: .contentType, value: "application/geo+json")
        return response
    }

    /// The state page's section: reports of use on the state's territory or by its forces, as known on the day.
    static func stateUseSection(_ req: Request, _ c: WebContext, _ state: State, _ date: CalendarDate) async throws
        -> String
    {
        let registry = req.minefree.registry
        let cases = UseOfMines.select(
            try await UseOfMinesRepository(database: req.minefree.store.database)
                .cases(registry: registry, asOf: date, programme: c.may(.readProgramme)),
            state: state.iso3
        )
        guard !cases.isEmpty else { return "" }
        return "<section id=\"use-of-mines\"><h2>\(c.t("use.title"))</h2>"
            + useTable(c, cases, registry, id: "state-use", details: false)
            + "<p><a href=\"/use-of-mines?state=\(state.iso3)&amp;as_of=\(date.iso)\">\(c.t("use.all_for_state"))</a></p></section>"
    }
}
