import Foundation

/// The stockpile, retention, Art 9, production and transfer records a programme keeps, as known on a day.
public struct StockpileRecords: Sendable {
    public var reports: [StockReport]
    public var destructions: [StockDestruction]
    public var retention: [RetentionReport]
    /// Each measure's latest record known on the day.
    public var measures: [NationalMeasureReport]
    /// Each facility's latest record known on the day.
    public var facilities: [ProductionFacility]
    public var transfers: [MineTransfer]

    public init(
        reports: [StockReport] = [],
        destructions: [StockDestruction] = [],
        retention: [RetentionReport] = [],
        measures: [NationalMeasureReport] = [],
        facilities: [ProductionFacility] = [],
        transfers: [MineTransfer] = []
    ) {
        self.reports = reports
        self.destructions = destructions
        self.retention = retention
        self.measures = measures
        self.facilities = facilities
        self.transfers = transfers
    }

    public var isEmpty: Bool {
        reports.isEmpty && destructions.isEmpty && retention.isEmpty && measures.isEmpty && facilities.isEmpty
            && transfers.isEmpty
    }

    /// The records about one state (a transfer when it sent or received).
    public func about(_ iso3: String) -> StockpileRecords {
        StockpileRecords(
            reports: reports.filter { $0.state == iso3 },
            destructions: destructions.filter { $0.state == iso3 },
            retention: retention.filter { $0.state == iso3 },
            measures: measures.filter { $0.state == iso3 },
            facilities: facilities.filter { $0.state == iso3 },
            transfers: transfers.filter { $0.from == iso3 || $0.to == iso3 }
        )
    }

    /// The states any of the records name.
    public var states: Set<String> {
        var s = Set(reports.map(\.state))
        s.formUnion(destructions.map(\.state))
        s.formUnion(retention.map(\.state))
        s.formUnion(measures.map(\.state))
        s.formUnion(facilities.map(\.state))
        s.formUnion(transfers.flatMap { [$0.from, $0.to] })
        return s
    }
}

extension StockReport {
    /// The figure in the reference data's terms, marked with the record it comes from.
    public var figure: StockpileFigure {
        let kind: StockpileFigure.Kind =
            switch self.kind {
            case .declaredAtEntry: .declaredAtEntry
            case .remaining: .remaining
            case .foundLater: .foundLater
            }
        var f = StockpileFigure(
            iso3: state,
            date: date,
            mineType: mineType,
            quantity: Int64(quantity),
            kind: kind,
            unit: unit,
            provenance: Provenance(source: source ?? "", confidence: .singleSource),
            notes: reportedIn
        )
        f.recordID = localID
        return f
    }
}

extension TreatyRegistry {
    /// The registry with a programme's records beside the reference data: its stock figures (preferred to a
    /// reference figure of the same state, day, kind, type and unit), its retained-mine reports (preferred for the
    /// same state and year; the latest reported wins), and the latest Art 9 record of each state in place of the
    /// reference row. Every rule that reads figures — the standing explained, the missed deadlines, retention
    /// unchanged for years, the Art 9 counts — then reads both. Records dated on or after `asOf` are left out.
    public func including(_ records: StockpileRecords, asOf: CalendarDate) -> TreatyRegistry {
        guard !records.isEmpty else { return self }
        struct FigureKey: Hashable {
            let iso3: String, date: CalendarDate, kind: StockpileFigure.Kind, type: String, unit: StockpileFigure.Unit
            init(_ f: StockpileFigure) {
                iso3 = f.iso3
                date = f.date
                kind = f.kind
                type = f.mineType
                unit = f.unit
            }
        }
        func merged(_ reference: [StockpileFigure], _ convention: Convention) -> [StockpileFigure] {
            let recorded = records.reports.filter { $0.convention == convention && $0.date < asOf }.map(\.figure)
            let replaced = Set(recorded.map(FigureKey.init))
            return reference.filter { !replaced.contains(FigureKey($0)) } + recorded
        }
        let latestRetention = LatestRecords.of(
            records.retention,
            id: { "\($0.state)/\($0.year)" },
            date: \.reported,
            asOf: asOf
        )
        let retention = latestRetention.map { r in
            var report = RetainedMinesReport(
                iso3: r.state,
                year: r.year,
                retained: Int64(r.retained),
                consumed: r.consumed.map(Int64.init),
                provenance: Provenance(source: r.source ?? "", confidence: .singleSource),
                notes: [r.purpose?.rawValue, r.institution].compactMap { $0 }.joined(separator: "; ")
            )
            report.recordID = r.localID
            return report
        }
        let retainedKeys = Set(retention.map { "\($0.iso3)/\($0.year)" })
        let measuresByState = Dictionary(
            grouping: LatestRecords.of(records.measures, id: \.localID, date: \.recorded, asOf: asOf),
            by: \.state
        ).compactMapValues { $0.max { $0.recorded < $1.recorded } }
        let measures = measuresByState.values.map { m in
            var measure = NationalMeasure(
                iso3: m.state,
                status: m.status,
                measure: m.measure,
                adoptedOn: m.adoptedOn,
                penalSanctions: m.penalSanctions.map { $0 == .yes },
                provenance: Provenance(source: m.source ?? "", confidence: .singleSource),
                notes: nil
            )
            measure.recordID = m.localID
            return measure
        }
        return TreatyRegistry(
            states: states,
            conventions: Array(conventions.values),
            participations: participations,
            meetings: meetings,
            obligationReports: obligationReports,
            extensions: extensions,
            stockpileFigures: merged(stockpileFigures, .apmbc),
            retainedMines: retainedMines.filter { !retainedKeys.contains("\($0.iso3)/\($0.year)") } + retention,
            ungaVotes: ungaVotes,
            nationalMeasures: measures.sorted { $0.iso3 < $1.iso3 }
                + nationalMeasures.filter { measuresByState[$0.iso3] == nil },
            exchangeRates: exchangeRates,
            ccmStockpileFigures: merged(ccmStockpileFigures, .ccm),
            actionPlans: actionPlans,
            planFigures: planFigures,
            instrumentParticipations: instrumentParticipations,
            notPartyClusterStocks: notPartyClusterStocks,
            useOfMines: useOfMines,
            transparencyStatements: transparencyStatements,
            complianceRates: complianceRates,
            extensionRequests: extensionRequests
        )
    }

    /// Mines retained across the States Parties that reported for each year, summed from their own rows (the
    /// `ALL` totals sources state stand apart, in `retainedMines(of: "ALL")`).
    public func retainedTotals() -> [(year: Int, states: Int, retained: Int64, consumed: Int64)] {
        let rows = retainedMines.filter { $0.iso3 != RetainedMinesReport.allStates }
        return Dictionary(grouping: rows, by: \.year).map { year, reports in
            (
                year, Set(reports.map(\.iso3)).count, reports.reduce(0) { $0 + $1.retained },
                reports.reduce(0) { $0 + ($1.consumed ?? 0) }
            )
        }.sorted { $0.year < $1.year }
    }
}

/// A stock as the records (and the reference data) give it on a day: the last count on or before the day, less what
/// was destroyed and sent away after it, plus what was found and received after it.
public struct StockBalance: Sendable, Equatable {
    public var iso3: String
    public var convention: Convention
    public var unit: StockpileFigure.Unit
    /// The count the balance starts from: a declared or a remaining figure (of several types on one day, summed).
    public var base: StockpileFigure
    public var destroyed: Int64
    /// Destruction events counted after the base figure.
    public var destructions: Int
    public var found: Int64
    public var transferredIn: Int64
    public var transferredOut: Int64

    public var remaining: Int64 { base.quantity - destroyed + found + transferredIn - transferredOut }
    /// More destroyed or sent away than the counts hold: the records disagree, and someone should look.
    public var isOverdrawn: Bool { remaining < 0 }

    /// "3,000 mines counted on 2004-01-31; 2,000 destroyed since in 2 events; 1,000 remaining".
    public var explanation: String {
        let what = unit == .mines ? "mines" : unit.rawValue.replacingOccurrences(of: "_", with: " ")
        var parts = ["\(TreatyRegistry.count(base.quantity)) \(what) counted on \(base.dateText)"]
        if destroyed > 0 || destructions > 0 {
            parts.append(
                "\(TreatyRegistry.count(destroyed)) destroyed since in \(destructions) event\(destructions == 1 ? "" : "s")"
            )
        }
        if found > 0 { parts.append("\(TreatyRegistry.count(found)) found later") }
        if transferredIn > 0 { parts.append("\(TreatyRegistry.count(transferredIn)) received") }
        if transferredOut > 0 { parts.append("\(TreatyRegistry.count(transferredOut)) transferred away") }
        parts.append(
            isOverdrawn
                ? "the records hold \(TreatyRegistry.count(-remaining)) more destroyed or sent away than counted"
                : "\(TreatyRegistry.count(remaining)) remaining"
        )
        return parts.joined(separator: "; ")
    }
}

/// Stock balances from a registry that includes the records, and the records' destructions and transfers.
public struct StockpileLedger: Sendable {
    public let registry: TreatyRegistry
    public let records: StockpileRecords

    public init(registry: TreatyRegistry, records: StockpileRecords) {
        self.registry = registry
        self.records = records
    }

    /// The balance at the start of `day`, or nil when no count on or before it says where to start.
    public func balance(
        of iso3: String,
        convention: Convention = .apmbc,
        unit: StockpileFigure.Unit = .mines,
        on day: CalendarDate
    ) -> StockBalance? {
        let figures = (convention == .apmbc ? registry.stockpileFigures : registry.ccmStockpileFigures).filter {
            $0.iso3 == iso3 && $0.unit == unit && $0.date < day
        }
        let counts = figures.filter { $0.kind == .declaredAtEntry || $0.kind == .remaining }
        guard let lastDay = counts.map(\.date).max() else { return nil }
        // One day's counts: a remaining count over a declared one, a record's over the reference data's, types summed
        // unless one figure counts all types.
        var sameDay = counts.filter { $0.date == lastDay }
        if sameDay.contains(where: { $0.kind == .remaining }) { sameDay.removeAll { $0.kind != .remaining } }
        if sameDay.contains(where: { $0.recordID != nil }) { sameDay.removeAll { $0.recordID == nil } }
        var base = sameDay.first { $0.mineType == "all" } ?? sameDay[0]
        if base.mineType != "all", sameDay.count > 1 {
            base.quantity = sameDay.reduce(0) { $0 + $1.quantity }
            base.mineType = sameDay.map(\.mineType).sorted().joined(separator: " + ")
        }
        let after = { (d: CalendarDate) in d > lastDay && d < day }
        let destroyed = records.destructions.filter {
            $0.state == iso3 && $0.convention == convention && $0.unit == unit && after($0.end)
        }
        let found = figures.filter { $0.kind == .foundLater && after($0.date) }
        let moved = convention == .apmbc && unit == .mines ? records.transfers.filter { after($0.date) } : []
        return StockBalance(
            iso3: iso3,
            convention: convention,
            unit: unit,
            base: base,
            destroyed: destroyed.reduce(0) { $0 + Int64($1.quantity) },
            destructions: destroyed.count,
            found: found.reduce(0) { $0 + $1.quantity },
            transferredIn: moved.filter { $0.to == iso3 }.reduce(0) { $0 + Int64($1.quantity) },
            transferredOut: moved.filter { $0.from == iso3 }.reduce(0) { $0 + Int64($1.quantity) }
        )
    }

    /// One state's balances on `day` in each unit the convention counts (mines; or munitions and submunitions).
    public func balances(of iso3: String, convention: Convention, on day: CalendarDate) -> [StockBalance] {
        StockpileFigure.Unit.counting(convention).compactMap {
            balance(of: iso3, convention: convention, unit: $0, on: day)
        }
    }

    /// Every state the records name with a balance on `day`, in code order.
    public func balances(convention: Convention = .apmbc, on day: CalendarDate) -> [StockBalance] {
        records.states.sorted().flatMap { balances(of: $0, convention: convention, on: day) }
    }
}
