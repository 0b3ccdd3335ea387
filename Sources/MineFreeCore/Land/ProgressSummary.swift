import Foundation

/// The headline figures of a progress table, as dashboards and reports show them: national totals,
/// each region and each contamination to date, and release by method in each year.
public struct ProgressSummary: Sendable, Hashable {
    public struct Figures: Sendable, Hashable {
        public var recordedM2: Int64 = 0
        public var releasedByMethod: [ReleaseMethod: Int64] = [:]
        public var releasedM2: Int64 { releasedByMethod.values.reduce(0, +) }
        public var remainingM2: Int64 { recordedM2 - releasedM2 }
        public func released(_ method: ReleaseMethod) -> Int64 { releasedByMethod[method] ?? 0 }
        /// Percent of the recorded area released; nil when nothing is recorded.
        public var percentReleased: Double? { recordedM2 > 0 ? Double(releasedM2) * 100 / Double(recordedM2) : nil }
    }

    public struct Year: Sendable, Hashable {
        public var year: Int
        public var releasedByMethod: [ReleaseMethod: Int64]
        public func released(_ method: ReleaseMethod) -> Int64 { releasedByMethod[method] ?? 0 }
    }

    public var asOf: CalendarDate
    public var national: Figures
    public var byRegion: [(key: String, figures: Figures)]
    public var byContamination: [(key: String, figures: Figures)]
    /// Years from the first with any release to the year of `asOf`.
    public var byYear: [Year]

    public static func == (a: Self, b: Self) -> Bool {
        a.asOf == b.asOf && a.national == b.national && a.byYear == b.byYear
            && a.byRegion.map(\.key) == b.byRegion.map(\.key) && a.byRegion.map(\.figures) == b.byRegion.map(\.figures)
            && a.byContamination.map(\.key) == b.byContamination.map(\.key)
            && a.byContamination.map(\.figures) == b.byContamination.map(\.figures)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(asOf)
        hasher.combine(national)
    }
}

extension ProgressSummary {
    /// The summary as of a day from the flows the store summed: what the dashboard, the API and reports show.
    public static func of(
        recorded: [ProgressTable.RecordedFlow],
        released: [ProgressTable.ReleasedFlow],
        asOf: CalendarDate
    ) -> ProgressSummary {
        ProgressTable(recorded: recorded, released: released, asOf: asOf).summary()
    }
}

extension ProgressTable {
    /// Reads the to-date rows (year blank) and the ALL × ALL rows per year out of the table.
    public func summary() -> ProgressSummary {
        var cells: [String: [String: ProgressSummary.Figures]] = [:]
        var years: [Int: [ReleaseMethod: Int64]] = [:]
        for row in rows {
            if let year = row.year {
                if row.region == Self.all, row.contamination == Self.all, let m = row.method, row.releasedM2 != 0 {
                    years[year, default: [:]][m, default: 0] += row.releasedM2
                }
                continue
            }
            var f = cells[row.region, default: [:]][row.contamination] ?? ProgressSummary.Figures()
            f.recordedM2 = row.recordedM2
            if let m = row.method { f.releasedByMethod[m] = row.releasedM2 }
            cells[row.region, default: [:]][row.contamination] = f
        }
        let national = cells[Self.all]?[Self.all] ?? ProgressSummary.Figures()
        let byRegion = regions.compactMap { r in cells[r]?[Self.all].map { (key: r, figures: $0) } }
        let byContamination = contaminations.compactMap { c in cells[Self.all]?[c].map { (key: c, figures: $0) } }
        var byYear: [ProgressSummary.Year] = []
        if let first = years.keys.min() {
            for y in first...max(first, asOf.year) {
                byYear.append(ProgressSummary.Year(year: y, releasedByMethod: years[y] ?? [:]))
            }
        }
        return ProgressSummary(
            asOf: asOf,
            national: national,
            byRegion: byRegion,
            byContamination: byContamination,
            byYear: byYear
        )
    }
}
