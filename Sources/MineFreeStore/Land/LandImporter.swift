import Foundation
import MineFreeCore

/// The import pipeline every entry point shares (the CLI's `import` and `bench b1`, later the API):
/// read and validate (MineFreeCore), refuse ids already stored, write everything in one transaction.
public enum LandImporter {
    public struct Result: Sendable {
        public var dataset: LandDataset
        public var importID: Int64
        public var seconds: Double
        /// Seconds per phase, in order: what `bench` reports.
        public var phases: [(String, Double)]
    }

    public static func run(_ url: URL, profile: LandImportProfile, store: Store, progress: ((String) -> Void)? = nil) async throws -> Result {
        let start = Date()
        let repository = LandRepository(database: store.database)
        progress?("checking the store")
        let known = try await repository.knownHazards()
        let records = try await repository.knownRecords(withBoundaries: LandImport.bringsPlaces(url))
        var phases: [(String, Double)] = [("store-check", Date().timeIntervalSince(start))]
        let mark = Date()
        // Reading and checking run on the other threads while the store writes: the hazards as soon as their
        // own file passed (`hazardsChecked`), the rest once every file and every rule across files passed. All in
        // the store's one transaction, so a refusal found late still leaves the store unchanged.
        let (early, hazardsReady) = AsyncStream.makeStream(of: [HazardousArea].self, bufferingPolicy: .bufferingNewest(1))
        let context = ReadRequest(url: url, profile: profile, known: known, records: records, progress: progress)
        // On a thread of its own: the reading blocks for a second and must not hold one of the few task threads.
        let reading = Task {
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<(LandDataset, Date), any Error>) in
                Thread.detachNewThread {
                    let result = read(context, hazardsReady)
                    hazardsReady.finish()
                    done.resume(with: result)
                }
            }
        }
        progress?("writing to \(store.configuration.summary)")
        let id: Int64
        do {
            id = try await repository.store(
                source: url.path,
                earlyHazards: { await early.first { _ in true } },
                check: { repository, layers in try await refuseStored(layers, in: repository) },
                dataset: { try await reading.value.0 })
        } catch {
            // A refusal of the files explains a failed write best.
            _ = try await reading.value
            throw error
        }
        let (dataset, validated) = try await reading.value
        phases.append(("read+validate", validated.timeIntervalSince(mark)))
        phases.append(("write+index", Date().timeIntervalSince(mark)))
        phases.append(("write-after-validate", Date().timeIntervalSince(validated)))
        return Result(dataset: dataset, importID: id, seconds: Date().timeIntervalSince(start), phases: phases)
    }

    /// What the reading thread needs; the progress callback is only called, never shared otherwise.
    struct ReadRequest: @unchecked Sendable {
        let url: URL
        let profile: LandImportProfile
        let known: [String: KnownHazard]
        let records: KnownRecords
        let progress: ((String) -> Void)?
    }

    static func read(_ r: ReadRequest, _ hazardsReady: AsyncStream<[HazardousArea]>.Continuation) -> Swift.Result<(LandDataset, Date), any Error> {
        do {
            let dataset = try LandImport.read(r.url, profile: r.profile, existing: r.known, known: r.records, progress: r.progress.map { p in
                { p("reading and validating \($0)") }
            }, hazardsChecked: { hazardsReady.yield($0) })
            return .success((dataset, Date()))
        } catch {
            return .failure(error)
        }
    }

    /// Checks without writing: the import's rules against what the store holds, and ids not yet stored.
    /// What the review workflow runs when a record is submitted; `run` stores it once approved.
    public static func check(_ url: URL, profile: LandImportProfile, store: Store) async throws -> LandDataset {
        let repository = LandRepository(database: store.database)
        let dataset = try LandImport.read(
            url, profile: profile, existing: try await repository.knownHazards(), known: try await repository.knownRecords(withBoundaries: LandImport.bringsPlaces(url)))
        try await refuseStored(dataset.keys, in: repository)
        return dataset
    }

    /// Refuses ids already stored: a correction is a new record, never an overwrite.
    static func refuseStored(_ layers: [(LandLayer, [String])], in repository: LandRepository) async throws {
        var issues: [ImportIssue] = []
        let stored = Dictionary(uniqueKeysWithValues: try await repository.counts().map { ($0.0, $0.1) })
        for (layer, ids) in layers where !ids.isEmpty && stored[layer, default: 0] > 0 {
            for id in try await repository.storedIDs(layer, among: ids).sorted() {
                issues.append(ImportIssue(file: layer.rawValue, item: id, rule: "already-stored",
                                          message: "id '\(id)' is already in the store (record a correction as a new record)"))
            }
        }
        guard issues.isEmpty else { throw ImportRefused(issues: issues) }
    }
}

extension LandDataset {
    /// Each layer's record keys, in the order they are written.
    var keys: [(LandLayer, [String])] {
        [
            (.hazards, hazards.map(\.localID)), (.releases, releases.map(\.localID)),
            (.settlements, settlements.map(\.localID)), (.roads, roads.map(\.localID)),
            (.infrastructure, infrastructure.map(\.localID)), (.casualties, casualties.map(\.localID)),
            (.revisions, revisions.map(\.localID)), (.organisations, organisations.map(\.localID)),
            (.adminAreas, adminAreas.map(\.pcode)), (.activities, activities.map(\.key)),
            (.deviceFinds, deviceFinds.map(\.localID)), (.assets, assets.map(\.localID)),
            (.downtime, downtime.map(\.key)),
        ]
    }
}
