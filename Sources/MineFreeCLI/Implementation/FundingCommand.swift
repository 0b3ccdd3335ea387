import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree funding`: cooperation and assistance (APMBC Art 6) from the contributions recorded.
struct FundingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding",
        abstract:
            "Mine action funding in US dollars: totals by donor, recipient, sector, year; a programme's measures.",
        subcommands: [FundingTotalsCommand.self, FundingMeasuresCommand.self],
        defaultSubcommand: FundingTotalsCommand.self
    )
}

/// The selection both subcommands share: a day, a period of transaction days, a recipient state.
struct FundingSelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: "Contributions known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @Option(help: "A calendar year of transactions (e.g. 2024).") var period: String?
    @Option(help: "First day of the transactions (YYYY-MM-DD).", transform: CalendarDate.argument) var from:
        CalendarDate?
    @Option(help: "Last day of the transactions, included (YYYY-MM-DD).", transform: CalendarDate.argument)
    var to: CalendarDate?
    @Option(help: "The recipient state (ISO alpha-3 or alpha-2 code).") var state: String?

    /// The transaction days asked for; nil for all of them.
    func range() throws -> Range<CalendarDate>? {
        if period == nil, from == nil, to == nil { return nil }
        var p = PeriodOption()
        p.period = period
        p.from = from
        p.to = to
        return try p.range(asOf: asOf ?? .today())
    }
}

struct FundingTotalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totals",
        abstract:
            "Funding summed in US dollars by donor, recipient, sector, year, origin, implementer, flow or currency.",
        discussion: """
            Each amount converts at its own year's average rate (exchange_rates.csv, with sources); amounts with no
            rate for their currency and year are listed apart, never guessed. By default the money that moved
            (disbursements and incoming funds) counts; --flow commitment counts promises instead.
            """
    )

    @Option(
        help: "Comma-separated: donor, recipient, sector, year, origin, implementer, flow, currency (default donor)."
    )
    var by: String = "donor"
    @OptionGroup var selection: FundingSelectionOptions
    @Option(help: "Comma-separated flows: commitment, disbursement, expenditure, incoming_funds, incoming_commitment.")
    var flow: String?
    @Option(help: "national or international.") var origin: String?
    @OptionGroup var output: FormatOption

    struct RowJSON: Encodable {
        let key: [String: String]
        let usd: Double
        let contributions: Int
    }

    struct UnconvertedJSON: Encodable {
        let currency: String
        let year: Int
        let amount: Int
        let contributions: Int
    }

    struct TotalsJSON: Encodable {
        let as_of: String
        let by: [String]
        let total_usd: Double
        let contributions: Int
        let rows: [RowJSON]
        let unconverted: [UnconvertedJSON]
    }

    func run() async throws {
        let dimensions: [FundingTotals.Dimension]
        var choice = FundingTotals.Selection()
        do {
            dimensions = try FundingTotals.Dimension.list(by)
            if let flow { choice.flows = try FundingFlow.list(flow) }
        } catch let error as FundingQueryError {
            throw BadInput("--\(error.description)")
        }
        if let origin {
            guard let o = FundingOrigin(rawValue: origin) else {
                throw BadInput("origin '\(origin)' is not national or international")
            }
            choice.origin = o
        }
        let date = selection.asOf ?? .today()
        choice.period = try selection.range()
        try await CommandContext.with { context in
            if let code = selection.state { choice.recipient = try context.state(code).iso3 }
            let contributions = try await FundingRepository(database: context.store.database).contributions(asOf: date)
            let totals = FundingTotals.of(
                contributions,
                by: dimensions,
                rates: ExchangeRates(context.registry.exchangeRates),
                selection: choice,
                asOf: date
            )
            switch output.format {
            case .json:
                print(
                    try JSONOutput.render(
                        TotalsJSON(
                            as_of: date.iso,
                            by: dimensions.map(\.rawValue),
                            total_usd: (totals.totalUSD * 100).rounded() / 100,
                            contributions: totals.count,
                            rows: totals.rows.map { r in
                                RowJSON(
                                    key: Dictionary(uniqueKeysWithValues: zip(dimensions.map(\.rawValue), r.key)),
                                    usd: (r.usd * 100).rounded() / 100,
                                    contributions: r.contributions
                                )
                            },
                            unconverted: totals.unconverted.map {
                                UnconvertedJSON(
                                    currency: $0.currency,
                                    year: $0.year,
                                    amount: $0.amount,
                                    contributions: $0.contributions
                                )
                            }
                        )
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: dimensions.map(\.rawValue) + ["usd", "contributions"],
                    rows: totals.rows.map { $0.key + [String(format: "%.0f", $0.usd), String($0.contributions)] }
                )
                if output.format == .csv {
                    print(table.csv())
                    return
                }
                print(
                    "Funding known on \(date)\(choice.recipient.map { " to \($0)" } ?? "")\(choice.period.map { ", \($0.text)" } ?? ""): "
                        + "USD \(String(format: "%.0f", totals.totalUSD)) from \(totals.count) contributions "
                        + "(\(choice.flows.map(\.rawValue).sorted().joined(separator: ", ")))."
                )
                print(table.text())
                if !totals.unconverted.isEmpty {
                    print("Not converted (no rate in exchange_rates.csv for the currency and year):")
                    for u in totals.unconverted {
                        print("  \(u.currency) \(u.amount) in \(u.year) (\(u.contributions) contributions)")
                    }
                }
            }
        }
    }
}

struct FundingMeasuresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measures",
        abstract:
            "A programme's resources: national and international funding, the international share, USD per m² released.",
        discussion: """
            The money that moved (disbursements, incoming funds) in the period, by origin; the land released in the same
            period from the store's release records, when there are any.
            """
    )

    @OptionGroup var selection: FundingSelectionOptions
    @OptionGroup var output: FormatOption

    struct MeasuresJSON: Encodable {
        let as_of: String
        let recipient: String?
        let national_usd: Double
        let international_usd: Double
        let international_share: Double?
        let released_m2: Double?
        let usd_per_m2: Double?
    }

    func run() async throws {
        let date = selection.asOf ?? .today()
        let period = try selection.range()
        try await CommandContext.with { context in
            let recipient = try selection.state.map { try context.state($0).iso3 }
            let (m, unconverted) = try await FundingRepository(database: context.store.database).measures(
                recipient: recipient,
                period: period,
                rates: ExchangeRates(context.registry.exchangeRates),
                asOf: date
            )
            let released = m.releasedSquareMetres
            if output.format == .json {
                print(
                    try JSONOutput.render(
                        MeasuresJSON(
                            as_of: date.iso,
                            recipient: recipient,
                            national_usd: m.nationalUSD.rounded(),
                            international_usd: m.internationalUSD.rounded(),
                            international_share: m.internationalShare.map { ($0 * 10000).rounded() / 10000 },
                            released_m2: released,
                            usd_per_m2: m.usdPerSquareMetre.map { ($0 * 100).rounded() / 100 }
                        )
                    )
                )
                return
            }
            let rows: [[String]] = [
                ["national funding, USD", String(format: "%.0f", m.nationalUSD)],
                ["international funding, USD", String(format: "%.0f", m.internationalUSD)],
                [
                    "international share",
                    m.internationalShare.map { String(format: "%.1f%%", $0 * 100) } ?? "no funding recorded",
                ],
                ["land released, m²", released.map { String(format: "%.0f", $0) } ?? "no release records"],
                ["USD per m² released", m.usdPerSquareMetre.map { String(format: "%.2f", $0) } ?? "n/a"],
            ]
            let table = Tabulation(columns: ["measure", "value"], rows: rows)
            if output.format == .csv {
                print(table.csv())
                return
            }
            print(
                "Resources known on \(date)\(recipient.map { " for \($0)" } ?? "")\(period.map { ", \($0.text)" } ?? ", all years"):"
            )
            print(table.text())
            if !unconverted.isEmpty {
                print(
                    "Not converted: "
                        + unconverted.map { "\($0.currency) \($0.amount) (\($0.year))" }.joined(separator: ", ")
                )
            }
        }
    }
}
