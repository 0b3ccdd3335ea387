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
        try self.init(data: try Data(contentsOf: url))
    }

    public init(data: Data) throws {
        // Checked first so that the refusal names the line, the bytes and the file's likely encoding.
        if let invalid = TextEncoding.firstInvalidUTF8(data) { throw ParseError.notUTF8(invalid) }
        try self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// Parses `text`; a blank line is skipped, a record whose field count differs from the header's fails.
    public init(text: String) throws {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldStart = 0
        var fieldWasQuoted = false
        let bytes = Array(text.utf8)
        var i = bytes.startIndex
        // A UTF-8 byte order mark is not part of the first column's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i += 3 }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank { records.append((recordLine, fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while i < bytes.endIndex {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
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
            i += 1
        }
        if inQuotes { throw ParseError.unterminatedQuote(line: quotedFieldStart) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let header = records.first else { throw ParseError.empty }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw ParseError.fieldCount(line: record.line, expected: names.count, found: record.fields.count)
            }
            rows.append(Row(line: record.line, fields: record.fields))
        }
        self.init(header: names, rows: rows)
    }
}
