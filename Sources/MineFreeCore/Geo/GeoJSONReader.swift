import Foundation

/// A property value of a GeoJSON feature. Nested objects and arrays are kept as their JSON text.
public enum JSONScalar: Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case json(String)

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var number: Double? { if case .number(let n) = self { return n } else { return nil } }

    /// The value as a user would read it in an error message.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return String(b)
        case .null: return "null"
        case .json(let j): return j
        }
    }
}

/// GeoJSON geometries (RFC 7946), positions as lon/lat; a third coordinate is read and dropped.
public enum GeoJSONGeometry: Sendable {
    case point(GeoPoint)
    case multiPoint([GeoPoint])
    case lineString([GeoPoint])
    case multiLineString([[GeoPoint]])
    case polygon([[GeoPoint]])
    case multiPolygon([[[GeoPoint]]])
    /// A geometry whose type or coordinates do not fit together, with what was found.
    case malformed(type: String, reason: String)

    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .malformed(let type, _): return type
        }
    }
}

public struct GeoJSONFeature: Sendable {
    /// 1-based position in the file's `features` array: how an import report names it.
    public var number: Int
    /// The line of the file on which the feature starts.
    public var line: Int
    public var properties: [String: JSONScalar]
    public var geometry: GeoJSONGeometry?
    /// The geometry's `coordinates` exactly as written in the file: kept as the user entered them.
    public var enteredCoordinates: String?
}

/// A FeatureCollection with what the file says about its coordinate reference system.
public struct GeoJSONCollection: Sendable {
    public var features: [GeoJSONFeature]
    /// The top-level `crs` member of GeoJSON 2008 files (RFC 7946 dropped it): a named CRS's `name`
    /// (`urn:ogc:def:crs:EPSG::3035`, `EPSG:31276`) or a linked one's `href`; nil when the file names none.
    public var crsName: String?

    public init(features: [GeoJSONFeature], crsName: String?) {
        self.features = features
        self.crsName = crsName
    }

    /// True unless the file names a CRS other than WGS84 longitude/latitude (CRS84, or EPSG:4326 as files
    /// written with that name keep lon/lat order).
    public var isLonLatWGS84: Bool { crsName.map(GeoJSONReader.namesLonLatWGS84) ?? true }
}

/// Reads a GeoJSON FeatureCollection straight from its bytes.
public enum GeoJSONReader {
    public struct SyntaxError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    public static func read(data: Data) throws -> [GeoJSONFeature] {
        try readCollection(data: data).features
    }

    /// The features only as far as a reader needs them: `geometry` false skips every geometry (checked as JSON,
    /// not built: a feature's properties alone); `enteredText` false keeps no copy of the coordinates as written.
    public static func read(data: Data, geometry: Bool, enteredText: Bool) throws -> [GeoJSONFeature] {
        try readCollection(data: data, geometry: geometry, enteredText: enteredText).features
    }

    public static func readCollection(
        data: Data,
        geometry: Bool = true,
        enteredText: Bool = true
    ) throws -> GeoJSONCollection {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            parser.readsGeometry = geometry
            parser.keepsEnteredText = enteredText
            try parser.open()
            let features = try parser.features(max: .max)
            return GeoJSONCollection(features: features, crsName: parser.crsName)
        }
    }

    /// Whether a CRS name means WGS84 longitude/latitude: OGC's CRS84 in any spelling, or EPSG 4326.
    static func namesLonLatWGS84(_ name: String) -> Bool {
        let upper = name.trimmingCharacters(in: .whitespaces).uppercased()
        if upper.hasSuffix("CRS84") || upper.hasSuffix("CRS:84") { return true }
        let code = upper.reversed().prefix { $0.isASCII && $0.isNumber }
        return (upper.contains("EPSG") || upper.count == code.count) && String(code.reversed()) == "4326"
    }
}

/// A FeatureCollection read a batch of features at a time, the file's pages given back behind the reader: what an
/// import reads a national layer with.
final class GeoJSONFeatureStream: @unchecked Sendable {
    private let source: FileBytes
    private var parser: Parser
    private var started = false

    init(_ source: FileBytes) {
        self.source = source
        parser = Parser(bytes: source.bytes)
    }

    /// How far into the file the reader is.
    var offset: Int { parser.i }

    /// The collection's CRS as far as read: one named after the features is known once they are all read.
    var crsName: String? { parser.crsName }

    /// Up to `max` features; nil once every feature is read and the collection checked.
    func next(max: Int) throws -> [GeoJSONFeature]? {
        if !started {
            started = true
            try parser.open()
        }
        if parser.done && !parser.inFeatures { return nil }
        let batch = try parser.features(max: max)
        source.release(before: parser.i)
        return batch.isEmpty && parser.done ? nil : batch
    }
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var line = 1
    var lineStart = 0
    /// Arrays and objects open in the parts read recursively (coordinates, skipped values).
    var nesting = 0
    /// Whether geometries are built (or only skipped over), and their coordinates' text kept as entered.
    var readsGeometry = true
    var keepsEnteredText = true
    /// Deeper than any geometry (a MultiPolygon's coordinates nest four arrays) or sane property: refused
    /// before the recursion could exhaust a thread's stack on a crafted file.
    static let maxNesting = 64

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    }

    func error(_ message: String) -> GeoJSONReader.SyntaxError {
        // A byte that cannot start JSON may be the first sign of a file that is not UTF-8 (UTF-16 starts with
        // 0xFF 0xFE or a NUL): then say that. Strings are checked as they are read, so only here can it be.
        if i < bytes.count, bytes[i] >= 0x80 || bytes[i] == 0,
            let bad = TextEncoding.firstInvalid(UnsafeRawBufferPointer(bytes), from: i, to: min(bytes.count, i + 4)),
            !bad.cutOff
        {
            return notUTF8(at: bad.offset, length: bad.length)
        }
        return GeoJSONReader.SyntaxError(line: line, column: i - lineStart + 1, message: message)
    }

    /// The refusal of bytes that are not UTF-8, in the words `TextEncoding` uses for any file.
    func notUTF8(at offset: Int, length: Int) -> GeoJSONReader.SyntaxError {
        let raw = UnsafeRawBufferPointer(bytes)
        let invalid = TextEncoding.describe(raw, at: offset, length: length, atEndOfFile: false)
        let lineStart = (raw[..<offset].lastIndex(of: 0x0A) ?? -1) + 1
        return GeoJSONReader.SyntaxError(
            line: invalid.line,
            column: offset - lineStart + 1,
            message: "byte \(offset): " + invalid.problem(example: "geojson")
        )
    }

    /// Called just past an opening bracket; a refusal points at the bracket.
    mutating func nest() throws {
        nesting += 1
        if nesting > Self.maxNesting {
            i -= 1
            throw error("arrays or objects nest more than \(Self.maxNesting) deep")
        }
    }

    @inline(__always) mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D {
                i += 1
            } else if b == 0x0A {
                i += 1
                line += 1
                lineStart = i
            } else {
                return
            }
        }
    }

    @inline(__always) mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func expect(_ b: UInt8) throws {
        guard peek() == b else {
            throw error(
                i < bytes.count ? "expected '\(Character(UnicodeScalar(b)))'" : "the file ends too early (truncated?)"
            )
        }
        i += 1
    }

    /// After a value in an object or array: true if another follows, false at the closing bracket.
    mutating func more(closing: UInt8) throws -> Bool {
        switch peek() {
        case UInt8(ascii: ","): i += 1; return true
        case closing: i += 1; return false
        case nil: throw error("the file ends too early (truncated?)")
        default: throw error("expected ',' or '\(Character(UnicodeScalar(closing)))'")
        }
    }

    // The collection is read in steps, so that a stream can hand its features over a batch at a time: `open` reads
    // up to the first feature, `features` a batch of them; the members after the features (a late `crs`) and the
    // checks of the whole (its type, nothing after it) come once the last feature is read.
    var type: String?
    var crsName: String?
    var sawFeatures = false
    var inFeatures = false
    var featureCount = 0
    var done = false

    mutating func open() throws {
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") {
            i += 1
            try close()
        } else {
            try members()
        }
    }

    /// The collection's members, up to the first feature (then `inFeatures`) or the collection's end.
    mutating func members() throws {
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            switch key {
            case "type": type = try string()
            case "crs": crsName = try crs()
            case "features":
                if let type, type != "FeatureCollection" { throw notACollection() }
                try expect(UInt8(ascii: "["))
                sawFeatures = true
                if peek() == UInt8(ascii: "]") {
                    i += 1
                } else {
                    inFeatures = true
                    return
                }
            default: try skipValue()
            }
        } while try more(closing: UInt8(ascii: "}"))
        try close()
    }

    /// Up to `max` features, then, after the last one, the rest of the collection.
    mutating func features(max: Int) throws -> [GeoJSONFeature] {
        var list: [GeoJSONFeature] = []
        while inFeatures && list.count < max {
            featureCount += 1
            list.append(try feature(number: featureCount))
            if try !more(closing: UInt8(ascii: "]")) {
                inFeatures = false
                if try more(closing: UInt8(ascii: "}")) { try members() } else { try close() }
            }
        }
        return list
    }

    mutating func close() throws {
        if peek() != nil { throw error("unexpected content after the FeatureCollection") }
        guard type == "FeatureCollection", sawFeatures else { throw notACollection() }
        done = true
    }

    func notACollection() -> GeoJSONReader.SyntaxError {
        GeoJSONReader.SyntaxError(
            line: 1,
            column: 1,
            message: "not a GeoJSON FeatureCollection (type is \(type.map { "'\($0)'" } ?? "missing"))"
        )
    }

    /// `{"type":"name","properties":{"name":…}}` or `{"type":"link","properties":{"href":…}}`; anything else
    /// (null, an unknown form) names nothing.
    mutating func crs() throws -> String? {
        guard peek() == UInt8(ascii: "{") else {
            try skipValue()
            return nil
        }
        i += 1
        var name: String?
        if peek() == UInt8(ascii: "}") { i += 1; return nil }
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            if key == "properties", peek() == UInt8(ascii: "{") {
                let p = try properties()
                name = p["name"]?.string ?? p["href"]?.string ?? name
            } else {
                try skipValue()
            }
        } while try more(closing: UInt8(ascii: "}"))
        return name
    }

    mutating func feature(number: Int) throws -> GeoJSONFeature {
        _ = peek()
        var f = GeoJSONFeature(number: number, line: line, properties: [:], geometry: nil, enteredCoordinates: nil)
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") { i += 1; return f }
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            switch key {
            case "properties":
                if peek() == UInt8(ascii: "n") {
                    try literal("null")
                } else {
                    // A feature-level id read earlier stays unless the properties name their own.
                    f.properties.merge(try properties()) { _, fromProperties in fromProperties }
                }
            case "geometry":
                if peek() == UInt8(ascii: "n") {
                    try literal("null")
                } else if !readsGeometry {
                    try skipValue()
                } else {
                    (f.geometry, f.enteredCoordinates) = try geometry()
                }
            case "id":
                let id = try scalar()
                if f.properties["id"] == nil { f.properties["id"] = id }
            default: try skipValue()
            }
        } while try more(closing: UInt8(ascii: "}"))
        return f
    }

    mutating func properties() throws -> [String: JSONScalar] {
        var result: [String: JSONScalar] = [:]
        try expect(UInt8(ascii: "{"))
        if peek() == UInt8(ascii: "}") { i += 1; return result }
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            result[key] = try scalar()
        } while try more(closing: UInt8(ascii: "}"))
        return result
    }

    mutating func scalar() throws -> JSONScalar {
        switch peek() {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = i
            try skipValue()
            return .json(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        default: return .number(try number())
        }
    }

    mutating func geometry() throws -> (GeoJSONGeometry, String?) {
        let g = try geometryValue()
        guard keepsEnteredText else { return (g.0, nil) }
        return (g.0, g.1.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) })
    }

    mutating func geometryValue() throws -> (GeoJSONGeometry, Range<Int>?) {
        var type: String?
        var coordinates: Node?
        var span: Range<Int>?
        try expect(UInt8(ascii: "{"))
        if peek() != UInt8(ascii: "}") {
            repeat {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                switch key {
                case "type": type = try string()
                case "coordinates":
                    _ = peek()
                    let start = i
                    coordinates = try node()
                    span = start..<i
                default: try skipValue()
                }
            } while try more(closing: UInt8(ascii: "}"))
        } else {
            i += 1
        }
        guard let type else { return (.malformed(type: "(none)", reason: "the geometry has no type"), nil) }
        guard let coordinates else { return (.malformed(type: type, reason: "the geometry has no coordinates"), nil) }
        return (Self.geometry(type, coordinates), span)
    }

    static func geometry(_ type: String, _ coordinates: Node) -> GeoJSONGeometry {
        switch (type, coordinates) {
        case ("Point", .position(let p)): return .point(p)
        case ("MultiPoint", .line), ("MultiPoint", .empty): return .multiPoint(coordinates.line)
        case ("LineString", .line(let ps)): return .lineString(ps)
        case ("MultiLineString", .rings(let ls)): return .multiLineString(ls)
        case ("Polygon", .rings(let rs)): return .polygon(rs)
        case ("Polygon", .empty): return .polygon([])
        case ("MultiPolygon", .polygons(let ps)): return .multiPolygon(ps)
        default:
            return .malformed(type: type, reason: "coordinates of depth \(coordinates.depth) do not fit a \(type)")
        }
    }

    /// Nested coordinate arrays, typed by depth.
    enum Node {
        case empty
        case position(GeoPoint)
        case line([GeoPoint])
        case rings([[GeoPoint]])
        case polygons([[[GeoPoint]]])
        case invalid

        var depth: Int {
            switch self {
            case .empty, .invalid: return 0
            case .position: return 1
            case .line: return 2
            case .rings: return 3
            case .polygons: return 4
            }
        }
        var line: [GeoPoint] { if case .line(let l) = self { return l } else { return [] } }
    }

    mutating func node() throws -> Node {
        try expect(UInt8(ascii: "["))
        try nest()
        defer { nesting -= 1 }
        guard let next = peek() else { throw error("the file ends too early (truncated?)") }
        if next == UInt8(ascii: "]") { i += 1; return .empty }
        if next != UInt8(ascii: "[") {
            var values: [Double] = []
            repeat { values.append(try number()) } while try more(closing: UInt8(ascii: "]"))
            return values.count >= 2 ? .position(GeoPoint(lon: values[0], lat: values[1])) : .invalid
        }
        var children: [Node] = []
        repeat { children.append(try node()) } while try more(closing: UInt8(ascii: "]"))
        switch children[0] {
        case .position:
            var ps: [GeoPoint] = []
            ps.reserveCapacity(children.count)
            for c in children { guard case .position(let p) = c else { return .invalid }; ps.append(p) }
            return .line(ps)
        case .line, .empty:
            var ls: [[GeoPoint]] = []
            for c in children {
                switch c {
                case .line(let l): ls.append(l)
                case .empty: ls.append([])
                default: return .invalid
                }
            }
            return .rings(ls)
        case .rings:
            var ps: [[[GeoPoint]]] = []
            for c in children { guard case .rings(let r) = c else { return .invalid }; ps.append(r) }
            return .polygons(ps)
        default:
            return .invalid
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw error("the file ends too early (truncated?)") }
        let ok = word.withUTF8Buffer { w in (0..<n).allSatisfy { bytes[i + $0] == w[$0] } }
        guard ok else { throw error("expected \(word)") }
        i += n
    }

    mutating func skipValue() throws {
        switch peek() {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "{"):
            i += 1
            try nest()
            defer { nesting -= 1 }
            if peek() == UInt8(ascii: "}") { i += 1; return }
            repeat {
                _ = try string()
                try expect(UInt8(ascii: ":"))
                try skipValue()
            } while try more(closing: UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            i += 1
            try nest()
            defer { nesting -= 1 }
            if peek() == UInt8(ascii: "]") { i += 1; return }
            repeat { try skipValue() } while try more(closing: UInt8(ascii: "]"))
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case nil: throw error("the file ends too early (truncated?)")
        default: _ = try number()
        }
    }

    mutating func string() throws -> String {
        guard peek() == UInt8(ascii: "\"") else {
            throw error(i < bytes.count ? "expected a string" : "the file ends too early (truncated?)")
        }
        i += 1
        let start = i
        var escaped = false
        var high = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                // Bytes that are not UTF-8 would silently become U+FFFD: refuse them, saying what the file is.
                if high, let bad = TextEncoding.firstInvalid(UnsafeRawBufferPointer(bytes), from: start, to: i) {
                    throw notUTF8(at: bad.offset, length: bad.length)
                }
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return escaped ? try unescape(slice) : String(decoding: slice, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i += 1
            } else if b < 0x20 {
                throw error("control character in a string")
            } else if b >= 0x80 {
                high = true
            }
            i += 1
        }
        throw error("the file ends inside a string (truncated?)")
    }

    func unescape(_ s: UnsafeBufferPointer<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var k = 0
        var pendingHigh: UInt32?
        func hex(_ at: Int) throws -> UInt32 {
            guard at + 4 <= s.count,
                let v = UInt32(
                    String(decoding: UnsafeBufferPointer(rebasing: s[at..<at + 4]), as: UTF8.self),
                    radix: 16
                )
            else { throw error("bad \\u escape") }
            return v
        }
        func append(_ scalar: UInt32) {
            if let u = Unicode.Scalar(scalar) { out.append(contentsOf: Array(String(Character(u)).utf8)) }
        }
        while k < s.count {
            let b = s[k]
            if b != UInt8(ascii: "\\") { out.append(b); k += 1; continue }
            guard k + 1 < s.count else { throw error("bad escape") }
            let e = s[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let v = try hex(k)
                k += 4
                if (0xD800...0xDBFF).contains(v) {
                    pendingHigh = v
                } else if (0xDC00...0xDFFF).contains(v), let high = pendingHigh {
                    append(0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                } else {
                    append(v)
                }
            default: throw error("bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// JSON numbers. Up to 15 significant digits and a power of ten up to 22 both fit a Double exactly,
    /// so one division rounds correctly (Clinger's fast path); anything longer goes through strtod.
    mutating func number() throws -> Double {
        guard peek() != nil else { throw error("the file ends too early (truncated?)") }
        let start = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fraction = 0
        var sawDigit = false
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 0x30)
            if mantissa > 0 { digits += 1 }
            sawDigit = true
            i += 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 0x30)
                if mantissa > 0 { digits += 1 }
                fraction += 1
                sawDigit = true
                i += 1
            }
        }
        var slow = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            slow = true
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        }
        guard sawDigit else {
            i = start
            throw error(i < bytes.count ? "expected a value" : "the file ends too early (truncated?)")
        }
        if !slow, digits <= 15, fraction <= 22 {
            let value = Double(mantissa) / Parser.powersOfTen[fraction]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text) else { throw error("'\(text)' is not a number") }
        return value
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }
}
