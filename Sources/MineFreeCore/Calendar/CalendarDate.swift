import Foundation

/// A day in the proleptic Gregorian calendar, without time or time zone.
///
/// Treaty dates (signature, deposit, entry into force, deadlines) and the dates of information of
/// field records are calendar days: "as of D" means the start of day D, so an event dated `d`
/// has happened as of D exactly when `d < D`. Keeping them as plain days avoids the time-zone
/// drift a `Date` at midnight UTC brings when printed in Kabul or Dushanbe.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    // Eight bytes rather than three words: an import holds millions of dates.
    private let y: Int32
    private let m: UInt8
    private let d: UInt8
    public var year: Int { Int(y) }
    public var month: Int { Int(m) }
    public var day: Int { Int(d) }

    /// A valid date, or nil (month 13, 30 February, 29 February outside a leap year…).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.y = Int32(year)
        self.m = UInt8(month)
        self.d = UInt8(day)
    }

    /// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day, a real calendar day.
    /// Byte by byte and without allocating: imports parse hundreds of thousands of these.
    public init?(iso string: some StringProtocol) {
        let parsed =
            string.utf8.withContiguousStorageIfAvailable(CalendarDate.parseISO)
            ?? String(string).utf8.withContiguousStorageIfAvailable(CalendarDate.parseISO)
        guard let parsed, let date = parsed else { return nil }
        self = date
    }

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        var value = 0
        var fields = (0, 0, 0)
        for i in 0..<10 where i != 4 && i != 7 {
            let digit = Int(b[i]) &- 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            if i == 3 { fields.0 = value; value = 0 }
            if i == 6 { fields.1 = value; value = 0 }
        }
        fields.2 = value
        return CalendarDate(year: fields.0, month: fields.1, day: fields.2)
    }

    public var iso: String {
        var bytes = [UInt8](repeating: 0x30, count: 10)
        var y = year
        for i in stride(from: 3, through: 0, by: -1) {
            bytes[i] = UInt8(0x30 + y % 10)
            y /= 10
        }
        bytes[4] = UInt8(ascii: "-")
        bytes[5] = UInt8(0x30 + month / 10)
        bytes[6] = UInt8(0x30 + month % 10)
        bytes[7] = UInt8(ascii: "-")
        bytes[8] = UInt8(0x30 + day / 10)
        bytes[9] = UInt8(0x30 + day % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: - Arithmetic

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil), so day arithmetic is exact.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        // Far beyond any record's date (a day number from arithmetic on 9999-12-31) the year is clamped, not trapped.
        self.y = Int32(clamping: yoe + era * 400 + (m <= 2 ? 1 : 0))
        self.m = UInt8(m)
        self.d = UInt8(d)
    }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The same day `months` later; a day past the end of the target month becomes its last day
    /// (29 February + 1 year = 28 February), the convention of WORKLOAD §1 and of the treaties'
    /// anniversary deadlines.
    public func adding(months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let y = index / 12
        let m = index % 12 + 1
        return CalendarDate(year: y, month: m, day: min(day, CalendarDate.daysIn(month: m, year: y)))!
    }

    public func adding(years: Int) -> CalendarDate { adding(months: 12 * years) }

    /// The first day of this date's month.
    public var firstOfMonth: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }

    /// Today in UTC, the default "as of" of every query.
    public static func today(now: Date = Date()) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// The days a view may be asked "as of" from outside (the API, pages): from 1 January 1997, the year the
    /// Mine Ban Treaty was negotiated, to ten years after today, as far as an Article 5 extension reaches (Art 5(3)).
    /// Anything further only makes views build rows for centuries nobody recorded.
    public static func asOfRange(today: CalendarDate = .today()) -> ClosedRange<CalendarDate> {
        CalendarDate(year: 1997, month: 1, day: 1)!...today.adding(years: 10)
    }
}

extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a calendar date YYYY-MM-DD"
            )
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
