import Foundation

/// Funding summed in US dollars by any of donor, recipient, sector, year, origin, implementer, flow and currency
/// (the Landmine Monitor's support tables), over the contributions known on a day. Each amount converts at its own
/// year's average rate; what the rate table cannot convert is listed, never dropped silently.
public struct FundingTotals: Sendable {
    public enum Dimension: String, CaseIterable, Sendable {
        case donor, recipient, sector, year, origin, implementer, flow, currency

        func value(_ c: Contribution) -> String {
            switch self {
            case .donor: c.donor
            case .recipient: c.recipient ?? c.region.map { "region: \($0)" } ?? "global"
            case .sector: c.sector.rawValue
            case .year: String(c.date.year)
            case .origin: c.origin.rawValue
            case .implementer: c.implementer ?? "not given"
            case .flow: c.flow.rawValue
            case .currency: c.currency
            }
        }
    }

    public struct Row: Sendable, Equatable {
        /// One value per dimension asked for, in their order.
        public let key: [String]
        public let usd: Double
        public let contributions: Int
    }

    /// Amounts the rate table has no rate for, by currency and year, in their own currency.
    public struct Unconverted: Sendable, Equatable {
        public let currency: String
        public let year: Int
        public let amount: Int
        public let contributions: Int
    }

    public let dimensions: [Dimension]
    /// Largest first; by year, in year order.
    public let rows: [Row]
    public let unconverted: [Unconverted]
    public let totalUSD: Double
    /// Contributions counted (converted or not).
    public let count: Int

    /// Which contributions count: the flows (by default the money that moved), a period of transaction days, a
    /// recipient state.
    public struct Selection: Sendable {
        public var flows: Set<FundingFlow>
        public var period: Range<CalendarDate>?
        public var recipient: String?
        public var origin: FundingOrigin?

        public init(
            flows: Set<FundingFlow> = Set(FundingFlow.allCases.filter(\.movesMoney)),
            period: Range<CalendarDate>? = nil,
            recipient: String? = nil,
            origin: FundingOrigin? = nil
        ) {
            self.flows = flows
            self.period = period
            self.recipient = recipient
            self.origin = origin
        }

        func includes(_ c: Contribution) -> Bool {
            flows.contains(c.flow) && (period?.contains(c.date) ?? true)
                && (recipient.map { c.recipient == $0 } ?? true)
                && (origin.map { c.origin == $0 } ?? true)
        }
    }

    /// The contributions known at the start of `asOf` that `selection` takes, summed by `dimensions`.
    public static func of(
        _ contributions: [Contribution],
        by dimensions: [Dimension],
        rates: ExchangeRates,
        selection: Selection = Selection(),
        asOf: CalendarDate
    ) -> FundingTotals {
        var sums: [[String]: (usd: Double, count: Int)] = [:]
        var missing: [String: (amount: Int, count: Int)] = [:]
        var total = 0.0
        var count = 0
        for c in contributions where c.date < asOf && selection.includes(c) {
            count += 1
            let year = c.date.year
            guard let usd = rates.usd(c.amount, c.currency, year: year) else {
                missing["\(c.currency) \(year)", default: (0, 0)].amount += c.amount
                missing["\(c.currency) \(year)", default: (0, 0)].count += 1
                continue
            }
            total += usd
            let key = dimensions.map { $0.value(c) }
            sums[key, default: (0, 0)].usd += usd
            sums[key, default: (0, 0)].count += 1
        }
        var rows = sums.map { Row(key: $0.key, usd: $0.value.usd, contributions: $0.value.count) }
        if dimensions.first == .year {
            rows.sort { $0.key.lexicographicallyPrecedes($1.key) }
        } else {
            rows.sort { $0.usd != $1.usd ? $0.usd > $1.usd : $0.key.lexicographicallyPrecedes($1.key) }
        }
        let unconverted = missing.map { key, v in
            let parts = key.split(separator: " ")
            return Unconverted(
                currency: String(parts[0]),
                year: Int(parts[1])!,
                amount: v.amount,
                contributions: v.count
            )
        }.sorted { ($0.currency, $0.year) < ($1.currency, $1.year) }
        return FundingTotals(
            dimensions: dimensions,
            rows: rows,
            unconverted: unconverted,
            totalUSD: total,
            count: count
        )
    }
}

/// A programme's resources in a period: its own budget beside international support, and the money for each square
/// metre released where land data exists (Azerbaijan reports about 5% international funding since 2020).
public struct FundingMeasures: Sendable, Equatable {
    public let nationalUSD: Double
    public let internationalUSD: Double
    /// Square metres released (cancelled, reduced and cleared) in the period, when given.
    public let releasedSquareMetres: Double?

    public init(nationalUSD: Double, internationalUSD: Double, releasedSquareMetres: Double?) {
        self.nationalUSD = nationalUSD
        self.internationalUSD = internationalUSD
        self.releasedSquareMetres = releasedSquareMetres
    }

    /// The international share of the resources, 0…1; nil with none recorded.
    public var internationalShare: Double? {
        let all = nationalUSD + internationalUSD
        return all > 0 ? internationalUSD / all : nil
    }

    /// US dollars per square metre released; nil without land released.
    public var usdPerSquareMetre: Double? {
        guard let m2 = releasedSquareMetres, m2 > 0 else { return nil }
        return (nationalUSD + internationalUSD) / m2
    }

    /// The first day a period open at its start counts from: the Convention's adoption year.
    public static let earliest = CalendarDate(year: 1997, month: 1, day: 1)!

    /// The days a measure covers: `period`, or everything before `asOf` when none is given.
    public static func days(_ period: Range<CalendarDate>?, asOf: CalendarDate) -> Range<CalendarDate> {
        period ?? earliest..<asOf
    }

    /// The money that moved to `recipient` (nil: every recipient) in `period`, split by origin.
    public static func of(
        _ contributions: [Contribution],
        recipient: String?,
        period: Range<CalendarDate>?,
        rates: ExchangeRates,
        releasedSquareMetres: Double?,
        asOf: CalendarDate
    ) -> (measures: FundingMeasures, unconverted: [FundingTotals.Unconverted]) {
        let totals = FundingTotals.of(
            contributions,
            by: [.origin],
            rates: rates,
            selection: .init(period: period, recipient: recipient),
            asOf: asOf
        )
        func usd(_ o: FundingOrigin) -> Double { totals.rows.first { $0.key == [o.rawValue] }?.usd ?? 0 }
        return (
            FundingMeasures(
                nationalUSD: usd(.national),
                internationalUSD: usd(.international),
                releasedSquareMetres: releasedSquareMetres
            ), totals.unconverted
        )
    }
}

/// A breakdown or flow list that names something unknown: which field, which value, what was expected.
public struct FundingQueryError: Error, Sendable, CustomStringConvertible {
    public let field: String
    public let value: String
    public let expected: String
    public var description: String { "\(field) '\(value)' is not valid: expected \(expected)" }
}

extension FundingTotals.Dimension {
    /// `donor,year`: each breakdown once, in the order given.
    public static func list(_ text: String) throws -> [Self] {
        let expected = "a comma-separated list of " + allCases.map(\.rawValue).joined(separator: ", ") + ", each once"
        var result: [Self] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let d = Self(rawValue: name), !result.contains(d) else {
                throw FundingQueryError(field: "by", value: String(name.prefix(40)), expected: expected)
            }
            result.append(d)
        }
        return result
    }
}

extension FundingFlow {
    /// `commitment,disbursement`.
    public static func list(_ text: String) throws -> Set<Self> {
        var result: Set<Self> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let f = Self(rawValue: name) else {
                throw FundingQueryError(
                    field: "flow",
                    value: String(name.prefix(40)),
                    expected: "a comma-separated list of " + allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
            result.insert(f)
        }
        return result
    }
}
