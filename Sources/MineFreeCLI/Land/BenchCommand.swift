import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeStore

/// `minefree bench b1|b3`: the benchmark workloads of ../shared/bench/WORKLOAD.md, writing its output files.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Run a benchmark: b1 (import, full validation), b2 (priority), b3 (progress table) or b4 (forecast) of ../shared/bench/WORKLOAD.md, or dedupe (casualty reports from two sources).",
        discussion: """
            b1 imports DATA into a fresh SQLite store (--store, replaced) with the workload rules and prints the counts.
            b2 reads DATA's files and ranks the open hazards by the default priority model into --out.
            b4 reads DATA's hazards and releases and a B2 file (--b2, the order of work) and writes the forecast (10,000
            iterations, --seed) into --out.
            b2 and b4 parse the files as the anchors do (typed, not validated: B1 measures validation); --checked reads
            them through the import with every B1 check instead.
            b3 computes the progress table from the store (importing DATA first, untimed, if the store is empty) into --out.
            dedupe takes DATA's casualties as one source's reports, adds a second source repeating 30% of them with noise
            (seeded by --seed), and times recognising the repeats (--runs times: the first run pays for fresh memory, the
            later ones show the work), with precision and recall against the known ones.
            Each prints '[minefree BENCH] phase NAME SECONDS' lines like the anchors.
            """
    )

    @Argument(help: "b1, b2, b3, b4 or dedupe.") var benchmark: String
    @Option(help: "The dataset directory (gen_dataset.py output).") var data: String
    @Option(help: "The SQLite store to use.") var store: String = "./bench.sqlite"
    @Option(help: "Output CSV (b2, b3, b4).") var out: String?
    @Option(help: "The B2 file giving the order of work (b4).") var b2: String?
    @Option(
        name: .customLong("as-of"),
        help: "As of (default 2026-01-01, the workload's).",
        transform: CalendarDate.argument
    )
    var asOf: CalendarDate = CalendarDate(year: 2026, month: 1, day: 1)!
    @Option(help: "The seed: the second source's generator (dedupe, default 16) or the forecast's (b4, default 2026).")
    var seed: UInt64?
    @Option(help: "dedupe: time the matching this many times on the same reports (1–50, default 1); each run prints.")
    var runs: Int = 1
    @Flag(help: "b2, b4: read the files through the import (every B1 check) instead of parsing them as the anchors do.")
    var checked = false

    func run() async throws {
        guard ["b1", "b2", "b3", "b4", "dedupe"].contains(benchmark) else {
            throw BadInput("unknown benchmark '\(benchmark)': expected b1, b2, b3, b4 or dedupe")
        }
        let dataURL = URL(fileURLWithPath: data)
        if benchmark == "dedupe" {
            guard FileManager.default.fileExists(atPath: dataURL.appendingPathComponent("casualties.geojson").path)
            else {
                throw BadInput("no casualties.geojson in '\(data)': expected a directory written by gen_dataset.py")
            }
            guard (1...50).contains(runs) else { throw BadInput("--runs \(runs): expected 1 to 50") }
            let outcome = try DedupeBench.run(data: dataURL, seed: seed ?? 16, runs: runs)
            print(
                "reports: \(outcome.reports), repeats: \(outcome.repeats), proposed: \(outcome.proposed), correct: \(outcome.correct), accidents: \(outcome.accidents)"
            )
            print(String(format: "precision %.4f recall %.4f", outcome.precision, outcome.recall))
            for (phase, seconds) in outcome.phases {
                print("[minefree dedupe] phase \(phase) \(String(format: "%.4f", seconds))")
            }
            return
        }
        guard FileManager.default.fileExists(atPath: dataURL.appendingPathComponent("hazards.geojson").path) else {
            throw BadInput("no hazards.geojson in '\(data)': expected a directory written by gen_dataset.py")
        }
        if benchmark == "b4" {
            guard let out else { throw BadInput("b4 needs --out FILE") }
            guard let b2 else { throw BadInput("b4 needs --b2 FILE (a B2 output for the same data and day)") }
            try Self.b4(data: dataURL, b2: b2, out: out, asOf: asOf, seed: seed ?? 2026, checked: checked)
            return
        }
        if benchmark == "b2" {
            guard let out else { throw BadInput("b2 needs --out FILE") }
            try Self.b2(data: dataURL, out: out, asOf: asOf, checked: checked)
            return
        }
        if benchmark == "b1" {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + suffix) }
        }
        let opening = Date()
        let opened = try await Store.open(.sqlite(path: store), journal: .rollbackWhileNew)
        let openSeconds = Date().timeIntervalSince(opening)
        do {
            if benchmark == "b1" {
                let result = try await Importer.run(dataURL, rules: .workload, store: opened)
                for (layer, count) in result.dataset.counts { print("\(layer): \(count)") }
                for (phase, seconds) in result.phases {
                    print("[minefree b1] phase \(phase) \(String(format: "%.3f", seconds))")
                }
                print("[minefree b1] phase total \(String(format: "%.3f", result.seconds))")
                // Outside the workload's timing (first byte read to durable store) but inside the process's: creating
                // the store, and closing it (with write-ahead logging, SQLite copies the log into the file as the last
                // connection closes; a new store written with the rollback journal has nothing left to copy).
                print("[minefree b1] phase store-open \(String(format: "%.3f", openSeconds))")
                let closing = Date()
                await opened.shutdown()
                print("[minefree b1] phase store-close \(String(format: "%.3f", Date().timeIntervalSince(closing)))")
                return
            } else {
                guard let out else { throw BadInput("b3 needs --out FILE") }
                let repository = LandRepository(database: opened.database)
                if try await RecordRepository(database: opened.database).counts()[HazardousArea.info.name] == 0 {
                    _ = try await Importer.run(dataURL, rules: .workload, store: opened)
                }
                let start = Date()
                let (recorded, released) = try await repository.progressFlows(asOf: asOf)
                let read = Date()
                let csv = ProgressTable(recorded: recorded, released: released, asOf: asOf).csv()
                try csv.write(toFile: out, atomically: true, encoding: .utf8)
                let end = Date()
                print("[minefree b3] phase sql-aggregate \(String(format: "%.3f", read.timeIntervalSince(start)))")
                print("[minefree b3] phase compute+write \(String(format: "%.3f", end.timeIntervalSince(read)))")
                print("[minefree b3] phase total \(String(format: "%.3f", end.timeIntervalSince(start)))")
            }
        } catch {
            await opened.shutdown()
            throw error
        }
        await opened.shutdown()
    }

    /// B2 as one process from the files: read (parsed, or with every import check), what remains as of the day, the
    /// ranking in the workload's plane, the CSV.
    static func b2(data: URL, out: String, asOf: CalendarDate, checked: Bool) throws {
        let start = Date()
        let dataset: BenchFiles
        if checked {
            let d = try RecordImport.read(data, rules: .workload)
            dataset = BenchFiles(
                hazards: d.hazards,
                releases: d.releases,
                settlements: d.settlements,
                roads: d.roads,
                infrastructure: d.infrastructure,
                casualties: d.casualties
            )
        } else {
            dataset = try BenchFiles.read(data, layers: .all)
        }
        let read = Date()
        let view = LandView(hazards: dataset.hazards, releases: dataset.releases, asOf: asOf)
        let ranked = PriorityScoring.rank(
            view,
            settlements: dataset.settlements,
            roads: dataset.roads,
            infrastructure: dataset.infrastructure,
            casualties: dataset.casualties,
            model: .default,
            plane: .workload
        )
        let scored = Date()
        try PriorityScoring.b2CSV(ranked).write(toFile: out, atomically: true, encoding: .utf8)
        let written = Date()
        print("ranked: \(ranked.count)")
        for (phase, seconds) in [
            ("read", read.timeIntervalSince(start)), ("rank", scored.timeIntervalSince(read)),
            ("write", written.timeIntervalSince(scored)), ("total", written.timeIntervalSince(start)),
        ] {
            print("[minefree b2] phase \(phase) \(String(format: "%.3f", seconds))")
        }
    }

    /// B4 as one process: the hazards and releases read, the B2 file's ranks as the order of work, 10,000 iterations
    /// on every core, the CSV.
    static func b4(data: URL, b2: String, out: String, asOf: CalendarDate, seed: UInt64, checked: Bool) throws {
        let start = Date()
        // The forecast needs the hazards and what was released from them; the other layers are not read.
        let dataset: (hazards: [HazardousArea], releases: [LandRelease])
        if checked {
            let inputs = try ImportInput.discover(data).0.filter {
                ["hazards", "release_events"].contains($0.layer.name)
            }
            let d = try RecordImport.read(inputs, rules: .workload).dataset
            dataset = (d.hazards, d.releases)
        } else {
            let files = try BenchFiles.read(data, layers: .hazardsAndReleases)
            dataset = (files.hazards, files.releases)
        }
        var ranked: [(rank: Int, id: String)] = []
        let text: String
        do {
            text = try String(contentsOfFile: b2, encoding: .utf8)
        } catch {
            throw BadInput("cannot read the B2 file '\(b2)': \(error.localizedDescription)")
        }
        for (n, line) in text.split(separator: "\n").enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 8, let rank = Int(fields[7]) else {
                throw BadInput("\(b2) line \(n + 1): expected a B2 row (hazard_id,…,score,rank)")
            }
            ranked.append((rank, String(fields[0])))
        }
        ranked.sort { $0.rank < $1.rank }
        let view = LandView(hazards: dataset.hazards, releases: dataset.releases, asOf: asOf)
        let work = ForecastHazard.workList(order: ranked.map(\.id), view: view)
        let regions = Array(Set(dataset.hazards.map(\.region))).sorted()
        let read = Date()
        let forecast = try CompletionForecast(workList: work, asOf: asOf, seed: seed, regions: regions)
        let simulated = Date()
        try forecast.b4CSV().write(toFile: out, atomically: true, encoding: .utf8)
        let written = Date()
        print("hazards: \(work.count)")
        for (phase, seconds) in [
            ("read", read.timeIntervalSince(start)), ("simulate", simulated.timeIntervalSince(read)),
            ("write", written.timeIntervalSince(simulated)), ("total", written.timeIntervalSince(start)),
        ] {
            print("[minefree b4] phase \(phase) \(String(format: "%.3f", seconds))")
        }
    }
}
