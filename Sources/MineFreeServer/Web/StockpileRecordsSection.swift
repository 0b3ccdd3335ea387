import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

extension WebPages {
    /// The programme's own stockpile records of a state, for its readers: the stock on the day from the last count
    /// and the destructions and transfers since, each destruction, retained-mine reports, the Art 9 record, the
    /// production facilities as they stand. The public sections above show the reference data only.
    static func stateStockpileRecordsSection(_ req: Request, _ c: WebContext, _ state: State, _ date: CalendarDate)
        async throws -> String
    {
        let all = try await StockpileRepository(database: req.minefree.store.database).records(asOf: date)
        let iso3 = state.iso3
        let records = all.about(iso3)
        let forms = recordFormLinks(
            c,
            [
                StockReport.info, StockDestruction.info, RetentionReport.info, NationalMeasureReport.info,
                ProductionFacility.info, MineTransfer.info,
            ]
        )
        guard !records.isEmpty || !forms.isEmpty else { return "" }
        let ledger = StockpileLedger(registry: req.minefree.registry.including(records, asOf: date), records: records)
        var out = "<section id=\"stockpile-records\"><h2>\(c.t("stock_records.title"))</h2>" + forms
        let balances = Convention.allCases.flatMap { ledger.balances(of: iso3, convention: $0, on: date) }
        for b in balances {
            out += "<p class=\"stock-balance\(b.isOverdrawn ? " overdrawn" : "")\">\(esc(b.explanation))</p>"
        }
        if !records.reports.isEmpty {
            out += table(
                [
                    c.t("common.date"), c.t("stockpile.kind"), c.t("stock_records.quantity"), c.t("stockpile.type"),
                    c.t("stock_records.reported_in"),
                ],
                records.reports.sorted { $0.date < $1.date }.map { r in
                    [
                        r.date.iso, c.t("stockpile.kind." + r.kind.rawValue), String(r.quantity), esc(r.mineType),
                        esc(r.reportedIn ?? ""),
                    ]
                },
                id: "stock-reports",
                numeric: [2]
            )
        }
        if !records.destructions.isEmpty {
            out += "<h3>\(c.t("stock_records.destructions"))</h3>"
            out += table(
                [
                    c.t("common.date"), c.t("stock_records.method"), c.t("stock_records.site"), c.t("stockpile.type"),
                    c.t("stock_records.quantity"),
                ],
                records.destructions.sorted { $0.end < $1.end }.map { d in
                    [
                        (d.start.map { $0.iso + " – " } ?? "") + d.end.iso,
                        c.t("stock_records.method." + d.method.rawValue), esc(d.site ?? ""), esc(d.mineType),
                        String(d.quantity),
                    ]
                },
                id: "stock-destructions",
                numeric: [4]
            )
        }
        if !records.retention.isEmpty {
            out += "<h3>\(c.t("retained.title"))</h3>"
            out += table(
                [
                    c.t("common.year"), c.t("retained.retained"), c.t("retained.consumed"),
                    c.t("stock_records.institution"),
                ],
                records.retention.sorted { ($0.year, $0.reported) < ($1.year, $1.reported) }.map { r in
                    [
                        String(r.year), String(r.retained), r.consumed.map(String.init) ?? "",
                        esc(r.institution ?? ""),
                    ]
                },
                id: "retention-reports",
                numeric: [0, 1, 2]
            )
        }
        if let m = records.measures.max(by: { $0.recorded < $1.recorded }) {
            out += "<h3>\(c.t("measure.title"))</h3>"
            out += table(
                [c.t("state.fact"), c.t("state.value")],
                [
                    [c.t("common.status"), c.t("measure.status." + m.status.rawValue)],
                    [c.t("measure.law"), esc(m.measure ?? "")],
                    [c.t("measure.adopted_on"), m.adoptedOn?.iso ?? ""],
                    [c.t("stock_records.recorded"), m.recorded.iso],
                ],
                id: "measure-record"
            )
        }
        if !records.facilities.isEmpty {
            out += "<h3>\(c.t("stock_records.facilities"))</h3>"
            out += table(
                [
                    c.t("stock_records.facility"), c.t("common.status"), c.t("stock_records.ceased_on"),
                    c.t("stock_records.decommissioned_on"), c.t("stock_records.recorded"),
                ],
                records.facilities.map { f in
                    [
                        esc(f.name + (f.place.map { " (\($0))" } ?? "")),
                        c.t("stock_records.status." + f.status.rawValue),
                        f.ceasedOn?.iso ?? "", f.decommissionedOn?.iso ?? "", f.recorded.iso,
                    ]
                },
                id: "production-facilities"
            )
        }
        if !records.transfers.isEmpty {
            out += "<h3>\(c.t("stock_records.transfers"))</h3>"
            out += table(
                [
                    c.t("common.date"), c.t("stock_records.from"), c.t("stock_records.to"), c.t("stockpile.type"),
                    c.t("stock_records.quantity"),
                ],
                records.transfers.sorted { $0.date < $1.date }.map { t in
                    [t.date.iso, t.from, t.to, esc(t.mineType), String(t.quantity)]
                },
                id: "mine-transfers",
                numeric: [4]
            )
        }
        return out + "</section>"
    }
}

extension WebPages {
    /// The figures sources disagree on about a state, for the programme's readers: the span, each source's value,
    /// and the value adopted with its reason.
    static func stateFiguresSection(_ req: Request, _ c: WebContext, _ state: State, _ date: CalendarDate)
        async throws -> String
    {
        let figures = try await SourcedFigureRepository(database: req.minefree.store.database).figures(asOf: date)
            .filter { $0.state == state.iso3 }
        guard !figures.isEmpty else { return "" }
        return "<section id=\"sourced-figures\"><h2>\(c.t("figures.title"))</h2>"
            + table(
                [
                    c.t("figures.figure"), c.t("common.year"), c.t("figures.range"), c.t("figures.sources"),
                    c.t("figures.adopted"),
                ],
                figures.map { f in
                    [
                        c.t("figures.topic." + f.topic.rawValue), String(f.year),
                        f.agree ? esc(f.rangeText) : "<strong>\(esc(f.rangeText))</strong>",
                        f.reports.map { esc("\($0.source): \($0.valueText) (\($0.reported.iso))") }.joined(
                            separator: "<br>"
                        ),
                        f.adopted.map { esc("\($0.valueText) — \(f.adoption!.reason)") } ?? c.t("figures.none_adopted"),
                    ]
                },
                id: "figure-list"
            ) + "</section>"
    }
}
