import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// `GET /funding`: cooperation and assistance (APMBC Art 6) in US dollars — money that moved each year by origin,
/// the donors, recipients and sectors, the international share and the money per square metre released, what could
/// not be converted, and the projects as they stand.
extension WebPages {
    static let fundingForms = [FundingProject.info, Contribution.info]

    static func funding(_ req: Request) async throws -> Response {
        try req.require(.readProgramme)
        let c = WebContext(req)
        let registry = req.minefree.registry
        let q = try FundingFigures.query(
            asOf: req.query[String.self, at: "as_of"],
            by: "year,origin",
            state: req.query[String.self, at: "state"],
            from: req.query[String.self, at: "from"],
            to: req.query[String.self, at: "to"],
            flow: nil,
            origin: nil,
            registry: registry
        )
        let key =
            "funding-page \(c.lang) \(q.asOf.iso) \(q.selection.recipient ?? "") \(q.selection.period.map { "\($0.lowerBound.iso) \($0.upperBound.iso)" } ?? "") \(c.may(.submitRecords))"
        let body = try await req.keptFigure(key) {
            let repository = FundingRepository(database: req.minefree.store.database)
            let contributions = try await repository.contributions(asOf: q.asOf)
            let rates = ExchangeRates(registry.exchangeRates)
            func totals(_ by: [FundingTotals.Dimension], flows: Set<FundingFlow>? = nil) -> FundingTotals {
                var s = q.selection
                if let flows { s.flows = flows }
                return FundingTotals.of(contributions, by: by, rates: rates, selection: s, asOf: q.asOf)
            }
            let byYear = totals([.year, .origin])
            let (measures, _) = try await FundingFigures.measures(
                recipient: q.selection.recipient,
                period: q.selection.period,
                asOf: q.asOf,
                on: req
            )
            let committed = totals([.donor], flows: [.commitment])
            var body = dateForm(
                c,
                q.asOf,
                extra: """
                    <label>\(c.t("funding.state")) <input name="state" size="4" value="\(esc(q.selection.recipient ?? ""))"></label>\
                    <label>\(c.t("funding.from")) <input type="date" name="from" value="\(q.selection.period?.lowerBound.iso ?? "")"></label>\
                    <label>\(c.t("funding.to")) <input type="date" name="to" value="\(q.selection.period?.upperBound.adding(days: -1).iso ?? "")"></label>
                    """
            )
            if c.may(.submitRecords) {
                body +=
                    "<p class=\"forms\">"
                    + fundingForms.map {
                        "<a href=\"/submit/\($0.name)\" id=\"new-\($0.name)\">\(c.t("people_form.title", ["record": $0.singular]))</a>"
                    }.joined(separator: " · ") + "</p>"
            }
            func usd(_ v: Double) -> String { "USD " + SVGChart.label(v.rounded()) }
            // Charts escape their own text: they take the catalogue's strings as they are.
            func raw(_ key: String) -> String { req.minefree.catalogue.text(key, c.lang) }
            body += "<div class=\"cards\">"
            body += card(c.t("funding.total"), usd(byYear.totalUSD), "#by-year", id: "card-total")
            body += card(c.t("funding.committed"), usd(committed.totalUSD), "#by-donor", id: "card-committed")
            body += card(
                c.t("funding.international_share"),
                measures.internationalShare.map { String(format: "%.1f %%", $0 * 100) } ?? "–",
                "#by-year",
                id: "card-share"
            )
            body += card(
                c.t("funding.per_m2"),
                measures.usdPerSquareMetre.map { String(format: "USD %.2f", $0) } ?? "–",
                "#by-year",
                id: "card-per-m2"
            )
            body += "</div>"
            guard byYear.count > 0 || committed.count > 0 else {
                return body + "<p id=\"no-funding\">\(c.t("funding.none"))</p>"
            }
            let years = Array(Set(byYear.rows.map { $0.key[0] })).sorted()
            func series(_ origin: FundingOrigin, _ colour: String) -> SVGChart.Series {
                SVGChart.Series(
                    name: raw("funding.origin." + origin.rawValue),
                    colour: colour,
                    values: years.map { y in byYear.rows.first { $0.key == [y, origin.rawValue] }?.usd ?? 0 }
                )
            }
            body +=
                "<figure id=\"by-year\">"
                + SVGChart.stackedBars(
                    id: "chart-funding",
                    title: raw("funding.chart"),
                    unit: "USD",
                    categories: years,
                    series: [series(.international, "#1f5f8b"), series(.national, "#3f8f4f")]
                ) + "</figure>"
            let donors = totals([.donor])
            body += "<h2 id=\"by-donor\">\(c.t("funding.by_donor"))</h2>"
            if !donors.rows.isEmpty {
                body += SVGChart.horizontalBars(
                    id: "chart-donors",
                    title: raw("funding.by_donor"),
                    unit: "USD",
                    items: donors.rows.prefix(10).map { (String($0.key[0].prefix(18)), $0.usd) },
                    colour: "#1f5f8b"
                )
            }
            func rows(_ t: FundingTotals) -> [[String]] {
                t.rows.map { $0.key.map(esc) + [grouped($0.usd), String($0.contributions)] }
            }
            let money = [c.t("funding.usd"), c.t("funding.contributions")]
            body += table([c.t("funding.donor")] + money, rows(donors), id: "donors", numeric: [1, 2])
            body += "<h2>\(c.t("funding.by_recipient"))</h2>"
            body += table(
                [c.t("funding.recipient")] + money,
                rows(totals([.recipient])),
                id: "recipients",
                numeric: [1, 2]
            )
            body += "<h2>\(c.t("funding.by_sector"))</h2>"
            body += table(
                [c.t("funding.sector")] + money,
                totals([.sector]).rows.map {
                    [c.t("funding_sector." + $0.key[0]), grouped($0.usd), String($0.contributions)]
                },
                id: "sectors",
                numeric: [1, 2]
            )
            if !byYear.unconverted.isEmpty {
                body += "<h2>\(c.t("funding.unconverted"))</h2><p>\(c.t("funding.unconverted_text"))</p>"
                body += table(
                    [c.t("funding.currency"), c.t("common.year"), c.t("funding.amount"), c.t("funding.contributions")],
                    byYear.unconverted.map {
                        [$0.currency, String($0.year), String($0.amount), String($0.contributions)]
                    },
                    id: "unconverted",
                    numeric: [2, 3]
                )
            }
            let projects = try await repository.projects(asOf: q.asOf).filter {
                q.selection.recipient == nil || $0.recipient == q.selection.recipient
            }
            body += "<h2 id=\"projects\">\(c.t("funding.projects")) (\(projects.count))</h2>"
            body += table(
                [
                    c.t("funding.project"), c.t("funding.donor"), c.t("funding.recipient"), c.t("funding.budget"),
                    c.t("funding.period"), c.t("funding.beneficiaries"),
                ],
                projects.prefix(200).map { p in
                    [
                        esc(p.title), esc(p.donor ?? ""), esc(p.recipient ?? p.region ?? ""),
                        p.budget.map { "\($0) \(p.currency ?? "")" } ?? "",
                        "\(p.start?.iso ?? "…") – \(p.end?.iso ?? "…")",
                        p.beneficiaries.map { "\($0) \(esc(p.beneficiaryUnit ?? ""))" } ?? "",
                    ]
                },
                id: "project-list",
                numeric: [3]
            )
            return body
        }
        return c.page(c.t("funding.title"), body)
    }

    /// On a state's page, for roles that read the programme: the money recorded for it year by year, by origin.
    static func stateFundingSection(_ req: Request, _ c: WebContext, _ state: State, _ date: CalendarDate) async throws
        -> String
    {
        let contributions = try await FundingRepository(database: req.minefree.store.database).contributions(asOf: date)
        let totals = FundingTotals.of(
            contributions,
            by: [.year, .origin],
            rates: ExchangeRates(req.minefree.registry.exchangeRates),
            selection: .init(recipient: state.iso3),
            asOf: date
        )
        guard totals.count > 0 else { return "" }
        let years = Array(Set(totals.rows.map { $0.key[0] })).sorted()
        func usd(_ year: String, _ origin: FundingOrigin) -> String {
            totals.rows.first { $0.key == [year, origin.rawValue] }.map { grouped($0.usd) } ?? ""
        }
        var out = "<section id=\"funding\"><h2>\(c.t("funding.state_title"))</h2>"
        out += table(
            [c.t("common.year"), c.t("funding.origin.national"), c.t("funding.origin.international")],
            years.map { [$0, usd($0, .national), usd($0, .international)] },
            id: "state-funding",
            numeric: [0, 1, 2]
        )
        if !totals.unconverted.isEmpty {
            out +=
                "<p>\(c.t("funding.unconverted")): "
                + totals.unconverted.map { "\($0.currency) \($0.amount) (\($0.year))" }.joined(separator: ", ") + "</p>"
        }
        return out + "<p><a href=\"/funding?state=\(state.iso3)\">\(c.t("funding.title"))</a></p></section>"
    }

    /// Whole dollars with thousands separated by a thin space (1 774 497), as the Monitor's tables print them.
    static func grouped(_ v: Double) -> String {
        let digits = String(Int(v.rounded()).magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(ch)
        }
        return (v.rounded() < 0 ? "−" : "") + out
    }
}
