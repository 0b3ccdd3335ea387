import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// The Art 7 reporting record (issue 19 §3): what sources said of each State Party's reports on a day, read into
/// submitted, late, not submitted or no record — never more than was known then — and the compliance rates.
@Suite struct TransparencyReportingTests {
    let registry: TreatyRegistry
    init() throws { registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory) }

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    func record(_ code: String, _ on: String) -> [ReportStanding] {
        registry.standing(of: registry.state(code)!, in: .apmbc, asOf: day(on)).transparency
    }

    @Test func equatorialGuineasInitialReportFifteenYearsLate() throws {
        // Due 28 August 1999 (180 days after entry into force on 1 March 1999); the Monitor found it missing in
        // 2000 and the ICBL still in 2011; the ISU announced it on 7 July 2014.
        let before = try #require(record("GNQ", "1999-08-28").first)
        #expect(before.status == .notYetDue && before.due == day("1999-08-28"))
        #expect(record("GNQ", "2000-06-01").first?.status == .noRecord)
        let missing = try #require(record("GNQ", "2012-01-01").first)
        #expect(missing.status == .notSubmitted && missing.statement?.asOf == day("2011-12-02"))
        let late = try #require(record("GNQ", "2015-01-01").first)
        #expect(late.status == .submittedLate && late.submittedOn == day("2014-07-07"))
        #expect(late.statement?.provenance.confidence == .confirmed)
        #expect(late.text == "submitted late (2014-07-07)")
    }

    @Test func annualReportsAndTheStatesNamedMissing() throws {
        // Angola among the 101 States Parties without a report for 2014, as of the Monitor's fact sheet of
        // 18 June 2015; the report fell due on 30 April 2015.
        let angola = try #require(record("AGO", "2016-01-01").first { $0.year == 2014 })
        #expect(angola.status == .notSubmitted && angola.due == day("2015-04-30"))
        #expect(record("AGO", "2015-06-18").contains { $0.year == 2014 } == false)
        // Cabo Verde's first report, due 30 April 2002, came on 31 March 2009 (the Monitor's profile of 2011).
        #expect(record("CPV", "2012-01-01").first?.text == "submitted late (2009-03-31)")
        // Initial reports dated by the Monitor's profiles: Somalia's on its due day, Bhutan's ten months late.
        #expect(record("SOM", "2014-01-01").first?.text == "submitted (2013-03-30)")
        #expect(record("BTN", "2014-01-01").first?.text == "submitted late (2007-05-29)")
        // A state with no statement read: due, and the record says so rather than guessing.
        #expect(record("NOR", "2026-01-01").map(\.status) == [.noRecord])
    }

    /// Initial reports dated by the ISU's state pages and the Monitor's early profiles (2026-12-05): 114 States
    /// Parties' initial reports now carry the day they were submitted.
    @Test func initialReportsOfTheFirstParties() throws {
        // Entry into force 1 March 1999, due 28 August 1999: Canada on the 27th, Germany on the 31st, Namibia in 2004.
        #expect(record("CAN", "2000-01-01").first?.text == "submitted (1999-08-27)")
        #expect(record("DEU", "2000-01-01").first?.text == "submitted late (1999-08-31)")
        #expect(record("NAM", "2005-01-01").first?.text == "submitted late (2004-07-07)")
        // Before the day it was submitted the record does not know it.
        #expect(record("NAM", "2004-07-07").first?.status != .submittedLate)
        // Zambia (entry into force 1 Aug 2001) sent it early, on 31 Aug 2001; Ukraine a fortnight late, 12 Dec 2006.
        #expect(record("ZMB", "2002-01-01").first?.text == "submitted (2001-08-31)")
        #expect(record("UKR", "2007-01-01").first?.text == "submitted late (2006-12-12)")
        // Ghana's, due 31 May 2001, came on 24 July 2002; the Holy See's on 28 August 1999, its due day.
        #expect(record("GHA", "2003-01-01").first?.text == "submitted late (2002-07-24)")
        #expect(record("VAT", "2000-01-01").first?.text == "submitted (1999-08-28)")
        let dated = Set(
            registry.transparencyStatements.filter { $0.kind == .initial && $0.submittedOn != nil }.map(\.iso3)
        )
        #expect(dated.count == 114)
    }

    @Test func complianceRatesAsTheyWereKnown() {
        // Calendar year 2009: 54% as stated at the 10MSP (2 December 2010), 56% as cited a year later.
        #expect(registry.complianceRates(year: 2009, asOf: day("2010-12-02")).isEmpty)
        #expect(registry.complianceRates(year: 2009, asOf: day("2010-12-03")).map(\.ratePercent) == [54])
        let both = registry.complianceRates(year: 2009, asOf: day("2012-01-01"))
        #expect(both.map(\.ratePercent) == [54, 56] && both[0].submitted == 85)
        #expect(registry.complianceRates(asOf: day("2026-01-01")).count == 13)
    }

    @Test func badStatementsAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-art7-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: BundledReferenceData.directory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        iso3,kind,year,status,due_on,submitted_on,as_of,source,confidence,notes
        AGO,annual,,not_submitted,,,2015-06-18,https://example.org/a,single-source,
        AGO,initial,2014,not_submitted,,,2015-06-18,https://example.org/a,single-source,
        AGO,annual,2014,not_submitted,2015-05-01,2015-05-02,2015-06-18,https://example.org/a,single-source,
        AGO,annual,2013,submitted,2014-04-30,2015-07-01,2015-06-18,https://example.org/a,single-source,
        USA,annual,2013,submitted,,,2015-06-18,https://example.org/a,single-source,

        """.write(
            to: dir.appendingPathComponent(ReferenceDataLoader.transparencyFile),
            atomically: true,
            encoding: .utf8
        )
        try """
        year,as_of,states_parties_due,submitted,rate_percent,source,confidence,notes
        2009,2009-12-31,,,54,https://example.org/r,single-source,
        2010,2011-06-22,100,120,140,https://example.org/r,single-source,

        """.write(
            to: dir.appendingPathComponent(ReferenceDataLoader.complianceRatesFile),
            atomically: true,
            encoding: .utf8
        )
        let error = #expect(throws: ReferenceDataError.self) { try ReferenceDataLoader.load(from: dir) }
        let messages = try #require(error).issues.map { "\($0.rule): \($0.message)" }
        #expect(messages.contains("year: an annual report names the calendar year it covers"))
        #expect(messages.contains("year: an initial report covers no calendar year (year 2014 given)"))
        #expect(messages.contains("due: due_on 2015-05-01 is not 30 April 2015, when Art 7.2 has it due"))
        #expect(messages.contains("submitted_on: submitted_on 2015-05-02 is given for a report not submitted"))
        #expect(messages.contains("submitted_on: submitted_on 2015-07-01 is after the statement's as_of 2015-06-18"))
        #expect(messages.contains("not-party: USA never deposited an instrument for the APMBC"))
        #expect(messages.contains("as_of: as_of 2009-12-31 is before the year 2009 ended"))
        #expect(messages.contains("rate: rate_percent '140' is not a percentage from 0 to 100"))
    }
}
