import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// How every kind of record sits in its table, from its description alone: one column per field (named as the
/// field; the record's own id is `local_id`), `import_id`, the geometry's columns, and `extra`.
enum RecordTables {
    static let boxColumns = ["min_lon", "min_lat", "max_lon", "max_lat"]

    /// These records' rows for a bulk insert. Optional columns no record fills are left out, so an import that
    /// brings none of them (the benchmark's 200,000 releases carry no activity or handover) writes less.
    // The benchmark's two large layers get code of their own (the write is reached through an existential).
    @_specialize(where R == HazardousArea)
    @_specialize(where R == LandRelease)
    static func bulkRows<R: LayerRecord>(_ records: [R], importID: Int64) -> BulkRows {
        let layer = R.layer
        let info = layer.info
        let used = layer.bindings.indices.filter { i in
            layer.bindings[i].field.required || records.contains { !layer.value(i, of: $0).isNull }
        }
        let extra = records.contains { $0.extra != nil }
        var columns = used.map { info.column(info.fields[$0].name) } + ["import_id"]
        switch info.storage {
        case .none: break
        case .box: columns += boxColumns
        case .lonLat: columns += ["lon", "lat"]
        case .coordinatesAndBox: columns += ["coordinates"] + boxColumns
        }
        if extra { columns.append("extra") }
        let storage = info.storage
        return BulkRows(table: info.table, columns: columns, count: records.count) { i, w in
            let r = records[i]
            for f in used { try w.value(layer.value(f, of: r)) }
            w.int(importID)
            switch storage {
            case .none: break
            case .box:
                guard case .point(let p)? = layer.geometry(of: r) else {
                    throw RowWriter.Unsupported(value: "a \(info.singular) without its point")
                }
                try w.box(p)
            case .lonLat:
                if case .point(let p)? = layer.geometry(of: r) {
                    try w.double(p.lon)
                    try w.double(p.lat)
                } else {
                    w.null()
                    w.null()
                }
            case .coordinatesAndBox:
                if let g = layer.geometry(of: r) {
                    try w.text(layer.enteredCoordinates(of: r) ?? g.coordinatesText)
                    try w.box(g.bounds)
                } else {
                    for _ in 0..<5 { w.null() }
                }
            }
            if extra { try w.text(r.extra) }
        }
    }

    /// The boxes of these records' geometries, in order: what the spatial index learns.
    static func boxes<R: LayerRecord>(_ records: [R]) -> [BoundingBox] {
        records.map { R.layer.geometry(of: $0)?.bounds ?? .empty }
    }

    /// A stored row as a record row: the fields' values, the geometry's text, the extra properties.
    /// The columns a read selects: every field's, `extra`, the geometry's (only its box without `withGeometry`).
    static func columns(_ info: LayerInfo, withGeometry: Bool = true) -> String {
        var columns = info.fields.map { info.column($0.name) } + ["extra"]
        switch info.storage {
        case .none: break
        case .box: columns += boxColumns
        case .lonLat: columns += ["lon", "lat"]
        case .coordinatesAndBox: columns += boxColumns + (withGeometry ? ["coordinates"] : [])
        }
        return columns.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func row(_ sql: any SQLRow, _ info: LayerInfo, withGeometry: Bool = true) throws -> RecordRow {
        let key = (try? sql.decode(column: info.column(info.key[0]), as: String.self)) ?? "?"
        func fail(_ field: String, _ value: String) -> StoredRecordError {
            StoredRecordError(table: info.table, key: key, field: field, value: value)
        }
        var values: [FieldValue] = []
        values.reserveCapacity(info.fields.count)
        for f in info.fields {
            let column = info.column(f.name)
            switch f.kind {
            case .integer:
                values.append(try sql.decode(column: column, as: Int64?.self).map(FieldValue.integer) ?? .null)
            case .date:
                guard let text = try sql.decode(column: column, as: String?.self) else {
                    values.append(.null); continue
                }
                guard let d = CalendarDate(iso: text) else { throw fail(f.name, text) }
                values.append(.date(d))
            case .choices, .codes:
                let text = try sql.decode(column: column, as: String?.self)
                if case .codes = f.kind {
                    values.append(.list(text.map { $0.split(separator: ";").map(String.init) } ?? []))
                } else {
                    values.append(
                        text.flatMap { $0.isEmpty ? nil : FieldValue.list($0.split(separator: ";").map(String.init)) }
                            ?? .null
                    )
                }
            case .choice(let allowed):
                guard let text = try sql.decode(column: column, as: String?.self) else {
                    values.append(.null); continue
                }
                guard allowed.contains(text) else { throw fail(f.name, text) }
                values.append(.text(text))
            case .code, .text:
                values.append(try sql.decode(column: column, as: String?.self).map(FieldValue.text) ?? .null)
            }
        }
        var row = RecordRow(values: values, extra: try sql.decode(column: "extra", as: String?.self))
        switch info.storage {
        case .none: break
        case .box:
            (row.geometryType, row.coordinates) = RecordRow.point(
                GeoPoint(
                    lon: try sql.decode(column: "min_lon", as: Double.self),
                    lat: try sql.decode(column: "min_lat", as: Double.self)
                )
            )
        case .lonLat:
            if let lon = try sql.decode(column: "lon", as: Double?.self),
                let lat = try sql.decode(column: "lat", as: Double?.self)
            {
                (row.geometryType, row.coordinates) = RecordRow.point(GeoPoint(lon: lon, lat: lat))
            }
        case .coordinatesAndBox:
            if withGeometry, let text = try sql.decode(column: "coordinates", as: String?.self) {
                row.coordinates = text
                row.geometryType =
                    info.geometry == .lineString ? "LineString" : GeoJSONWriter.polygonalType(ofCoordinates: text)
            }
        }
        return row
    }

    /// A stored row as its record; without its geometry parsed when `withGeometry` is false (a list of hazards
    /// needs their figures, not their polygons).
    static func record<R: LayerRecord>(_ sql: any SQLRow, _ type: R.Type, withGeometry: Bool = true) throws -> R {
        let row = try row(sql, R.info, withGeometry: withGeometry)
        var geometry: Geometry?
        if withGeometry, row.coordinates != nil {
            guard let g = row.geometry.flatMap(Geometry.init) else {
                throw StoredRecordError(
                    table: R.info.table,
                    key: row.key(in: R.info),
                    field: "coordinates",
                    value: String(row.coordinates!.prefix(40))
                )
            }
            geometry = g
        }
        let entered = R.info.storage == .coordinatesAndBox && withGeometry ? row.coordinates : nil
        return R.layer.record(values: row.values, geometry: geometry, entered: entered, extra: row.extra)
    }
}

extension RowWriter {
    /// A field's value in its column: text, a whole number, a date as YYYY-MM-DD, a list as `a;b`, or NULL.
    mutating func value(_ v: FieldValue) throws {
        switch v {
        case .null: null()
        case .text(let s): try text(s)
        case .integer(let n): int(n)
        case .date(let d): try text(d.iso)
        case .list(let items): try text(items.joined(separator: ";"))
        }
    }
}
