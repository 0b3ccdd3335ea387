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

    /// Computes the table. `firstYear` is 2000 in the benchmark; earlier data moves it back.
    public init(hazards: [HazardousArea], releases: [LandRelease], asOf: CalendarDate, firstYear: Int = 2000) {
        self.asOf = asOf
        let lastYear = asOf.adding(days: -1).year
        let active = hazards.filter { $0.recordedDate < asOf }
        let first = min(firstYear, active.map(\.recordedDate.year).min() ?? firstYear)
        years = first...max(first, lastYear)
        regions = Array(Set(active.map(\.region))).sorted()
        // The benchmark's four classes always appear (zero rows included); other classes when present.
        let standard: [ContaminationType] = [.antiPersonnel, .antiVehicle, .explosiveRemnants, .clusterMunitionRemnants]
        let present = Set(active.map(\.contamination))
        contaminations = ContaminationType.allCases.filter { standard.contains($0) || present.contains($0) }.map(\.rawValue)

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
        var hazardCell: [String: (Int, Int)] = [:]
        hazardCell.reserveCapacity(active.count)
        for h in active {
            let r = regionIndex[h.region]!
            let c = contaminationIndex[h.contamination.rawValue]!
            hazardCell[h.localID] = (r, c)
            recordedFlow[cell(r, c, h.recordedDate.year - first)] += h.areaM2
        }
        for e in releases where e.date < asOf {
            guard let (r, c) = hazardCell[e.hazardID] else { continue }
            releasedFlow[cell(r, c, e.date.year - first) * nM + methodIndex[e.method]!] += e.areaM2
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
                        rows.append(Row(region: regionNames[r], contamination: contaminationNames[c], year: years.lowerBound + y,
                                        method: ReleaseMethod.allCases[m], releasedM2: releasedFlow[i * nM + m],
                                        recordedM2: recorded, remainingM2: remaining))
                    }
                    rows.append(Row(region: regionNames[r], contamination: contaminationNames[c], year: years.lowerBound + y,
                                    method: nil, releasedM2: yearAll, recordedM2: recorded, remainingM2: remaining))
                }
                let remaining = recorded - releasedToDate
                for m in 0..<nM {
                    rows.append(Row(region: regionNames[r], contamination: contaminationNames[c], year: nil,
                                    method: ReleaseMethod.allCases[m], releasedM2: totalByMethod[m],
                                    recordedM2: recorded, remainingM2: remaining))
                }
                rows.append(Row(region: regionNames[r], contamination: contaminationNames[c], year: nil, method: nil,
                                releasedM2: releasedToDate, recordedM2: recorded, remainingM2: remaining))
            }
        }
        self.rows = rows
    }

    /// The table as WORKLOAD §4.3's CSV (header, `\n` line ends, 4-decimal percentages, empty when nothing is recorded).
    public func csv() -> String {
        var out = "region,contamination,year,method,released_m2,recorded_m2,remaining_m2,pct_released\n"
        out.reserveCapacity(rows.count * 60)
        for r in rows {
            out += r.region + "," + r.contamination + "," + (r.year.map(String.init) ?? Self.all) + ","
                + (r.method?.rawValue ?? Self.all) + "," + String(r.releasedM2) + "," + String(r.recordedM2) + ","
                + String(r.remainingM2) + "," + (r.percentReleased.map { String(format: "%.4f", $0) } ?? "") + "\n"
        }
        return out
    }
}
