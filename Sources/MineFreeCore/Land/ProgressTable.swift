import Foundation

/// Land release progress (WORKLOAD §4.3): per region × contamination × year × method, the area released
/// in the year (a flow), and the area recorded and still remaining at the period's end (stocks).
///
/// Every figure is an integer sum of integers, so the table is exact and reproducible; `ALL` rows
/// aggregate each dimension.
public struct ProgressTable: Sendable {
    public struct Row: Sendable, Hashable {
        public var region: String
        public var contamination: String
        /// A year, or nil for `ALL` (the whole period up to `as of`).
        public var year: Int?
        /// A method, or nil for `ALL`.
        public var method: ReleaseMethod?
        public var releasedM2: Int64
        public var recordedM2: Int64
        public var remainingM2: Int64

        /// 100 · released-to-date / recorded, nil when nothing is recorded.
        public var percentReleased: Double? {
            recordedM2 == 0 ? nil : 100 * Double(recordedM2 - remainingM2) / Double(recordedM2)
        }
    }

    public let asOf: CalendarDate
    public let regions: [String]
    public let contaminations: [String]
    public let years: ClosedRange<Int>
    public let rows: [Row]

    /// The national totals as of the day: the `ALL, ALL, ALL, ALL` row.
    public var total: Row { rows.last! }

    public static let all = "ALL"

    /// Area recorded in one year for one region and contamination class.
    public struct RecordedFlow: Sendable, Hashable {
        public var region: String
        public var contamination: String
        public var year: Int
        public var areaM2: Int64
        public init(region: String, contamination: String, year: Int, areaM2: Int64) {
            self.region = region
            self.contamination = contamination
            self.year = year
            self.areaM2 = areaM2
        }
    }

    /// Area released in one year by one method, for one region and contamination class.
    public struct ReleasedFlow: Sendable, Hashable {
        public var region: String
        public var contamination: String
        public var year: Int
        public var method: ReleaseMethod
        public var areaM2: Int64
        public init(region: String, contamination: String, year: Int, method: ReleaseMethod, areaM2: Int64) {
            self.region = region
            self.contamination = contamination
            self.year = year
            self.method = method
            self.areaM2 = areaM2
        }
    }

    /// Computes the table from records. `firstYear` is 2000 in the benchmark; earlier data moves it back.
    public init(hazards: [HazardousArea], releases: [LandRelease], asOf: CalendarDate, firstYear: Int = 2000) {
        var recorded: [RecordedFlow: Int64] = [:]
        var cellOf: [String: (String, String)] = [:]
        for h in hazards where h.recordedDate < asOf {
            recorded[
                RecordedFlow(
                    region: h.region,
                    contamination: h.contamination.rawValue,
                    year: h.recordedDate.year,
                    areaM2: 0
                ),
                default: 0
            ] += h.areaM2
            cellOf[h.localID] = (h.region, h.contamination.rawValue)
        }
        var released: [ReleasedFlow: Int64] = [:]
        for e in releases where e.date < asOf {
            guard let (r, c) = cellOf[e.hazardID] else { continue }
            released[
                ReleasedFlow(region: r, contamination: c, year: e.date.year, method: e.method, areaM2: 0),
                default: 0
            ] += e.areaM2
        }
        self.init(
            recorded: recorded.map {
                var f = $0.key; f.areaM2 = $0.value; return f
            },
            released: released.map {
                var f = $0.key; f.areaM2 = $0.value; return f
            },
            asOf: asOf,
            firstYear: firstYear
        )
    }

    /// Computes the table from flows already summed (by the store's SQL): only the hazards recorded
    /// before `asOf` and their releases dated before it may be in them.
    public init(recorded: [RecordedFlow], released: [ReleasedFlow], asOf: CalendarDate, firstYear: Int = 2000) {
        self.asOf = asOf
        let lastYear = asOf.adding(days: -1).year
        let first = min(firstYear, recorded.map(\.year).min() ?? firstYear)
        years = first...max(first, lastYear)
        regions = Array(Set(recorded.map(\.region))).sorted()
        // The benchmark's four classes always appear (zero rows included); other classes when present.
        let standard: [ContaminationType] = [
            .antiPersonnel, .antiVehicle, .explosiveRemnants, .clusterMunitionRemnants,
        ]
        let present = Set(recorded.map(\.contamination))
        contaminations =
            ContaminationType.allCases.filter { standard.contains($0) || present.contains($0.rawValue) }.map(\.rawValue)
            + present.filter { ContaminationType(code: $0) == nil }.sorted()

        let nR = regions.count + 1
        let nC = contaminations.count + 1
        let nY = years.count
        let nM = ReleaseMethod.allCases.count
        let regionIndex = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        let contaminationIndex = Dictionary(uniqueKeysWithValues: contaminations.enumerated().map { ($1, $0) })
        let methodIndex = Dictionary(uniqueKeysWithValues: ReleaseMethod.allCases.enumerated().map { ($1, $0) })
        // Per (region, contamination, year): area recorded in the year; per (…, year, method): area released.
        var recordedFlow = [Int64](repeating: 0, count: nR * nC * nY)
        var releasedFlow = [Int64](repeating: 0, count: nR * nC * nY * nM)
        func cell(_ r: Int, _ c: Int, _ y: Int) -> Int { (r * nC + c) * nY + y }
        for f in recorded {
            guard let r = regionIndex[f.region], let c = contaminationIndex[f.contamination], years.contains(f.year)
            else { continue }
            recordedFlow[cell(r, c, f.year - first)] += f.areaM2
        }
        for f in released {
            guard let r = regionIndex[f.region], let c = contaminationIndex[f.contamination], years.contains(f.year)
            else { continue }
            releasedFlow[cell(r, c, f.year - first) * nM + methodIndex[f.method]!] += f.areaM2
        }
        // Fold the leaf cells into the ALL region (index nR-1) and ALL contamination (nC-1).
        for r in 0..<nR - 1 {
            for c in 0..<nC - 1 {
                for y in 0..<nY {
                    let src = cell(r, c, y)
                    for (r2, c2) in [(nR - 1, c), (r, nC - 1), (nR - 1, nC - 1)] {
                        let dst = cell(r2, c2, y)
                        recordedFlow[dst] += recordedFlow[src]
                        for m in 0..<nM { releasedFlow[dst * nM + m] += releasedFlow[src * nM + m] }
                    }
                }
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(nR * nC * (nY + 1) * (nM + 1))
        let regionNames = regions + [Self.all]
        let contaminationNames = contaminations + [Self.all]
        for r in 0..<nR {
            for c in 0..<nC {
                var recorded: Int64 = 0
                var releasedToDate: Int64 = 0
                var totalByMethod = [Int64](repeating: 0, count: nM)
                for y in 0..<nY {
                    let i = cell(r, c, y)
                    recorded += recordedFlow[i]
                    var yearAll: Int64 = 0
                    for m in 0..<nM {
                        let v = releasedFlow[i * nM + m]
                        yearAll += v
                        totalByMethod[m] += v
                    }
                    releasedToDate += yearAll
                    let remaining = recorded - releasedToDate
                    for m in 0..<nM {
                        rows.append(
                            Row(
                                region: regionNames[r],
                                contamination: contaminationNames[c],
                                year: years.lowerBound + y,
                                method: ReleaseMethod.allCases[m],
                                releasedM2: releasedFlow[i * nM + m],
                                recordedM2: recorded,
                                remainingM2: remaining
                            )
                        )
                    }
                    rows.append(
                        Row(
                            region: regionNames[r],
                            contamination: contaminationNames[c],
                            year: years.lowerBound + y,
                            method: nil,
                            releasedM2: yearAll,
                            recordedM2: recorded,
                            remainingM2: remaining
                        )
                    )
                }
                let remaining = recorded - releasedToDate
                for m in 0..<nM {
                    rows.append(
                        Row(
                            region: regionNames[r],
                            contamination: contaminationNames[c],
                            year: nil,
                            method: ReleaseMethod.allCases[m],
                            releasedM2: totalByMethod[m],
                            recordedM2: recorded,
                            remainingM2: remaining
                        )
                    )
                }
                rows.append(
                    Row(
                        region: regionNames[r],
                        contamination: contaminationNames[c],
                        year: nil,
                        method: nil,
                        releasedM2: releasedToDate,
                        recordedM2: recorded,
                        remainingM2: remaining
                    )
                )
            }
        }
        self.rows = rows
    }

    /// The table as WORKLOAD §4.3's CSV (header, `\n` line ends, 4-decimal percentages, empty when nothing is recorded).
    public func csv() -> String {
        var out = "region,contamination,year,method,released_m2,recorded_m2,remaining_m2,pct_released\n"
        out.reserveCapacity(rows.count * 60)
        for r in rows {
            out +=
                r.region + "," + r.contamination + "," + (r.year.map(String.init) ?? Self.all) + ","
                + (r.method?.rawValue ?? Self.all) + "," + String(r.releasedM2) + "," + String(r.recordedM2) + ","
                + String(r.remainingM2) + "," + (r.percentReleased.map { String(format: "%.4f", $0) } ?? "") + "\n"
        }
        return out
    }
}
