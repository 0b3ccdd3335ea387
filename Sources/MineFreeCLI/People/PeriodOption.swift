import ArgumentParser
import Foundation
import MineFreeCore

/// A period a People figure covers: a calendar year (`--period 2024`) or two days, both included (`--from`, `--to`);
/// by default the twelve months before the as-of day.
struct PeriodOption: ParsableArguments {
    @Option(help: "A calendar year (e.g. 2024).") var period: String?
    @Option(help: "First day of the period (YYYY-MM-DD).", transform: CalendarDate.argument) var from: CalendarDate?
    @Option(help: "Last day of the period, included (YYYY-MM-DD).", transform: CalendarDate.argument)
    var to: CalendarDate?

    /// The period as days from its first to the day after its last.
    func range(asOf: CalendarDate) throws -> Range<CalendarDate> {
        switch (period, from, to) {
        case (let year?, nil, nil):
            guard let y = Int(year), (1997...2200).contains(y), let first = CalendarDate(year: y, month: 1, day: 1)
            else { throw BadInput("--period '\(year)' is not a year from 1997 to 2200, e.g. 2024") }
            return first..<first.adding(years: 1)
        case (nil, let f?, let t?):
            guard f <= t else { throw BadInput("period \(f) to \(t): --to must not be before --from") }
            return f..<t.adding(days: 1)
        case (nil, nil, nil):
            return asOf.adding(years: -1)..<asOf
        case (_?, _, _):
            throw BadInput("give --period or --from and --to, not both")
        default:
            throw BadInput("a period needs both --from and --to")
        }
    }
}

extension Range where Bound == CalendarDate {
    /// "2024-01-01 to 2024-12-31": both days included, as a reader says it.
    var text: String { "\(lowerBound) to \(upperBound.adding(days: -1))" }
}
