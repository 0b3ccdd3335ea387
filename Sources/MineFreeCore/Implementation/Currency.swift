import Foundation

/// ISO 4217 currency codes: the current ones, and the ones replaced since the Convention came into force, which
/// funding records from those years carry (the Estonian kroon, the Lithuanian litas, the Zambian kwacha before its
/// redenomination…). Funds (BOV, CLF…) and precious metals are left out: no one funds mine action in troy ounces.
public enum Currency {
    public static let current: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD",
        "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP",
        "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
        "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
        "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
        "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN",
        "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
        "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
        "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES", "VED",
        "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XDR", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
    ]

    /// Replaced since 1999; kept so records of those years still read.
    public static let former: Set<String> = [
        "AFA", "ANG", "BYR", "CUC", "CYP", "EEK", "GHC", "HRK", "LTL", "LVL", "MRO", "MTL", "MZM", "ROL", "SDD", "SIT",
        "SKK", "SLL", "STD", "TMM", "TRL", "VEB", "VEF", "YUM", "ZMK", "ZWD", "ZWL",
    ]

    public static func isKnown(_ code: String) -> Bool { current.contains(code) || former.contains(code) }
}

/// A yearly average exchange rate: units of a currency per US dollar, with its source (reference data).
public struct ExchangeRate: Hashable, Sendable, Codable {
    public var currency: String
    public var year: Int
    public var unitsPerUSD: Double
    public var provenance: Provenance
    public var notes: String?

    public init(currency: String, year: Int, unitsPerUSD: Double, provenance: Provenance, notes: String? = nil) {
        self.currency = currency
        self.year = year
        self.unitsPerUSD = unitsPerUSD
        self.provenance = provenance
        self.notes = notes
    }
}

/// The stored rate table, read by currency and year. An amount converts with its own year's average; a year
/// without a rate converts nothing (never a neighbour's rate): the totals name what they could not convert.
public struct ExchangeRates: Sendable {
    private let table: [String: [Int: Double]]

    public init(_ rates: [ExchangeRate]) {
        var t: [String: [Int: Double]] = [:]
        for r in rates { t[r.currency, default: [:]][r.year] = r.unitsPerUSD }
        table = t
    }

    /// Units of `currency` per US dollar in `year`; 1 for the dollar itself.
    public func rate(_ currency: String, year: Int) -> Double? {
        currency == "USD" ? 1 : table[currency]?[year]
    }

    /// `amount` of `currency` in US dollars at the year's average, or nil when the table has no rate for it.
    public func usd(_ amount: Int, _ currency: String, year: Int) -> Double? {
        rate(currency, year: year).map { Double(amount) / $0 }
    }

    public var currencies: [String] { table.keys.sorted() }
}
