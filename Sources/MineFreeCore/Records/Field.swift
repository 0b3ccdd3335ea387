import Foundation

/// One field of a kind of record, described once: the name that import files, the store, the API, exports and
/// forms all use, what it holds, whether it must be given, its unit and its HXL hashtag.
public final class Field: Sendable {
    /// What a field holds, and the bounds every input is checked against (imports, API submissions, forms alike).
    public enum Kind: Sendable, Hashable {
        /// An identifier or code (a programme's id, a P-code): one line, 1 to 64 characters.
        case code
        /// Free text, at most `maxLength` characters.
        case text(maxLength: Int)
        case integer(ClosedRange<Int64>)
        case date
        /// One of the values.
        case choice([String])
        /// Several of the values, each at most once, written `a;b`.
        case choices([String])
        /// Several codes, written `a;b` (an activity's assets).
        case codes(maxCount: Int)
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    /// m², m²/day, years…; nil for none.
    public let unit: String?
    /// The Humanitarian Exchange Language hashtag the CSV export writes under the header.
    public let hxl: String
    /// Other names an import file may use for the field (older file formats, the benchmark's files).
    public let aliases: [String]
    /// Other spellings of allowed values, e.g. CMR for CM.
    public let valueAliases: [String: String]
    /// The layer whose records the value names, and the rule a name nobody recorded breaks.
    public let references: Reference?
    /// How a value outside the range is described, when the plain "below"/"above" says too little.
    public let expectation: String?
    /// A choice that may name several values (`AP;AT`, as older files do): the first is this field's, the rest go
    /// to the field named here.
    public let severalInto: String?

    public init(
        _ name: String,
        _ kind: Kind,
        required: Bool,
        unit: String? = nil,
        hxl: String,
        aliases: [String] = [],
        valueAliases: [String: String] = [:],
        references: Reference? = nil,
        expectation: String? = nil,
        severalInto: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.required = required
        self.unit = unit
        self.hxl = hxl
        self.aliases = aliases
        self.valueAliases = valueAliases
        self.references = references
        self.expectation = expectation
        self.severalInto = severalInto
    }

    /// The allowed values of a choice, in their order; empty for other kinds.
    public var allowedValues: [String] {
        switch kind {
        case .choice(let values), .choices(let values): return values
        default: return []
        }
    }

    /// Whether the value is a whole number (exports write it without quotes).
    public var isNumeric: Bool {
        if case .integer = kind { return true }
        return false
    }
}

/// A field that names a record of another layer.
public struct Reference: Sendable {
    public let layer: String
    /// `unknown-hazard`, `unknown-parent`…
    public let rule: String
    /// How the issue names the record at fault: by its position in the file, or as "release RE-1".
    public let namesRecord: Bool

    public init(_ layer: String, rule: String, namesRecord: Bool = false) {
        self.layer = layer
        self.rule = rule
        self.namesRecord = namesRecord
    }
}

/// A field's value, read and checked.
public enum FieldValue: Sendable, Hashable {
    case null
    case text(String)
    case integer(Int64)
    case date(CalendarDate)
    case list([String])

    public var isNull: Bool { self == .null }

    /// The value as a file carries it: a list joined by `;`, a date as YYYY-MM-DD, null as empty.
    public var fileText: String {
        switch self {
        case .null: return ""
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .date(let d): return d.iso
        case .list(let items): return items.joined(separator: ";")
        }
    }

    /// The values a reference field names: one, several (a list) or none.
    public var codes: [String] {
        switch self {
        case .text(let s): return [s]
        case .list(let items): return items
        default: return []
        }
    }
}
