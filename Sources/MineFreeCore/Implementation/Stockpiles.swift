import Foundation

/// A public figure about a State Party's stockpile of anti-personnel mines (APMBC Art 4; Art 7 form B), dated by the
/// day it describes: the stock declared at entry into force, what remained on a day (at a missed deadline), what was
/// destroyed by a day, or a stock found after completion. Reference data: each figure carries its source.
public struct StockpileFigure: Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// The stock declared at (or near) entry into force.
        case declaredAtEntry = "declared_at_entry"
        /// The stock still held on the day.
        case remaining
        /// Mines destroyed in all up to the day.
        case destroyed
        /// A stock discovered after destruction was declared complete.
        case foundLater = "found_later"
    }

    /// How precisely a source dates a figure: a day, a month ("May 2009") or a year ("destroyed in 2006").
    public enum Precision: String, CaseIterable, Sendable, Codable {
        case day, month, year

        /// The date as a source of this precision gives it: `2009-04-20`, `2009-05` or `2006`.
        public func text(_ date: CalendarDate) -> String {
            switch self {
            case .day: date.iso
            case .month: String(date.iso.prefix(7))
            case .year: String(date.year)
            }
        }
    }

    /// What a figure counts: anti-personnel mines (APMBC), or cluster munitions and the submunitions they hold
    /// (CCM Art 3, where stockpiles are declared in both).
    public enum Unit: String, CaseIterable, Sendable, Codable {
        case mines
        case clusterMunitions = "cluster_munitions"
        case submunitions

        /// The units a convention's stockpiles count in.
        public static func counting(_ convention: Convention) -> [Unit] {
            convention == .apmbc ? [.mines] : [.clusterMunitions, .submunitions]
        }
    }

    /// A State Party, or `ALL` for a total across States Parties as a source states it.
    public var iso3: String
    /// The last day of the period the figure describes (the day itself, or the month's or year's last day): known
    /// as of the day after it, never earlier than its source allows.
    public var date: CalendarDate
    public var precision: Precision
    /// The mine types counted, as the source names them (`PFM-1`, `all types`).
    public var mineType: String
    public var quantity: Int64
    public var kind: Kind
    public var unit: Unit = .mines
    public var provenance: Provenance
    public var notes: String?
    /// The programme's record the figure comes from (`stockpile_reports` id); nil for reference data.
    public var recordID: String?

    public init(
        iso3: String,
        date: CalendarDate,
        precision: Precision = .day,
        mineType: String,
        quantity: Int64,
        kind: Kind,
        unit: Unit = .mines,
        provenance: Provenance,
        notes: String? = nil
    ) {
        self.unit = unit
        self.iso3 = iso3
        self.date = date
        self.precision = precision
        self.mineType = mineType
        self.quantity = quantity
        self.kind = kind
        self.provenance = provenance
        self.notes = notes
    }
}

extension StockpileFigure {
    /// The date as its source gives it: `2009-04-20`, `2009-05` or `2006`.
    public var dateText: String { precision.text(date) }

    /// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the period's last day and its precision.
    public static func period(_ text: String) -> (CalendarDate, Precision)? {
        if let day = CalendarDate(iso: text) { return (day, .day) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts.first?.count == 4, let year = Int(parts[0]), (1900...2200).contains(year)
        else { return nil }
        if parts.count == 1 { return (CalendarDate(year: year, month: 12, day: 31)!, .year) }
        guard parts.count == 2, parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else {
            return nil
        }
        return (CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!, .month)
    }
}

/// Mines a State Party reported retaining under Art 3 for training and development in a year, and those consumed.
public struct RetainedMinesReport: Hashable, Sendable, Codable {
    /// `ALL` for a total across States Parties as a source states it.
    public var iso3: String
    public var year: Int
    public var retained: Int64
    /// Consumed (used up in training or research) in the year, where reported.
    public var consumed: Int64?
    public var provenance: Provenance
    public var notes: String?
    /// The programme's record the report comes from (`retained_mine_reports` id); nil for reference data.
    public var recordID: String?

    public static let allStates = "ALL"

    public init(iso3: String, year: Int, retained: Int64, consumed: Int64?, provenance: Provenance, notes: String?) {
        self.iso3 = iso3
        self.year = year
        self.retained = retained
        self.consumed = consumed
        self.provenance = provenance
        self.notes = notes
    }
}

extension TreatyRegistry {
    /// A state's stockpile figures, oldest first.
    public func stockpileFigures(of iso3: String) -> [StockpileFigure] {
        stockpileFigures.filter { $0.iso3 == iso3 }.sorted { ($0.date, $0.kind.rawValue) < ($1.date, $1.kind.rawValue) }
    }

    /// A CCM State Party's cluster munition figures (or `ALL`'s totals), oldest first, munitions before submunitions.
    public func ccmStockpileFigures(of iso3: String) -> [StockpileFigure] {
        ccmStockpileFigures.filter { $0.iso3 == iso3 }.sorted {
            ($0.date, $0.kind.rawValue, $0.unit.rawValue) < ($1.date, $1.kind.rawValue, $1.unit.rawValue)
        }
    }

    /// A state's figures under one convention: anti-personnel mines (APMBC), or cluster munitions counted as
    /// munitions (CCM; its submunition figures describe the same stock).
    func stockFigures(of iso3: String, in convention: Convention) -> [StockpileFigure] {
        convention == .apmbc
            ? stockpileFigures(of: iso3) : ccmStockpileFigures(of: iso3).filter { $0.unit == .clusterMunitions }
    }

    /// The stock a state still held at `date` by the latest figures dated on or before it: `remaining` figures, or
    /// declared ones while nothing later is known; figures of one day for several types add up (a figure for `all`
    /// types stands alone). Nil when no figure says.
    public func stockHeld(by iso3: String, on date: CalendarDate, in convention: Convention = .apmbc)
        -> StockpileFigure?
    {
        let held = stockFigures(of: iso3, in: convention).filter {
            $0.date <= date && ($0.kind == .remaining || $0.kind == .declaredAtEntry)
        }
        guard let last = held.last else { return nil }
        let sameDay = held.filter { $0.date == last.date && $0.kind == last.kind }
        if let all = sameDay.first(where: { $0.mineType == "all" }) { return all }
        guard sameDay.count > 1 else { return last }
        var sum = last
        sum.quantity = sameDay.reduce(0) { $0 + $1.quantity }
        sum.mineType = sameDay.map(\.mineType).joined(separator: " + ")
        return sum
    }

    /// Why a stockpile deadline reads as it does, in figures: "missed 2008-03-01 with about 3,370,000 PFM-1 mines
    /// left" for a state whose deadline passed with a stock held, the completion day for one that finished; for the
    /// CCM (Art 3) the same in cluster munitions. Nil when the registry holds no figure to say it with.
    public func stockpileExplanation(of state: State, asOf date: CalendarDate, in convention: Convention = .apmbc)
        -> String?
    {
        guard let s = standing(of: state, in: convention, asOf: date).stockpileDestruction else { return nil }
        let deadline = s.deadline ?? s.originalDeadline
        let figures = stockFigures(of: state.iso3, in: convention).filter { $0.date < date }
        guard !figures.isEmpty else { return nil }
        let held = stockHeld(by: state.iso3, on: deadline, in: convention)
        let noun = convention == .apmbc ? "mines" : "cluster munitions"
        var parts: [String] = []
        if let declared = figures.first(where: { $0.kind == .declaredAtEntry }) {
            let types = declared.mineType == "all" ? noun : "\(declared.mineType) \(noun)"
            parts.append("declared \(Self.count(declared.quantity)) \(types) (\(declared.dateText))")
        }
        if let held, deadline < date, s.completedOn.map({ $0 > deadline }) ?? true, held.kind == .remaining {
            let types = held.mineType == "all" ? "" : " \(held.mineType)"
            parts.append("missed \(deadline.iso) with about \(Self.count(held.quantity))\(types) \(noun) left")
        }
        if let done = s.completedOn, done < date { parts.append("destruction completed on \(done.iso)") }
        for later in figures where later.kind == .foundLater {
            parts.append("\(Self.count(later.quantity)) \(later.mineType) found later (\(later.dateText))")
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The States Parties whose Art 4 deadline passed before `date` while they still held a stock by the figures,
    /// with that stock: the "missed" list the ICBL and the review conferences name.
    public func missedStockpileDeadlines(asOf date: CalendarDate) -> [(
        state: State, deadline: CalendarDate, held: StockpileFigure
    )] {
        states.compactMap { state in
            guard let s = standing(of: state, in: .apmbc, asOf: date).stockpileDestruction else { return nil }
            let deadline = s.deadline ?? s.originalDeadline
            guard deadline < date, s.completedOn.map({ $0 > deadline }) ?? true,
                let held = stockHeld(by: state.iso3, on: deadline), held.kind == .remaining, held.quantity > 0
            else { return nil }
            return (state, deadline, held)
        }
    }

    /// Each state's retained-mine reports, by year; `ALL` for the totals sources state.
    public func retainedMines(of iso3: String) -> [RetainedMinesReport] {
        retainedMines.filter { $0.iso3 == iso3 }.sorted { $0.year < $1.year }
    }

    /// States whose reported number of retained mines stayed the same for `years` reports in a row or more — the
    /// ICRC's call for "regular reviews" of retained mines asks why none were consumed.
    public func unchangedRetention(years: Int = 3) -> [(iso3: String, from: Int, to: Int, retained: Int64)] {
        var result: [(String, Int, Int, Int64)] = []
        let byState = Dictionary(
            grouping: retainedMines.filter { $0.iso3 != RetainedMinesReport.allStates },
            by: \.iso3
        )
        for (iso3, reports) in byState.sorted(by: { $0.key < $1.key }) {
            let sorted = reports.sorted { $0.year < $1.year }
            var run = 0
            for (k, r) in sorted.enumerated() {
                // A run holds while the number repeats in consecutive years.
                if k > 0, r.retained == sorted[k - 1].retained, r.year == sorted[k - 1].year + 1 {
                    run += 1
                } else {
                    if run + 1 >= years {
                        result.append((iso3, sorted[k - 1 - run].year, sorted[k - 1].year, sorted[k - 1].retained))
                    }
                    run = 0
                }
            }
            if let last = sorted.last, run + 1 >= years {
                result.append((iso3, sorted[sorted.count - 1 - run].year, last.year, last.retained))
            }
        }
        return result
    }

    /// States whose reports said no retained mine was consumed for `years` reported years in a row or more, with the
    /// number they kept: mines kept "for training" that nobody trains with.
    public func retentionNotConsumed(years: Int = 3) -> [(iso3: String, from: Int, to: Int, retained: Int64)] {
        var result: [(String, Int, Int, Int64)] = []
        let byState = Dictionary(
            grouping: retainedMines.filter { $0.iso3 != RetainedMinesReport.allStates && $0.consumed != nil },
            by: \.iso3
        )
        for (iso3, reports) in byState.sorted(by: { $0.key < $1.key }) {
            var run: [RetainedMinesReport] = []
            for r in reports.sorted(by: { $0.year < $1.year }) {
                if r.consumed == 0, run.last.map({ $0.year + 1 == r.year }) ?? true {
                    run.append(r)
                } else {
                    if run.count >= years { result.append((iso3, run[0].year, run.last!.year, run.last!.retained)) }
                    run = r.consumed == 0 ? [r] : []
                }
            }
            if run.count >= years { result.append((iso3, run[0].year, run.last!.year, run.last!.retained)) }
        }
        return result
    }

    /// 3370000 → "3,370,000".
    static func count(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// Cluster munitions a state outside the CCM holds, as it declared, as an official record shows, or as a monitor
/// attributes to it (issue 20 §2): beside the CCM Art 3 obligations of its States Parties. Most attributions carry no
/// number.
public struct NotPartyClusterStock: Hashable, Sendable, Codable {
    public enum Basis: String, CaseIterable, Sendable, Codable {
        /// The state said it.
        case declared
        /// An official record shows it (a report to a legislature, a procurement record).
        case reported
        /// A monitor or researcher believes it.
        case attributed
    }

    public var iso3: String
    public var date: CalendarDate
    public var precision: StockpileFigure.Precision
    public var munitionType: String
    public var quantity: Int64?
    public var unit: StockpileFigure.Unit?
    public var basis: Basis
    public var provenance: Provenance
    public var notes: String?

    public init(
        iso3: String,
        date: CalendarDate,
        precision: StockpileFigure.Precision,
        munitionType: String,
        quantity: Int64?,
        unit: StockpileFigure.Unit?,
        basis: Basis,
        provenance: Provenance,
        notes: String?
    ) {
        self.iso3 = iso3
        self.date = date
        self.precision = precision
        self.munitionType = munitionType
        self.quantity = quantity
        self.unit = unit
        self.basis = basis
        self.provenance = provenance
        self.notes = notes
    }

    public var dateText: String { precision.text(date) }
}

extension TreatyRegistry {
    /// A state's cluster munition stocks as reported or attributed while it was outside the CCM, oldest first.
    public func notPartyClusterStocks(of iso3: String) -> [NotPartyClusterStock] {
        notPartyClusterStocks.filter { $0.iso3 == iso3 }.sorted {
            ($0.date, $0.munitionType) < ($1.date, $1.munitionType)
        }
    }
}
