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
