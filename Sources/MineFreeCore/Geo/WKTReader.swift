// TEMPORARY stub until the WKT reader lands.
public enum WKTReader {
    public struct SyntaxError: Error, CustomStringConvertible { public var description: String }
    public static func read(_ text: Substring) throws -> GeoJSONGeometry? { throw SyntaxError(description: "WKT is not read yet") }
}
