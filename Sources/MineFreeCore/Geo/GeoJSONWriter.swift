import Foundation

/// Writes GeoJSON (RFC 7946) text. Coordinates print as the shortest decimal that reads back to the
/// same double, so what a user entered survives a round trip.
public enum GeoJSONWriter {
    public static func position(_ p: GeoPoint, into out: inout String) {
        out += "["
        out += p.lon.description
        out += ","
        out += p.lat.description
        out += "]"
    }

    public static func line(_ ps: [GeoPoint], into out: inout String) {
        out += "["
        for (i, p) in ps.enumerated() {
            if i > 0 { out += "," }
            position(p, into: &out)
        }
        out += "]"
    }

    public static func rings(_ rings: [[GeoPoint]], into out: inout String) {
        out += "["
        for (i, r) in rings.enumerated() {
            if i > 0 { out += "," }
            line(r, into: &out)
        }
        out += "]"
    }

    /// An area's coordinates: a Polygon's when it is one polygon, a MultiPolygon's when several.
    public static func polygons(_ polygons: [[[GeoPoint]]], into out: inout String) {
        guard polygons.count != 1 else { return rings(polygons[0], into: &out) }
        out += "["
        for (i, p) in polygons.enumerated() {
            if i > 0 { out += "," }
            rings(p, into: &out)
        }
        out += "]"
    }

    /// The geometry a stored coordinates text of an area is: a MultiPolygon's nests four arrays deep, a Polygon's three.
    public static func polygonalType(ofCoordinates text: String) -> String {
        text.utf8.lazy.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }.prefix(4).allSatisfy {
            $0 == 0x5B
        }
            ? "MultiPolygon" : "Polygon"
    }

    /// A JSON string literal.
    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
