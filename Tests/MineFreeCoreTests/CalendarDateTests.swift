import Testing

@testable import MineFreeCore

@Suite struct CalendarDateTests {
    @Test func parsesOnlyRealCalendarDays() {
        #expect(CalendarDate(iso: "2008-02-29") != nil)
        #expect(CalendarDate(iso: "2009-02-29") == nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2009-02-30") == nil)
        #expect(CalendarDate(iso: "2009-13-01") == nil)
        #expect(CalendarDate(iso: "2009-3-2") == nil)
        #expect(CalendarDate(iso: "02-03-2009") == nil)
        #expect(CalendarDate(iso: "2009-03-02")?.iso == "2009-03-02")
    }

    @Test func dayArithmeticCrossesLeapDays() {
        let d = CalendarDate(iso: "2000-02-28")!
        #expect(d.adding(days: 1).iso == "2000-02-29")
        #expect(d.adding(days: 2).iso == "2000-03-01")
        #expect(CalendarDate(iso: "1900-02-28")!.adding(days: 1).iso == "1900-03-01")
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(iso: "1999-03-01")!.days(until: CalendarDate(iso: "1999-08-28")!) == 180)
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test func anniversariesOfTheLastDayOfFebruaryClamp() {
        #expect(CalendarDate(iso: "2008-02-29")!.adding(years: 1).iso == "2009-02-28")
        #expect(CalendarDate(iso: "2008-02-29")!.adding(years: 4).iso == "2012-02-29")
        #expect(CalendarDate(iso: "1999-10-12")!.firstOfMonth.adding(months: 6).iso == "2000-04-01")
        #expect(CalendarDate(iso: "2010-08-31")!.adding(months: 6).iso == "2011-02-28")
    }
}
