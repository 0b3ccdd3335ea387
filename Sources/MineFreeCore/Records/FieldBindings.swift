import Foundation

// The field kinds as they bind to a record's properties. A required field binds a plain property, an optional
// one an Optional; reading sets a property only from a value that passed the field's checks. Each takes its property
// twice: as a key path, which writes it, and as a closure, which reads it — a key path read goes through the
// runtime (160 ns a value, measured), a closure reads the property directly, and exports and the store's bulk write
// read every value of 250,000 rows.

public typealias RecordPath<R, V> = WritableKeyPath<R, V> & Sendable

extension FieldBinding {
    // Inlined where a layer is described, so each closure works on its literal key path: a plain property access.
    @inline(__always) public static func code(
        _ name: String,
        _ path: RecordPath<R, String>,
        _ read: @escaping @Sendable (R) -> String,
        hxl: String,
        aliases: [String] = [],
        references: Reference? = nil
    ) -> Self {
        Self(
            field: Field(name, .code, required: true, hxl: hxl, aliases: aliases, references: references),
            get: { .text(read($0)) },
            set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } }
        )
    }

    @inline(__always) public static func code(
        _ name: String,
        _ path: RecordPath<R, String?>,
        _ read: @escaping @Sendable (R) -> String?,
        hxl: String,
        aliases: [String] = [],
        references: Reference? = nil
    ) -> Self {
        Self(
            field: Field(name, .code, required: false, hxl: hxl, aliases: aliases, references: references),
            get: { read($0).map(FieldValue.text) ?? .null },
            set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } }
        )
    }

    @inline(__always) public static func text(
        _ name: String,
        _ path: RecordPath<R, String>,
        _ read: @escaping @Sendable (R) -> String,
        maxLength: Int,
        hxl: String,
        aliases: [String] = []
    ) -> Self {
        Self(
            field: Field(name, .text(maxLength: maxLength), required: true, hxl: hxl, aliases: aliases),
            get: { .text(read($0)) },
            set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } }
        )
    }

    @inline(__always) public static func text(
        _ name: String,
        _ path: RecordPath<R, String?>,
        _ read: @escaping @Sendable (R) -> String?,
        maxLength: Int,
        hxl: String,
        aliases: [String] = []
    ) -> Self {
        Self(
            field: Field(name, .text(maxLength: maxLength), required: false, hxl: hxl, aliases: aliases),
            get: { read($0).map(FieldValue.text) ?? .null },
            set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } }
        )
    }

    /// A whole number. `required: false` on a plain property: absent leaves it at the record's empty value, for
    /// the record's rules to fill (a hazard's area, computed from its polygon).
    @inline(__always) public static func integer(
        _ name: String,
        _ path: RecordPath<R, Int64>,
        _ read: @escaping @Sendable (R) -> Int64,
        _ range: ClosedRange<Int64>,
        required: Bool = true,
        unit: String? = nil,
        hxl: String,
        expectation: String? = nil
    ) -> Self {
        Self(
            field: Field(name, .integer(range), required: required, unit: unit, hxl: hxl, expectation: expectation),
            get: { .integer(read($0)) },
            set: { r, v in if case .integer(let n) = v { r[keyPath: path] = n } }
        )
    }

    @inline(__always) public static func integer(
        _ name: String,
        _ path: RecordPath<R, Int>,
        _ read: @escaping @Sendable (R) -> Int,
        _ range: ClosedRange<Int64>,
        unit: String? = nil,
        hxl: String,
        expectation: String? = nil
    ) -> Self {
        Self(
            field: Field(name, .integer(range), required: true, unit: unit, hxl: hxl, expectation: expectation),
            get: { .integer(Int64(read($0))) },
            set: { r, v in if case .integer(let n) = v { r[keyPath: path] = Int(n) } }
        )
    }

    @inline(__always) public static func integer(
        _ name: String,
        _ path: RecordPath<R, Int?>,
        _ read: @escaping @Sendable (R) -> Int?,
        _ range: ClosedRange<Int64>,
        unit: String? = nil,
        hxl: String
    ) -> Self {
        Self(
            field: Field(name, .integer(range), required: false, unit: unit, hxl: hxl),
            get: { read($0).map { .integer(Int64($0)) } ?? .null },
            set: { r, v in if case .integer(let n) = v { r[keyPath: path] = Int(n) } }
        )
    }

    @inline(__always) public static func date(
        _ name: String,
        _ path: RecordPath<R, CalendarDate>,
        _ read: @escaping @Sendable (R) -> CalendarDate,
        hxl: String,
        aliases: [String] = []
    ) -> Self {
        Self(
            field: Field(name, .date, required: true, hxl: hxl, aliases: aliases),
            get: { .date(read($0)) },
            set: { r, v in if case .date(let d) = v { r[keyPath: path] = d } }
        )
    }

    @inline(__always) public static func date(
        _ name: String,
        _ path: RecordPath<R, CalendarDate?>,
        _ read: @escaping @Sendable (R) -> CalendarDate?,
        hxl: String,
        aliases: [String] = []
    ) -> Self {
        Self(
            field: Field(name, .date, required: false, hxl: hxl, aliases: aliases),
            get: { read($0).map(FieldValue.date) ?? .null },
            set: { r, v in if case .date(let d) = v { r[keyPath: path] = d } }
        )
    }

    @inline(__always) public static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String,
        _ path: RecordPath<R, E>,
        _ read: @escaping @Sendable (R) -> E,
        hxl: String,
        aliases: [String] = [],
        valueAliases: [String: String] = [:]
    ) -> Self where E.RawValue == String {
        Self(
            field: Field(
                name,
                .choice(E.allCases.map(\.rawValue)),
                required: true,
                hxl: hxl,
                aliases: aliases,
                valueAliases: valueAliases
            ),
            get: { .text(read($0).rawValue) },
            set: { r, v in if case .text(let s) = v, let e = E(rawValue: s) { r[keyPath: path] = e } }
        )
    }

    @inline(__always) public static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String,
        _ path: RecordPath<R, E?>,
        _ read: @escaping @Sendable (R) -> E?,
        hxl: String,
        aliases: [String] = [],
        valueAliases: [String: String] = [:]
    ) -> Self where E.RawValue == String {
        Self(
            field: Field(
                name,
                .choice(E.allCases.map(\.rawValue)),
                required: false,
                hxl: hxl,
                aliases: aliases,
                valueAliases: valueAliases
            ),
            get: { read($0).map { .text($0.rawValue) } ?? .null },
            set: { r, v in if case .text(let s) = v, let e = E(rawValue: s) { r[keyPath: path] = e } }
        )
    }

    @inline(__always) public static func choices<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String,
        _ path: RecordPath<R, [E]>,
        _ read: @escaping @Sendable (R) -> [E],
        hxl: String,
        valueAliases: [String: String] = [:]
    ) -> Self where E.RawValue == String {
        Self(
            field: Field(
                name,
                .choices(E.allCases.map(\.rawValue)),
                required: false,
                hxl: hxl,
                valueAliases: valueAliases
            ),
            get: { r in read(r).isEmpty ? .null : .list(read(r).map(\.rawValue)) },
            set: { r, v in if case .list(let items) = v { r[keyPath: path] = items.compactMap(E.init(rawValue:)) } }
        )
    }

    @inline(__always) public static func codes(
        _ name: String,
        _ path: RecordPath<R, [String]>,
        _ read: @escaping @Sendable (R) -> [String],
        maxCount: Int,
        hxl: String,
        references: Reference? = nil,
        required: Bool = false
    ) -> Self {
        Self(
            field: Field(name, .codes(maxCount: maxCount), required: required, hxl: hxl, references: references),
            get: { .list(read($0)) },
            set: { r, v in if case .list(let items) = v { r[keyPath: path] = items } }
        )
    }
}

extension GeometryBinding {
    @inline(__always) public static func point(
        _ path: RecordPath<R, GeoPoint>,
        _ read: @escaping @Sendable (R) -> GeoPoint
    ) -> Self {
        Self(
            kind: .point,
            required: true,
            get: { .point(read($0)) },
            set: { r, g, _ in if case .point(let p) = g { r[keyPath: path] = p } }
        )
    }

    @inline(__always) public static func point(
        _ path: RecordPath<R, GeoPoint?>,
        _ read: @escaping @Sendable (R) -> GeoPoint?
    ) -> Self {
        Self(
            kind: .point,
            required: false,
            get: { read($0).map(Geometry.point) },
            set: { r, g, _ in if case .point(let p) = g { r[keyPath: path] = p } }
        )
    }

    @inline(__always) public static func line(
        _ path: RecordPath<R, [GeoPoint]>,
        _ read: @escaping @Sendable (R) -> [GeoPoint],
        entered: RecordPath<R, String?>
    ) -> Self {
        Self(
            kind: .lineString,
            required: true,
            get: { .line(read($0)) },
            set: { r, g, text in
                if case .line(let l) = g { r[keyPath: path] = l }
                r[keyPath: entered] = text
            },
            entered: { $0[keyPath: entered] }
        )
    }

    /// A Polygon or a MultiPolygon, required.
    @inline(__always) public static func polygons(
        _ path: RecordPath<R, [[[GeoPoint]]]>,
        _ read: @escaping @Sendable (R) -> [[[GeoPoint]]],
        entered: RecordPath<R, String?>
    ) -> Self {
        Self(
            kind: .multiPolygon,
            required: true,
            get: { .polygons(read($0)) },
            set: { r, g, text in
                if case .polygons(let p) = g { r[keyPath: path] = p }
                r[keyPath: entered] = text
            },
            entered: { $0[keyPath: entered] }
        )
    }

    /// A Polygon or a MultiPolygon that may be absent; `isBoundary` for admin areas.
    @inline(__always) public static func polygons(
        _ path: RecordPath<R, [[[GeoPoint]]]?>,
        _ read: @escaping @Sendable (R) -> [[[GeoPoint]]]?,
        entered: RecordPath<R, String?>,
        isBoundary: Bool = false
    ) -> Self {
        Self(
            kind: .multiPolygon,
            required: false,
            isBoundary: isBoundary,
            get: { read($0).map(Geometry.polygons) },
            set: { r, g, text in
                if case .polygons(let p) = g { r[keyPath: path] = p }
                r[keyPath: entered] = text
            },
            entered: { $0[keyPath: entered] }
        )
    }
}

/// A field that names another layer's record by its id: named, tagged and checked alike in every layer that has one.
public struct LinkedID: Sendable {
    public let name: String
    public let hxl: String
    public let reference: Reference

    public static let hazard = LinkedID(
        name: "hazard_id",
        hxl: "#x_hazard+id",
        reference: Reference("hazards", rule: "unknown-hazard")
    )
    public static let organisation = LinkedID(
        name: "organisation_id",
        hxl: "#org+code",
        reference: Reference("organisations", rule: "unknown-organisation")
    )
    public static let activity = LinkedID(
        name: "activity_id",
        hxl: "#activity+code",
        reference: Reference("activities", rule: "unknown-activity")
    )
    public static let accident = LinkedID(
        name: "accident_id",
        hxl: "#x_accident+id",
        reference: Reference("accidents", rule: "unknown-accident")
    )
    public static let asset = LinkedID(
        name: "asset_id",
        hxl: "#x_asset+id",
        reference: Reference("assets", rule: "unknown-asset")
    )
    public static let settlement = LinkedID(
        name: "settlement_id",
        hxl: "#x_settlement+id",
        reference: Reference("settlements", rule: "unknown-settlement")
    )
    public static let casualty = LinkedID(
        name: "casualty_id",
        hxl: "#x_casualty+id",
        reference: Reference("casualties", rule: "unknown-casualty")
    )
    public static let survivor = LinkedID(
        name: "survivor_id",
        hxl: "#x_survivor+id",
        reference: Reference("survivors", rule: "unknown-survivor")
    )
    public static let need = LinkedID(
        name: "need_id",
        hxl: "#x_need+id",
        reference: Reference("assistance_needs", rule: "unknown-need")
    )

    /// The same link, its issues naming the record at fault ("release RE-1") rather than its place in the file.
    public var namingRecord: LinkedID {
        LinkedID(name: name, hxl: hxl, reference: Reference(reference.layer, rule: reference.rule, namesRecord: true))
    }
}

extension FieldBinding {
    @inline(__always) public static func id(
        of link: LinkedID,
        _ path: RecordPath<R, String>,
        _ read: @escaping @Sendable (R) -> String
    ) -> Self {
        code(link.name, path, read, hxl: link.hxl, references: link.reference)
    }

    @inline(__always) public static func id(
        of link: LinkedID,
        _ path: RecordPath<R, String?>,
        _ read: @escaping @Sendable (R) -> String?
    ) -> Self {
        code(link.name, path, read, hxl: link.hxl, references: link.reference)
    }
}
