import Foundation

/// How files that were not made for MineFree become its records: which layer each file holds, where each field's
/// value comes from (a column, a constant, a translated value, an id built from columns and the row number), where
/// the geometry is, and whether unknown attributes are kept. Saved as a JSON file and reused
/// (`minefree import DIR --mapping PROFILE.json`); docs/IMPORT.md shows one.
public struct MappingProfile: Sendable {
    /// Where a field's value comes from.
    public enum ValueSource: Sendable, Hashable {
        case column(String)
        case constant(String)
        /// A column's values translated (`Suspected Minefield` → `SHA`); a value not listed is kept as it is, or
        /// replaced by `otherwise` when given.
        case translated(column: String, values: [String: String], otherwise: String?)
        /// Text with `{column}` placeholders, and `{row}` for the record's 1-based number in the file: `BA-{sheet}-{row}`.
        case template(String)
        /// A column's dates written another way (`DD/MM/YYYY`, `MM/DD/YYYY`, `YYYYMMDD`…), read as calendar dates.
        case date(column: String, format: String)
    }

    /// Where a file's geometry is.
    public enum GeometrySource: Sendable, Hashable {
        /// A GeoJSON feature's own geometry.
        case geojson
        /// Well-known text in a CSV column (`POINT (18.4 43.8)`, `POLYGON ((…))`, `MULTIPOLYGON (…)`).
        case wkt(column: String)
        /// Decimal degrees in two CSV columns.
        case lonLat(lon: String, lat: String)
    }

    public struct FileMapping: Sendable {
        /// The layer the file holds, when its name does not say (`minefields.geojson` → `hazards`).
        public var layer: String?
        public var fields: [String: ValueSource] = [:]
        public var geometry: GeometrySource?
        /// Attributes that are no field of the layer: kept with each record as extra properties (the default) or dropped.
        public var keepOtherFields = true

        public init(
            layer: String? = nil,
            fields: [String: ValueSource] = [:],
            geometry: GeometrySource? = nil,
            keepOtherFields: Bool = true
        ) {
            self.layer = layer
            self.fields = fields
            self.geometry = geometry
            self.keepOtherFields = keepOtherFields
        }
    }

    /// A profile that cannot be used, with where in it and why.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public var summary: String?
    /// By file name; `*` applies to every file of the import.
    public var files: [String: FileMapping]

    public init(summary: String? = nil, files: [String: FileMapping] = [:]) {
        self.summary = summary
        self.files = files
    }

    /// The mapping of a file: its own merged over `*`'s.
    public func mapping(for file: String) -> FileMapping {
        let all = files["*"] ?? FileMapping()
        guard let own = files[file] else { return all }
        var merged = own
        merged.fields = all.fields.merging(own.fields) { $1 }
        return merged
    }

    /// Whether the profile names the file: then the import reads it even though its name is no layer's.
    public func names(_ file: String) -> Bool { files[file]?.layer != nil }

    /// Reads a profile file (JSON):
    /// `{"files": {"minefields.geojson": {"layer": "hazards", "fields": {"id": {"template": "MF-{row}"},
    /// "classification": {"column": "typeArea", "values": {"Suspected Minefield": "SHA"}}, "contamination": "AP"}}}}`.
    /// A field given as a plain string is a column's name; `{"value": …}` is a constant.
    public static func read(_ data: Data, name: String = "profile") throws -> MappingProfile {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Invalid(path: name, reason: "not JSON (\((error as NSError).localizedDescription))")
        }
        guard let top = object as? [String: Any] else { throw Invalid(path: name, reason: "expected a JSON object") }
        try known(top, ["description", "files"], at: name)
        guard let files = top["files"] as? [String: Any] else {
            throw Invalid(
                path: name,
                reason: "expected \"files\": an object naming each file (or \"*\") and its mapping"
            )
        }
        var profile = MappingProfile(summary: top["description"] as? String)
        for (file, value) in files.sorted(by: { $0.key < $1.key }) {
            let path = "\(name): files.\(file)"
            guard let m = value as? [String: Any] else { throw Invalid(path: path, reason: "expected an object") }
            try known(m, ["layer", "fields", "geometry", "keep_other_fields"], at: path)
            var mapping = FileMapping()
            if let layer = m["layer"] {
                guard let l = layer as? String, RecordLayers.info(named: l) != nil else {
                    throw Invalid(
                        path: path + ".layer",
                        reason: "'\(layer)' is not a layer: \(RecordLayers.names.joined(separator: ", "))"
                    )
                }
                mapping.layer = l
            }
            if let keep = m["keep_other_fields"] {
                guard let k = keep as? Bool else {
                    throw Invalid(path: path + ".keep_other_fields", reason: "expected true or false")
                }
                mapping.keepOtherFields = k
            }
            if let g = m["geometry"] { mapping.geometry = try geometry(g, at: path + ".geometry") }
            if let fields = m["fields"] {
                guard let fs = fields as? [String: Any] else {
                    throw Invalid(path: path + ".fields", reason: "expected an object")
                }
                for (field, source) in fs {
                    mapping.fields[field] = try valueSource(source, at: path + ".fields.\(field)")
                }
            }
            if let layer = mapping.layer.flatMap(RecordLayers.info(named:)) ?? RecordLayers.layer(ofFile: file) {
                for field in mapping.fields.keys.sorted() where layer.field(field) == nil {
                    throw Invalid(
                        path: path + ".fields.\(field)",
                        reason:
                            "\(layer.name) has no field '\(field)': its fields are \(layer.fields.map(\.name).joined(separator: ", "))"
                    )
                }
            }
            profile.files[file] = mapping
        }
        return profile
    }

    static func known(_ object: [String: Any], _ keys: Set<String>, at path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
            throw Invalid(
                path: path,
                reason: "unknown key '\(unknown)': expected \(keys.sorted().joined(separator: ", "))"
            )
        }
    }

    static func valueSource(_ value: Any, at path: String) throws -> ValueSource {
        if let column = value as? String { return .column(column) }
        guard let o = value as? [String: Any] else {
            throw Invalid(
                path: path,
                reason: "expected a column name or an object with column, value, values or template"
            )
        }
        try known(o, ["column", "value", "values", "otherwise", "template", "date_format"], at: path)
        if let constant = o["value"] {
            guard o.count == 1 else { throw Invalid(path: path, reason: "a constant \"value\" stands alone") }
            return .constant(try scalarText(constant, at: path + ".value"))
        }
        if let template = o["template"] {
            guard let t = template as? String, o.count == 1 else {
                throw Invalid(path: path, reason: "\"template\" is a text standing alone")
            }
            _ = try Template(t, at: path + ".template")
            return .template(t)
        }
        guard let column = o["column"] as? String else {
            throw Invalid(path: path, reason: "expected \"column\", \"value\" or \"template\"")
        }
        if let format = o["date_format"] {
            guard let f = format as? String, DateFormat(f) != nil, o.count == 2 else {
                throw Invalid(
                    path: path + ".date_format",
                    reason:
                        "expected a pattern of DD, MM and YYYY with separators, e.g. DD/MM/YYYY, beside \"column\" alone"
                )
            }
            return .date(column: column, format: f)
        }
        guard let values = o["values"] else {
            guard o["otherwise"] == nil else { throw Invalid(path: path, reason: "\"otherwise\" needs \"values\"") }
            return .column(column)
        }
        guard let table = values as? [String: Any] else {
            throw Invalid(path: path + ".values", reason: "expected an object: {\"from\": \"to\"}")
        }
        var translated: [String: String] = [:]
        for (k, v) in table { translated[k] = try scalarText(v, at: path + ".values.\(k)") }
        let otherwise = try o["otherwise"].map { try scalarText($0, at: path + ".otherwise") }
        return .translated(column: column, values: translated, otherwise: otherwise)
    }

    static func scalarText(_ value: Any, at path: String) throws -> String {
        if let s = value as? String { return s }
        if let n = value as? NSNumber, !n.isBoolean {
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        }
        throw Invalid(path: path, reason: "expected a text or a number")
    }

    static func geometry(_ value: Any, at path: String) throws -> GeometrySource {
        if let s = value as? String, s == "geojson" { return .geojson }
        guard let o = value as? [String: Any] else {
            throw Invalid(
                path: path,
                reason: "expected \"geojson\", {\"wkt\": COLUMN} or {\"lon\": COLUMN, \"lat\": COLUMN}"
            )
        }
        try known(o, ["wkt", "lon", "lat"], at: path)
        if let wkt = o["wkt"] as? String, o.count == 1 { return .wkt(column: wkt) }
        if let lon = o["lon"] as? String, let lat = o["lat"] as? String, o.count == 2 {
            return .lonLat(lon: lon, lat: lat)
        }
        throw Invalid(path: path, reason: "expected {\"wkt\": COLUMN} or {\"lon\": COLUMN, \"lat\": COLUMN}")
    }
}

/// `BA-{sheet}-{row}`: literal text with placeholders for columns and the record's number.
struct Template: Sendable, Hashable {
    enum Part: Sendable, Hashable { case literal(String), column(String), row }
    let parts: [Part]

    init(_ text: String, at path: String = "template") throws {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw MappingProfile.Invalid(path: path, reason: "'{' without '}' in '\(text)'")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard !name.isEmpty else { throw MappingProfile.Invalid(path: path, reason: "an empty {} in '\(text)'") }
            parts.append(name == "row" ? .row : .column(name))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    var columns: [String] { parts.compactMap { if case .column(let c) = $0 { return c } else { return nil } } }
}

/// A date pattern of DD (or D), MM (or M) and YYYY with separators between them, or none (`YYYYMMDD`).
struct DateFormat: Sendable, Hashable {
    enum Part: Sendable, Hashable { case day, month, year }
    let parts: [Part]
    let widths: [Int]
    let separated: Bool

    init?(_ pattern: String) {
        var parts: [Part] = [], widths: [Int] = []
        var rest = Substring(pattern.uppercased())
        var separators = 0
        while let c = rest.first {
            let run = rest.prefix { $0 == c }
            switch c {
            case "Y" where run.count == 4: parts.append(.year)
            case "M" where run.count <= 2: parts.append(.month)
            case "D" where run.count <= 2: parts.append(.day)
            case _ where !c.isLetter && !c.isNumber: separators += 1
            default: return nil
            }
            if c.isLetter { widths.append(run.count) }
            rest = rest.dropFirst(run.count)
        }
        guard Set(parts).count == 3, parts.count == 3 else { return nil }
        self.parts = parts
        self.widths = widths
        separated = separators > 0
    }

    /// The value as YYYY-MM-DD, or nil when it does not fit the pattern.
    func iso(_ value: String) -> String? {
        let groups: [Substring]
        if separated {
            groups = value.split { !$0.isNumber }
        } else {
            guard value.count == widths.reduce(0, +), value.allSatisfy(\.isNumber) else { return nil }
            var out: [Substring] = [], rest = Substring(value)
            for w in widths { out.append(rest.prefix(w)); rest = rest.dropFirst(w) }
            groups = out
        }
        guard groups.count == 3 else { return nil }
        var y = 0, m = 0, d = 0
        for (part, group) in zip(parts, groups) {
            guard let n = Int(group) else { return nil }
            switch part {
            case .year: y = n
            case .month: m = n
            case .day: d = n
            }
        }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
