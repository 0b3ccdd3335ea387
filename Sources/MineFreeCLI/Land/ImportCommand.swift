import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// How `import` checks its input, from options.
struct ImportOptions: ParsableArguments {
    @Option(help: "Rules to check: 'generic' (default) or 'workload' (the benchmark dataset: its bounds, 6–40 vertices, its LAEA plane).")
    var profile: String = "generic"
    @Option(help: "Allowed bounds 'minLon,minLat,maxLon,maxLat' (e.g. the country's).") var bounds: String?
    @Option(name: .customLong("max-vertex-jump"), help: "Longest step between consecutive vertices, metres (default 5000).")
    var maxVertexJump: Double?
    @Option(name: .customLong("map"), help: "Column mapping FIELD=SOURCE (e.g. recorded_date=date_found); repeatable.")
    var mappings: [String] = []

    func profileValue() throws -> LandImportProfile {
        var p: LandImportProfile
        switch profile {
        case "workload": p = .workload
        case "generic": p = LandImportProfile()
        default: throw BadInput("unknown profile '\(profile)': expected generic or workload")
        }
        if let bounds {
            guard let box = BoundingBox(lonLatText: bounds) else {
                throw BadInput("bounds '\(bounds)' are not 'minLon,minLat,maxLon,maxLat' with min < max")
            }
            p.bounds = box
        }
        if let maxVertexJump {
            guard maxVertexJump > 0 else { throw BadInput("max-vertex-jump \(maxVertexJump) must be positive") }
            p.maximumVertexJump = maxVertexJump
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
}

/// `minefree import DIR|FILE`: validate every record, then store all of it, or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import land data (hazards, releases, settlements, roads, infrastructure, casualties, organisations, "
            + "admin areas, activities, finds, assets): all or nothing.",
        discussion: "PATH is a directory holding any of \(LandImport.layerFiles.joined(separator: ", ")), or one such file.")

    @Argument(help: "A directory of layer files, or one layer file.") var path: String
    @OptionGroup var options: ImportOptions

    func run() async throws {
        let profile = try options.profileValue()
        let url = URL(fileURLWithPath: path)
        try await CommandContext.with { context in
            let progress = Progress(total: 4)
            let result = try await LandImporter.run(url, profile: profile, store: context.store, progress: progress.step)
            progress.finish()
            print("Imported \(url.path) (import \(result.importID)) in \(String(format: "%.2f", result.seconds)) s:")
            for (layer, count) in result.dataset.counts where count > 0 { print("  \(layer): \(count)") }
        }
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
