import Foundation

/// Art 17 of both conventions.
///
/// 17.1: the convention enters into force on the first day of the sixth month after the month in
/// which the 40th (APMBC) or 30th (CCM) instrument was deposited. 17.2: for a state depositing
/// after that, on the first day of the sixth month after the date of its deposit. Both read as
/// "month of deposit + 6, day 1": Tajikistan, 12 Oct 1999 → 1 Apr 2000.
public enum EntryIntoForce {
    /// The first day of the sixth month after the month of `deposit`.
    public static func firstDayOfSixthMonth(after deposit: CalendarDate) -> CalendarDate {
        deposit.firstOfMonth.adding(months: 6)
    }

    /// Entry into force for a state depositing on `deposit`, given the convention's own entry into force.
    /// An instrument deposited before the threshold was reached binds from the convention's entry into force.
    public static func forState(depositedOn deposit: CalendarDate, conventionEntryIntoForce: CalendarDate)
        -> CalendarDate
    {
        max(firstDayOfSixthMonth(after: deposit), conventionEntryIntoForce)
    }

    /// The convention's entry into force implied by the deposits: Art 17.1 applied to the
    /// `threshold`-th instrument. Nil if fewer were deposited.
    public static func ofConvention(deposits: [CalendarDate], threshold: Int) -> CalendarDate? {
        let sorted = deposits.sorted()
        guard sorted.count >= threshold else { return nil }
        return firstDayOfSixthMonth(after: sorted[threshold - 1])
    }
}
