import Foundation

/// A record as the store keeps it, ready to be written out: its fields' values (in the layer's order), its
/// geometry as the GeoJSON coordinates text the user entered (or its point), and its extra properties.
public struct RecordRow: Sendable {
    public var values: [FieldValue]
    /// "Point", "LineString", "Polygon", "MultiPolygon"; nil without a geometry.
    public var geometryType: String?
    /// The geometry's GeoJSON `coordinates` text.
    public var coordinates: String?
    /// A JSON object of the attributes a file carried beyond the layer's fields.
    public var extra: String?

    public init(values: [FieldValue], geometryType: String? = nil, coordinates: String? = nil, extra: String? = nil) {
        self.values = values
        self.geometryType = geometryType
        self.coordinates = coordinates
        self.extra = extra
    }

    /// A point's row geometry.
    public static func point(_ p: GeoPoint) -> (type: String, coordinates: String) {
        var text = ""
        GeoJSONWriter.position(p, into: &text)
        return ("Point", text)
    }

    /// The record's row, from the record itself.
    public init<R: LayerRecord>(_ record: R) {
        let layer = R.layer
        values = layer.values(of: record)
        if let g = layer.geometry(of: record) {
            geometryType = g.typeName
            coordinates = layer.enteredCoordinates(of: record) ?? g.coordinatesText
        }
        extra = record.extra
    }

    /// The value of a field by name.
    public func value(_ field: String, in info: LayerInfo) -> FieldValue {
        info.index(of: field).map { values[$0] } ?? .null
    }

    /// The record's own id (or its key, "id@date").
    public func key(in info: LayerInfo) -> String {
        info.key.map { value($0, in: info).fileText }.joined(separator: "@")
    }

    /// The geometry, parsed from its coordinates text.
    public var geometry: GeoJSONGeometry? {
        guard let type = geometryType, let coordinates else { return nil }
        let wrapped =
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"\(type)\",\"coordinates\":\(coordinates)}}]}"
        return (try? GeoJSONReader.read(data: Data(wrapped.utf8)))?.first?.geometry
    }
}

/// A layer's records as CSV (with an HXL hashtag row under the header) or as GeoJSON (RFC 7946): the same field
/// names as the import reads, so an export imports back as it was. Figures derived as of the day (a hazard's
/// remaining area) follow the fields; the import ignores them.
public enum RecordExport {
    public enum Format: String, Sendable, CaseIterable { case csv, geojson }

    /// The CSV header and HXL rows. Geometry: lat and lon columns for points, well-known text for lines and polygons.
    public static func csvHeader(_ info: LayerInfo, extra: Bool) -> String {
        var names = info.fields.map(\.name) + info.derived.map(\.name)
        var tags = info.fields.map(\.hxl) + info.derived.map(\.hxl)
        if extra {
            names.append("extra")
            tags.append("#meta+extra")
        }
        switch info.geometry {
        case .none: break
        case .point:
            names += ["lat", "lon"]
            tags += ["#geo+lat", "#geo+lon"]
        case .lineString, .polygon, .multiPolygon:
            names.append("wkt")
            tags.append("#geo+wkt")
        }
        return names.joined(separator: ",") + "\n" + tags.joined(separator: ",") + "\n"
    }

    public static func csvLine(
        _ row: RecordRow,
        _ info: LayerInfo,
        derived: [FieldValue],
        extra: Bool,
        into out: inout String
    ) {
        var cells =
            row.values.map(\.fileText)
            + (derived.isEmpty ? Array(repeating: "", count: info.derived.count) : derived.map(\.fileText))
        if extra { cells.append(row.extra ?? "") }
        switch info.geometry {
        case .none: break
        case .point:
            if case .point(let p)? = row.geometry {
                cells += [p.lat.description, p.lon.description]
            } else {
                cells += ["", ""]
            }
        case .lineString, .polygon, .multiPolygon:
            cells.append(row.geometry.flatMap(WKTWriter.text) ?? "")
        }
        out += cells.map(csvField).joined(separator: ",")
        out += "\n"
    }

    /// One GeoJSON Feature: its id, its fields (null where empty), the derived figures, its extra properties as an
    /// object, and its geometry as entered (null where there is none).
    public static func feature(
        _ row: RecordRow,
        _ info: LayerInfo,
        derived: [(String, FieldValue)],
        into out: inout String
    ) {
        let id = info.idField.map { row.value($0, in: info).fileText }
        out += "{\"type\":\"Feature\","
        if let id { out += "\"id\":\(GeoJSONWriter.string(id))," }
        out += "\"properties\":{"
        var first = true
        func property(_ name: String, _ value: FieldValue, numeric: Bool) {
            if !first { out += "," }
            first = false
            out += GeoJSONWriter.string(name) + ":"
            switch value {
            case .null: out += "null"
            case .integer(let n) where numeric: out += String(n)
            default: out += GeoJSONWriter.string(value.fileText)
            }
        }
        for (field, value) in zip(info.fields, row.values) { property(field.name, value, numeric: field.isNumeric) }
        for (name, value) in derived {
            property(name, value, numeric: info.derived.first { $0.name == name }?.isNumeric ?? false)
        }
        if let extra = row.extra {
            if !first { out += "," }
            out += "\"extra\":" + extra
        }
        out += "},\"geometry\":"
        if let type = row.geometryType, let coordinates = row.coordinates {
            out += "{\"type\":\"\(type)\",\"coordinates\":" + coordinates + "}"
        } else {
            out += "null"
        }
        out += "}"
    }

    public static func geojsonHeader(_ info: LayerInfo) -> String {
        "{\"type\":\"FeatureCollection\",\"name\":\(GeoJSONWriter.string(info.name)),\"features\":[\n"
    }

    public static let geojsonFooter = "\n]}\n"

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    public static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
