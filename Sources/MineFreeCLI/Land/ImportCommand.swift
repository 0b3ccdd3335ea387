import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// How `import` checks and maps its input, from options.
struct ImportOptions: ParsableArguments {
    @Option(
        help:
            "Rules to check: 'generic' (default) or 'workload' (the benchmark dataset: its bounds, 6–40 vertices, its LAEA plane)."
    )
    var profile: String = "generic"
    @Option(help: "Allowed bounds 'minLon,minLat,maxLon,maxLat' (e.g. the country's).") var bounds: String?
    @Option(
        name: .customLong("max-vertex-jump"),
        help: "Longest step between consecutive vertices, metres (default 5000)."
    )
    var maxVertexJump: Double?
    @Option(
        name: .customLong("area-tolerance"),
        help: "How far a stated area may differ from the polygon's, as a fraction beyond 1 m² (default 0.001)."
    )
    var areaTolerance: Double?
    @Option(name: .customLong("map"), help: "Column mapping FIELD=SOURCE (e.g. recorded_date=date_found); repeatable.")
    var mappings: [String] = []
    @Option(
        name: .customLong("mapping"),
        help:
            "A mapping profile (JSON, docs/IMPORT.md): each file's layer, columns, constants, translated values, ids, geometry."
    )
    var mappingFile: String?

    func rules() throws -> ImportRules {
        var p: ImportRules
        switch profile {
        case "workload": p = .workload
        case "generic": p = ImportRules()
        default:
            throw BadInput(
                "unknown profile '\(profile)': expected generic or workload (a mapping profile file goes to --mapping)"
            )
        }
        if let bounds {
            guard let box = BoundingBox(lonLatText: bounds) else {
                throw BadInput("bounds '\(bounds)' are not 'minLon,minLat,maxLon,maxLat' with min < max")
            }
            p.bounds = box
        }
        if let maxVertexJump {
            guard maxVertexJump > 0, maxVertexJump.isFinite else {
                throw BadInput("max-vertex-jump \(maxVertexJump) must be a positive number of metres")
            }
            p.maximumVertexJump = maxVertexJump
        }
        if let areaTolerance {
            guard (0...0.5).contains(areaTolerance) else {
                throw BadInput("area-tolerance \(areaTolerance) must lie between 0 and 0.5")
            }
            p.areaTolerance = areaTolerance
        }
        for m in mappings {
            let kv = m.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw BadInput("mapping '\(m)' is not FIELD=SOURCE, e.g. recorded_date=date_found")
            }
            p.fieldNames[kv[0]] = kv[1]
        }
        return p
    }

    func mapping() throws -> MappingProfile {
        guard let mappingFile else { return MappingProfile() }
        guard let data = FileManager.default.contents(atPath: mappingFile) else {
            throw BadInput("cannot read the mapping profile '\(mappingFile)'")
        }
        do {
            return try MappingProfile.read(data, name: URL(fileURLWithPath: mappingFile).lastPathComponent)
        } catch let error as MappingProfile.Invalid {
            throw BadInput("mapping profile \(error.description)")
        }
    }
}

/// `minefree import DIR|FILE`: check every record, then store all of it, or nothing — or, in quarantine, the valid
/// records, with every refused one written to a report to be fixed and imported again.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records (hazards, releases, settlements, roads, infrastructure, casualties, organisations, "
            + "admin areas, activities, finds, assets): all or nothing, or with the refused ones set aside.",
        discussion: """
            PATH is a directory holding any of \(RecordLayers.fileNames.joined(separator: ", ")), or one such file; with \
            --mapping, also the files the profile names. CSV files may carry their geometry as WKT (a 'wkt' column) or as \
            lon/lat columns.
            """
    )

    @Argument(help: "A directory of layer files, or one layer file.") var path: String
    @OptionGroup var options: ImportOptions
    @Flag(help: "Store the valid records and set the refused ones aside in a report (default: all or nothing).")
    var quarantine = false
    @Flag(help: "Check only: count the records per layer and the issues per rule; store nothing.") var check = false
    @Option(help: "Where quarantine writes the refused records and every issue (default: PATH-refused).") var report:
        String?
    @Option(help: "Write every issue and warning to this CSV file.") var issues: String?
    @Option(help: "table (default) or json (every issue, the counts).") var format: String = "table"

    func run() async throws {
        let rules = try options.rules()
        let mapping = try options.mapping()
        guard format == "table" || format == "json" else {
            throw BadInput("unknown format '\(format)': expected table or json")
        }
        let url = URL(fileURLWithPath: path)
        let mode: RecordImport.Mode = quarantine ? .quarantine : .allOrNothing
        try await CommandContext.with { context in
            let request: Importer.Request
            do {
                request = try Importer.Request.files(url, rules: rules, mapping: mapping, mode: mode)
            } catch let refused as ImportRefused {
                try write(issues: refused.issues + refused.warnings)
                throw refused
            }
            let result: Importer.Result
            do {
                if check {
                    // A dry run reads in quarantine whatever is asked, so it can count what would be stored and refused.
                    var dry = request
                    dry.mode = .quarantine
                    result = try await Importer.check(dry, store: context.store)
                } else {
                    let progress = Progress(total: 4)
                    result = try await Importer.run(request, store: context.store, progress: progress.step)
                    progress.finish()
                }
            } catch let refused as ImportRefused {
                try write(issues: refused.issues + refused.warnings)
                if format == "json" {
                    print(
                        json(counts: [], stored: nil, issues: refused.issues, warnings: refused.warnings, refused: nil)
                    )
                } else if issues == nil, refused.issues.count > 200 {
                    MineFreeCommand.printError(
                        "minefree: all \(refused.issues.count) issues: --issues FILE (CSV) or --format json"
                    )
                }
                throw refused
            }
            try report(result, url: url)
        }
    }

    func report(_ result: Importer.Result, url: URL) throws {
        let o = result.outcome
        try write(issues: o.issues + o.warnings)
        var reportDir: String?
        if o.mode == .quarantine, !o.issues.isEmpty, !check {
            let dir =
                report
                ?? (url.hasDirectoryPath
                    ? url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + "-refused").path
                    : url.deletingPathExtension().path + "-refused")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for (name, content) in ImportReport.refusedFiles(o) {
                try content.write(
                    toFile: (dir as NSString).appendingPathComponent(name),
                    atomically: true,
                    encoding: .utf8
                )
            }
            try ImportReport.issuesCSV(o.issues + o.warnings).write(
                toFile: (dir as NSString).appendingPathComponent("issues.csv"),
                atomically: true,
                encoding: .utf8
            )
            reportDir = dir
        }
        let counts = o.dataset.counts.filter { $0.count > 0 }
        if format == "json" {
            print(
                json(
                    counts: counts,
                    stored: result.importID,
                    issues: o.issues,
                    warnings: o.warnings,
                    refused: o.refused.count
                )
            )
            return
        }
        if check {
            print(
                "Checked \(url.path): nothing stored. \(o.issues.isEmpty ? "Every record passes." : "\(o.issues.count) issues.")"
            )
        } else {
            print(
                "Imported \(url.path) (import \(result.importID ?? 0)) in \(String(format: "%.2f", result.seconds)) s:"
            )
        }
        for (layer, count) in counts { print("  \(layer): \(count)") }
        if !o.issues.isEmpty {
            let total = o.inputCounts.reduce(0, +)
            print(
                "\(check ? (quarantine ? "Would be set aside" : "Would be refused") : "Set aside"): \(o.refused.count) of \(total) records\(o.refusedInputs.isEmpty ? "" : ", and \(o.refusedInputs.count) file(s) whole"); by rule:"
            )
            for (rule, n) in ImportReport.countsByRule(o.issues) { print("  \(rule): \(n)") }
            if let reportDir {
                print(
                    "The refused records and every issue are in \(reportDir)/: fix them there and import that directory again."
                )
            }
        }
        if !o.warnings.isEmpty {
            print("Warnings:")
            for w in o.warnings.prefix(20) { print("  \(w.description)") }
            if o.warnings.count > 20 { print("  … and \(o.warnings.count - 20) more (--issues FILE lists them all)") }
        }
        // A dry run of an all-or-nothing import that would be refused exits as the import would.
        if check, !o.issues.isEmpty, !quarantine { throw ExitCode(2) }
    }

    func write(issues list: [ImportIssue]) throws {
        guard let issues else { return }
        try ImportReport.issuesCSV(list).write(toFile: issues, atomically: true, encoding: .utf8)
    }

    func json(
        counts: [(layer: String, count: Int)],
        stored: Int64?,
        issues: [ImportIssue],
        warnings: [ImportIssue],
        refused: Int?
    ) -> String {
        "{\"import\":\(stored.map(String.init) ?? "null"),\"stored\":{"
            + counts.map { "\(GeoJSONWriter.string($0.layer)):\($0.count)" }.joined(separator: ",")
            + "},\"refused_records\":\(refused.map(String.init) ?? "null"),\"issues\":\(ImportReport.issuesJSON(issues)),\"warnings\":\(ImportReport.issuesJSON(warnings))}"
    }
}

/// A one-line progress bar on a terminal (stderr); silent when output is piped.
final class Progress: @unchecked Sendable {
    let total: Int
    var done = 0
    let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    func step(_ label: String) {
        done = min(done + 1, total)
        guard enabled else { return }
        let width = 24
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(label)…".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
