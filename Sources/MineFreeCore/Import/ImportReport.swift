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
            // Records a request sent are not a file to give back.
            if case .records = input.content { continue }
            let rows = outcome.refused.filter { $0.input == k }.map(\.row)
            guard !rows.isEmpty else { continue }
            func note(_ row: Int) -> String {
                (byRecord[InputRecord(input: k, row: row)] ?? []).joined(separator: "; ")
            }
            // Read again a batch at a time, as the import read it: only the refused rows are kept.
            let wanted = Set(rows)
            let feed = RowFeed(input)
            var header: [String]?
            var refused: [String] = []
            while let batch = feed.next() {
                switch batch {
                case .table(let part, let first):
                    header = part.header
                    for (i, row) in part.rows.enumerated() where wanted.contains(first + i) {
                        var cells = row.fields
                        while cells.count < part.header.count { cells.append("") }
                        refused.append((cells + [note(first + i)]).map(RecordExport.csvField).joined(separator: ","))
                    }
                case .features(let part, let first):
                    for (i, f) in part.enumerated() where wanted.contains(first + i) {
                        refused.append(refusedFeature(f, note: note(first + i)))
                    }
                case .failed:
                    break
                }
            }
            if input.isCSV {
                guard let header else { continue }
                let names = (header + [issuesColumn]).map(RecordExport.csvField).joined(separator: ",")
                files.append((input.name, ([names] + refused).joined(separator: "\n") + "\n"))
            } else {
                let features = refused.joined(separator: ",\n")
                files.append((input.name, "{\"type\":\"FeatureCollection\",\"features\":[\n" + features + "\n]}\n"))
            }
        }
        return files
    }

    /// A refused feature as it came, with its issues as one more property.
    static func refusedFeature(_ f: GeoJSONFeature, note: String) -> String {
        var properties = f.properties.keys.sorted().map { GeoJSONWriter.string($0) + ":" + f.properties[$0]!.jsonText }
        properties.append(GeoJSONWriter.string(issuesColumn) + ":" + GeoJSONWriter.string(note))
        var out = "{\"type\":\"Feature\",\"properties\":{" + properties.joined(separator: ",") + "},\"geometry\":"
        if let g = f.geometry, let coordinates = f.enteredCoordinates ?? Geometry(g)?.coordinatesText {
            out += "{\"type\":\"\(g.typeName)\",\"coordinates\":" + coordinates + "}"
        } else {
            out += "null"
        }
        return out + "}"
    }
}
