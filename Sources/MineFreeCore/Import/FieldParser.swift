import Foundation

/// Checks one value against its field's kind: what every input (a file, a form, the API) meets alike.
enum FieldParser {
    enum Outcome {
        case value(FieldValue)
        case issues([(rule: String, message: String)])
    }

    static let maximumCodeLength = 64
    /// What a number written in decimal holds (`12`, `12.0`, `1.2e3`): not `0x10`, `inf` or `nan`, which `Double`
    /// would also read.
    static let decimalBytes = Set("0123456789+-.eE".utf8)

    static func parse(_ raw: JSONScalar, _ field: Field, name: String) -> Outcome {
        switch field.kind {
        case .code:
            let s = raw.text
            if let problem = codeProblem(s, name: name) { return .issues([problem]) }
            return .value(.text(s))
        case .text(let maxLength):
            let s = raw.text
            if let problem = controlProblem(s, name: name, allowingLineBreaks: true) { return .issues([problem]) }
            if s.utf8.count > maxLength, s.count > maxLength {  // UTF-8 bytes first: at most as many characters
                return .issues([("length", "\(name) is \(s.count) characters long, longer than \(maxLength)")])
            }
            return .value(.text(s))
        case .integer(let range):
            let n: Int64
            switch raw {
            case .number(let d):
                guard d == d.rounded(), abs(d) < 9e15 else {
                    return .issues([("number", "\(name) '\(raw.text)' is not a whole number")])
                }
                n = Int64(d)
            case .string(let s):
                if let i = Int64(s) {
                    n = i
                } else if s.utf8.allSatisfy({ Self.decimalBytes.contains($0) }), let d = Double(s), d == d.rounded(),
                    abs(d) < 9e15
                {
                    n = Int64(d)
                } else {
                    return .issues([("number", "\(name) '\(s)' is not a whole number")])
                }
            default:
                return .issues([("number", "\(name) '\(raw.text)' is not a whole number")])
            }
            guard range.contains(n) else {
                if let expectation = field.expectation {
                    return .issues([("range", "\(name) '\(raw.text)' is not \(expectation)")])
                }
                return .issues([
                    (
                        "range",
                        n < range.lowerBound
                            ? "\(name) \(n) is below \(range.lowerBound)" : "\(name) \(n) is above \(range.upperBound)"
                    )
                ])
            }
            return .value(.integer(n))
        case .date:
            guard case .string(let s) = raw, let d = CalendarDate(iso: s) else {
                return .issues([("date", "\(name) '\(raw.text)' is not a calendar date YYYY-MM-DD")])
            }
            return .value(.date(d))
        case .choice(let values) where field.severalInto != nil && raw.text.contains(";"):
            return parse(
                raw,
                Field(
                    field.name,
                    .choices(values),
                    required: field.required,
                    hxl: field.hxl,
                    valueAliases: field.valueAliases
                ),
                name: name
            )
        case .choice(let values):
            let s = raw.text
            let v = field.valueAliases[s] ?? s
            guard values.contains(v) else {
                return .issues([("enum", "\(name) '\(s)' is not one of \(values.joined(separator: ", "))")])
            }
            return .value(.text(v))
        case .choices(let values):
            var items: [String] = []
            var issues: [(rule: String, message: String)] = []
            for s in list(raw) {
                let v = field.valueAliases[s] ?? s
                if !values.contains(v) {
                    issues.append(("enum", "\(name) '\(s)' is not one of \(values.joined(separator: ", "))"))
                } else if items.contains(v) {
                    issues.append(("duplicate-value", "\(name) names \(v) twice"))
                } else {
                    items.append(v)
                }
            }
            return issues.isEmpty ? .value(items.isEmpty ? .null : .list(items)) : .issues(issues)
        case .codes(let maxCount):
            let items = list(raw).filter { !$0.isEmpty }
            if items.count > maxCount {
                return .issues([("range", "\(name) names \(items.count) codes, more than \(maxCount)")])
            }
            for item in items { if let problem = codeProblem(item, name: name) { return .issues([problem]) } }
            return .value(.list(items))
        }
    }

    static func codeProblem(_ s: String, name: String) -> (rule: String, message: String)? {
        // Bytes first: ids are short ASCII, and counting characters costs more than the rest of the row.
        let utf8 = s.utf8
        if utf8.count <= maximumCodeLength, !utf8.contains(where: { $0 < 0x20 || $0 >= 0x80 }) { return nil }
        if s.contains(where: \.isNewline) { return ("code", "\(name) '\(s.prefix(40))' holds a line break") }
        if let problem = controlProblem(s, name: name, allowingLineBreaks: false) { return problem }
        if s.count > maximumCodeLength {
            return (
                "length", "\(name) '\(s.prefix(40))…' is \(s.count) characters long, longer than \(maximumCodeLength)"
            )
        }
        return nil
    }

    /// NUL and the other control characters (text may keep tabs and line breaks): a store refuses some of them
    /// (PostgreSQL text cannot hold NUL) and none belongs in a record, so they are refused here, naming the field.
    static func controlProblem(_ s: String, name: String, allowingLineBreaks: Bool) -> (rule: String, message: String)?
    {
        guard
            let c = s.utf8.first(where: {
                ($0 < 0x20 && !(allowingLineBreaks && ($0 == 0x09 || $0 == 0x0A || $0 == 0x0D))) || $0 == 0x7F
            })
        else { return nil }
        if c == 0 { return ("text", "\(name) contains a NUL character") }
        return ("text", "\(name) contains the control character U+\(String(format: "%04X", c)): remove it")
    }

    /// Several values in one field: `a;b` (CSV, GeoJSON) or a JSON array of texts (the API).
    static func list(_ raw: JSONScalar) -> [String] {
        if case .json(let text) = raw, text.hasPrefix("["),
            let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
        {
            return array.map { JSONScalar(any: $0).text.trimmingCharacters(in: .whitespaces) }
        }
        let s = raw.text
        guard s.contains(";") else { return [s.trimmingCharacters(in: .whitespaces)] }
        return s.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
