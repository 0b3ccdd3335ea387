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
            Without options, every figure the reference data holds. --state names one state (its figures and its
            Article 4 standing explained); --missed lists the States Parties whose deadline passed while they still held
            a stock by the figures, with the stock they held.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "apmbc (default: anti-personnel mines, Art 4) or ccm (cluster munitions and submunitions, Art 3).")
    var convention: String = "apmbc"
    @Flag(help: "Only the States Parties that missed their deadline still holding mines.") var missed = false
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
        init(_ f: StockpileFigure) {
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
        if chosen == .ccm, missed {
            throw BadInput("--missed is for the APMBC's Art 4; for the CCM see `minefree deadlines`")
        }
        try await CommandContext.with { context in
            let registry = context.registry
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
                switch output.format {
                case .json: print(try JSONOutput.render(figures.map(FigureJSON.init)))
                case .csv, .table:
                    let table = Tabulation(
                        columns: ["iso3", "date", "kind", "quantity", "unit", "munition_type", "confidence", "source"],
                        rows: figures.map {
                            [
                                $0.iso3, $0.dateText, $0.kind.rawValue, String($0.quantity), $0.unit.rawValue,
                                $0.mineType, $0.provenance.confidence.rawValue, $0.provenance.source,
                            ]
                        }
                    )
                    if output.format == .csv {
                        print(table.csv())
                    } else {
                        print("Cluster munition stockpile figures (CCM Art 3) known on \(date): \(figures.count)")
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
                    columns: ["iso3", "date", "kind", "quantity", "mine_type", "confidence", "source"],
                    rows: figures.map {
                        [
                            $0.iso3, $0.date.iso, $0.kind.rawValue, String($0.quantity), $0.mineType,
                            $0.provenance.confidence.rawValue, $0.provenance.source,
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

/// `minefree retained`: mines retained under Art 3 by year, per state or in all, and the numbers that never change.
struct RetainedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retained",
        abstract: "Mines retained for training and development (APMBC Art 3) by year, with their sources.",
        discussion: """
            Every report, or one state's (--state), or one year's (--year) with the total across States Parties where a
            source states it. --unchanged lists the states whose number stayed the same for --years reports in a row
            (default 3), the reviews the ICRC asks for.
            """
    )

    @Option(help: "A state (ISO alpha-3 or alpha-2 code).") var state: String?
    @Option(help: "One year.") var year: Int?
    @Flag(help: "States whose number did not change for several years in a row.") var unchanged = false
    @Option(help: "With --unchanged: how many years in a row (2 to 30).") var years: Int = 3
    @OptionGroup var output: FormatOption

    func validate() throws {
        if let year, !(1997...2100).contains(year) {
            throw ValidationError("year \(year) is out of range: expected a year from 1997 on")
        }
        guard (2...30).contains(years) else { throw ValidationError("--years \(years) must be from 2 to 30") }
    }

    func run() async throws {
        try await CommandContext.with { context in
            let registry = context.registry
            if unchanged {
                let runs = registry.unchangedRetention(years: years)
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
                    print("Retained numbers unchanged for \(years) years or more in a row: \(runs.count)")
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
                                confidence: $0.provenance.confidence.rawValue
                            )
                        }
                    )
                )
            case .csv, .table:
                let table = Tabulation(
                    columns: ["iso3", "year", "retained", "consumed", "confidence", "source"],
                    rows: reports.map {
                        [
                            $0.iso3, String($0.year), String($0.retained), $0.consumed.map(String.init) ?? "",
                            $0.provenance.confidence.rawValue, $0.provenance.source,
                        ]
                    }
                )
                print(output.format == .csv ? table.csv() : table.text())
            }
        }
    }
}
