import Foundation

/// One reason an import refused a record (or, as a warning, something a user should look at): which file, which
/// feature or line, which rule, what value.
public struct ImportIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var file: String
    /// "feature 12 (HA-0000012)" or "line 5"; nil for the file as a whole.
    public var item: String?
    public var rule: String
    public var message: String
    public var severity: Severity
    /// The input records the issue refuses (quarantine sets them aside); empty when it refuses a whole file.
    public var records: [InputRecord]

    public var description: String {
        "\(file)\(item.map { " \($0)" } ?? ""): \(severity == .warning ? "warning " : "")[\(rule)] \(message)"
    }

    public init(
        file: String,
        item: String?,
        rule: String,
        message: String,
        severity: Severity = .error,
        records: [InputRecord] = []
    ) {
        self.file = file
        self.item = item
        self.rule = rule
        self.message = message
        self.severity = severity
        self.records = records
    }
}

/// One record of one input: the input's number in the import and the record's 0-based place in it.
public struct InputRecord: Hashable, Sendable, Comparable {
    public var input: Int
    public var row: Int

    public init(input: Int, row: Int) {
        self.input = input
        self.row = row
    }

    public static func < (a: Self, b: Self) -> Bool { (a.input, a.row) < (b.input, b.row) }
}

/// The import was refused; nothing was stored. Every issue found is listed.
public struct ImportRefused: Error, Sendable, CustomStringConvertible {
    public var issues: [ImportIssue]
    public var warnings: [ImportIssue]

    public init(issues: [ImportIssue], warnings: [ImportIssue] = []) {
        self.issues = issues
        self.warnings = warnings
    }

    /// The first 200 issues; the full list is written by `ImportReport` (CLI: `--issues FILE` or `--format json`).
    public var description: String {
        "import refused, nothing stored (\(issues.count) issue\(issues.count == 1 ? "" : "s")):\n"
            + issues.prefix(200).map { "  " + $0.description }.joined(separator: "\n")
            + (issues.count > 200 ? "\n  … and \(issues.count - 200) more" : "")
    }

    /// Issues per rule, for a summary line.
    public var countsByRule: [String: Int] { Dictionary(grouping: issues, by: \.rule).mapValues(\.count) }
}
