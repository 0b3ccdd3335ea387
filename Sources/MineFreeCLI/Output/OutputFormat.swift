import ArgumentParser
import Foundation

/// How a command prints its answer.
public enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Aligned columns for a person at a terminal.
    case table
    /// Comma-separated, header row of snake_case names, for spreadsheets.
    case csv
    /// snake_case keys, stable for scripts.
    case json
}

struct FormatOption: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table
}

/// Rows with named columns: printed as an aligned table or as CSV.
struct Tabulation {
    var columns: [String]
    var rows: [[String]]

    /// Aligned columns, header underlined; numbers right-aligned.
    func text() -> String {
        let widths = columns.indices.map { i in
            max(columns[i].count, rows.map { $0[i].count }.max() ?? 0)
        }
        let numeric = columns.indices.map { i in
            !rows.isEmpty && rows.allSatisfy { Double($0[i]) != nil || $0[i].isEmpty }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return numeric[i] ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out = [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    func csv() -> String {
        ([columns] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n")
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

enum JSONOutput {
    static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// "1 state", "2 states": a count with its noun for a heading line.
func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
}
