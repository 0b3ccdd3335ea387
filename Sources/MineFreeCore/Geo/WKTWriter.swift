import Foundation

/// Writes geometries as OGC well-known text, as a CSV export carries them (`POLYGON ((lon lat, …))`). Numbers
/// print as the shortest decimal that reads back to the same double, like GeoJSONWriter's.
public enum WKTWriter {
    public static func text(_ g: GeoJSONGeometry) -> String? {
        switch g {
        case .point(let p): return "POINT (\(pair(p)))"
        case .multiPoint(let ps): return "MULTIPOINT (" + ps.map { "(\(pair($0)))" }.joined(separator: ", ") + ")"
        case .lineString(let l): return "LINESTRING " + line(l)
        case .multiLineString(let ls): return "MULTILINESTRING (" + ls.map(line).joined(separator: ", ") + ")"
        case .polygon(let rings): return "POLYGON " + polygon(rings)
        case .multiPolygon(let ps): return "MULTIPOLYGON (" + ps.map(polygon).joined(separator: ", ") + ")"
        case .malformed: return nil
        }
    }

    static func pair(_ p: GeoPoint) -> String { "\(p.lon.description) \(p.lat.description)" }
    static func line(_ l: [GeoPoint]) -> String { "(" + l.map(pair).joined(separator: ", ") + ")" }
    static func polygon(_ rings: [[GeoPoint]]) -> String { "(" + rings.map(line).joined(separator: ", ") + ")" }
}
