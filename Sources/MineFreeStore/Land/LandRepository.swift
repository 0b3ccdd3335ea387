import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// Reads the land records the way the land area asks for them: hazards as of a day with what was released from
/// each (summed by the database), pages of hazards and releases at national scale, what an import's records may
/// name. Plain SQL (SQLKit), the same on both databases; whatever differs by dialect goes through `StoreDialect`.
public struct LandRepository: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }
    var records: RecordRepository { RecordRepository(database: database) }

    public init(database: any Database) {
        self.database = database
    }

    // MARK: - What an import's records may name

    /// Hazards already stored, with what was released from each: what a new import's releases are checked against.
    public func knownHazards() async throws -> [String: KnownHazard] {
        struct Row: Decodable {
            let local_id: String; let recorded_date: String; let area_m2: Int64; let released: Int64?
        }
        let rows = try await sql.raw(
            """
            SELECT h.local_id, h.recorded_date, h.area_m2,
                   (SELECT CAST(SUM(r.area_m2) AS BIGINT) FROM land_releases r WHERE r.hazard_id = h.local_id) AS released
            FROM hazardous_areas h
            """
        ).all(decoding: Row.self)
        var known: [String: KnownHazard] = [:]
        for r in rows {
            guard let d = CalendarDate(iso: r.recorded_date) else { continue }
            known[r.local_id] = KnownHazard(recordedDate: d, areaM2: r.area_m2, releasedM2: r.released ?? 0)
        }
        return known
    }

    /// Organisations, admin areas, activities and assets already stored: what an import's records may refer to.
    /// The admin areas' boundaries are parsed only `withBoundaries` (an import bringing hazards or settlements):
    /// a release or an activity submitted through a form need not pay for a national set of boundaries. The
    /// reference data's reports of use are parsed only `withReportsOfUse` (an import whose records may name one).
    public func knownRecords(withBoundaries: Bool = true, withReportsOfUse: Bool = true) async throws -> KnownRecords {
        struct ID: Decodable { let local_id: String }
        struct Activity: Decodable { let local_id: String; let hazard_id: String? }
        var known = KnownRecords()
        known.adminAreas = try await records.records(
            AdminArea.self,
            order: "level, local_id",
            withGeometry: withBoundaries
        )
        known.organisations = Set(
            try await sql.raw("SELECT local_id FROM organisations").all(decoding: ID.self).map(\.local_id)
        )
        known.assets = Set(try await sql.raw("SELECT local_id FROM assets").all(decoding: ID.self).map(\.local_id))
        // The latest record of each activity says which hazard it works on.
        for a in try await sql.raw("SELECT local_id, hazard_id FROM activities ORDER BY date_of_information").all(
            decoding: Activity.self
        ) {
            known.activityHazards[a.local_id] = .some(a.hazard_id)
        }
        // Any other layer a field names (a casualty's accident report): its ids.
        for name in KnownRecords.layersKnownByID {
            guard let info = RecordLayers.info(named: name) else { continue }
            known.ids[name] = Set(
                try await sql.raw("SELECT local_id FROM \(ident: info.table)").all(decoding: ID.self).map(\.local_id)
            )
        }
        // Assessments and responses may name a report of use the reference data holds.
        guard withReportsOfUse else { return known }
        struct File: Decodable { let content: String }
        let reference = try await sql.raw(
            "SELECT content FROM reference_layer_files WHERE layer = \(bind: UseReport.info.name + ".csv")"
        ).all(decoding: File.self)
        if let file = reference.first {
            let ids = try UseRecords.read([(UseReport.info.name + ".csv", Data(file.content.utf8))]).reports.map(
                \.localID
            )
            known.ids[UseReport.info.name, default: []].formUnion(ids)
        }
        return known
    }

    /// The polygons of stored hazards that `releases` name with a polygon of their own: what they must lie within.
    public func hazardPolygons(named ids: [String]) async throws -> [String: [[[GeoPoint]]]] {
        var result: [String: [[[GeoPoint]]]] = [:]
        var start = 0
        let unique = Array(Set(ids))
        while start < unique.count {
            let chunk = Array(unique[start..<min(start + 5000, unique.count)])
            start += chunk.count
            for h in try await records.records(HazardousArea.self, where: "local_id IN " + Self.list(chunk)) {
                result[h.localID] = h.polygons
            }
        }
        return result
    }

    // MARK: - Hazards and releases

    /// Stored hazards (with or without their geometry), all or some.
    public func hazards(withGeometry: Bool, only ids: [String]? = nil) async throws -> [HazardousArea] {
        let filter: SQLQueryString? = ids.map { "local_id IN " + Self.list($0) }
        let rows = try await records.rows(HazardousArea.info, where: filter, withGeometry: withGeometry)
        return try rows.map { row in
            var h = try RecordTables.record(row, HazardousArea.self, withGeometry: withGeometry)
            // The stored box, so a hazard read without its geometry still says where it is.
            h.bounds = BoundingBox(
                minX: try row.decode(column: "min_lon", as: Double.self),
                minY: try row.decode(column: "min_lat", as: Double.self),
                maxX: try row.decode(column: "max_lon", as: Double.self),
                maxY: try row.decode(column: "max_lat", as: Double.self)
            )
            return h
        }
    }

    /// Every revision, or those of some hazards, oldest first.
    public func revisions(of hazards: [String]? = nil) async throws -> [HazardRevision] {
        try await records.records(
            HazardRevision.self,
            where: hazards.map { "hazard_id IN " + Self.list($0) },
            order: "date, local_id"
        )
    }

    /// The land as of a day: hazards (attributes only), their releases and revisions applied. The store sums each
    /// hazard's releases (one indexed pass) rather than handing every release over; with `only`, just those hazards
    /// are read, so one hazard's page or one map page costs milliseconds at any scale.
    public func view(asOf date: CalendarDate, only ids: [String]? = nil) async throws -> LandView {
        struct Sum: Decodable { let hazard_id: String; let released: Int64 }
        var sums: [String: Int64] = [:]
        for s in try await sql.raw(Self.releasedSums(before: date, only: ids)).all(decoding: Sum.self) {
            sums[s.hazard_id] = s.released
        }
        return LandView(
            hazards: try await hazards(withGeometry: false, only: ids),
            releasedBefore: sums,
            revisions: try await revisions(of: ids),
            asOf: date
        )
    }

    /// Which hazards a list shows: known before `asOf`, in `regions`, of a contamination, with a status as of the day.
    public struct HazardFilter: Sendable, Hashable {
        public var asOf: CalendarDate
        public var regions: Set<String>?
        public var contamination: ContaminationType?
        public var status: HazardStatus?

        public init(
            asOf: CalendarDate,
            regions: Set<String>? = nil,
            contamination: ContaminationType? = nil,
            status: HazardStatus? = nil
        ) {
            self.asOf = asOf
            self.regions = regions
            self.contamination = contamination
            self.status = status
        }
    }

    /// One page of the hazards `filter` keeps, in id order, after the hazard `after` (keyset: the page costs the
    /// same at the end of a national list as at its start) or from `offset`. The filters run in SQL over the kept
    /// release totals, so a page reads its own hazards, not all of them.
    public func hazardPage(_ filter: HazardFilter, after: String? = nil, limit: Int, offset: Int = 0) async throws
        -> [HazardStanding]
    {
        var query: SQLQueryString = "SELECT h.local_id" + Self.hazardsKept(by: filter)
        if let after { query = query + " AND h.local_id > \(bind: after)" }
        query = query + " ORDER BY h.local_id LIMIT \(unsafeRaw: String(limit))"
        if after == nil, offset > 0 { query = query + " OFFSET \(unsafeRaw: String(offset))" }
        struct ID: Decodable { let local_id: String }
        let ids = try await sql.raw(query).all(decoding: ID.self).map(\.local_id)
        return try await view(asOf: filter.asOf, only: ids).standings
    }

    /// How many hazards `filter` keeps in all.
    public func hazardCount(_ filter: HazardFilter) async throws -> Int {
        struct Count: Decodable { let n: Int64 }
        return Int(
            try await sql.raw("SELECT COUNT(*) AS n" + Self.hazardsKept(by: filter)).first(decoding: Count.self)?.n ?? 0
        )
    }

    /// One page and the count, as a list shows them.
    public func hazardPage(
        asOf date: CalendarDate,
        regions: Set<String>?,
        contamination: ContaminationType?,
        status: HazardStatus?,
        limit: Int,
        offset: Int
    ) async throws -> (total: Int, standings: [HazardStanding]) {
        let filter = HazardFilter(asOf: date, regions: regions, contamination: contamination, status: status)
        return (try await hazardCount(filter), try await hazardPage(filter, limit: limit, offset: offset))
    }

    /// `FROM … WHERE …` of the hazards `filter` keeps.
    static func hazardsKept(by filter: HazardFilter) -> SQLQueryString {
        let date = filter.asOf
        var from: SQLQueryString = " FROM hazardous_areas h"
        if filter.status != nil {
            from = from + " LEFT JOIN hazard_release_totals k ON k.hazard_id = h.local_id"
        }
        from = from + " WHERE h.recorded_date < \(bind: date.iso)"
        if let regions = filter.regions { from = from + " AND h.region IN " + Self.list(regions.sorted()) }
        if let c = filter.contamination { from = from + " AND h.contamination = \(bind: c.rawValue)" }
        // The rule of `HazardStanding.status`: open until something is released, closed once all of it is.
        switch filter.status {
        case .open?: from = from + " AND " + releasedAsOf(date) + " = 0"
        case .workedOn?:
            from = from + " AND " + releasedAsOf(date) + " > 0 AND " + releasedAsOf(date) + " < h.area_m2"
        case .closed?: from = from + " AND " + releasedAsOf(date) + " >= h.area_m2"
        case nil: break
        }
        return from
    }

    /// A hazard `h`'s area released before `date`, from its kept total `k` (`hazard_release_totals`, joined): the total
    /// itself when its last release came before the day (always, as of today), its releases before the day summed
    /// otherwise (an indexed read of that hazard's releases).
    static func releasedAsOf(_ date: CalendarDate) -> SQLQueryString {
        """
        (CASE WHEN k.hazard_id IS NULL THEN 0 WHEN k.last_release < \(bind: date.iso) THEN k.released_m2 \
        ELSE (SELECT COALESCE(CAST(SUM(r.area_m2) AS BIGINT), 0) FROM land_releases r \
        WHERE r.hazard_id = h.local_id AND r.date < \(bind: date.iso)) END)
        """
    }

    /// The land as of a day split at `baseline` (`LandView.split`), summed by the database over the kept release
    /// totals: what the dashboard shows without deriving every hazard. Of some regions only, when given.
    public func baselineSplit(asOf date: CalendarDate, baseline: CalendarDate, regions: Set<String>? = nil)
        async throws -> LandView.BaselineSplit
    {
        struct Row: Decodable { let newly: Int64; let n: Int64; let recorded: Int64; let released: Int64 }
        let inRegions: SQLQueryString = regions.map { " AND h.region IN " + Self.list($0.sorted()) } ?? ""
        let rows = try await sql.raw(
            """
            SELECT CASE WHEN h.recorded_date >= \(bind: baseline.iso) THEN 1 ELSE 0 END AS newly, COUNT(*) AS n,
                   CAST(SUM(h.area_m2) AS BIGINT) AS recorded,
                   CAST(SUM(
            """ + Self.releasedAsOf(date)
                + """
                ) AS BIGINT) AS released
                FROM hazardous_areas h LEFT JOIN hazard_release_totals k ON k.hazard_id = h.local_id
                WHERE h.recorded_date < \(bind: date.iso)
                """ + inRegions
                // By position: the two dialects agree on it, and PostgreSQL would not match the CASE's parameters.
                + " GROUP BY 1"
        ).all(decoding: Row.self)
        var split = LandView.BaselineSplit(baselineDate: baseline)
        for r in rows {
            if r.newly == 1 {
                split.newlyFoundHazards = Int(r.n)
                split.newlyFoundRecordedM2 = r.recorded
                split.newlyFoundReleasedM2 = r.released
            } else {
                split.baselineHazards = Int(r.n)
                split.baselineRecordedM2 = r.recorded
                split.baselineReleasedM2 = r.released
            }
        }
        return split
    }

    /// Each hazard's area released before `date` (`hazard_id`, `released`), of some hazards only when given.
    static func releasedSums(before date: CalendarDate, only ids: [String]? = nil) -> SQLQueryString {
        var query: SQLQueryString =
            "SELECT hazard_id, CAST(SUM(area_m2) AS BIGINT) AS released FROM land_releases WHERE date < \(bind: date.iso)"
        if let ids { query = query + " AND hazard_id IN " + Self.list(ids) }
        return query + " GROUP BY hazard_id"
    }

    /// "(?, ?, …)" binding each value; "(NULL)" matches nothing when there are none.
    static func list(_ values: [String]) -> SQLQueryString {
        guard let first = values.first else { return "(NULL)" }
        var out: SQLQueryString = "(\(bind: first)"
        for v in values.dropFirst() { out = out + ", \(bind: v)" }
        return out + ")"
    }

    /// Every release, or one hazard's, oldest first.
    public func releases(of hazard: String? = nil) async throws -> [LandRelease] {
        try await records.records(
            LandRelease.self,
            where: hazard.map { "hazard_id = \(bind: $0)" },
            order: "date, local_id"
        )
    }

    /// One page of the releases known before `asOf`, newest first, with how many match in all: what a list shows,
    /// without reading the other pages' rows.
    public func releasePage(asOf date: CalendarDate, hazard: String?, method: ReleaseMethod?, limit: Int, offset: Int)
        async throws -> (total: Int, releases: [LandRelease])
    {
        var filter: SQLQueryString = "date < \(bind: date.iso)"
        if let hazard { filter = filter + " AND hazard_id = \(bind: hazard)" }
        if let method { filter = filter + " AND method = \(bind: method.rawValue)" }
        struct Count: Decodable { let n: Int64 }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM land_releases WHERE " + filter).first(decoding: Count.self)?.n
            ?? 0
        let page = try await records.records(
            LandRelease.self,
            where: filter,
            order: "date DESC, local_id DESC LIMIT \(limit) OFFSET \(offset)"
        )
        return (Int(total), page)
    }

    // MARK: - Places and who works where

    public func organisations() async throws -> [Organisation] { try await records.records(Organisation.self) }

    /// Admin areas without their boundaries.
    public func adminAreas() async throws -> [AdminArea] {
        try await records.records(AdminArea.self, order: "level, local_id", withGeometry: false)
    }

    /// The box of each recorded boundary, by P-code (areas without one are absent).
    public func adminAreaBoxes() async throws -> [String: BoundingBox] {
        struct Row: Decodable {
            let local_id: String; let min_lon: Double; let min_lat: Double; let max_lon: Double; let max_lat: Double
        }
        var boxes: [String: BoundingBox] = [:]
        for r in try await sql.raw(
            "SELECT local_id, min_lon, min_lat, max_lon, max_lat FROM admin_areas WHERE min_lon IS NOT NULL"
        )
        .all(decoding: Row.self) {
            boxes[r.local_id] = BoundingBox(minX: r.min_lon, minY: r.min_lat, maxX: r.max_lon, maxY: r.max_lat)
        }
        return boxes
    }

    /// The region codes a filter on `code` covers (nil: no filter): the rule is the core's (`RegionFilter`).
    public func regionsCovered(by code: String?) async throws -> Set<String>? {
        guard let code else { return nil }
        return try RegionFilter.covered(by: code, areas: try await adminAreas(), regions: try await regionCodes())
    }

    /// The distinct region codes hazards carry.
    public func regionCodes() async throws -> [String] {
        struct Row: Decodable { let region: String }
        return try await sql.raw("SELECT DISTINCT region FROM hazardous_areas ORDER BY region").all(decoding: Row.self)
            .map(\.region)
    }

    /// One page of settlements in id order, those in `regions` only when given, with how many match in all.
    public func settlementPage(regions: Set<String>?, limit: Int, offset: Int) async throws -> (
        total: Int, settlements: [Settlement]
    ) {
        let filter: SQLQueryString? = regions.map { "admin_pcode IN " + Self.list($0.sorted()) }
        struct Count: Decodable { let n: Int64 }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM settlements" + (filter.map { " WHERE " + $0 } ?? "")).first(
                decoding: Count.self
            )?.n ?? 0
        let page = try await records.records(
            Settlement.self,
            where: filter,
            order: "local_id LIMIT \(limit) OFFSET \(offset)"
        )
        return (Int(total), page)
    }

    public func assets() async throws -> [Asset] { try await records.records(Asset.self) }

    public func downtime() async throws -> [AssetDowntime] { try await records.records(AssetDowntime.self) }

    /// Every dated record of every activity, oldest information first.
    public func activityRecords() async throws -> [ActivityRecord] {
        try await records.records(ActivityRecord.self, order: "date_of_information, local_id")
    }

    public func deviceFinds() async throws -> [DeviceFind] {
        try await records.records(DeviceFind.self, order: "date, local_id")
    }

    /// The organisation of an activity's latest record, if the activity is stored.
    public func activityOrganisation(_ activityID: String) async throws -> String? {
        struct Row: Decodable { let organisation_id: String }
        return try await sql.raw(
            """
            SELECT organisation_id FROM activities WHERE local_id = \(bind: activityID)
            ORDER BY date_of_information DESC LIMIT 1
            """
        ).first(decoding: Row.self)?.organisation_id
    }

    /// An area's stored coordinates, a Polygon's or a MultiPolygon's, as its polygons.
    static func polygons(_ text: String, table: String, key: String) throws -> [[[GeoPoint]]] {
        let row = RecordRow(
            values: [],
            geometryType: GeoJSONWriter.polygonalType(ofCoordinates: text),
            coordinates: text
        )
        guard case .polygons(let polygons)? = row.geometry.flatMap(Geometry.init) else {
            throw StoredRecordError(table: table, key: key, field: "coordinates", value: String(text.prefix(40)))
        }
        return polygons
    }
}
