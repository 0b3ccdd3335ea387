import Foundation

/// What a source said on a day about one Art 7 report of a State Party (APMBC): the initial report (Art 7.1) or the
/// annual one covering a calendar year (Art 7.2, due 30 April of the next), submitted or not. Reference data: each
/// statement is true as of its day, so a later one may follow (a report submitted late).
public struct TransparencyStatement: Hashable, Sendable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable { case initial, annual }
    public enum Status: String, CaseIterable, Sendable, Codable {
        case submitted
        case notSubmitted = "not_submitted"
    }

    public var iso3: String
    public var kind: Kind
    /// The calendar year an annual report covers; nil for the initial report.
    public var year: Int?
    public var status: Status
    /// The day the report was due, as the source gives it (the initial report) or by Art 7.2 (30 April).
    public var dueOn: CalendarDate?
    /// The day it was submitted, where the source gives one.
    public var submittedOn: CalendarDate?
    /// The day the statement was true: the source's date.
    public var asOf: CalendarDate
    public var provenance: Provenance
    public var notes: String?

    public init(
        iso3: String,
        kind: Kind,
        year: Int?,
        status: Status,
        dueOn: CalendarDate?,
        submittedOn: CalendarDate?,
        asOf: CalendarDate,
        provenance: Provenance,
        notes: String? = nil
    ) {
        self.iso3 = iso3
        self.kind = kind
        self.year = year
        self.status = status
        self.dueOn = dueOn
        self.submittedOn = submittedOn
        self.asOf = asOf
        self.provenance = provenance
        self.notes = notes
    }
}

/// A published Art 7 compliance rate for a calendar year's annual reports, as of the day it was stated — where no
/// state-by-state list was read, the rate is what the record can say.
public struct ComplianceRate: Hashable, Sendable, Codable {
    public var year: Int
    public var asOf: CalendarDate
    public var statesPartiesDue: Int?
    public var submitted: Int?
    /// Whole or decimal percent; nil where the source says only "under half".
    public var ratePercent: Double?
    public var provenance: Provenance
    public var notes: String?

    public init(
        year: Int,
        asOf: CalendarDate,
        statesPartiesDue: Int?,
        submitted: Int?,
        ratePercent: Double?,
        provenance: Provenance,
        notes: String? = nil
    ) {
        self.year = year
        self.asOf = asOf
        self.statesPartiesDue = statesPartiesDue
        self.submitted = submitted
        self.ratePercent = ratePercent
        self.provenance = provenance
        self.notes = notes
    }
}

/// One Art 7 report's standing on a day, from the statements known then.
public struct ReportStanding: Sendable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// Not due yet.
        case notYetDue = "not_yet_due"
        /// Submitted by its due day (or the day was not recorded and no source calls it late).
        case submitted
        /// Submitted after its due day.
        case submittedLate = "submitted_late"
        /// A source said it had not been submitted, on a day after it fell due.
        case notSubmitted = "not_submitted"
        /// Due, and no source read says whether it came.
        case noRecord = "no_record"
    }

    public var kind: TransparencyStatement.Kind
    public var year: Int?
    public var due: CalendarDate
    public var status: Status
    public var submittedOn: CalendarDate?
    /// The statement the standing rests on (nil for not yet due or no record).
    public var statement: TransparencyStatement?

    /// "submitted late (2009-03-31)", "not submitted (as of 2015-06-18)".
    public var text: String {
        let words = status.rawValue.replacingOccurrences(of: "_", with: " ")
        switch status {
        case .submitted, .submittedLate: return submittedOn.map { "\(words) (\($0.iso))" } ?? words
        case .notSubmitted: return statement.map { "\(words) (as of \($0.asOf.iso))" } ?? words
        case .notYetDue, .noRecord: return words
        }
    }
}

extension TreatyRegistry {
    /// The Art 7 statements about a state known at the start of `date`.
    public func transparencyStatements(of iso3: String, asOf date: CalendarDate) -> [TransparencyStatement] {
        (statementsByState[iso3] ?? []).filter { $0.asOf < date }
    }

    /// One report's standing at the start of `date`: any submission known wins (a report once in is in); else the
    /// latest statement that it had not come, made after it fell due; else no record, or not yet due.
    public func reportStanding(
        _ kind: TransparencyStatement.Kind,
        year: Int? = nil,
        of iso3: String,
        due: CalendarDate,
        asOf date: CalendarDate
    ) -> ReportStanding {
        let known = transparencyStatements(of: iso3, asOf: date).filter {
            $0.kind == kind && (kind == .initial || $0.year == year)
        }
        if let s = known.filter({ $0.status == .submitted }).min(by: { $0.asOf < $1.asOf }) {
            // Late when its day is after the due day, or — no day given — when a source had said it was missing.
            let late =
                s.submittedOn.map { $0 > due }
                ?? known.contains { $0.status == .notSubmitted && $0.asOf > due }
            return ReportStanding(
                kind: kind,
                year: year,
                due: due,
                status: late ? .submittedLate : .submitted,
                submittedOn: s.submittedOn,
                statement: s
            )
        }
        if due >= date { return ReportStanding(kind: kind, year: year, due: due, status: .notYetDue) }
        if let s = known.filter({ $0.status == .notSubmitted && $0.asOf > due }).max(by: { $0.asOf < $1.asOf }) {
            return ReportStanding(kind: kind, year: year, due: due, status: .notSubmitted, statement: s)
        }
        return ReportStanding(kind: kind, year: year, due: due, status: .noRecord)
    }

    /// A State Party's Art 7 record on a day (APMBC): its initial report, and each annual report a source spoke of.
    /// Part of its standing (`TreatyStanding.transparency`).
    public func transparencyRecord(of iso3: String, initialDue: CalendarDate, asOf date: CalendarDate)
        -> [ReportStanding]
    {
        var record = [reportStanding(.initial, of: iso3, due: initialDue, asOf: date)]
        for year in Set(transparencyStatements(of: iso3, asOf: date).compactMap(\.year)).sorted() {
            record.append(reportStanding(.annual, year: year, of: iso3, due: Self.annualReportDue(year), asOf: date))
        }
        return record
    }

    /// Art 7.2: the annual report covering a calendar year is due on 30 April of the next.
    public static func annualReportDue(_ year: Int) -> CalendarDate {
        let (month, day) = Convention.apmbc.annualReportMonthDay
        return CalendarDate(year: year + 1, month: month, day: day)!
    }

    /// The compliance rates known at the start of `date` for the annual reports of `year` (all years when nil), the
    /// latest statement last.
    public func complianceRates(year: Int? = nil, asOf date: CalendarDate) -> [ComplianceRate] {
        complianceRates.filter { $0.asOf < date && (year == nil || $0.year == year) }
            .sorted { ($0.year, $0.asOf) < ($1.year, $1.asOf) }
    }
}
