import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The web app's routes. Pages are HTML rendered here; charts are SVG (``SVGChart``); the map is Leaflet
/// from Debian's libjs-leaflet reading the OGC API. Each page checks the same permissions as the API.
enum WebPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(use: home)
        routes.get("treaty", use: treaty)
        routes.get("treaty", "map.geojson", use: WorldMap.statusLayer)
        routes.get("states", ":code", use: statePage)
        routes.get("deadlines", use: deadlines)
        routes.get("programme", use: programme)
        routes.get("activities", use: activities)
        // The page was called Operations before activities took their IMAS name: old links still arrive.
        routes.get("operations") { req in
            req.redirect(to: "/activities" + (req.url.query.map { "?" + $0 } ?? ""), redirectType: .permanent)
        }
        routes.get("activities", "new", use: activityForm)
        routes.post("activities", use: recordActivity)
        routes.get("finds", "new", use: findForm)
        routes.post("finds", use: recordFind)
        routes.get("hazards", use: hazards)
        routes.get("hazards", ":id", use: hazard)
        routes.get("hazards", "new", use: hazardForm)
        routes.post("hazards", use: recordHazard)
        routes.get("hazards", ":id", "revisions", "new", use: revisionForm)
        routes.post("hazards", ":id", "revisions", use: recordRevision)
        routes.get("signin", use: signInForm)
        routes.post("signin", use: signIn)
        routes.post("signout", use: signOut)
        routes.get("releases", "new", use: releaseForm)
        routes.post("releases", use: recordRelease)
        routes.get("review", use: reviewList)
        routes.post("review", ":id", use: reviewDecision)
        routes.get("audit", use: audit)
        routes.get("import", use: importForm)
        // Uploads of a whole programme's files, streamed to disk under MINEFREE_MAX_UPLOAD_BYTES (the national
        // benchmark dataset is 57 MB).
        routes.on(.POST, "import", body: .stream, use: importUpload)
        routes.get("casualties", use: casualties)
        routes.get("casualties", "duplicates", use: duplicates)
        routes.get("casualties", "map.geojson", use: casualtyMap)
        routes.post("casualties", "duplicates", use: decideDuplicate)
        routes.get("people", ":id", use: person)
        routes.get("assistance", use: assistance)
        routes.get("funding", use: funding)
        routes.get("advocacy", use: advocacy)
        routes.get("states-not-party", use: statesNotParty)
        routes.get("action-plans", use: actionPlans)
        routes.get("action-plans", ":plan", use: actionPlan)
        routes.get("use-of-mines", use: useOfMines)
        routes.get("use-of-mines", "map.geojson", use: useOfMinesMap)
        routes.get("submit", ":layer", use: recordFormPage)
        routes.post("submit", ":layer", use: submitRecordForm)
        routes.get("eore", use: eore)
        routes.get("priorities", use: PlanningPages.list)
        routes.get("priorities", ":id", use: PlanningPages.explain)
        routes.get("forecast", use: PlanningPages.forecast)
        routes.get("workplan", use: PlanningPages.workPlan)
        routes.get("users", use: users)
        routes.post("users", use: addUser)
        routes.get("users", ":username", use: account)
        routes.post("users", ":username", use: changeAccount)
    }

    /// Leaflet (Debian's libjs-leaflet) and the app's map script, for the pages with a map.
    static let leafletHead =
        "<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\"><script src=\"/static/leaflet/leaflet.js\"></script><script src=\"/static/map.js\" defer></script>"

    /// `as_of` from the query for pages: a bad value is a 400 page naming it.
    static func asOf(_ req: Request) throws -> CalendarDate {
        try Parameters.day(req.query[String.self, at: "as_of"])
    }

    static func convention(_ req: Request) throws -> Convention {
        guard let text = req.query[String.self, at: "convention"], !text.isEmpty else { return .apmbc }
        guard let c = Convention(rawValue: text) else {
            throw Problem.badValue("convention", text, expected: "apmbc or ccm")
        }
        return c
    }

    /// A fact whose reading no source confirms (`unconfirmed` in the reference data) is never shown as plain fact:
    /// it carries this mark, which names the doubt.
    static func doubtMark(_ c: WebContext, _ unconfirmed: Bool) -> String {
        guard unconfirmed else { return "" }
        return
            " <abbr class=\"unconfirmed\" title=\"\(c.t("common.unconfirmed_title"))\">\(c.t("common.unconfirmed"))</abbr>"
    }

    /// A row's source and confidence, small, after the fact it supports (`lead` first inside the brackets).
    static func sourceNote(_ c: WebContext, _ p: Provenance, lead: String? = nil) -> String {
        " <small>(\(lead.map { $0 + ", " } ?? "")<a href=\"\(esc(p.source))\">\(c.t("common.source"))</a>, "
            + "\(esc(p.confidence.rawValue)))</small>" + doubtMark(c, p.confidence == .unconfirmed)
    }

    /// An obligation's heading: the CCM's Art 4 clears cluster munition remnants, not mined areas.
    static func obligationTitle(_ c: WebContext, _ obligation: Obligation, _ convention: Convention) -> String {
        if obligation == .clearance, convention == .ccm { return c.t("obligation.clearance.ccm") }
        return c.t("obligation." + obligation.rawValue)
    }

    static func dateForm(_ c: WebContext, _ date: CalendarDate, extra: String = "") -> String {
        "<form method=\"get\" class=\"filters\"><label>\(c.t("common.as_of")) <input type=\"date\" name=\"as_of\" value=\"\(date.iso)\"></label>\(extra)<button type=\"submit\">\(c.t("common.show"))</button></form>"
    }

    // MARK: Home

    static func home(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let date = try asOf(req)
        let registry = req.minefree.registry
        let apmbc = registry.universalization(of: .apmbc, asOf: date)
        let ccm = registry.universalization(of: .ccm, asOf: date)
        var body = "<p class=\"lead\">\(c.t("home.lead"))</p><div class=\"cards\">"
        body += card(
            c.t("home.apmbc_parties"),
            String(apmbc.statesParties),
            "/treaty?convention=apmbc",
            id: "card-apmbc"
        )
        body += card(c.t("home.ccm_parties"), String(ccm.statesParties), "/treaty?convention=ccm", id: "card-ccm")
        let upcoming = registry.deadlines(.clearance, in: .apmbc, year: date.year, asOf: date).filter {
            $0.outcome == .pending
        }.count
        body += card(c.t("home.art5_this_year"), String(upcoming), "/deadlines?year=\(date.year)", id: "card-deadlines")
        if c.mayRead(.progress) {
            let summary = try await Progress.summary(asOf: date, req)
            body += card(
                c.t("home.remaining"),
                c.hectares(summary.national.remainingM2),
                "/programme",
                id: "card-remaining"
            )
        }
        body += "</div>"
        return c.page(c.t("home.title"), body)
    }

    static func card(_ label: String, _ value: String, _ href: String, id: String) -> String {
        "<a class=\"card\" id=\"\(id)\" href=\"\(href)\"><span class=\"value\">\(esc(value))</span><span class=\"label\">\(label)</span></a>"
    }

    // MARK: Treaty

    static func treaty(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let date = try asOf(req)
        let convention = try convention(req)
        let registry = req.minefree.registry
        // The registry's figures for a day do not depend on who reads them: built once per language, convention
        // and day (the registry is loaded at start; a new load is a new generation).
        let body = try await req.keptFigure("treaty-page \(c.lang) \(convention.rawValue) \(date.iso)") {
            let u = registry.universalization(of: convention, asOf: date)
            let select =
                "<label>\(c.t("common.convention")) <select name=\"convention\">"
                + Convention.allCases.map {
                    "<option value=\"\($0.rawValue)\"\($0 == convention ? " selected" : "")>\(esc($0.shortTitle))</option>"
                }.joined()
                + "</select></label>"
            var body = dateForm(c, date, extra: select)
            body +=
                "<p id=\"parties-summary\">"
                + c.t(
                    "treaty.summary",
                    [
                        "parties": String(u.statesParties), "date": date.iso,
                        "outside": String(u.unMembersNotParty.count),
                        "signatories": String(u.signatoriesNotRatified.count),
                    ]
                ) + "</p>"
            // Universalization over time: States Parties at the end of each year.
            var cumulative = 0
            let joins = registry.joinsByYear(of: convention, asOf: date)
            var points: [(x: Int, y: Double)] = []
            if let first = joins.first?.year {
                let byYear = Dictionary(uniqueKeysWithValues: joins.map { ($0.year, $0.total) })
                for y in first...date.year {
                    cumulative += byYear[y] ?? 0
                    points.append((y, Double(cumulative)))
                }
            }
            body +=
                "<div id=\"worldmap\" data-as-of=\"\(date.iso)\" data-convention=\"\(convention.rawValue)\"></div><p class=\"legend\">"
                + ParticipationStatus.allCases.map {
                    "<span class=\"swatch st-\($0.rawValue)\"></span> \(c.t("status." + $0.rawValue))"
                }.joined(separator: " ")
                + "</p>"
            body +=
                "<figure>"
                + SVGChart.line(
                    id: "chart-universalization",
                    title: req.minefree.catalogue.text("treaty.chart_title", c.lang),
                    unit: req.minefree.catalogue.text("treaty.instruments", c.lang),
                    points: points
                ) + "</figure>"
            body += "<h2>\(c.t("treaty.by_region"))</h2>"
            body += table(
                [
                    c.t("common.region"), c.t("treaty.un_members"), c.t("treaty.parties"), c.t("treaty.signatories"),
                    c.t("treaty.outside"),
                ],
                u.regions.map {
                    [
                        esc($0.region), String($0.unMembers), String($0.statesParties), String($0.signatories),
                        String($0.unMembersNotParty),
                    ]
                },
                id: "regions",
                numeric: [1, 2, 3, 4]
            )
            body += "<h2>\(c.t("treaty.states"))</h2>"
            let standings = registry.standings(in: convention, asOf: date)
            body += table(
                [
                    c.t("common.state"), c.t("common.region"), c.t("common.status"), c.t("treaty.deposited"),
                    c.t("treaty.eif"),
                ],
                standings.map { s in
                    [
                        "<a href=\"/states/\(s.state.iso3)?as_of=\(date.iso)\">\(esc(s.state.name))</a>",
                        esc(s.state.subRegion),
                        "<span class=\"status \(s.status.rawValue)\">\(c.t("status." + s.status.rawValue))</span>",
                        s.deposited?.iso ?? "", s.entryIntoForce?.iso ?? "",
                    ]
                },
                id: "states"
            )
            // Art 7: the compliance rates sources published for each year's annual reports, as known on the day.
            let rates = registry.complianceRates(asOf: date)
            if convention == .apmbc, !rates.isEmpty {
                body +=
                    "<h2 id=\"transparency\">\(c.t("treaty.transparency"))</h2><p>\(c.t("treaty.transparency_intro"))</p>"
                body += table(
                    [c.t("treaty.report_year"), c.t("common.as_of"), c.t("treaty.rate"), c.t("common.source")],
                    rates.map { r in
                        [
                            String(r.year), r.asOf.iso,
                            r.ratePercent.map { "\(SVGChart.label($0))%" }
                                ?? esc(r.notes.map { String($0.prefix(80)) } ?? ""),
                            "<a href=\"\(esc(r.provenance.source))\">\(esc(r.provenance.confidence.rawValue))</a>",
                        ]
                    },
                    id: "compliance-rates",
                    numeric: [2]
                )
            }
            return body
        }
        let head = WebPages.leafletHead
        return c.page(c.t("treaty.title", ["convention": convention.shortTitle]), body, head: head)
    }

    static func statePage(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let date = try asOf(req)
        let code = req.parameters.get("code") ?? ""
        guard let state = req.minefree.registry.state(code) else {
            throw Problem(.notFound, "no state with the code '\(code)'", field: "code")
        }
        var body = dateForm(c, date)
        body +=
            "<p>\(esc(state.subRegion)), \(esc(state.region))\(state.unMemberSince.map { " · " + c.t("state.un_member_since") + " " + $0.iso } ?? "")</p>"
        for convention in Convention.allCases {
            let s = req.minefree.registry.standing(of: state, in: convention, asOf: date)
            body += "<section class=\"convention\" id=\"\(convention.rawValue)\"><h2>\(esc(convention.shortTitle))</h2>"
            var rows: [[String]] = [
                [
                    c.t("common.status"),
                    "<span class=\"status \(s.status.rawValue)\">\(c.t("status." + s.status.rawValue))</span>",
                ]
            ]
            func add(_ key: String, _ value: String?) { if let value { rows.append([c.t(key), esc(value)]) } }
            add("state.signed", s.signed?.iso)
            add("treaty.deposited", s.deposited.map { "\($0.iso) (\(s.instrument?.rawValue ?? "?"))" })
            add("treaty.eif", s.entryIntoForce?.iso)
            add("state.withdrawal_effective", s.withdrawalEffective?.iso)
            if let expected = s.withdrawalExpected {
                rows.append([
                    c.t("state.withdrawal_expected"),
                    c.t("state.withdrawal_condition", ["day": expected.iso, "state": state.name]),
                ])
            }
            if let suspended = s.suspensionNotified {
                rows.append([c.t("state.suspension_notified"), c.t("state.suspension_note", ["day": suspended.iso])])
            }
            add("state.initial_report", s.reporting?.initialReportDue.iso)
            add("state.next_report", s.reporting?.nextReportDue.iso)
            // The Art 7 record: the initial report, then each annual report a source spoke of.
            for r in s.transparency where r.status != .notYetDue {
                var value = "<span class=\"report \(r.status.rawValue)\">\(c.t("report." + r.status.rawValue))</span>"
                if let day = r.submittedOn { value += " " + c.t("report.on", ["day": day.iso]) }
                if let st = r.statement {
                    value += sourceNote(c, st.provenance, lead: c.t("report.as_of", ["day": st.asOf.iso]))
                }
                rows.append([
                    r.kind == .initial
                        ? c.t("report.initial") : c.t("report.annual", ["year": String(r.year ?? 0)]),
                    value,
                ])
            }
            body += table([c.t("state.fact"), c.t("state.value")], rows, id: "standing-\(convention.rawValue)")
            for d in [s.stockpileDestruction, s.clearance].compactMap({ $0 }) {
                body += "<h3>\(obligationTitle(c, d.obligation, convention)) (Art \(d.article))</h3>"
                // No stockpile held, or no contaminated area ever reported: no deadline runs, so none is shown.
                var drows: [[String]] =
                    d.status == .notApplicable
                    ? [
                        [
                            c.t("common.status"),
                            "<span class=\"outcome not_applicable\">\(c.t("deadline_status.not_applicable"))</span>: "
                                + c.t("deadline.none.\(convention.rawValue).\(d.obligation.rawValue)")
                                + doubtMark(c, d.isUnconfirmed),
                        ]
                    ]
                    : [
                        [c.t("deadline.original"), d.originalDeadline.iso],
                        [
                            c.t("deadline.current"),
                            d.deadline?.iso
                                ?? c.t(d.status == .reopened ? "deadline.as_soon_as_possible" : "deadline.not_recorded"),
                        ],
                        [
                            c.t("common.status"),
                            "<span class=\"outcome \(d.status.rawValue)\">\(c.t("deadline_status." + d.status.rawValue))</span>"
                                + doubtMark(c, d.isUnconfirmed),
                        ],
                    ]
                if let done = d.completedOn { drows.append([c.t("deadline.completed_on"), done.iso]) }
                if d.completionDeclaredOn != nil || d.completionDeclaredAt != nil {
                    let day = d.completionDeclaredOn?.iso ?? ""
                    let meeting = esc(d.completionDeclaredAt ?? "")
                    let key =
                        d.completionDeclaredAt == nil
                        ? "deadline.declared_on"
                        : d.completionDeclaredOn == nil ? "deadline.declared_at" : "deadline.declared_at_on"
                    drows.append([c.t("deadline.declared"), c.t(key, ["meeting": meeting, "day": day])])
                }
                if let reopened = d.reopenedOn { drows.append([c.t("deadline.reopened_on"), reopened.iso]) }
                if let r = d.request {
                    drows.append([
                        c.t("deadline.request"),
                        c.t(
                            r.requestedDeadline == nil ? "deadline.request_at" : "deadline.request_to",
                            ["meeting": esc(r.meetingCode), "day": r.requestedDeadline?.iso ?? ""]
                        ) + sourceNote(c, r.provenance),
                    ])
                }
                if let meeting = d.undecidedAt {
                    drows.append([
                        c.t("deadline.undecided_at"), c.t("deadline.undecided_at_value", ["meeting": esc(meeting)]),
                    ])
                }
                for e in d.extensions {
                    drows.append([
                        c.t("deadline.extension", ["n": String(e.sequence)]),
                        esc("\(e.meetingCode ?? "") \(e.grantedOn?.iso ?? "") → \(e.newDeadline?.iso ?? "?")")
                            + sourceNote(c, e.provenance),
                    ])
                }
                if let p = d.report?.provenance {
                    drows.append([
                        c.t("common.source"),
                        "<a href=\"\(esc(p.source))\">\(esc(p.source))</a> (\(esc(p.confidence.rawValue)))"
                            + doubtMark(c, p.confidence == .unconfirmed),
                    ])
                }
                body += table([c.t("state.fact"), c.t("state.value")], drows)
            }
            if let p = s.provenance {
                body +=
                    "<p class=\"source\">\(c.t("common.source")): <a href=\"\(esc(p.source))\">\(esc(p.source))</a> (\(esc(p.confidence.rawValue)))</p>"
            }
            if convention == .ccm { body += ccmStockpileSection(c, state, date, req.minefree.registry) }
            if convention == .apmbc {
                body += measureSection(c, state, date, req.minefree.registry)
                body += stockpileSection(c, state, date, req.minefree.registry)
                body += ungaVotesSection(c, state, date, req.minefree.registry)
            }
            body += "</section>"
        }
        body += instrumentsSection(c, state, date, req.minefree.registry)
        body += try await stateUseSection(req, c, state, date)
        if c.may(.readProgramme) {
            body += try await stateStockpileRecordsSection(req, c, state, date)
            body += try await stateFiguresSection(req, c, state, date)
            body += try await stateFundingSection(req, c, state, date)
        }
        return c.page("\(state.name) (\(state.iso3))", body)
    }

    /// The state's standing with the instruments beside the treaty: CCW Amended Protocol II and Protocol V, the CRPD.
    static func instrumentsSection(_ c: WebContext, _ state: State, _ date: CalendarDate, _ registry: TreatyRegistry)
        -> String
    {
        "<section id=\"instruments\"><h2>\(c.t("instruments.title"))</h2>"
            + table(
                [c.t("instruments.instrument"), c.t("common.status"), c.t("instruments.since"), c.t("common.source")],
                RelatedInstrument.allCases.map { i in
                    let (status, since) = registry.instrumentStatus(of: state.iso3, in: i, asOf: date)
                    let p = registry.instrumentParticipation(state.iso3, in: i)
                    return [
                        c.t("instruments." + i.rawValue), c.t("instrument_status." + status.rawValue), since?.iso ?? "",
                        p.map {
                            "<a href=\"\(esc($0.provenance.source))\">\(esc($0.provenance.confidence.rawValue))</a>"
                        } ?? "",
                    ]
                },
                id: "instrument-standing"
            ) + "</section>"
    }

    /// The state's national implementation measures (Art 9), when recorded.
    static func measureSection(_ c: WebContext, _ state: State, _ date: CalendarDate, _ registry: TreatyRegistry)
        -> String
    {
        guard let m = registry.nationalMeasure(of: state.iso3), m.adoptedOn.map({ $0 < date }) ?? true else {
            return ""
        }
        var rows = [[c.t("common.status"), c.t("measure.status." + m.status.rawValue)]]
        if let law = m.measure { rows.append([c.t("measure.law"), esc(law)]) }
        if let day = m.adoptedOn { rows.append([c.t("measure.adopted_on"), day.iso]) }
        if let penal = m.penalSanctions {
            rows.append([c.t("measure.penal"), c.t(penal ? "common.yes" : "common.no")])
        }
        rows.append([
            c.t("common.source"),
            "<a href=\"\(esc(m.provenance.source))\">\(esc(m.provenance.source))</a> (\(esc(m.provenance.confidence.rawValue)))",
        ])
        return "<h3>\(c.t("measure.title"))</h3>"
            + table([c.t("state.fact"), c.t("state.value")], rows, id: "measures")
    }

    /// The state's cluster munition stockpile in figures (CCM Art 3), munitions and submunitions, with sources.
    static func ccmStockpileSection(_ c: WebContext, _ state: State, _ date: CalendarDate, _ registry: TreatyRegistry)
        -> String
    {
        let figures = registry.ccmStockpileFigures(of: state.iso3).filter { $0.date < date }
        let outside = registry.notPartyClusterStocks(of: state.iso3).filter { $0.date < date }
        if figures.isEmpty, !outside.isEmpty {
            // A state outside the CCM: what it declared, what records show, what monitors attribute to it.
            return "<h3>\(c.t("ccm_not_party.title"))</h3>"
                + table(
                    [
                        c.t("common.date"), c.t("ccm_not_party.type"), c.t("ccm_stockpile.quantity"),
                        c.t("ccm_stockpile.unit"), c.t("ccm_not_party.basis"), c.t("common.source"),
                    ],
                    outside.map { s in
                        [
                            s.dateText, esc(s.munitionType), s.quantity.map(String.init) ?? "",
                            s.unit.map { c.t("ccm_stockpile.unit." + $0.rawValue) } ?? "",
                            c.t("ccm_not_party.basis." + s.basis.rawValue),
                            "<a href=\"\(esc(s.provenance.source))\">\(esc(s.provenance.confidence.rawValue))</a>",
                        ]
                    },
                    id: "ccm-not-party-stocks",
                    numeric: [2]
                )
        }
        guard !figures.isEmpty else { return "" }
        let explained = registry.stockpileExplanation(of: state, asOf: date, in: .ccm).map {
            "<p id=\"ccm-stockpile-explained\">\(esc($0))</p>"
        }
        return "<h3>\(c.t("ccm_stockpile.title"))</h3>" + (explained ?? "")
            + table(
                [
                    c.t("common.date"), c.t("ccm_stockpile.kind"), c.t("ccm_stockpile.quantity"),
                    c.t("ccm_stockpile.unit"), c.t("common.source"),
                ],
                figures.map { f in
                    [
                        f.dateText, c.t("stockpile.kind." + f.kind.rawValue), String(f.quantity),
                        c.t("ccm_stockpile.unit." + f.unit.rawValue),
                        "<a href=\"\(esc(f.provenance.source))\">\(esc(f.provenance.confidence.rawValue))</a>",
                    ]
                },
                id: "ccm-stockpile",
                numeric: [2]
            )
    }

    /// The state's votes on the UNGA resolution on the Convention (years before the as-of day's).
    static func ungaVotesSection(_ c: WebContext, _ state: State, _ date: CalendarDate, _ registry: TreatyRegistry)
        -> String
    {
        let votes = registry.ungaVotes(of: state.iso3).filter { $0.year < date.year }
        guard !votes.isEmpty else { return "" }
        return "<h3>\(c.t("unga.title"))</h3>"
            + table(
                [
                    c.t("common.year"), c.t("unga.forum"), c.t("unga.vote"), c.t("unga.resolution"),
                    c.t("common.source"),
                ],
                votes.map { v in
                    [
                        String(v.year), c.t("unga.forum." + v.forum.rawValue), c.t("unga.vote." + v.vote.rawValue),
                        esc(v.resolution ?? ""),
                        "<a href=\"\(esc(v.provenance.source))\">\(esc(v.provenance.confidence.rawValue))</a>",
                    ]
                },
                id: "unga-votes",
                numeric: [0]
            )
    }

    /// The state's stockpile in figures (declared, held at the deadline, destroyed, found later) with the Art 4
    /// standing explained by them, and its retained mines by year; nothing when no figure is known.
    static func stockpileSection(_ c: WebContext, _ state: State, _ date: CalendarDate, _ registry: TreatyRegistry)
        -> String
    {
        let figures = registry.stockpileFigures(of: state.iso3).filter { $0.date < date }
        let retained = registry.retainedMines(of: state.iso3).filter { $0.year < date.year }
        guard !figures.isEmpty || !retained.isEmpty else { return "" }
        var out = "<h3>\(c.t("stockpile.title"))</h3>"
        if let text = registry.stockpileExplanation(of: state, asOf: date) {
            out += "<p id=\"stockpile-explained\">\(esc(text))</p>"
        }
        if !figures.isEmpty {
            out += table(
                [
                    c.t("stockpile.date"), c.t("stockpile.kind"), c.t("stockpile.quantity"), c.t("stockpile.type"),
                    c.t("common.source"),
                ],
                figures.map { f in
                    [
                        f.dateText, c.t("stockpile.kind." + f.kind.rawValue), String(f.quantity), esc(f.mineType),
                        "<a href=\"\(esc(f.provenance.source))\">\(esc(f.provenance.confidence.rawValue))</a>",
                    ]
                },
                id: "stockpile-figures",
                numeric: [2]
            )
        }
        if !retained.isEmpty {
            out += "<h3>\(c.t("retained.title"))</h3>"
            out += table(
                [c.t("common.year"), c.t("retained.retained"), c.t("retained.consumed"), c.t("common.source")],
                retained.map { r in
                    [
                        String(r.year), String(r.retained), r.consumed.map(String.init) ?? "",
                        "<a href=\"\(esc(r.provenance.source))\">\(esc(r.provenance.confidence.rawValue))</a>",
                    ]
                },
                id: "retained-mines",
                numeric: [0, 1, 2]
            )
        }
        return out
    }

    static func deadlines(_ req: Request) async throws -> Response {
        let c = WebContext(req)
        let date = try asOf(req)
        let convention = try convention(req)
        var year = date.year
        if let text = req.query[String.self, at: "year"], !text.isEmpty {
            guard let y = Int(text), (1997...2100).contains(y) else {
                throw Problem.badValue("year", text, expected: "a year from 1997 to 2100")
            }
            year = y
        }
        let extra =
            "<label>\(c.t("common.year")) <input type=\"number\" name=\"year\" min=\"1997\" max=\"2100\" value=\"\(year)\"></label>"
            + "<input type=\"hidden\" name=\"convention\" value=\"\(convention.rawValue)\">"
        var body = dateForm(c, date, extra: extra)
        for obligation in Obligation.allCases {
            let events = req.minefree.registry.deadlines(obligation, in: convention, year: year, asOf: date)
            body +=
                "<h2>\(obligationTitle(c, obligation, convention)) (Art \(convention.article(of: obligation))) · \(year)</h2>"
            if events.isEmpty { body += "<p>\(c.t("deadlines.none"))</p>"; continue }
            body += table(
                [c.t("common.state"), c.t("deadline.current"), c.t("common.status"), c.t("deadline.completed_on")],
                events.map { e in
                    [
                        "<a href=\"/states/\(e.state.iso3)\">\(esc(e.state.name))</a>", e.deadline.iso,
                        "<span class=\"outcome \(e.outcome.rawValue)\">\(c.t("outcome." + e.outcome.rawValue))</span>"
                            + doubtMark(c, e.isUnconfirmed),
                        e.completedOn?.iso
                            ?? e.completionDeclaredOn.map { c.t("deadline.declared_by", ["day": $0.iso]) } ?? "",
                    ]
                },
                id: "deadlines-\(obligation.rawValue)"
            )
        }
        return c.page(c.t("deadlines.title", ["convention": convention.shortTitle]), body)
    }
}
