import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// The kept progress flows: area recorded and released per region × contamination × month (× method), and the same
/// per year, added in the same transaction as every import, so progress as of any day reads a few thousand kept rows
/// and the records of that day's month instead of grouping every release (B3, docs/BENCHMARKS.md).
extension LandRepository {
    /// An import's areas per region × contamination × month (× method), summed in memory before they are written.
    /// Keys are small integers (cell index, year·100 + month, method): 250,000 string keys cost 0.4 s.
    struct PendingFlows: Sendable {
        /// `month` is yyyymm (or a year, for the yearly flows); `method` -1 is area recorded.
        struct Key: Hashable, Sendable { let cell: Int; let month: Int; let method: Int }
        var cells: [(region: String, contamination: String)] = []
        var cellIndex: [String: Int] = [:]
        var flows: [Key: Int64] = [:]
        /// Releases of hazards this import does not bring: their cell is read from the store.
        var elsewhere: [LandRelease] = []
        /// Each hazard's area released by this import and its last release's day (`hazard_release_totals`).
        var releaseTotals: [String: (m2: Int64, last: CalendarDate)] = [:]

        mutating func cellOf(_ region: String, _ contamination: String) -> Int {
            let key = region + "\u{1F}" + contamination
            if let i = cellIndex[key] { return i }
            cells.append((region, contamination))
            cellIndex[key] = cells.count - 1
            return cells.count - 1
        }

        mutating func release(_ r: LandRelease, cell c: Int) {
            flows[
                Key(
                    cell: c,
                    month: r.date.year * 100 + r.date.month,
                    method: ReleaseMethod.allCases.firstIndex(of: r.method)!
                ),
                default: 0
            ] += r.areaM2
        }

        /// Pure CPU on the dataset: the import computes it while the database writes the rows.
        init(of d: Dataset) {
            var hazardCell: [String: Int] = [:]
            hazardCell.reserveCapacity(d.hazards.count)
            for h in d.hazards {
                let c = cellOf(h.region, h.contamination.rawValue)
                hazardCell[h.localID] = c
                flows[Key(cell: c, month: h.recordedDate.year * 100 + h.recordedDate.month, method: -1), default: 0] +=
                    h.areaM2
            }
            for r in d.releases {
                if let c = hazardCell[r.hazardID] { release(r, cell: c) } else { elsewhere.append(r) }
                if let t = releaseTotals[r.hazardID] {
                    releaseTotals[r.hazardID] = (t.m2 + r.areaM2, max(t.last, r.date))
                } else {
                    releaseTotals[r.hazardID] = (r.areaM2, r.date)
                }
            }
        }
    }

    /// Adds an import's areas to `land_progress_flows`. Releases of hazards stored by earlier imports
    /// take those hazards' region and contamination from the store.
    static func addProgressFlows(_ pending: PendingFlows, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        var pending = pending
        var hazardCell: [String: Int] = [:]
        let elsewhere = Array(Set(pending.elsewhere.map(\.hazardID)))
        var start = 0
        while start < elsewhere.count {
            struct Row: Decodable { let local_id: String; let region: String; let contamination: String }
            let chunk = Array(elsewhere[start..<min(start + 5000, elsewhere.count)])
            start += chunk.count
            for r in try await sql.select().columns("local_id", "region", "contamination").from("hazardous_areas")
                .where("local_id", .in, chunk).all(decoding: Row.self)
            {
                hazardCell[r.local_id] = pending.cellOf(r.region, r.contamination)
            }
        }
        for r in pending.elsewhere {
            guard let c = hazardCell[r.hazardID] else { continue }
            pending.release(r, cell: c)
        }
        let rows = Array(pending.flows)
        try await writeFlows(rows, cells: pending.cells, table: "land_progress_flows", period: "month", on: db) {
            String(format: "%04d-%02d", $0 / 100, $0 % 100)
        }
        // The same per year: what progress reads for the years before a day's.
        var years: [PendingFlows.Key: Int64] = [:]
        for (key, m2) in rows {
            years[PendingFlows.Key(cell: key.cell, month: key.month / 100, method: key.method), default: 0] += m2
        }
        try await writeFlows(Array(years), cells: pending.cells, table: "land_progress_years", period: "year", on: db) {
            String(format: "%04d", $0)
        }
    }

    /// Adds flows to a kept-flows table, each period (a month, yyyymm, or a year) formatted once: a few hundred
    /// distinct periods for some 30,000 rows. The same upsert on both dialects (SQLite ≥ 3.24, PostgreSQL ≥ 9.5).
    private static func writeFlows(
        _ rows: [(key: PendingFlows.Key, value: Int64)],
        cells: [(region: String, contamination: String)],
        table: String,
        period: String,
        on db: any Database,
        format: (Int) -> String
    ) async throws {
        let methods = ReleaseMethod.allCases
        let periods = Dictionary(uniqueKeysWithValues: Set(rows.map(\.key.month)).map { ($0, format($0)) })
        try await StoreDialect.bulkInsert(
            [
                BulkRows(
                    table: table,
                    columns: ["kind", "region", "contamination", period, "method", "area_m2"],
                    count: rows.count,
                    onConflict:
                        "ON CONFLICT (kind, region, contamination, \(period), method) DO UPDATE SET area_m2 = \(table).area_m2 + excluded.area_m2"
                ) { i, w in
                    let (key, m2) = rows[i]
                    let cell = cells[key.cell]
                    try w.text(key.method < 0 ? "recorded" : "released"); try w.text(cell.region);
                    try w.text(cell.contamination)
                    try w.text(periods[key.month]!)
                    try w.text(key.method < 0 ? "" : methods[key.method].rawValue)
                    w.int(m2)
                }
            ],
            on: db
        )
    }

    /// Adds an import's released area to each hazard's kept total (`hazard_release_totals`), in the import's
    /// transaction: the total grows and the last release's day moves on, never back.
    static func addReleaseTotals(_ pending: PendingFlows, on db: any Database) async throws {
        let rows = Array(pending.releaseTotals)
        guard !rows.isEmpty else { return }
        try await StoreDialect.bulkInsert(
            [
                BulkRows(
                    table: "hazard_release_totals",
                    columns: ["hazard_id", "released_m2", "last_release"],
                    count: rows.count,
                    // ISO days compare as text; CASE rather than MAX/GREATEST, which the two dialects spell apart.
                    onConflict: """
                        ON CONFLICT (hazard_id) DO UPDATE SET released_m2 = hazard_release_totals.released_m2 + excluded.released_m2, \
                        last_release = CASE WHEN excluded.last_release > hazard_release_totals.last_release \
                        THEN excluded.last_release ELSE hazard_release_totals.last_release END
                        """
                ) { i, w in
                    let (hazard, total) = rows[i]
                    try w.text(hazard)
                    w.int(total.m2)
                    try w.text(total.last.iso)
                }
            ],
            on: db
        )
    }

    /// The progress table's flows before `asOf`, for any day: the flows kept per month for the months before the
    /// day's month, and the records of that month up to the day (an indexed range: a month's releases, not all of
    /// them). A release is never dated before its hazard was recorded (rule `release-before-recording`), so a release
    /// in a month before the day's belongs to a hazard recorded before the day, as the full aggregate
    /// (`progressFlowsFromRecords`) counts it; the tests hold the two equal for every day of a year.
    public func progressFlows(asOf: CalendarDate) async throws -> (
        [ProgressTable.RecordedFlow], [ProgressTable.ReleasedFlow]
    ) {
        var (recorded, released) = try await keptMonthlyFlows(before: asOf)
        guard asOf.day > 1 else { return (recorded, released) }
        let monthStart = CalendarDate(year: asOf.year, month: asOf.month, day: 1)!
        let (partRecorded, partReleased) = try await progressFlowsFromRecords(asOf: asOf, since: monthStart)
        recorded += partRecorded
        released += partReleased
        return (recorded, released)
    }

    /// The kept flows before `asOf`'s month, per year: the years before its year as kept per year
    /// (`land_progress_years`, a few thousand rows however long the programme), the months of its year before its
    /// month as kept per month.
    func keptMonthlyFlows(before asOf: CalendarDate) async throws -> (
        [ProgressTable.RecordedFlow], [ProgressTable.ReleasedFlow]
    ) {
        struct Row: Decodable {
            let kind: String; let region: String; let contamination: String; let year: String; let method: String;
            let m2: Int64
        }
        let year = String(format: "%04d", asOf.year)
        let rows = try await sql.raw(
            """
            SELECT kind, region, contamination, year, method, area_m2 AS m2
            FROM land_progress_years WHERE year < \(bind: year)
            UNION ALL
            SELECT kind, region, contamination, substr(month, 1, 4) AS year, method, area_m2 AS m2
            FROM land_progress_flows WHERE month >= \(bind: year + "-01") AND month < \(bind: String(asOf.iso.prefix(7)))
            """
        ).all(decoding: Row.self)
        var recorded: [ProgressTable.RecordedFlow] = []
        var released: [ProgressTable.ReleasedFlow] = []
        for r in rows {
            guard let y = Int(r.year) else {
                throw StoredRecordError(table: "land_progress_flows", key: r.region, field: "month", value: r.year)
            }
            if r.kind == "recorded" {
                recorded.append(
                    ProgressTable.RecordedFlow(region: r.region, contamination: r.contamination, year: y, areaM2: r.m2)
                )
            } else if let m = ReleaseMethod(rawValue: r.method) {
                released.append(
                    ProgressTable.ReleasedFlow(
                        region: r.region,
                        contamination: r.contamination,
                        year: y,
                        method: m,
                        areaM2: r.m2
                    )
                )
            }
        }
        return (recorded, released)
    }

    /// The progress table's flows, summed by the database from the records: area recorded per region, contamination and
    /// year, and area released per region, contamination, year and method, before `asOf` (and from `since` on, when
    /// given). Portable SQL (ISO date text compares and `substr`s the same on SQLite and PostgreSQL).
    public func progressFlowsFromRecords(asOf: CalendarDate, since: CalendarDate? = nil) async throws -> (
        [ProgressTable.RecordedFlow], [ProgressTable.ReleasedFlow]
    ) {
        struct Recorded: Decodable { let region: String; let contamination: String; let year: String; let m2: Int64 }
        struct Released: Decodable {
            let region: String; let contamination: String; let year: String; let method: String; let m2: Int64
        }
        let day = asOf.iso
        let from = since?.iso ?? ""
        let recorded = try await sql.raw(
            """
            SELECT region, contamination, substr(recorded_date, 1, 4) AS year, CAST(SUM(area_m2) AS BIGINT) AS m2
            FROM hazardous_areas WHERE recorded_date < \(bind: day) AND recorded_date >= \(bind: from)
            GROUP BY region, contamination, substr(recorded_date, 1, 4)
            """
        ).all(decoding: Recorded.self)
        let released = try await sql.raw(
            """
            SELECT h.region, h.contamination, substr(r.date, 1, 4) AS year, r.method, CAST(SUM(r.area_m2) AS BIGINT) AS m2
            FROM land_releases r JOIN hazardous_areas h ON h.local_id = r.hazard_id
            WHERE r.date < \(bind: day) AND r.date >= \(bind: from) AND h.recorded_date < \(bind: day)
            GROUP BY h.region, h.contamination, substr(r.date, 1, 4), r.method
            """
        ).all(decoding: Released.self)
        return (
            try recorded.map {
                guard let y = Int($0.year) else {
                    throw StoredRecordError(
                        table: "hazardous_areas",
                        key: $0.region,
                        field: "recorded_date",
                        value: $0.year
                    )
                }
                return ProgressTable.RecordedFlow(
                    region: $0.region,
                    contamination: $0.contamination,
                    year: y,
                    areaM2: $0.m2
                )
            },
            try released.map {
                guard let y = Int($0.year), let m = ReleaseMethod(rawValue: $0.method) else {
                    throw StoredRecordError(
                        table: "land_releases",
                        key: $0.region,
                        field: "date/method",
                        value: "\($0.year)/\($0.method)"
                    )
                }
                return ProgressTable.ReleasedFlow(
                    region: $0.region,
                    contamination: $0.contamination,
                    year: y,
                    method: m,
                    areaM2: $0.m2
                )
            }
        )
    }

}
