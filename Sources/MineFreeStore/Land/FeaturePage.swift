import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// One page of a layer's stored rows, filtered by a bounding box through the spatial index and by what was
/// known on a day: what OGC API - Features and the web map read.
public struct FeaturePage: Sendable {
    /// Rows matching the filters, over all pages.
    public var matched: Int
    public var rows: [SQLRow]
}

extension LandRepository {
    /// The column that dates a layer's rows; rows dated on or after the day asked are not known yet.
    static func dateColumn(_ layer: LandLayer) -> String? {
        switch layer {
        case .hazards: return "recorded_date"
        case .releases, .casualties, .revisions, .deviceFinds: return "date"
        case .activities: return "date_of_information"
        case .assets: return "in_service_from"
        case .downtime: return "from_date"
        case .settlements, .roads, .infrastructure, .organisations, .adminAreas: return nil
        }
    }

    /// Rows of `layer` in local-id order, `limit` from `offset`, whose bounding box meets `box` (lon/lat),
    /// known at the start of `asOf`. Dates are ISO text, so they compare as text on both databases.
    public func featurePage(
        _ layer: LandLayer, box: BoundingBox?, asOf: CalendarDate, limit: Int, offset: Int
    ) async throws -> FeaturePage {
        var conditions: [SQLQueryString] = []
        if let column = Self.dateColumn(layer) {
            conditions.append("\(ident: column) < \(bind: asOf.iso)")
        }
        if let box, layer == .deviceFinds {
            // Finds keep their place in two columns (no box index): filter on them directly.
            conditions.append("lon BETWEEN \(bind: box.minX) AND \(bind: box.maxX) AND lat BETWEEN \(bind: box.minY) AND \(bind: box.maxY)")
        } else if let box, layer == .adminAreas {
            // A few hundred boundaries at most: their boxes are compared directly. Areas without a boundary never meet a box.
            conditions.append("min_lon <= \(bind: box.maxX) AND max_lon >= \(bind: box.minX) AND min_lat <= \(bind: box.maxY) AND max_lat >= \(bind: box.minY)")
        } else if let box, layer.isSpatial {
            let ids = try await StoreDialect.spatialCandidates(
                in: layer.table, box: (box.minX, box.minY, box.maxX, box.maxY), database)
            if ids.isEmpty { return FeaturePage(matched: 0, rows: []) }
            conditions.append("id IN (\(unsafeRaw: ids.map(String.init).joined(separator: ",")))")
        }
        var filter: SQLQueryString = ""
        for (i, c) in conditions.enumerated() {
            filter = filter + (i == 0 ? " WHERE " : " AND ") + c
        }
        struct Count: Decodable { let n: Int64 }
        let matched = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: layer.table)" + filter).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.raw(
            "SELECT * FROM \(ident: layer.table)" + filter + " ORDER BY local_id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        ).all()
        return FeaturePage(matched: Int(matched), rows: rows)
    }

    /// One row of `layer` by its local id, if it was known at the start of `asOf`.
    public func featureRow(_ layer: LandLayer, id: String, asOf: CalendarDate) async throws -> SQLRow? {
        var query: SQLQueryString = "SELECT * FROM \(ident: layer.table) WHERE local_id = \(bind: id)"
        if let column = Self.dateColumn(layer) {
            query = query + " AND \(ident: column) < \(bind: asOf.iso)"
        }
        return try await sql.raw(query).first()
    }

    /// The bounding box of everything in a spatial layer (nil when empty): a collection's extent.
    public func extent(_ layer: LandLayer) async throws -> BoundingBox? {
        guard layer.isSpatial || layer == .deviceFinds || layer == .adminAreas else { return nil }
        struct Row: Decodable { let a: Double?; let b: Double?; let c: Double?; let d: Double? }
        let query: SQLQueryString = layer == .deviceFinds
            ? "SELECT MIN(lon) AS a, MIN(lat) AS b, MAX(lon) AS c, MAX(lat) AS d FROM device_finds"
            : "SELECT MIN(min_lon) AS a, MIN(min_lat) AS b, MAX(max_lon) AS c, MAX(max_lat) AS d FROM \(ident: layer.table)"
        guard let r = try await sql.raw(query).first(decoding: Row.self), let a = r.a, let b = r.b, let c = r.c, let d = r.d else { return nil }
        return BoundingBox(minX: a, minY: b, maxX: c, maxY: d)
    }
}
