import Foundation

/// What an import tells its user beyond a count: every issue (not only the first 200), as CSV or JSON, and in
/// quarantine the refused records themselves, each file's in its own format with the rule and message of each
/// record, to be fixed and imported again (the importer ignores the `minefree_issues` column or property).
public enum ImportReport {
    public static let issuesColumn = "minefree_issues"

    /// Every issue and warning: file, item, rule, message, severity.
    public static func issuesCSV(_ issues: [ImportIssue]) -> String {
        var out = "file,item,rule,severity,message\n"
        for i in issues {
            out +=
                [i.file, i.item ?? "", i.rule, i.severity.rawValue, i.message].map(RecordExport.csvField).joined(
                    separator: ","
                ) + "\n"
        }
        return out
    }

    /// Issues as a JSON array of objects (snake_case keys).
    public static func issuesJSON(_ issues: [ImportIssue]) -> String {
        "["
            + issues.map { i in
                "{\"file\":\(GeoJSONWriter.string(i.file)),\"item\":\(i.item.map(GeoJSONWriter.string) ?? "null"),\"rule\":\(GeoJSONWriter.string(i.rule)),"
                    + "\"severity\":\"\(i.severity.rawValue)\",\"message\":\(GeoJSONWriter.string(i.message))}"
            }.joined(separator: ",") + "]"
    }

    /// Issues per rule, most frequent first.
    public static func countsByRule(_ issues: [ImportIssue]) -> [(rule: String, count: Int)] {
        Dictionary(grouping: issues, by: \.rule).map { ($0.key, $0.value.count) }.sorted {
            ($1.count, $0.rule) < ($0.count, $1.rule)
        }
    }

    /// The refused records of each file input, by file name: the CSV lines or GeoJSON features as they came, each
    /// with a `minefree_issues` column or property saying which rules it broke.
    public static func refusedFiles(_ outcome: RecordImport.Outcome) -> [(name: String, content: String)] {
        var byRecord: [InputRecord: [String]] = [:]
        for issue in outcome.issues {
            for r in issue.records { byRecord[r, default: []].append("[\(issue.rule)] \(issue.message)") }
        }
        var files: [(String, String)] = []
        for (k, input) in outcome.inputs.enumerated() where !outcome.refusedInputs.contains(k) {
            let rows = outcome.refused.filter { $0.input == k }.map(\.row)
            guard !rows.isEmpty else { continue }
            func note(_ row: Int) -> String {
                (byRecord[InputRecord(input: k, row: row)] ?? []).joined(separator: "; ")
            }
            switch InputRows.parse(input) {
            case .table(let table):
                var out = (table.header + [issuesColumn]).map(RecordExport.csvField).joined(separator: ",") + "\n"
                for r in rows where r < table.rows.count {
                    var cells = table.rows[r].fields
                    while cells.count < table.header.count { cells.append("") }
                    out += (cells + [note(r)]).map(RecordExport.csvField).joined(separator: ",") + "\n"
                }
                files.append((input.name, out))
            case .features(let features, _):
                var out = "{\"type\":\"FeatureCollection\",\"features\":[\n"
                for (n, r) in rows.enumerated() where r < features.count {
                    let f = features[r]
                    if n > 0 { out += ",\n" }
                    var properties = f.properties.keys.sorted().map {
                        GeoJSONWriter.string($0) + ":" + f.properties[$0]!.jsonText
                    }
                    properties.append(GeoJSONWriter.string(issuesColumn) + ":" + GeoJSONWriter.string(note(r)))
                    out +=
                        "{\"type\":\"Feature\",\"properties\":{" + properties.joined(separator: ",") + "},\"geometry\":"
                    if let g = f.geometry, let coordinates = f.enteredCoordinates ?? Geometry(g)?.coordinatesText {
                        out += "{\"type\":\"\(g.typeName)\",\"coordinates\":" + coordinates + "}"
                    } else {
                        out += "null"
                    }
                    out += "}"
                }
                files.append((input.name, out + "\n]}\n"))
            case .records, .failed:
                continue
            }
        }
        return files
    }
}
