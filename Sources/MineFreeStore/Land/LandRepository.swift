import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// Reads and writes the land layers with plain SQL (SQLKit), readable and the same on both databases;
/// what differs by dialect goes through `StoreDialect`.
public struct LandRepository: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// Hazards already stored, with what was released from each: what a new import's releases are checked against.
    public func knownHazards() async throws -> [String: KnownHazard] {
        struct Row: Decodable { let local_id: String; let recorded_date: String; let area_m2: Int64; let released: Int64? }
        let rows = try await sql.raw("""
            SELECT h.local_id, h.recorded_date, h.area_m2,
                   (SELECT CAST(SUM(r.area_m2) AS BIGINT) FROM land_releases r WHERE r.hazard_local_id = h.local_id) AS released
            FROM hazardous_areas h
            """).all(decoding: Row.self)
        var known: [String: KnownHazard] = [:]
        for r in rows {
            guard let d = CalendarDate(iso: r.recorded_date) else { continue }
            known[r.local_id] = KnownHazard(recordedDate: d, areaM2: r.area_m2, releasedM2: r.released ?? 0)
        }
        return known
    }

    /// The keys of `layer` already stored among `keys`: the local id, or "id@date" for the layers keyed by a
    /// record's date too (activities, asset downtime).
    public func storedIDs(_ layer: LandLayer, among keys: [String]) async throws -> Set<String> {
        let columns = layer.keyColumns
        let wanted = Set(keys)
        // The first key column is what the chunks are looked up by.
        // An id may hold '@'; the date after the last one cannot.
        let firsts = columns.count == 1
            ? keys : Array(Set(keys.map { k in k.range(of: "@", options: .backwards).map { String(k[..<$0.lowerBound]) } ?? k }))
        var found = Set<String>()
        var start = 0
        while start < firsts.count {
            let chunk = Array(firsts[start..<min(start + 5000, firsts.count)])
            start += chunk.count
            let rows = try await sql.select().columns(columns.map { SQLColumn($0) }).from(layer.table)
                .where(columns[0], .in, chunk).all()
            for row in rows {
                let key = try columns.map { try row.decode(column: $0, as: String.self) }.joined(separator: "@")
                if wanted.contains(key) { found.insert(key) }
            }
        }
        return found
    }

    /// Organisations, admin areas, activities and assets already stored: what an import's records may refer to.
    /// The admin areas' boundaries are parsed only `withBoundaries` (an import bringing hazards or settlements):
    /// a release or an activity submitted through a form need not pay for a national set of boundaries.
    public func knownRecords(withBoundaries: Bool = true) async throws -> KnownRecords {
        struct Area: Decodable { let local_id: String; let name: String; let level: Int64; let parent_local_id: String?; let coordinates: String? }
        struct ID: Decodable { let local_id: String }
        struct Activity: Decodable { let local_id: String; let hazard_local_id: String?; let date_of_information: String }
        var known = KnownRecords()
        let coordinates: SQLQueryString = withBoundaries ? "coordinates" : "NULL AS coordinates"
        known.adminAreas = try await sql.raw("SELECT local_id, name, level, parent_local_id, " + coordinates + " FROM admin_areas")
            .all(decoding: Area.self).map { a in
                AdminArea(pcode: a.local_id, name: a.name, level: Int(a.level), parentPcode: a.parent_local_id,
                          polygons: try a.coordinates.map { try Self.polygons($0, table: "admin_areas", key: a.local_id) })
            }
        known.organisations = Set(try await sql.raw("SELECT local_id FROM organisations").all(decoding: ID.self).map(\.local_id))
        known.assets = Set(try await sql.raw("SELECT local_id FROM assets").all(decoding: ID.self).map(\.local_id))
        // The latest record of each activity says which hazard it works on.
        for a in try await sql.raw("SELECT local_id, hazard_local_id, date_of_information FROM activities ORDER BY date_of_information")
            .all(decoding: Activity.self)
        {
            known.activityHazards[a.local_id] = .some(a.hazard_local_id)
        }
        return known
    }

    /// Stores a validated dataset in one transaction and indexes it; returns the import's id.
    /// Either every row is stored or none is.
    @discardableResult
    public func store(_ dataset: LandDataset, source: String) async throws -> Int64 {
        try await store(source: source, earlyHazards: { nil }, check: { _, _ in }, dataset: { dataset })
    }

    /// The import pipeline's store: in one transaction, the hazards `earlyHazards` returns (those whose own file
    /// passed, while the rest of the dataset is still being read) are written first, then the rest of `dataset()`.
    /// `check` refuses ids already stored, given the layers and ids about to be written. If `dataset()` or `check`
    /// throws, nothing is stored; a write that fails before the dataset is known defers to `dataset()`'s refusal,
    /// which explains it better.
    func store(
        source: String, earlyHazards: @escaping @Sendable () async -> [HazardousArea]?,
        check: @escaping @Sendable (LandRepository, [(LandLayer, [String])]) async throws -> Void,
        dataset: @escaping @Sendable () async throws -> LandDataset
    ) async throws -> Int64 {
        try await StoreDialect.bulkWriteTransaction(database) { db in
            let sql = db as! any SQLDatabase
            let inTransaction = LandRepository(database: db)
            struct ID: Decodable { let id: Int64 }
            let importID = try await sql.insert(into: "land_imports")
                .columns("imported_at", "source", "summary")
                .values(SQLBind(Date()), SQLBind(source), SQLBind(""))
                .returning("id").first(decoding: ID.self)!.id
            // Each spatial table's largest id before the insert: the spatial index learns the new rows' ids from it.
            var idsBefore: [String: Int64] = [:]
            for layer in LandLayer.allCases where layer.isSpatial {
                idsBefore[layer.table] = try await StoreDialect.largestID(in: layer.table, db)
            }
            var hazardsWritten = false
            if let early = await earlyHazards(), !early.isEmpty {
                do {
                    try await check(inTransaction, [(.hazards, early.map(\.localID))])
                } catch {
                    // Report every layer's stored ids at once, as a check after reading would.
                    try await check(inTransaction, try await dataset().keys)
                    throw error
                }
                do {
                    try await StoreDialect.bulkInsert([Self.hazardRows(early, importID: importID)], on: db)
                } catch {
                    _ = try await dataset()
                    throw error
                }
                hazardsWritten = true
            }
            let d = try await dataset()
            try await check(inTransaction, d.keys.filter { !hazardsWritten || $0.0 != .hazards })
            let summary = d.counts.map { "\($0.count) \($0.layer)" }.joined(separator: ", ")
            try await sql.update("land_imports").set("summary", to: SQLBind(summary)).where("id", .equal, SQLBind(importID)).run()
            // The progress flows are summed on another core while the rows are written.
            let flows = Task { PendingFlows(of: d) }
            // The benchmark's releases carry no activity or handover: leave those columns out of its 250,000 rows.
            let releaseOutputs = d.releases.contains { $0.activityID != nil || $0.handoverDate != nil || $0.handedOverTo != nil }
            // Likewise the admin area of its settlements, which has no admin areas to place them in.
            let placedSettlements = d.settlements.contains { $0.adminPcode != nil }
            // Parents before children: the admin area hierarchy is a foreign key.
            let adminAreas = d.adminAreas.sorted { ($0.level, $0.pcode) < ($1.level, $1.pcode) }
            try await StoreDialect.bulkInsert([
                BulkRows(table: "organisations", columns: ["local_id", "import_id", "name", "type"], count: d.organisations.count) { i, w in
                    let o = d.organisations[i]
                    try w.text(o.localID); w.int(importID); try w.text(o.name); try w.text(o.type.rawValue)
                },
                BulkRows(
                    table: "admin_areas",
                    columns: ["local_id", "import_id", "name", "level", "parent_local_id", "coordinates", "min_lon", "min_lat", "max_lon", "max_lat"],
                    count: adminAreas.count
                ) { i, w in
                    let a = adminAreas[i]
                    try w.text(a.pcode); w.int(importID); try w.text(a.name); w.int(Int64(a.level)); try w.text(a.parentPcode)
                    if let polygons = a.polygons {
                        if let entered = a.enteredCoordinates {
                            try w.text(entered)
                        } else {
                            var coordinates = ""
                            GeoJSONWriter.polygons(polygons, into: &coordinates)
                            try w.text(coordinates)
                        }
                        try w.box(BoundingBox(polygons: polygons))
                    } else {
                        for _ in 0..<5 { w.null() }
                    }
                },
                hazardsWritten ? nil : Self.hazardRows(d.hazards, importID: importID),
                BulkRows(
                    table: "land_releases",
                    columns: ["local_id", "import_id", "hazard_local_id", "date", "method", "area_m2", "devices_found"]
                        + (releaseOutputs ? ["activity_local_id", "handover_date", "handed_over_to"] : []),
                    count: d.releases.count
                ) { i, w in
                    let r = d.releases[i]
                    try w.text(r.localID); w.int(importID); try w.text(r.hazardID); try w.text(r.date.iso)
                    try w.text(r.method.rawValue); w.int(r.areaM2); w.int(r.devicesFound)
                    if releaseOutputs { try w.text(r.activityID); try w.text(r.handoverDate?.iso); try w.text(r.handedOverTo) }
                },
                BulkRows(
                    table: "settlements",
                    columns: ["local_id", "import_id", "min_lon", "min_lat", "max_lon", "max_lat", "name", "population", "idp_households"]
                        + (placedSettlements ? ["admin_pcode"] : []),
                    count: d.settlements.count
                ) { i, w in
                    let s = d.settlements[i]
                    try w.text(s.localID); w.int(importID)
                    try w.box(s.location)
                    try w.text(s.name); w.int(s.population); w.int(s.idpHouseholds)
                    if placedSettlements { try w.text(s.adminPcode) }
                },
                BulkRows(
                    table: "roads",
                    columns: ["local_id", "import_id", "min_lon", "min_lat", "max_lon", "max_lat", "class", "coordinates"],
                    count: d.roads.count
                ) { i, w in
                    let r = d.roads[i]
                    var b = BoundingBox.empty
                    for p in r.line { b.extend(x: p.lon, y: p.lat) }
                    try w.text(r.localID); w.int(importID)
                    try w.box(b)
                    try w.text(r.roadClass.rawValue)
                    if let entered = r.enteredCoordinates {
                        try w.text(entered)
                    } else {
                        var coordinates = ""
                        GeoJSONWriter.line(r.line, into: &coordinates)
                        try w.text(coordinates)
                    }
                },
                BulkRows(
                    table: "infrastructure_points",
                    columns: ["local_id", "import_id", "min_lon", "min_lat", "max_lon", "max_lat", "type"],
                    count: d.infrastructure.count
                ) { i, w in
                    let p = d.infrastructure[i]
                    try w.text(p.localID); w.int(importID)
                    try w.box(p.location)
                    try w.text(p.type.rawValue)
                },
                BulkRows(
                    table: "casualty_events",
                    columns: ["local_id", "import_id", "min_lon", "min_lat", "max_lon", "max_lat", "date", "outcome", "age", "sex", "device"],
                    count: d.casualties.count
                ) { i, w in
                    let c = d.casualties[i]
                    try w.text(c.localID); w.int(importID)
                    try w.box(c.location)
                    try w.text(c.date.iso); try w.text(c.outcome.rawValue); w.int(c.age.map(Int64.init)); try w.text(c.sex?.rawValue)
                    try w.text(c.device.rawValue)
                },
                BulkRows(
                    table: "hazard_revisions",
                    columns: ["local_id", "import_id", "hazard_local_id", "date", "classification", "accessibility",
                              "inaccessible_reason", "reason"],
                    count: d.revisions.count
                ) { i, w in
                    let r = d.revisions[i]
                    try w.text(r.localID); w.int(importID); try w.text(r.hazardID); try w.text(r.dateOfInformation.iso)
                    try w.text(r.classification?.rawValue); try w.text(r.accessibility?.rawValue); try w.text(r.inaccessibleReason)
                    try w.text(r.reason)
                },
                BulkRows(
                    table: "assets",
                    columns: ["local_id", "import_id", "type", "organisation_local_id", "productivity_m2_per_day", "in_service_from"],
                    count: d.assets.count
                ) { i, w in
                    let a = d.assets[i]
                    try w.text(a.localID); w.int(importID); try w.text(a.type.rawValue); try w.text(a.organisationID)
                    w.int(a.productivityM2PerDay); try w.text(a.inServiceFrom.iso)
                },
                BulkRows(
                    table: "asset_downtime", columns: ["asset_local_id", "import_id", "from_date", "to_date", "reason"], count: d.downtime.count
                ) { i, w in
                    let t = d.downtime[i]
                    try w.text(t.assetID); w.int(importID); try w.text(t.from.iso); try w.text(t.to.iso); try w.text(t.reason.rawValue)
                },
                BulkRows(
                    table: "activities",
                    columns: ["local_id", "import_id", "type", "organisation_local_id", "hazard_local_id", "method", "asset_ids", "start_date",
                              "end_date", "status", "date_of_information"],
                    count: d.activities.count
                ) { i, w in
                    let a = d.activities[i]
                    try w.text(a.activityID); w.int(importID); try w.text(a.type.rawValue); try w.text(a.organisationID); try w.text(a.hazardID)
                    try w.text(a.method.rawValue); try w.text(a.assetIDs.joined(separator: ";")); try w.text(a.startDate.iso)
                    try w.text(a.endDate?.iso); try w.text(a.status.rawValue); try w.text(a.dateOfInformation.iso)
                },
                BulkRows(
                    table: "device_finds",
                    columns: ["local_id", "import_id", "activity_local_id", "hazard_local_id", "date", "category", "model", "count", "lon", "lat",
                              "disposal"],
                    count: d.deviceFinds.count
                ) { i, w in
                    let f = d.deviceFinds[i]
                    try w.text(f.localID); w.int(importID); try w.text(f.activityID); try w.text(f.hazardID); try w.text(f.date.iso)
                    try w.text(f.category.rawValue); try w.text(f.model); w.int(f.count)
                    if let p = f.location { try w.double(p.lon); try w.double(p.lat) } else { w.null(); w.null() }
                    try w.text(f.disposal.rawValue)
                },
            ].compactMap { $0 }, on: db)
            try await Self.addProgressFlows(await flows.value, on: db)
            let spatial: [(LandLayer, [BoundingBox])] = [
                (.hazards, d.hazards.map(\.bounds)),
                (.settlements, d.settlements.map { BoundingBox(point: $0.location) }),
                (.roads, d.roads.map { r in
                    var b = BoundingBox.empty
                    for p in r.line { b.extend(x: p.lon, y: p.lat) }
                    return b
                }),
                (.infrastructure, d.infrastructure.map { BoundingBox(point: $0.location) }),
                (.casualties, d.casualties.map { BoundingBox(point: $0.location) }),
            ]
            for (layer, boxes) in spatial {
                try await StoreDialect.indexSpatially(
                    .init(table: layer.table, idBefore: idsBefore[layer.table] ?? 0, boxes: boxes), importID: importID, db)
            }
            return importID
        }
    }

    /// The rows of `hazardous_areas` for a bulk insert.
    static func hazardRows(_ hazards: [HazardousArea], importID: Int64) -> BulkRows {
        // The benchmark's hazards carry no source or evidence: leave those columns out of its 50,000 rows.
        let described = hazards.contains { !$0.otherContamination.isEmpty || $0.informationSource != nil || $0.evidence != nil }
        return BulkRows(
            table: "hazardous_areas",
            columns: ["local_id", "import_id", "min_lon", "min_lat", "max_lon", "max_lat", "region", "classification",
                      "contamination", "recorded_date", "area_m2", "coordinates"]
                + (described ? RecordHazardEvidence.columns : []),
            count: hazards.count
        ) { i, w in
            let h = hazards[i]
            try w.text(h.localID); w.int(importID)
            try w.box(h.bounds)
            try w.text(h.region); try w.text(h.classification.rawValue); try w.text(h.contamination.rawValue)
            try w.text(h.recordedDate.iso); w.int(h.areaM2)
            if let entered = h.enteredCoordinates {
                try w.text(entered)
            } else {
                var coordinates = ""
                GeoJSONWriter.rings(h.rings, into: &coordinates)
                try w.text(coordinates)
            }
            if described {
                try w.text(h.otherContamination.isEmpty ? nil : ContaminationType.text(h.otherContamination))
                try w.text(h.informationSource?.rawValue); try w.text(h.evidence)
            }
        }
    }

    /// Every stored hazard (with or without its geometry) and every release: what progress and exports derive from.
    public func hazards(withGeometry: Bool, only ids: [String]? = nil) async throws -> [HazardousArea] {
        struct Row: Decodable {
            let local_id: String; let region: String; let classification: String; let contamination: String
            let recorded_date: String; let area_m2: Int64; let coordinates: String?
            let min_lon: Double; let min_lat: Double; let max_lon: Double; let max_lat: Double
            let other_contamination: String?; let information_source: String?; let evidence: String?
        }
        let columns = "local_id, region, classification, contamination, recorded_date, area_m2, min_lon, min_lat, max_lon, max_lat, "
            + RecordHazardEvidence.columns.joined(separator: ", ")
            + (withGeometry ? ", coordinates" : "")
        let filter: SQLQueryString = ids.map { " WHERE local_id IN " + Self.list($0) } ?? ""
        let rows = try await sql.raw("SELECT \(unsafeRaw: columns) FROM hazardous_areas" + filter + " ORDER BY local_id").all(decoding: Row.self)
        return try rows.map { r in
            guard let classification = HazardClassification(rawValue: r.classification),
                let contamination = ContaminationType(code: r.contamination), let recorded = CalendarDate(iso: r.recorded_date)
            else { throw StoredRecordError(table: "hazardous_areas", key: r.local_id, field: "classification/contamination/recorded_date", value: "\(r.classification)/\(r.contamination)/\(r.recorded_date)") }
            var rings: [[GeoPoint]] = []
            if let text = r.coordinates { rings = try Self.rings(text, key: r.local_id) }
            var h = HazardousArea(localID: r.local_id, region: r.region, classification: classification, contamination: contamination,
                                  recordedDate: recorded, areaM2: r.area_m2, rings: rings)
            if !withGeometry { h.rings = [] }
            if let others = r.other_contamination {
                guard let types = ContaminationType.list(others) else {
                    throw StoredRecordError(table: "hazardous_areas", key: r.local_id, field: "other_contamination", value: others)
                }
                h.otherContamination = types
            }
            if let source = r.information_source {
                guard let s = InformationSource(rawValue: source) else {
                    throw StoredRecordError(table: "hazardous_areas", key: r.local_id, field: "information_source", value: source)
                }
                h.informationSource = s
            }
            h.evidence = r.evidence
            // The stored box, so a hazard read without its geometry still says where it is.
            h.bounds = BoundingBox(minX: r.min_lon, minY: r.min_lat, maxX: r.max_lon, maxY: r.max_lat)
            return h
        }
    }

    /// An import's areas per region × contamination × month (× method), summed in memory before they are written.
    /// Keys are small integers (cell index, year·100 + month, method): 250,000 string keys cost 0.4 s.
    struct PendingFlows: Sendable {
        struct Key: Hashable, Sendable { let cell: Int; let month: Int; let method: Int }  // method -1: recorded
        var cells: [(region: String, contamination: String)] = []
        var cellIndex: [String: Int] = [:]
        var flows: [Key: Int64] = [:]
        /// Releases of hazards this import does not bring: their cell is read from the store.
        var elsewhere: [LandRelease] = []

        mutating func cellOf(_ region: String, _ contamination: String) -> Int {
            let key = region + "\u{1F}" + contamination
            if let i = cellIndex[key] { return i }
            cells.append((region, contamination))
            cellIndex[key] = cells.count - 1
            return cells.count - 1
        }

        mutating func release(_ r: LandRelease, cell c: Int) {
            flows[Key(cell: c, month: r.date.year * 100 + r.date.month, method: ReleaseMethod.allCases.firstIndex(of: r.method)!), default: 0] += r.areaM2
        }

        /// Pure CPU on the dataset: the import computes it while the database writes the rows.
        init(of d: LandDataset) {
            var hazardCell: [String: Int] = [:]
            hazardCell.reserveCapacity(d.hazards.count)
            for h in d.hazards {
                let c = cellOf(h.region, h.contamination.rawValue)
                hazardCell[h.localID] = c
                flows[Key(cell: c, month: h.recordedDate.year * 100 + h.recordedDate.month, method: -1), default: 0] += h.areaM2
            }
            for r in d.releases {
                if let c = hazardCell[r.hazardID] { release(r, cell: c) } else { elsewhere.append(r) }
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
        let methods = ReleaseMethod.allCases
        let cells = pending.cells
        let rows = Array(pending.flows)
        // A few hundred distinct months for some 30,000 rows: each formatted once.
        let months = Dictionary(uniqueKeysWithValues: Set(rows.map(\.key.month)).map { ($0, String(format: "%04d-%02d", $0 / 100, $0 % 100)) })
        try await StoreDialect.bulkInsert([
            BulkRows(
                table: "land_progress_flows", columns: ["kind", "region", "contamination", "month", "method", "area_m2"], count: rows.count,
                // The same upsert on both dialects (SQLite ≥ 3.24, PostgreSQL ≥ 9.5).
                onConflict: "ON CONFLICT (kind, region, contamination, month, method) DO UPDATE SET area_m2 = land_progress_flows.area_m2 + excluded.area_m2"
            ) { i, w in
                let (key, m2) = rows[i]
                let cell = cells[key.cell]
                try w.text(key.method < 0 ? "recorded" : "released"); try w.text(cell.region); try w.text(cell.contamination)
                try w.text(months[key.month]!)
                try w.text(key.method < 0 ? "" : methods[key.method].rawValue)
                w.int(m2)
            },
        ], on: db)
    }

    /// The progress table's flows. As of the first day of a month they are read from the flows kept per
    /// month; on any other day they are summed from the releases themselves.
    public func progressFlows(asOf: CalendarDate) async throws -> ([ProgressTable.RecordedFlow], [ProgressTable.ReleasedFlow]) {
        guard asOf.day == 1 else { return try await progressFlowsFromRecords(asOf: asOf) }
        struct Row: Decodable { let kind: String; let region: String; let contamination: String; let year: String; let method: String; let m2: Int64 }
        let rows = try await sql.raw("""
            SELECT kind, region, contamination, substr(month, 1, 4) AS year, method, CAST(SUM(area_m2) AS BIGINT) AS m2
            FROM land_progress_flows WHERE month < \(bind: String(asOf.iso.prefix(7)))
            GROUP BY kind, region, contamination, substr(month, 1, 4), method
            """).all(decoding: Row.self)
        var recorded: [ProgressTable.RecordedFlow] = []
        var released: [ProgressTable.ReleasedFlow] = []
        for r in rows {
            guard let y = Int(r.year) else { throw StoredRecordError(table: "land_progress_flows", key: r.region, field: "month", value: r.year) }
            if r.kind == "recorded" {
                recorded.append(ProgressTable.RecordedFlow(region: r.region, contamination: r.contamination, year: y, areaM2: r.m2))
            } else if let m = ReleaseMethod(rawValue: r.method) {
                released.append(ProgressTable.ReleasedFlow(region: r.region, contamination: r.contamination, year: y, method: m, areaM2: r.m2))
            }
        }
        return (recorded, released)
    }

    /// The progress table's flows, summed by the database from the records: area recorded per region, contamination and
    /// year, and area released per region, contamination, year and method, before `asOf`. Portable SQL
    /// (ISO date text compares and `substr`s the same on SQLite and PostgreSQL).
    public func progressFlowsFromRecords(asOf: CalendarDate) async throws -> ([ProgressTable.RecordedFlow], [ProgressTable.ReleasedFlow]) {
        struct Recorded: Decodable { let region: String; let contamination: String; let year: String; let m2: Int64 }
        struct Released: Decodable { let region: String; let contamination: String; let year: String; let method: String; let m2: Int64 }
        let day = asOf.iso
        let recorded = try await sql.raw("""
            SELECT region, contamination, substr(recorded_date, 1, 4) AS year, CAST(SUM(area_m2) AS BIGINT) AS m2
            FROM hazardous_areas WHERE recorded_date < \(bind: day)
            GROUP BY region, contamination, substr(recorded_date, 1, 4)
            """).all(decoding: Recorded.self)
        let released = try await sql.raw("""
            SELECT h.region, h.contamination, substr(r.date, 1, 4) AS year, r.method, CAST(SUM(r.area_m2) AS BIGINT) AS m2
            FROM land_releases r JOIN hazardous_areas h ON h.local_id = r.hazard_local_id
            WHERE r.date < \(bind: day) AND h.recorded_date < \(bind: day)
            GROUP BY h.region, h.contamination, substr(r.date, 1, 4), r.method
            """).all(decoding: Released.self)
        return (
            try recorded.map {
                guard let y = Int($0.year) else { throw StoredRecordError(table: "hazardous_areas", key: $0.region, field: "recorded_date", value: $0.year) }
                return ProgressTable.RecordedFlow(region: $0.region, contamination: $0.contamination, year: y, areaM2: $0.m2)
            },
            try released.map {
                guard let y = Int($0.year), let m = ReleaseMethod(rawValue: $0.method) else {
                    throw StoredRecordError(table: "land_releases", key: $0.region, field: "date/method", value: "\($0.year)/\($0.method)")
                }
                return ProgressTable.ReleasedFlow(region: $0.region, contamination: $0.contamination, year: y, method: m, areaM2: $0.m2)
            })
    }

    /// Every revision, or those of some hazards.
    public func revisions(of hazards: [String]? = nil) async throws -> [HazardRevision] {
        struct Row: Decodable {
            let local_id: String; let hazard_local_id: String; let date: String; let classification: String?
            let accessibility: String?; let inaccessible_reason: String?; let reason: String
        }
        let filter: SQLQueryString = hazards.map { " WHERE hazard_local_id IN " + Self.list($0) } ?? ""
        let rows = try await sql.raw(
            "SELECT local_id, hazard_local_id, date, classification, accessibility, inaccessible_reason, reason FROM hazard_revisions"
                + filter + " ORDER BY date, local_id"
        ).all(decoding: Row.self)
        return try rows.map { r in
            guard let d = CalendarDate(iso: r.date) else {
                throw StoredRecordError(table: "hazard_revisions", key: r.local_id, field: "date", value: r.date)
            }
            return HazardRevision(
                localID: r.local_id, hazardID: r.hazard_local_id, dateOfInformation: d,
                classification: r.classification.flatMap(HazardClassification.init(rawValue:)),
                accessibility: r.accessibility.flatMap(Accessibility.init(rawValue:)), inaccessibleReason: r.inaccessible_reason,
                reason: r.reason)
        }
    }

    /// The land as of a day: hazards (attributes only), their releases and revisions applied. The store sums each
    /// hazard's releases (one indexed pass) rather than handing every release over; with `only`, just those hazards
    /// are read, so one hazard's page or one map page costs milliseconds at any scale.
    public func view(asOf date: CalendarDate, only ids: [String]? = nil) async throws -> LandView {
        struct Sum: Decodable { let hazard_local_id: String; let released: Int64 }
        var sums: [String: Int64] = [:]
        for s in try await sql.raw(Self.releasedSums(before: date, only: ids)).all(decoding: Sum.self) { sums[s.hazard_local_id] = s.released }
        return LandView(hazards: try await hazards(withGeometry: false, only: ids), releasedBefore: sums,
                        revisions: try await revisions(of: ids), asOf: date)
    }

    /// One page of the hazards known before `asOf`, in id order, filtered by region codes, contamination and status
    /// as of the day, with how many match in all. The filters run in SQL over the per-hazard release sums, so a list
    /// of a national programme reads one page of hazards, not all of them.
    public func hazardPage(
        asOf date: CalendarDate, regions: Set<String>?, contamination: ContaminationType?, status: HazardStatus?, limit: Int, offset: Int
    ) async throws -> (total: Int, standings: [HazardStanding]) {
        var from: SQLQueryString = " FROM hazardous_areas h LEFT JOIN (" + Self.releasedSums(before: date)
            + ") r ON r.hazard_local_id = h.local_id WHERE h.recorded_date < \(bind: date.iso)"
        if let regions { from = from + " AND h.region IN " + Self.list(regions.sorted()) }
        if let contamination { from = from + " AND h.contamination = \(bind: contamination.rawValue)" }
        // The rule of `HazardStanding.status`: open until something is released, closed once all of it is.
        switch status {
        case .open?: from = from + " AND COALESCE(r.released, 0) = 0"
        case .workedOn?: from = from + " AND COALESCE(r.released, 0) > 0 AND COALESCE(r.released, 0) < h.area_m2"
        case .closed?: from = from + " AND COALESCE(r.released, 0) >= h.area_m2"
        case nil: break
        }
        struct Count: Decodable { let n: Int64 }
        struct ID: Decodable { let local_id: String }
        let total = try await sql.raw("SELECT COUNT(*) AS n" + from).first(decoding: Count.self)?.n ?? 0
        let ids = try await sql.raw("SELECT h.local_id" + from + " ORDER BY h.local_id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))")
            .all(decoding: ID.self).map(\.local_id)
        return (Int(total), try await view(asOf: date, only: ids).standings)
    }

    /// Each hazard's area released before `date` (`hazard_local_id`, `released`), of some hazards only when given.
    static func releasedSums(before date: CalendarDate, only ids: [String]? = nil) -> SQLQueryString {
        var query: SQLQueryString = "SELECT hazard_local_id, CAST(SUM(area_m2) AS BIGINT) AS released FROM land_releases WHERE date < \(bind: date.iso)"
        if let ids { query = query + " AND hazard_local_id IN " + Self.list(ids) }
        return query + " GROUP BY hazard_local_id"
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
        try await releases(hazard.map { " WHERE hazard_local_id = \(bind: $0)" } ?? "", order: "date, local_id")
    }

    /// One page of the releases known before `asOf`, newest first, with how many match in all: what a list shows,
    /// without reading the other pages' rows.
    public func releasePage(asOf date: CalendarDate, hazard: String?, method: ReleaseMethod?, limit: Int, offset: Int)
        async throws -> (total: Int, releases: [LandRelease])
    {
        var filter: SQLQueryString = " WHERE date < \(bind: date.iso)"
        if let hazard { filter = filter + " AND hazard_local_id = \(bind: hazard)" }
        if let method { filter = filter + " AND method = \(bind: method.rawValue)" }
        struct Count: Decodable { let n: Int64 }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM land_releases" + filter).first(decoding: Count.self)?.n ?? 0
        let page = try await releases(filter, order: "date DESC, local_id DESC LIMIT \(limit) OFFSET \(offset)")
        return (Int(total), page)
    }

    private func releases(_ filter: SQLQueryString, order: String) async throws -> [LandRelease] {
        struct Row: Decodable {
            let local_id: String; let hazard_local_id: String; let date: String; let method: String; let area_m2: Int64; let devices_found: Int64
            let activity_local_id: String?; let handover_date: String?; let handed_over_to: String?
        }
        let rows = try await sql.raw(
            "SELECT local_id, hazard_local_id, date, method, area_m2, devices_found, activity_local_id, handover_date, handed_over_to FROM land_releases"
                + filter + " ORDER BY \(unsafeRaw: order)"
        ).all(decoding: Row.self)
        return try rows.map { r in
            guard let d = CalendarDate(iso: r.date), let m = ReleaseMethod(rawValue: r.method) else {
                throw StoredRecordError(table: "land_releases", key: r.local_id, field: "date/method", value: "\(r.date)/\(r.method)")
            }
            return LandRelease(localID: r.local_id, hazardID: r.hazard_local_id, date: d, method: m, areaM2: r.area_m2, devicesFound: r.devices_found,
                               activityID: r.activity_local_id, handoverDate: r.handover_date.flatMap(CalendarDate.init(iso:)),
                               handedOverTo: r.handed_over_to)
        }
    }

    /// Rows of a layer for export: its attribute columns and its stored coordinates text (or point).
    public func exportRows(_ layer: LandLayer) async throws -> [SQLRow] {
        let query = sql.select().column("*").from(layer.table)
        for column in layer.keyColumns { query.orderBy(column) }
        return try await query.all()
    }

    /// How many rows each layer holds.
    public func counts() async throws -> [(LandLayer, Int)] {
        var result: [(LandLayer, Int)] = []
        for layer in LandLayer.allCases {
            struct Row: Decodable { let n: Int64 }
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: layer.table)").first(decoding: Row.self)?.n ?? 0
            result.append((layer, Int(n)))
        }
        return result
    }

    /// An area's stored coordinates, a Polygon's or a MultiPolygon's, as its polygons.
    static func polygons(_ text: String, table: String, key: String) throws -> [[[GeoPoint]]] {
        let type = GeoJSONWriter.polygonalType(ofCoordinates: text)
        let wrapped = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"\(type)\",\"coordinates\":\(text)}}]}"
        switch try GeoJSONReader.read(data: Data(wrapped.utf8)).first?.geometry {
        case .polygon(let rings)?: return [rings]
        case .multiPolygon(let polygons)?: return polygons
        default: throw StoredRecordError(table: table, key: key, field: "coordinates", value: String(text.prefix(40)))
        }
    }

    static func rings(_ text: String, table: String = "hazardous_areas", key: String) throws -> [[GeoPoint]] {
        let wrapped = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(text)}}]}"
        guard case .polygon(let rings)? = try GeoJSONReader.read(data: Data(wrapped.utf8)).first?.geometry else {
            throw StoredRecordError(table: table, key: key, field: "coordinates", value: String(text.prefix(40)))
        }
        return rings
    }
}

/// The layers an import and an export know, by the names users and files use.
public enum LandLayer: String, CaseIterable, Sendable {
    case hazards
    case releases = "release_events"
    case settlements
    case roads
    case infrastructure
    case casualties
    case revisions = "hazard_revisions"
    case organisations
    case adminAreas = "admin_areas"
    case activities
    case deviceFinds = "device_finds"
    case assets
    case downtime = "asset_downtime"

    public var table: String {
        switch self {
        case .hazards: return "hazardous_areas"
        case .releases: return "land_releases"
        case .settlements: return "settlements"
        case .roads: return "roads"
        case .infrastructure: return "infrastructure_points"
        case .casualties: return "casualty_events"
        case .revisions: return "hazard_revisions"
        case .organisations: return "organisations"
        case .adminAreas: return "admin_areas"
        case .activities: return "activities"
        case .deviceFinds: return "device_finds"
        case .assets: return "assets"
        case .downtime: return "asset_downtime"
        }
    }

    /// Whether the layer's rows are in the spatial index (a box on every row).
    public var isSpatial: Bool { [.hazards, .settlements, .roads, .infrastructure, .casualties].contains(self) }

    /// Whether a row may carry a geometry (GeoJSON export); admin areas and device finds may lack one.
    public var hasGeometry: Bool { isSpatial || self == .adminAreas || self == .deviceFinds }

    /// The columns that identify a record; more than one where a record is one dated row of something.
    public var keyColumns: [String] {
        switch self {
        case .activities: return ["local_id", "date_of_information"]
        case .downtime: return ["asset_local_id", "from_date"]
        default: return ["local_id"]
        }
    }
}
