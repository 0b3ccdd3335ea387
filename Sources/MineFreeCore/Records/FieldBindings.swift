import Foundation

// The field kinds as they bind to a record's properties. A required field binds a plain property, an optional
// one an Optional; reading sets a property only from a value that passed the field's checks.

public typealias RecordPath<R, V> = WritableKeyPath<R, V> & Sendable

extension FieldBinding {
    // Inlined where a layer is described, so each closure works on its literal key path: a plain property access.
    @inline(__always) public static func code(
        _ name: String, _ path: RecordPath<R, String>, hxl: String, aliases: [String] = [], references: Reference? = nil
    ) -> Self {
        Self(field: Field(name, .code, required: true, hxl: hxl, aliases: aliases, references: references),
             get: { .text($0[keyPath: path]) }, set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } })
    }

    @inline(__always) public static func code(
        _ name: String, _ path: RecordPath<R, String?>, hxl: String, aliases: [String] = [], references: Reference? = nil
    ) -> Self {
        Self(field: Field(name, .code, required: false, hxl: hxl, aliases: aliases, references: references),
             get: { $0[keyPath: path].map(FieldValue.text) ?? .null }, set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } })
    }

    @inline(__always) public static func text(_ name: String, _ path: RecordPath<R, String>, maxLength: Int, hxl: String, aliases: [String] = []) -> Self {
        Self(field: Field(name, .text(maxLength: maxLength), required: true, hxl: hxl, aliases: aliases),
             get: { .text($0[keyPath: path]) }, set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } })
    }

    @inline(__always) public static func text(_ name: String, _ path: RecordPath<R, String?>, maxLength: Int, hxl: String, aliases: [String] = []) -> Self {
        Self(field: Field(name, .text(maxLength: maxLength), required: false, hxl: hxl, aliases: aliases),
             get: { $0[keyPath: path].map(FieldValue.text) ?? .null }, set: { r, v in if case .text(let s) = v { r[keyPath: path] = s } })
    }

    /// A whole number. `required: false` on a plain property: absent leaves it at the record's empty value, for
    /// the record's rules to fill (a hazard's area, computed from its polygon).
    @inline(__always) public static func integer(
        _ name: String, _ path: RecordPath<R, Int64>, _ range: ClosedRange<Int64>, required: Bool = true, unit: String? = nil,
        hxl: String, expectation: String? = nil
    ) -> Self {
        Self(field: Field(name, .integer(range), required: required, unit: unit, hxl: hxl, expectation: expectation),
             get: { .integer($0[keyPath: path]) }, set: { r, v in if case .integer(let n) = v { r[keyPath: path] = n } })
    }

    @inline(__always) public static func integer(
        _ name: String, _ path: RecordPath<R, Int>, _ range: ClosedRange<Int64>, unit: String? = nil, hxl: String,
        expectation: String? = nil
    ) -> Self {
        Self(field: Field(name, .integer(range), required: true, unit: unit, hxl: hxl, expectation: expectation),
             get: { .integer(Int64($0[keyPath: path])) }, set: { r, v in if case .integer(let n) = v { r[keyPath: path] = Int(n) } })
    }

    @inline(__always) public static func integer(_ name: String, _ path: RecordPath<R, Int?>, _ range: ClosedRange<Int64>, unit: String? = nil, hxl: String) -> Self {
        Self(field: Field(name, .integer(range), required: false, unit: unit, hxl: hxl),
             get: { $0[keyPath: path].map { .integer(Int64($0)) } ?? .null },
             set: { r, v in if case .integer(let n) = v { r[keyPath: path] = Int(n) } })
    }

    @inline(__always) public static func date(_ name: String, _ path: RecordPath<R, CalendarDate>, hxl: String, aliases: [String] = []) -> Self {
        Self(field: Field(name, .date, required: true, hxl: hxl, aliases: aliases),
             get: { .date($0[keyPath: path]) }, set: { r, v in if case .date(let d) = v { r[keyPath: path] = d } })
    }

    @inline(__always) public static func date(_ name: String, _ path: RecordPath<R, CalendarDate?>, hxl: String, aliases: [String] = []) -> Self {
        Self(field: Field(name, .date, required: false, hxl: hxl, aliases: aliases),
             get: { $0[keyPath: path].map(FieldValue.date) ?? .null }, set: { r, v in if case .date(let d) = v { r[keyPath: path] = d } })
    }

    @inline(__always) public static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ path: RecordPath<R, E>, hxl: String, aliases: [String] = [], valueAliases: [String: String] = [:]
    ) -> Self where E.RawValue == String {
        Self(field: Field(name, .choice(E.allCases.map(\.rawValue)), required: true, hxl: hxl, aliases: aliases, valueAliases: valueAliases),
             get: { .text($0[keyPath: path].rawValue) },
             set: { r, v in if case .text(let s) = v, let e = E(rawValue: s) { r[keyPath: path] = e } })
    }

    @inline(__always) public static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ path: RecordPath<R, E?>, hxl: String, aliases: [String] = [], valueAliases: [String: String] = [:]
    ) -> Self where E.RawValue == String {
        Self(field: Field(name, .choice(E.allCases.map(\.rawValue)), required: false, hxl: hxl, aliases: aliases, valueAliases: valueAliases),
             get: { $0[keyPath: path].map { .text($0.rawValue) } ?? .null },
             set: { r, v in if case .text(let s) = v, let e = E(rawValue: s) { r[keyPath: path] = e } })
    }

    @inline(__always) public static func choices<E: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, _ path: RecordPath<R, [E]>, hxl: String, valueAliases: [String: String] = [:]
    ) -> Self where E.RawValue == String {
        Self(field: Field(name, .choices(E.allCases.map(\.rawValue)), required: false, hxl: hxl, valueAliases: valueAliases),
             get: { r in r[keyPath: path].isEmpty ? .null : .list(r[keyPath: path].map(\.rawValue)) },
             set: { r, v in if case .list(let items) = v { r[keyPath: path] = items.compactMap(E.init(rawValue:)) } })
    }

    @inline(__always) public static func codes(
        _ name: String, _ path: RecordPath<R, [String]>, maxCount: Int, hxl: String, references: Reference? = nil, required: Bool = false
    ) -> Self {
        Self(field: Field(name, .codes(maxCount: maxCount), required: required, hxl: hxl, references: references),
             get: { .list($0[keyPath: path]) }, set: { r, v in if case .list(let items) = v { r[keyPath: path] = items } })
    }
}

extension GeometryBinding {
    @inline(__always) public static func point(_ path: RecordPath<R, GeoPoint>) -> Self {
        Self(kind: .point, required: true, get: { .point($0[keyPath: path]) },
             set: { r, g, _ in if case .point(let p) = g { r[keyPath: path] = p } })
    }

    @inline(__always) public static func point(_ path: RecordPath<R, GeoPoint?>) -> Self {
        Self(kind: .point, required: false, get: { $0[keyPath: path].map(Geometry.point) },
             set: { r, g, _ in if case .point(let p) = g { r[keyPath: path] = p } })
    }

    @inline(__always) public static func line(_ path: RecordPath<R, [GeoPoint]>, entered: RecordPath<R, String?>) -> Self {
        Self(kind: .lineString, required: true, get: { .line($0[keyPath: path]) },
             set: { r, g, text in
                 if case .line(let l) = g { r[keyPath: path] = l }
                 r[keyPath: entered] = text
             }, entered: { $0[keyPath: entered] })
    }

    /// A Polygon or a MultiPolygon, required.
    @inline(__always) public static func polygons(_ path: RecordPath<R, [[[GeoPoint]]]>, entered: RecordPath<R, String?>) -> Self {
        Self(kind: .multiPolygon, required: true, get: { .polygons($0[keyPath: path]) },
             set: { r, g, text in
                 if case .polygons(let p) = g { r[keyPath: path] = p }
                 r[keyPath: entered] = text
             }, entered: { $0[keyPath: entered] })
    }

    /// A Polygon or a MultiPolygon that may be absent; `isBoundary` for admin areas.
    @inline(__always) public static func polygons(_ path: RecordPath<R, [[[GeoPoint]]]?>, entered: RecordPath<R, String?>, isBoundary: Bool = false) -> Self {
        Self(kind: .multiPolygon, required: false, isBoundary: isBoundary, get: { $0[keyPath: path].map(Geometry.polygons) },
             set: { r, g, text in
                 if case .polygons(let p) = g { r[keyPath: path] = p }
                 r[keyPath: entered] = text
             }, entered: { $0[keyPath: entered] })
    }
}
