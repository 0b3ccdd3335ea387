import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// Reads any kind of record from its table, from its description alone: lists, pages, features for a map or a GIS,
/// exports, and which keys are already stored. What an area reads beyond this lives in its own repository.
public struct RecordRepository: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    /// The records of a layer matching `filter` (SQL after WHERE), in key order unless `order` says otherwise.
    public func records<R: LayerRecord>(
        _ type: R.Type,
        where filter: SQLQueryString? = nil,
        order: String? = nil,
        withGeometry: Bool = true
    ) async throws -> [R] {
        try await rows(R.info, where: filter, order: order, withGeometry: withGeometry).map {
            try RecordTables.record($0, type, withGeometry: withGeometry)
        }
    }

    /// The records of a layer known at the start of `asOf` (dated before it; undated layers whole).
    public func records<R: LayerRecord>(_ type: R.Type, asOf: CalendarDate) async throws -> [R] {
        try await records(type, where: Self.known(R.info, asOf: asOf))
    }

    func rows(_ info: LayerInfo, where filter: SQLQueryString? = nil, order: String? = nil, withGeometry: Bool = true)
        async throws
        -> [any SQLRow]
    {
        var query: SQLQueryString =
            "SELECT \(unsafeRaw: RecordTables.columns(info, withGeometry: withGeometry)) FROM \(ident: info.table)"
        if let filter { query = query + " WHERE " + filter }
        query = query + " ORDER BY \(unsafeRaw: order ?? info.keyColumns.joined(separator: ", "))"
        return try await sql.raw(query).all()
    }

    /// "date < 'D'" on the layer's date column: rows dated on or after the day are not known yet.
    static func known(_ info: LayerInfo, asOf: CalendarDate) -> SQLQueryString? {
        info.dateField.map { "\(ident: info.column($0)) < \(bind: asOf.iso)" }
    }

    /// One page of a layer's rows as of a day, in key order, and how many there are.
    public func pageRows(_ info: LayerInfo, asOf: CalendarDate, limit: Int, offset: Int) async throws -> (
        total: Int, rows: [RecordRow]
    ) {
        let known = Self.known(info, asOf: asOf)
        struct Count: Decodable { let n: Int64 }
        var count: SQLQueryString = "SELECT COUNT(*) AS n FROM \(ident: info.table)"
        if let known { count = count + " WHERE " + known }
        let total = try await sql.raw(count).first(decoding: Count.self)?.n ?? 0
        var query: SQLQueryString =
            "SELECT \(unsafeRaw: RecordTables.columns(info, withGeometry: true)) FROM \(ident: info.table)"
        if let known { query = query + " WHERE " + known }
        query =
            query
            + " ORDER BY \(unsafeRaw: info.keyColumns.joined(separator: ", ")) LIMIT \(unsafeRaw: String(max(limit, 0))) OFFSET \(unsafeRaw: String(max(offset, 0)))"
        return (Int(total), try await sql.raw(query).all().map { try RecordTables.row($0, info) })
    }

    /// A layer's rows as of a day, as exports write them.
    public func exportRows(_ info: LayerInfo, asOf: CalendarDate) async throws -> [RecordRow] {
        try await rows(info, where: Self.known(info, asOf: asOf)).map { try RecordTables.row($0, info) }
    }

    /// The keys of `layer` already stored among `keys`: the id, or "id@date" for layers keyed by a record's date too.
    public func storedKeys(_ info: LayerInfo, among keys: [String]) async throws -> Set<String> {
        let columns = info.keyColumns
        let wanted = Set(keys)
        // The first key column is what the chunks are looked up by. An id may hold '@'; the date after the last one cannot.
        let firsts =
            columns.count == 1
            ? keys
            : Array(
                Set(keys.map { k in k.range(of: "@", options: .backwards).map { String(k[..<$0.lowerBound]) } ?? k })
            )
        var found = Set<String>()
        var start = 0
        while start < firsts.count {
            let chunk = Array(firsts[start..<min(start + 5000, firsts.count)])
            start += chunk.count
            let rows = try await sql.select().columns(columns.map { SQLColumn($0) }).from(info.table).where(
                columns[0],
                .in,
                chunk
            ).all()
            for row in rows {
                let key = try columns.map { try row.decode(column: $0, as: String.self) }.joined(separator: "@")
                if wanted.contains(key) { found.insert(key) }
            }
        }
        return found
    }

    /// How many rows each layer holds.
    public func counts() async throws -> [String: Int] {
        var result: [String: Int] = [:]
        struct Row: Decodable { let n: Int64 }
        for info in RecordLayers.infos {
            result[info.name] = Int(
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: info.table)").first(decoding: Row.self)?.n ?? 0
            )
        }
        return result
    }

    /// Rows of `layer` in key order, `limit` from `offset`, whose geometry's box meets `box` (lon/lat), known at the
    /// start of `asOf`: what OGC API - Features and the web map read. Dates are ISO text, so they compare as text on
    /// both databases.
    /// With `after` (a layer keyed by one column), the page starts after that key and `offset` is not used: the page
    /// costs the same anywhere in the layer. `matched` counts every row the filters keep, `after` aside.
    public func featurePage(
        _ info: LayerInfo,
        box: BoundingBox?,
        asOf: CalendarDate,
        after: String? = nil,
        limit: Int,
        offset: Int
    ) async throws -> FeaturePage {
        var conditions: [SQLQueryString] = []
        if let known = Self.known(info, asOf: asOf) { conditions.append(known) }
        if let box {
            switch info.storage {
            case .none: break
            case .lonLat:
                conditions.append(
                    "lon BETWEEN \(bind: box.minX) AND \(bind: box.maxX) AND lat BETWEEN \(bind: box.minY) AND \(bind: box.maxY)"
                )
            case .box, .coordinatesAndBox:
                if info.spatialIndex {
                    conditions.append(
                        StoreDialect.spatialCondition(
                            in: info.table,
                            box: (box.minX, box.minY, box.maxX, box.maxY),
                            database
                        )
                    )
                } else {
                    // Layers without an index (admin areas, released parts) compare their boxes directly; a row without
                    // a geometry never meets a box.
                    conditions.append(
                        "min_lon <= \(bind: box.maxX) AND max_lon >= \(bind: box.minX) AND min_lat <= \(bind: box.maxY) AND max_lat >= \(bind: box.minY)"
                    )
                }
            }
        }
        var filter: SQLQueryString = ""
        for (i, c) in conditions.enumerated() { filter = filter + (i == 0 ? " WHERE " : " AND ") + c }
        struct Count: Decodable { let n: Int64 }
        let matched =
            try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: info.table)" + filter).first(decoding: Count.self)?.n
            ?? 0
        var page: SQLQueryString = "SELECT * FROM \(ident: info.table)" + filter
        if let after, info.keyColumns.count == 1 {
            page = page + (conditions.isEmpty ? " WHERE " : " AND ") + "\(ident: info.keyColumns[0]) > \(bind: after)"
            page = page + " ORDER BY \(unsafeRaw: info.keyColumns[0]) LIMIT \(unsafeRaw: String(limit))"
        } else {
            page =
                page
                + " ORDER BY \(unsafeRaw: info.keyColumns.joined(separator: ", ")) LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        }
        let rows = try await sql.raw(page).all()
        return FeaturePage(matched: Int(matched), rows: try rows.map { try RecordTables.row($0, info) })
    }

    /// One row of `layer` by its id, if it was known at the start of `asOf`.
    public func featureRow(_ info: LayerInfo, id: String, asOf: CalendarDate) async throws -> RecordRow? {
        var query: SQLQueryString =
            "SELECT * FROM \(ident: info.table) WHERE \(ident: info.keyColumns[0]) = \(bind: id)"
        if let known = Self.known(info, asOf: asOf) { query = query + " AND " + known }
        return try await sql.raw(query + " LIMIT 1").first().map { try RecordTables.row($0, info) }
    }

    /// The bounding box of everything in a layer with geometry (nil when empty): a collection's extent.
    public func extent(_ info: LayerInfo) async throws -> BoundingBox? {
        struct Row: Decodable { let a: Double?; let b: Double?; let c: Double?; let d: Double? }
        let query: SQLQueryString
        switch info.storage {
        case .none: return nil
        case .lonLat:
            query = "SELECT MIN(lon) AS a, MIN(lat) AS b, MAX(lon) AS c, MAX(lat) AS d FROM \(ident: info.table)"
        case .box, .coordinatesAndBox:
            query =
                "SELECT MIN(min_lon) AS a, MIN(min_lat) AS b, MAX(max_lon) AS c, MAX(max_lat) AS d FROM \(ident: info.table)"
        }
        guard let r = try await sql.raw(query).first(decoding: Row.self), let a = r.a, let b = r.b, let c = r.c,
            let d = r.d
        else { return nil }
        return BoundingBox(minX: a, minY: b, maxX: c, maxY: d)
    }
}

/// One page of a layer's stored rows, and how many match over all pages.
public struct FeaturePage: Sendable {
    public var matched: Int
    public var rows: [RecordRow]
}
