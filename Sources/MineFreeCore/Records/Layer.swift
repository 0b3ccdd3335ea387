import Foundation

/// The geometry a kind of record carries.
public enum GeometryKind: String, Sendable {
    case none
    case point = "Point"
    case lineString = "LineString"
    case polygon = "Polygon"
    /// A Polygon or a MultiPolygon (a hazardous area in several parts, a province with islands).
    case multiPolygon = "MultiPolygon"

    /// What an import expects, as a user reads it: "a Polygon or a MultiPolygon".
    public var expected: String {
        switch self {
        case .none: return "no geometry"
        case .point: return "a Point"
        case .lineString: return "a LineString"
        case .polygon: return "a Polygon"
        case .multiPolygon: return "a Polygon or a MultiPolygon"
        }
    }
}

/// A record's geometry, in lon/lat.
public enum Geometry: Sendable, Hashable {
    case point(GeoPoint)
    case line([GeoPoint])
    /// One polygon or several, each its exterior ring then its holes.
    case polygons([[[GeoPoint]]])

    public var bounds: BoundingBox {
        switch self {
        case .point(let p): return BoundingBox(point: p)
        case .line(let line):
            var b = BoundingBox.empty
            for p in line { b.extend(x: p.lon, y: p.lat) }
            return b
        case .polygons(let polygons): return BoundingBox(polygons: polygons)
        }
    }

    /// The GeoJSON type: a single polygon is a Polygon, several a MultiPolygon.
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .line: return "LineString"
        case .polygons(let p): return p.count == 1 ? "Polygon" : "MultiPolygon"
        }
    }

    /// The GeoJSON `coordinates` text.
    public var coordinatesText: String {
        var out = ""
        switch self {
        case .point(let p): GeoJSONWriter.position(p, into: &out)
        case .line(let line): GeoJSONWriter.line(line, into: &out)
        case .polygons(let polygons): GeoJSONWriter.polygons(polygons, into: &out)
        }
        return out
    }
}

/// What is known of a kind of record without its Swift type: enough for files, the store, exports, the
/// OGC collections, forms and documentation. Its `Layer` adds how each field is read from and written to a record.
/// A class: rules ask for a layer's name for every record they check.
public final class LayerInfo: Sendable {
    /// The area a layer belongs to: the folder it lives in, in every target.
    public enum Area: String, Sendable { case land, people, implementation }

    /// An OGC API - Features collection serving the layer.
    public struct Collection: Sendable {
        public let id: String
        public let title: String
        public let description: String
        public init(id: String, title: String, description: String) {
            self.id = id
            self.title = title
            self.description = description
        }
    }

    /// The layer's name: its file names (`NAME.csv`, `NAME.geojson`), what `export` and the import report call it.
    public let name: String
    /// One record, in rule names (`unknown-hazard`) and the review queue (`release`).
    public let singular: String
    public let area: Area
    /// The store's table.
    public let table: String
    /// Every field, the record's own id first where it has one.
    public let fields: [Field]
    /// The fields that identify a record; several where a record is one dated row of something (an activity).
    public let key: [String]
    /// The rule a repeated key breaks (`unique-id`, or `duplicate-record` for dated rows).
    public let keyRule: String
    /// The field that dates a record ("date of information"): as of a day, rows dated that day or later are
    /// not known yet. Nil for records that carry no date (organisations, admin areas, places).
    public let dateField: String?
    public let geometry: GeometryKind
    public let geometryRequired: Bool
    /// Whether the store keeps the rows' boxes in a spatial index (SQLite's R*Tree).
    public let spatialIndex: Bool
    /// Columns an export adds that are derived as of the day (a hazard's remaining area); an import ignores them.
    public let derived: [Field]
    public let collection: Collection?
    public let privacy: Privacy

    /// Whether a layer's records concern identified people, and how they are protected.
    public enum Privacy: Sendable, Equatable {
        /// Nothing about a person.
        case none
        /// Statistical records about people (casualties, survivors, their services): these fields hold a person's
        /// record id, which a pseudonymised export (the default) replaces with the person's keyed pseudonym.
        case aboutPeople([PersonField])
        /// Personal data itself (names, dates of birth, contact, medical details): read only by a role with
        /// `readPersonalData`, every read audited, exported only identified and for a stated purpose.
        case identifying
    }

    /// A field naming a person: by a casualty's record or a survivor's.
    public struct PersonField: Sendable, Equatable {
        public enum Kind: String, Sendable { case casualty, survivor }
        public let field: String
        public let kind: Kind
        public init(_ field: String, _ kind: Kind) {
            self.field = field
            self.kind = kind
        }
    }

    public init(
        name: String,
        singular: String,
        area: Area,
        table: String,
        fields: [Field],
        key: [String],
        keyRule: String = "unique-id",
        dateField: String?,
        geometry: GeometryKind,
        geometryRequired: Bool,
        spatialIndex: Bool,
        derived: [Field] = [],
        collection: Collection? = nil,
        privacy: Privacy = .none
    ) {
        self.privacy = privacy
        self.name = name
        self.singular = singular
        self.area = area
        self.table = table
        self.fields = fields
        self.key = key
        self.keyRule = keyRule
        self.dateField = dateField
        self.geometry = geometry
        self.geometryRequired = geometryRequired
        self.spatialIndex = spatialIndex
        self.derived = derived
        self.collection = collection
        if let first = fields.first, first.kind == .code, first.references == nil, key.contains(first.name) {
            _idField = first.name
        } else {
            _idField = nil
        }
    }

    /// The files an import recognises: the CSV (geometry, if any, as WKT or lon/lat columns) or the GeoJSON.
    public var files: [String] { [name + ".csv", name + ".geojson"] }

    /// The record's own id field (`id`, an admin area's `pcode`); nil when the key is made of other fields.
    public var idField: String? { _idField }
    private let _idField: String?

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
    public func index(of field: String) -> Int? { fields.firstIndex { $0.name == field } }

    /// The store's column for a field: its name, but the record's own id is `local_id` (`id` is the row's number,
    /// which the spatial index keys on).
    public func column(_ field: String) -> String { field == idField ? "local_id" : field }

    /// The store's key columns.
    public var keyColumns: [String] { key.map(column) }

    public var hasGeometry: Bool { geometry != .none }

    /// How the store keeps the geometry: points in an index as their box; points without one as `lon`/`lat`;
    /// lines and polygons as their GeoJSON coordinates text (as entered) plus their box.
    public enum Storage: Sendable { case none, box, lonLat, coordinatesAndBox }

    public var storage: Storage {
        switch geometry {
        case .none: return .none
        case .point: return spatialIndex ? .box : .lonLat
        case .lineString, .polygon, .multiPolygon: return .coordinatesAndBox
        }
    }
}

/// How one field is read into a record and written out of it. A class: the hot loops of an import pass bindings
/// around for every value of 250,000 rows, and a reference costs one retain where a struct of strings costs ten.
public final class FieldBinding<R>: Sendable {
    public let field: Field
    @usableFromInline let get: @Sendable (R) -> FieldValue
    @usableFromInline let set: @Sendable (inout R, FieldValue) -> Void

    public init(
        field: Field,
        get: @escaping @Sendable (R) -> FieldValue,
        set: @escaping @Sendable (inout R, FieldValue) -> Void
    ) {
        self.field = field
        self.get = get
        self.set = set
    }
}

/// How a record's geometry is read and written, and which checks its polygons get.
public struct GeometryBinding<R>: Sendable {
    public let kind: GeometryKind
    public let required: Bool
    /// Admin boundaries: thousands of vertices and long straight edges are normal, so neither the vertex-count
    /// limits nor the jump between vertices apply.
    public let isBoundary: Bool
    @usableFromInline let get: @Sendable (R) -> Geometry?
    /// Sets the geometry and the coordinates text as the user entered it (nil: written from the geometry).
    let set: @Sendable (inout R, Geometry, String?) -> Void
    @usableFromInline let entered: @Sendable (R) -> String?

    public init(
        kind: GeometryKind,
        required: Bool,
        isBoundary: Bool = false,
        get: @escaping @Sendable (R) -> Geometry?,
        set: @escaping @Sendable (inout R, Geometry, String?) -> Void,
        entered: @escaping @Sendable (R) -> String? = { _ in nil }
    ) {
        self.kind = kind
        self.required = required
        self.isBoundary = isBoundary
        self.get = get
        self.set = set
        self.entered = entered
    }
}

/// A kind of record MineFree keeps: described once (its `layer`), checked by its own rules.
///
/// Adding one is: the record and its description, its rules, its migration, and one line in `RecordLayers`.
public protocol LayerRecord: Sendable {
    static var layer: Layer<Self> { get }
    /// A record with every field empty, which reading fills in.
    init()
    /// Attributes a file carried beyond the layer's fields, as a JSON object, kept as they came.
    var extra: String? { get set }
    /// Rules within one record beyond each field's own, run once its fields and geometry are read.
    static func check(_ record: inout Self, _ row: inout RowCheck)
    /// Rules across records, files and the store, run once every file of an import is read.
    static func checkAcross(_ check: inout CrossCheck)
    /// Whether those rules complete records (a settlement placed in the admin area that holds it): then the records
    /// are final only once every file is read, and a store may not write them earlier.
    static var completedAcross: Bool { get }
    /// Lets go of what only the store needs, once the store has the record (an import hands records over while it
    /// still reads): the text as entered and the extra attributes, which the rules across files never read and which
    /// at national scale weigh more than the rest of a record.
    mutating func dropStoredText()
}

extension LayerRecord {
    public static var completedAcross: Bool { false }
    public static func check(_ record: inout Self, _ row: inout RowCheck) {}
    public static func checkAcross(_ check: inout CrossCheck) {}
    public mutating func dropStoredText() { extra = nil }
}

/// A record that keeps its geometry's coordinates as the user entered them.
public protocol KeepsEnteredCoordinates {
    var enteredCoordinates: String? { get set }
}

extension LayerRecord where Self: KeepsEnteredCoordinates {
    public mutating func dropStoredText() {
        extra = nil
        enteredCoordinates = nil
    }
}

/// A kind of record's description with its bindings.
public struct Layer<R: LayerRecord>: Sendable {
    public let info: LayerInfo
    public let bindings: [FieldBinding<R>]
    public let geometry: GeometryBinding<R>?
    /// Positions of the key fields among `bindings`.
    @usableFromInline let keyIndices: [Int]

    public init(
        name: String,
        singular: String,
        area: LayerInfo.Area,
        table: String,
        key: [String],
        keyRule: String = "unique-id",
        date: String?,
        spatialIndex: Bool = false,
        collection: LayerInfo.Collection? = nil,
        derived: [Field] = [],
        privacy: LayerInfo.Privacy = .none,
        geometry: GeometryBinding<R>? = nil,
        fields: [FieldBinding<R>]
    ) {
        info = LayerInfo(
            name: name,
            singular: singular,
            area: area,
            table: table,
            fields: fields.map(\.field),
            key: key,
            keyRule: keyRule,
            dateField: date,
            geometry: geometry?.kind ?? .none,
            geometryRequired: geometry?.required ?? false,
            spatialIndex: spatialIndex,
            derived: derived,
            collection: collection,
            privacy: privacy
        )
        bindings = fields
        self.geometry = geometry
        keyIndices = key.map { k in fields.firstIndex { $0.field.name == k }! }
    }

    // Inlinable: the store's bulk write asks for every value of 250,000 rows, and would otherwise run unspecialized.
    @inlinable public func value(_ field: Int, of record: R) -> FieldValue { bindings[field].get(record) }

    public func value(_ name: String, of record: R) -> FieldValue {
        guard let i = info.index(of: name) else { return .null }
        return bindings[i].get(record)
    }

    public func values(of record: R) -> [FieldValue] { bindings.map { $0.get(record) } }

    /// A record from its field values (by field position) and geometry, without checks: what the store hands back.
    public func record(values: [FieldValue], geometry: Geometry?, entered: String? = nil, extra: String? = nil) -> R {
        var r = R()
        for (b, v) in zip(bindings, values) where !v.isNull { b.set(&r, v) }
        if let g = geometry, let binding = self.geometry { binding.set(&r, g, entered) }
        r.extra = extra
        return r
    }

    /// The record's key: its id, or its key fields joined by `@` ("A-1@2021-03-01").
    @inlinable public func key(of record: R) -> String {
        if keyIndices.count == 1 { return bindings[keyIndices[0]].get(record).fileText }
        return keyIndices.map { bindings[$0].get(record).fileText }.joined(separator: "@")
    }

    @inlinable public func geometry(of record: R) -> Geometry? { geometry?.get(record) }
    @inlinable public func enteredCoordinates(of record: R) -> String? { geometry?.entered(record) }
}

extension Geometry {
    /// A GeoJSON geometry as a record's: points, lines, polygons (a MultiPolygon's parts); nil for the rest.
    public init?(_ g: GeoJSONGeometry) {
        switch g {
        case .point(let p): self = .point(p)
        case .lineString(let l): self = .line(l)
        case .polygon(let rings): self = .polygons([rings])
        case .multiPolygon(let parts): self = .polygons(parts)
        default: return nil
        }
    }
}
