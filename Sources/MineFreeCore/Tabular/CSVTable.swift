import Foundation

/// A CSV file read whole (RFC 4180: quoted fields may hold commas, quotes and line breaks).
///
/// Every row remembers the line it started on, so a validation error can name
/// `file:line` the way a user opening the file in an editor would count.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based line number in the file where this record starts.
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let rows: [Row]
    private let index: [String: Int]

    public init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    public func column(_ name: String) -> Int? { index[name] }

    /// The value of `column` in `row`, trimmed; nil when the column is absent or the cell is empty.
    public func value(_ row: Row, _ column: String) -> String? {
        guard let i = index[column], i < row.fields.count else { return nil }
        let v = row.fields[i].trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty
        case unterminatedQuote(line: Int)
        case fieldCount(line: Int, expected: Int, found: Int)
        /// The file is not UTF-8 text: where it stops being so and what it probably is instead.
        case notUTF8(TextEncoding.InvalidUTF8)

        public var description: String {
            switch self {
            case .empty: return "the file is empty (a header row is required)"
            case .unterminatedQuote(let line): return "line \(line): a quoted field is never closed"
            case .fieldCount(let line, let expected, let found):
                return "line \(line): \(found) fields where the header has \(expected)"
            case .notUTF8(let invalid): return invalid.description
            }
        }
    }

    public init(contentsOf url: URL) throws {
        // Mapped, not copied: the bytes are read once, into the rows.
        try self.init(data: try Data(contentsOf: url, options: .alwaysMapped))
    }

    public init(data: Data) throws {
        self = try data.withUnsafeBytes { raw in
            var reader = try CSVReader(utf8: raw.bindMemory(to: UInt8.self))
            let header = try reader.header()
            return CSVTable(header: header, rows: try reader.rows(max: .max))
        }
    }

    /// Parses `text`; a blank line is skipped, a record whose field count differs from the header's fails.
    public init(text: String) throws {
        var text = text
        self = try text.withUTF8 { try CSVTable(bytes: $0) }
    }

    /// Parses UTF-8 bytes straight into rows: no copy of the text, no list of records besides the rows.
    init(bytes: UnsafeBufferPointer<UInt8>) throws {
        var reader = CSVReader(bytes: bytes)
        let header = try reader.header()
        self.init(header: header, rows: try reader.rows(max: .max))
    }
}

/// Reads CSV records a batch at a time: the header first, then rows (RFC 4180; a blank line is skipped, a record
/// whose field count differs from the header's fails).
struct CSVReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var i = 0
    private var line = 1
    private var columns = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the first column's name.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    }

    /// A reader of bytes checked whole first, so that a refusal names the line, the bytes and the file's likely
    /// encoding rather than failing somewhere in a field.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws {
        if let invalid = TextEncoding.firstInvalidUTF8(UnsafeRawBufferPointer(bytes)) {
            throw CSVTable.ParseError.notUTF8(invalid)
        }
        self.init(bytes: bytes)
    }

    mutating func header() throws -> [String] {
        guard let first = try record() else { throw CSVTable.ParseError.empty }
        columns = first.fields.count
        return first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    mutating func rows(max: Int) throws -> [CSVTable.Row] {
        var rows: [CSVTable.Row] = []
        while rows.count < max, let r = try record() {
            guard r.fields.count == columns else {
                throw CSVTable.ParseError.fieldCount(line: r.line, expected: columns, found: r.fields.count)
            }
            rows.append(CSVTable.Row(line: r.line, fields: r.fields))
        }
        return rows
    }

    /// The next record that is not a blank line, or nil at the end.
    private mutating func record() throws -> (line: Int, fields: [String])? {
        var fields: [String] = []
        fields.reserveCapacity(Swift.max(columns, 1))
        var field: [UInt8] = []
        var inQuotes = false
        var quotedFieldStart = 0
        var fieldWasQuoted = false
        var recordLine = line
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\n"):
                endField()
                line += 1
                if fields.count == 1 && fields[0].isEmpty {
                    fields.removeAll(keepingCapacity: true)
                    recordLine = line
                    continue
                }
                return (recordLine, fields)
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\"") where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                quotedFieldStart = line
            default:
                field.append(b)
            }
        }
        if inQuotes { throw CSVTable.ParseError.unterminatedQuote(line: quotedFieldStart) }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { return (recordLine, fields) }
        }
        return nil
    }
}
