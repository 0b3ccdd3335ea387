import ArgumentParser
import Foundation
import MineFreeCore

/// `minefree stockpiles`: States Parties' stockpiles of anti-personnel mines in figures — declared, remaining at a
/// deadline, destroyed, found later — with each state's Art 4 standing explained by them.
struct StockpilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stockpiles",
        abstract:
            "Stockpile figures (APMBC Art 4) with their sources: every figure, one state's, or who missed the deadline still holding mines.",
        discussion: """
            Without options, every figure the reference data and the programme's records (stockpile_reports) hold; a
            record's id is in the record column. --state names one state (its figures and its Article 4 standing
            explained); --missed lists the States Parties whose deadline passed while they still held a stock by the
            figures, with the stock they held; --ledger gives each recorded state's stock on the day, from its last
            count less the destructions and transfers recorded since.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "apmbc (default: anti-personnel mines, Art 4) or ccm (cluster munitions and submunitions, Art 3).")
    var convention: String = "apmbc"
    @Flag(help: "Only the States Parties that missed their deadline still holding mines.") var missed = false
    @Flag(help: "The stock on the day of each state the records name: last count, destroyed, found, transferred.")
    var ledger = false
    @Flag(help: "With --convention ccm: the stocks of states outside the CCM, declared, reported or attributed.")
    var notParty = false
    @Option(
        name: .customLong("as-of"),
        help: "Start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    struct FigureJSON: Encodable {
        let iso3: String
        let date: String
        let mine_type: String
        let quantity: Int64
        let unit: String
        let kind: String
        let source: String
        let confidence: String
        let notes: String?
        let record_id: String?
        init(_ f: StockpileFigure) {
            record_id = f.recordID
            iso3 = f.iso3
            date = f.date.iso
            mine_type = f.mineType
            quantity = f.quantity
            unit = f.unit.rawValue
            kind = f.kind.rawValue
            source = f.provenance.source
            confidence = f.provenance.confidence.rawValue
            notes = f.notes
        }
    }

    struct MissedJSON: Encodable {
        let iso3: String
        let name: String
        let deadline: String
        let held: FigureJSON
        let completed_on: String?
    }

    func run() async throws {
        let date = asOf ?? .today()
        guard let chosen = Convention(rawValue: convention) else {
            throw BadInput("convention '\(convention)' is not apmbc or ccm")
        }
        if missed, ledger { throw BadInput("--missed and --ledger are two views: choose one") }
        if chosen == .ccm, missed {
            throw BadInput("--missed is for the APMBC's Art 4; for the CCM see `minefree deadlines`")
        }
        try await CommandContext.with { context in
            let (registry, records) = try await context.registry(withRecordsAsOf: date)
            if ledger {
                let book = StockpileLedger(registry: registry, records: records)
                var balances = book.balances(convention: chosen, on: date)
                if let code = state {
                    let iso3 = try context.state(code).iso3
                    balances = book.balances(of: iso3, convention: chosen, on: date)
                    if balances.isEmpty {
                        throw BadInput("no stock count for \(iso3) before \(date) in the reference data or the records")
                    }
                }
                try printLedger(balances, date: date)
                return
            }
            if notParty {
                guard chosen == .ccm else { throw BadInput("--not-party is for the CCM: add --convention ccm") }
                var stocks = registry.notPartyClusterStocks.sorted { ($0.iso3, $0.date) < ($1.iso3, $1.date) }
                if let code = state { stocks = registry.notPartyClusterStocks(of: try context.state(code).iso3) }
                stocks = stocks.filter { $0.date < date }
                let columns = [
                    "iso3", "date", "munition_type", "quantity", "unit", "basis", "confidence", "source",
                ]
                let rows = stocks.map {
                    [
                        $0.iso3, $0.dateText, $0.munitionType, $0.quantity.map(String.init) ?? "",
                        $0.unit?.rawValue ?? "", $0.basis.rawValue, $0.provenance.confidence.rawValue,
                        $0.provenance.source,
                    ]
                }
                switch output.format {
                case .json:
                    print(try JSONOutput.render(rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }))
                case .csv: print(Tabulation(columns: columns, rows: rows).csv())
                case .table:
                    print(
                        "Cluster munitions of states outside the CCM known on \(date): \(stocks.count) figures or attributions, "
                            + counted(Set(stocks.map(\.iso3)).count, "state")
                    )
                    print(Tabulation(columns: columns, rows: rows).text())
                }
                return
            }
            if chosen == .ccm {
                var figures = registry.ccmStockpileFigures.sorted { ($0.iso3, $0.date) < ($1.iso3, $1.date) }
                if let code = state {
                    // `ALL`: the totals across States Parties as sources state them.
                    let iso3 =
                        code.uppercased() == RetainedMinesReport.allStates
                        ? code.uppercased() : try context.state(code).iso3
                    figures = registry.ccmStockpileFigures(of: iso3)
                }
                figures = figures.filter { $0.date < date }
                let explained = try state.flatMap { code in
                    code.uppercased() == RetainedMinesReport.allStates
                        ? nil : registry.stockpileExplanation(of: try context.state(code), asOf: date, in: .ccm)
                }
                switch output.format {
                case .json: print(try JSONOutput.render(figures.map(FigureJSON.init)))
                case .csv, .table:
                    let table = Tabulation(
                        columns: [
                            "iso3", "date", "kind", "quantity", "unit", "munition_type", "confidence", "source",
                            "record",
                        ],
                        rows: figures.map {
                            [
                                $0.iso3, $0.dateText, $0.kind.rawValue, String($0.quantity), $0.unit.rawValue,
                                $0.mineType, $0.provenance.confidence.rawValue, $0.provenance.source, $0.recordID ?? "",
                            ]
                        }
                    )
                    if output.format == .csv {
                        print(table.csv())
                    } else {
                        print("Cluster munition stockpile figures (CCM Art 3) known on \(date): \(figures.count)")
                        if let explained { print(explained) }
                        print(table.text())
                    }
                }
                return
            }
            if missed {
                let list = registry.missedStockpileDeadlines(asOf: date)
                let completed = { (s: State) in
                    registry.standing(of: s, in: .apmbc, asOf: date).stockpileDestruction?.completedOn
                }
                switch output.format {
                case .json:
                    print(
                        try JSONOutput.render(
                            list.map {
                                MissedJSON(
                                    iso3: $0.state.iso3,
                                    name: $0.state.name,
                                    deadline: $0.deadline.iso,
                                    held: FigureJSON($0.held),
                                    completed_on: completed($0.state)?.iso
                                )
                            }
                        )
                    )
                case .csv, .table:
                    let table = Tabulation(
                        columns: [
                            "iso3", "name", "deadline", "held", "mine_type", "held_on", "completed_on", "source",
                        ],
                        rows: list.map {
                            [
                                $0.state.iso3, $0.state.name, $0.deadline.iso, String($0.held.quantity),
                                $0.held.mineType, $0.held.date.iso, completed($0.state).text, $0.held.provenance.source,
                            ]
                        }
                    )
                    if output.format == .csv {
                        print(table.csv())
                    } else {
                        print(
                            "States Parties that missed their Article 4 deadline still holding mines, as of \(date): \(list.count)"
                        )
                        print(table.text())
                    }
                }
                return
            }
            var figures = registry.stockpileFigures.sorted { ($0.iso3, $0.date) < ($1.iso3, $1.date) }
            var explained: String?
            if let code = state {
                let s = try context.state(code)
                figures = registry.stockpileFigures(of: s.iso3)
                explained = registry.stockpileExplanation(of: s, asOf: date)
            }
            figures = figures.filter { $0.date < date }
            switch output.format {
            case .json: print(try JSONOutput.render(figures.map(FigureJSON.init)))
            case .csv, .table:
                let table = Tabulation(
                    columns: ["iso3", "date", "kind", "quantity", "mine_type", "confidence", "source", "record"],
                    rows: figures.map {
                        [
                            $0.iso3, $0.date.iso, $0.kind.rawValue, String($0.quantity), $0.mineType,
                            $0.provenance.confidence.rawValue, $0.provenance.source, $0.recordID ?? "",
                        ]
                    }
                )
                if output.format == .csv {
                    print(table.csv())
                } else {
                    if let explained { print(explained) }
                    print(table.text())
                }
            }
        }
    }
}

extension StockpilesCommand {
    struct BalanceJSON: Encodable {
        let iso3: String
        let convention: String
        let unit: String
        let counted: Int64
        let counted_on: String
        let counted_types: String
        let destroyed: Int64
        let destructions: Int
        let found: Int64
        let transferred_in: Int64
        let transferred_out: Int64
        let remaining: Int64
        let overdrawn: Bool
        let explanation: String
    }

    func printLedger(_ balances: [StockBalance], date: CalendarDate) throws {
        switch output.format {
        case .json:
            print(
                try JSONOutput.render(
                    balances.map {
                        BalanceJSON(
                            iso3: $0.iso3,
                            convention: $0.convention.rawValue,
                            unit: $0.unit.rawValue,
                            counted: $0.base.quantity,
                            counted_on: $0.base.dateText,
                            counted_types: $0.base.mineType,
                            destroyed: $0.destroyed,
                            destructions: $0.destructions,
                            found: $0.found,
                            transferred_in: $0.transferredIn,
                            transferred_out: $0.transferredOut,
                            remaining: $0.remaining,
                            overdrawn: $0.isOverdrawn,
                            explanation: $0.explanation
                        )
                    }
                )
            )
        case .csv, .table:
            let table = Tabulation(
                columns: [
                    "iso3", "unit", "counted", "counted_on", "destroyed", "events", "found", "in", "out", "remaining",
                ],
                rows: balances.map {
                    [
                        $0.iso3, $0.unit.rawValue, String($0.base.quantity), $0.base.dateText, String($0.destroyed),
                        String($0.destructions), String($0.found), String($0.transferredIn),
                        String($0.transferredOut), String($0.remaining),
                    ]
                }
            )
            if output.format == .csv {
                print(table.csv())
            } else {
                print("Stocks at the start of \(date), from the last count and the records since: \(balances.count)")
                print(table.text())
                for b in balances where b.isOverdrawn { print("\(b.iso3): \(b.explanation)") }
            }
        }
    }
}

/// `minefree retained`: mines retained under Art 3 by year, per state or in all, and the numbers that never change.
struct RetainedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retained",
        abstract: "Mines retained for training and development (APMBC Art 3) by year, with their sources.",
        discussion: """
            Every report, or one state's (--state), or one year's (--year) with the total across States Parties where a
            source states it, from the reference data and the programme's records (retained_mine_reports; the record
            column names one). --unchanged lists the states whose number stayed the same for --years reports in a row
            (default 3), the reviews the ICRC asks for; --not-consumed those that reported consuming none for as many
            reported years in a row; --totals sums the States Parties' own reports year by year.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "One year.") var year: Int?
    @Flag(help: "States whose number did not change for several years in a row.") var unchanged = false
    @Flag(help: "States that reported consuming none of their retained mines for several years in a row.")
    var notConsumed = false
    @Option(help: "With --unchanged or --not-consumed: how many years in a row (2 to 30).") var years: Int = 3
    @Flag(help: "Mines retained and consumed across the States Parties that reported, year by year.") var totals = false
    @Option(
        name: .customLong("as-of"),
        help: "Records known at the start of this day (YYYY-MM-DD); default today.",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate?
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let year, !(1997...2100).contains(year) {
            throw ValidationError("year \(year) is out of range: expected a year from 1997 on")
        }
        guard (2...30).contains(years) else { throw ValidationError("--years \(years) must be from 2 to 30") }
        if [unchanged, totals, notConsumed].filter({ $0 }).count > 1 {
            throw ValidationError("--unchanged, --not-consumed and --totals are three views: choose one")
        }
    }

    func run() async throws {
        try await CommandContext.with { context in
            let (registry, _) = try await context.registry(withRecordsAsOf: asOf ?? .today())
            if totals {
                let rows = registry.retainedTotals().filter { year == nil || $0.year == year }
                let table = Tabulation(
                    columns: ["year", "states", "retained", "consumed"],
                    rows: rows.map { [String($0.year), String($0.states), String($0.retained), String($0.consumed)] }
                )
                switch output.format {
                case .json:
                    struct Total: Encodable {
                        let year: Int
                        let states: Int
                        let retained: Int64
                        let consumed: Int64
                    }
                    print(
                        try JSONOutput.render(
                            rows.map {
                                Total(year: $0.year, states: $0.states, retained: $0.retained, consumed: $0.consumed)
                            }
                        )
                    )
                case .csv: print(table.csv())
                case .table:
                    print("Mines retained across the States Parties that reported, by year (their own reports summed)")
                    print(table.text())
                }
                return
            }
            if unchanged || notConsumed {
                let runs =
                    unchanged ? registry.unchangedRetention(years: years) : registry.retentionNotConsumed(years: years)
                let table = Tabulation(
                    columns: ["iso3", "from", "to", "retained"],
                    rows: runs.map { [$0.iso3, String($0.from), String($0.to), String($0.retained)] }
                )
                switch output.format {
                case .json:
                    struct Run: Encodable {
                        let iso3: String
                        let from: Int
                        let to: Int
                        let retained: Int64
                    }
                    print(
                        try JSONOutput.render(
                            runs.map { Run(iso3: $0.iso3, from: $0.from, to: $0.to, retained: $0.retained) }
                        )
                    )
                case .csv: print(table.csv())
                case .table:
                    print(
                        unchanged
                            ? "Retained numbers unchanged for \(years) years or more in a row: \(runs.count)"
                            : "None of the retained mines consumed for \(years) reported years or more in a row: \(runs.count)"
                    )
                    print(table.text())
                }
                return
            }
            var reports = registry.retainedMines.sorted { ($0.iso3, $0.year) < ($1.iso3, $1.year) }
            if let code = state { reports = registry.retainedMines(of: try context.state(code).iso3) }
            if let year { reports = reports.filter { $0.year == year } }
            switch output.format {
            case .json:
                struct Report: Encodable {
                    let iso3: String
                    let year: Int
                    let retained: Int64
                    let consumed: Int64?
                    let source: String
                    let confidence: String
                    let record_id: String?
                }
                print(
                    try JSONOutput.render(
                        reports.map {
                            Report(
                                iso3: $0.iso3,
                                year: $0.year,
                                retained: $0.retained,
                                consumed: $0.consumed,
                                source: $0.provenance.source,
                                confidence: $0.provenance.confidence.rawValue,
                                record_id: $0.recordID
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: ["iso3", "year", "retained", "consumed", "confidence", "source", "record"],
                    rows: reports.map {
                        [
                            $0.iso3, String($0.year), String($0.retained), $0.consumed.map(String.init) ?? "",
                            $0.provenance.confidence.rawValue, $0.provenance.source, $0.recordID ?? "",
                        ]
                    }
                )
                print(output.format == .csv ? table.csv() : table.text())
            }
        }
    }
}
