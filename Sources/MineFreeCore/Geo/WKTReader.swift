import Foundation

/// Reads a geometry written as OGC Simple Features WKT, the way QGIS, PostGIS and ogr2ogr put it in a CSV
/// column (`POINT (18.41 43.85)`, `MULTIPOLYGON (((…)),((…)))`), and PostGIS EWKT's `SRID=4326;` prefix.
///
/// The result is the geometry a GeoJSON file would give, so both kinds of file go through the same checks.
/// Z and M values are read and dropped, as the GeoJSON reader drops a third coordinate. The parser follows the
/// geometry type's fixed shape (at most three levels of parentheses, for a MULTIPOLYGON), so it never recurses,
/// and it reads each byte a bounded number of times: linear in the text.
public enum WKTReader {
    public struct SyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
        /// 1-based position, in characters, of what is wrong.
        public var position: Int
        public var message: String

        public init(position: Int, message: String) {
            self.position = position
            self.message = message
        }

        public var description: String { "position \(position): \(message)" }
    }

    /// The geometry `text` describes; nil when the text is empty or blank, or the geometry is `EMPTY`.
    public static func read(_ text: Substring) throws -> GeoJSONGeometry? {
        var contiguous = text
        do {
            return try contiguous.withUTF8 { bytes in
                var parser = WKTParser(bytes: bytes)
                return try parser.geometry()
            }
        } catch let failure as WKTParser.Failure {
            let index = text.utf8.index(text.utf8.startIndex, offsetBy: failure.offset)
            throw SyntaxError(position: text[..<index].count + 1, message: failure.message)
        }
    }

    public static func read(_ text: String) throws -> GeoJSONGeometry? {
        try read(text[...])
    }
}

private struct WKTParser {
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    enum Kind: String, CaseIterable {
        case point = "POINT", lineString = "LINESTRING", polygon = "POLYGON"
        case multiPoint = "MULTIPOINT", multiLineString = "MULTILINESTRING", multiPolygon = "MULTIPOLYGON"
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    /// Numbers in each position: set by `Z`, `M` or `ZM`, otherwise by the first position (2, 3 or 4); 0 until known.
    var ordinates = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Characters

    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C
    }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    /// What ends a number or a word: space and punctuation of the grammar.
    static func isDelimiter(_ c: UInt8) -> Bool {
        isSpace(c) || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: ",")
            || c == UInt8(ascii: ";")
            || c == UInt8(ascii: "=")
    }

    mutating func skipSpace() {
        while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: Errors

    /// What stands at `j`, as a user would search for it in the cell: a punctuation mark, a word or number
    /// (cut after 24 bytes), or the end.
    func found(at j: Int) -> String {
        guard j < bytes.count else { return "the end of the text" }
        if Self.isDelimiter(bytes[j]) { return "'\(text(j..<j + 1))'" }
        var k = j
        while k < bytes.count, !Self.isDelimiter(bytes[k]), k - j < 24 { k += 1 }
        let cut = k < bytes.count && !Self.isDelimiter(bytes[k])
        while cut, k > j + 1, bytes[k] & 0xC0 == 0x80 { k -= 1 }  // not inside a character
        return "'\(text(j..<k))\(cut ? "…" : "")'"
    }

    func fail(_ expected: String, at j: Int? = nil, hint: String? = nil) -> Failure {
        let at = j ?? i
        return Failure(
            offset: at,
            message: "expected \(expected), found \(found(at: at))\(hint.map { " (\($0))" } ?? "")"
        )
    }

    // MARK: Words

    /// The letters at `i`, upper-cased, and where they start; empty when none.
    mutating func word() -> (start: Int, text: String) {
        skipSpace()
        let start = i
        while i < bytes.count, Self.isLetter(bytes[i]) { i += 1 }
        return (start, text(start..<i).uppercased())
    }

    /// Consumes `EMPTY` if it is next.
    mutating func empty() -> Bool {
        let save = i
        if word().text == "EMPTY" { return true }
        i = save
        return false
    }

    // MARK: The geometry

    mutating func geometry() throws -> GeoJSONGeometry? {
        skipSpace()
        if i == bytes.count { return nil }
        var (start, keyword) = word()
        if keyword == "SRID" {
            try srid()
            (start, keyword) = word()
        }
        let kind = try self.kind(keyword, at: start)
        let afterKeyword = i
        let dimension = word()
        if ordinates == 0, ["Z", "M", "ZM"].contains(dimension.text) {
            ordinates = dimension.text == "ZM" ? 4 : 3
        } else if dimension.text == "EMPTY" || dimension.text.isEmpty {
            i = afterKeyword
        } else {
            throw fail("'(' or EMPTY", at: dimension.start)
        }
        let result = try body(of: kind)
        skipSpace()
        guard i == bytes.count else { throw fail("the end of the text") }
        return result
    }

    /// `SRID=4326;` (EWKT). Coordinates in another system would land somewhere else on the map, so only WGS84
    /// longitude/latitude is taken.
    mutating func srid() throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw fail("'=' after SRID") }
        i += 1
        skipSpace()
        let start = i
        while i < bytes.count, !Self.isDelimiter(bytes[i]) { i += 1 }
        guard i > start else { throw fail("an SRID such as 4326") }
        let value = text(start..<i)
        guard GeoJSONReader.namesLonLatWGS84(value) else {
            throw Failure(
                offset: start,
                message:
                    "SRID \(value) is not supported: reproject the data to WGS84 longitude/latitude (EPSG:4326) first, "
                    + "e.g. with ogr2ogr -t_srs EPSG:4326 or ST_Transform(geom, 4326)"
            )
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ";") else { throw fail("';' after the SRID") }
        i += 1
    }

    /// The geometry type a keyword names, with a `Z`, `M` or `ZM` written onto it (`POINTZ`) taken as the dimension.
    mutating func kind(_ keyword: String, at start: Int) throws -> Kind {
        var base = keyword
        var declared = 0
        if Kind(rawValue: keyword) == nil {
            for (suffix, count) in [("ZM", 4), ("Z", 3), ("M", 3)] where keyword.hasSuffix(suffix) {
                base = String(keyword.dropLast(suffix.count))
                declared = count
                break
            }
        }
        if let kind = Kind(rawValue: base) {
            ordinates = declared
            return kind
        }
        switch base {
        case "GEOMETRYCOLLECTION":
            throw Failure(
                offset: start,
                message:
                    "GEOMETRYCOLLECTION is not supported: give each geometry a row of its own, or the polygons one MULTIPOLYGON"
            )
        case "CIRCULARSTRING", "COMPOUNDCURVE", "CURVEPOLYGON", "MULTICURVE", "MULTISURFACE":
            throw Failure(
                offset: start,
                message: "\(base) (a curved geometry) is not supported: turn the curves into straight segments first, "
                    + "e.g. with ST_CurveToLine or ogr2ogr -nlt CONVERT_TO_LINEAR"
            )
        case "POLYHEDRALSURFACE", "TIN", "TRIANGLE":
            throw Failure(
                offset: start,
                message: "\(base) is not supported: only POINT, LINESTRING, POLYGON and their MULTI forms are"
            )
        default:
            throw fail(
                "a geometry type (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING or MULTIPOLYGON)",
                at: start
            )
        }
    }

    /// What follows the type: `EMPTY` or the parenthesised positions of that type.
    mutating func body(of kind: Kind) throws -> GeoJSONGeometry? {
        switch kind {
        case .point:
            guard try open() else { return nil }
            let p = try position()
            try close()
            return .point(p)
        case .lineString:
            return try line().map { .lineString($0) }
        case .polygon:
            return try rings().flatMap { $0.isEmpty ? nil : .polygon($0) }
        case .multiPoint:
            guard try open() else { return nil }
            var points: [GeoPoint] = []
            repeat {
                // Both `MULTIPOINT (1 2, 3 4)` and `MULTIPOINT ((1 2), (3 4))` are written.
                skipSpace()
                if empty() { continue }
                if i < bytes.count, bytes[i] == UInt8(ascii: "(") {
                    i += 1
                    points.append(try position())
                    try close()
                } else {
                    points.append(try position())
                }
            } while try next()
            return points.isEmpty ? nil : .multiPoint(points)
        case .multiLineString:
            guard try open() else { return nil }
            var lines: [[GeoPoint]] = []
            repeat { if let l = try line() { lines.append(l) } } while try next()
            return lines.isEmpty ? nil : .multiLineString(lines)
        case .multiPolygon:
            guard try open() else { return nil }
            var polygons: [[[GeoPoint]]] = []
            repeat { if let r = try rings(), !r.isEmpty { polygons.append(r) } } while try next()
            return polygons.isEmpty ? nil : .multiPolygon(polygons)
        }
    }

    /// `(` (true) or `EMPTY` (false).
    mutating func open() throws -> Bool {
        if empty() { return false }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "(") else { throw fail("'(' or EMPTY") }
        i += 1
        return true
    }

    mutating func close() throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ")") else { throw fail("')'") }
        i += 1
    }

    /// After an element of a list: true at `,`, false at the closing `)`.
    mutating func next() throws -> Bool {
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: ",") { i += 1; return true }
        if i < bytes.count, bytes[i] == UInt8(ascii: ")") { i += 1; return false }
        throw fail("',' or ')'")
    }

    /// `(x y, x y, …)`, or nil for `EMPTY`.
    mutating func line() throws -> [GeoPoint]? {
        guard try open() else { return nil }
        var points: [GeoPoint] = []
        repeat { points.append(try position()) } while try next()
        return points
    }

    /// `((…), (…))`: the rings of a polygon, an `EMPTY` ring left out; nil for `EMPTY`.
    mutating func rings() throws -> [[GeoPoint]]? {
        guard try open() else { return nil }
        var rings: [[GeoPoint]] = []
        repeat { if let r = try line() { rings.append(r) } } while try next()
        return rings
    }

    /// `x y`, `x y z`, `x y m` or `x y z m`: longitude and latitude kept.
    mutating func position() throws -> GeoPoint {
        let x = try number()
        let y = try number()
        var count = 2
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: ")") else { break }
            let most = ordinates == 0 ? 4 : ordinates
            guard count < most else {
                throw fail(
                    "',' or ')'",
                    hint: ordinates == 0
                        ? "a position has at most 4 numbers" : "positions here have \(ordinates) numbers"
                )
            }
            _ = try number()
            count += 1
        }
        if ordinates == 0 {
            ordinates = count
        } else if count < ordinates {
            throw fail("a number", hint: "positions here have \(ordinates) numbers")
        }
        return GeoPoint(lon: x, lat: y)
    }

    /// A decimal number, with an exponent if any; NaN, infinity and hexadecimal are refused.
    mutating func number() throws -> Double {
        skipSpace()
        let start = i
        while i < bytes.count, !Self.isDelimiter(bytes[i]) { i += 1 }
        guard i > start else {
            let decimalComma =
                start < bytes.count && bytes[start] == UInt8(ascii: ",") && start > 0 && Self.isDigit(bytes[start - 1])
            throw fail(
                "a number",
                at: start,
                hint: decimalComma ? "WKT writes decimals with a point: 18.41, not 18,41" : nil
            )
        }
        if let value = Self.shortDecimal(start..<i, in: bytes) { return value }
        let token = text(start..<i)
        guard Self.isDecimal(start..<i, in: bytes) else {
            if ["NAN", "INF", "INFINITY"].contains(
                token.uppercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            ) {
                throw Failure(offset: start, message: "'\(token)' is not a coordinate: NaN and infinity are refused")
            }
            throw fail("a number", at: start)
        }
        guard let value = Double(token), value.isFinite else {
            throw Failure(offset: start, message: "'\(token)' is out of range for a coordinate")
        }
        return value
    }

    /// The value of a plain decimal (no exponent) of at most 15 significant digits, as most coordinates are:
    /// the digits and the power of ten are both exact doubles, so one division rounds correctly (Clinger).
    /// Nil for anything else, which `Double(_:)` then reads.
    static func shortDecimal(_ range: Range<Int>, in b: UnsafeBufferPointer<UInt8>) -> Double? {
        var k = range.lowerBound
        let end = range.upperBound
        var negative = false
        if b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "+") {
            negative = b[k] == UInt8(ascii: "-")
            k += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var fraction = 0
        var digits = 0
        var point = false
        while k < end {
            let c = b[k]
            if isDigit(c) {
                mantissa = mantissa &* 10 &+ UInt64(c - 0x30)
                if mantissa > 0 { significant += 1 }
                if point { fraction += 1 }
                digits += 1
            } else if c == UInt8(ascii: "."), !point {
                point = true
            } else {
                return nil
            }
            k += 1
        }
        guard digits > 0, significant <= 15, fraction < powersOfTen.count else { return nil }
        let value = Double(mantissa) / powersOfTen[fraction]
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
    static func isDecimal(_ range: Range<Int>, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = range.lowerBound
        let end = range.upperBound
        if k < end, b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") { k += 1 }
        var digits = 0
        while k < end, isDigit(b[k]) { k += 1; digits += 1 }
        if k < end, b[k] == UInt8(ascii: ".") {
            k += 1
            while k < end, isDigit(b[k]) { k += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if k < end, b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E") {
            k += 1
            if k < end, b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") { k += 1 }
            var exponent = 0
            while k < end, isDigit(b[k]) { k += 1; exponent += 1 }
            guard exponent > 0 else { return false }
        }
        return k == end
    }
}
