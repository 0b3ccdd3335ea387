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
        let records = try await repository.knownRecords()
        var phases: [(String, Double)] = [("store-check", Date().timeIntervalSince(start))]
        var mark = Date()
        let dataset = try LandImport.read(url, profile: profile, existing: known, known: records) { progress?("reading and validating \($0)") }
        phases.append(("read+validate", Date().timeIntervalSince(mark)))
        mark = Date()
        // Ids already stored are refused too: a correction is a new record, never an overwrite.
        let issues = try await alreadyStored(dataset, repository: repository)
        guard issues.isEmpty else { throw ImportRefused(issues: issues) }
        phases.append(("id-check", Date().timeIntervalSince(mark)))
        mark = Date()
        progress?("writing to \(store.configuration.summary)")
        let id = try await repository.store(dataset, source: url.path)
        phases.append(("write+index", Date().timeIntervalSince(mark)))
        return Result(dataset: dataset, importID: id, seconds: Date().timeIntervalSince(start), phases: phases)
    }

    /// Checks without writing: the import's rules against what the store holds, and ids not yet stored.
    /// What the review workflow runs when a record is submitted; `run` stores it once approved.
    public static func check(_ url: URL, profile: LandImportProfile, store: Store) async throws -> LandDataset {
        let repository = LandRepository(database: store.database)
        let dataset = try LandImport.read(
            url, profile: profile, existing: try await repository.knownHazards(), known: try await repository.knownRecords())
        let issues = try await alreadyStored(dataset, repository: repository)
        guard issues.isEmpty else { throw ImportRefused(issues: issues) }
        return dataset
    }

    static func alreadyStored(_ dataset: LandDataset, repository: LandRepository) async throws -> [ImportIssue] {
        var issues: [ImportIssue] = []
        let layers: [(LandLayer, [String])] = [
            (.hazards, dataset.hazards.map(\.localID)), (.releases, dataset.releases.map(\.localID)),
            (.settlements, dataset.settlements.map(\.localID)), (.roads, dataset.roads.map(\.localID)),
            (.infrastructure, dataset.infrastructure.map(\.localID)), (.casualties, dataset.casualties.map(\.localID)),
            (.revisions, dataset.revisions.map(\.localID)), (.organisations, dataset.organisations.map(\.localID)),
            (.adminAreas, dataset.adminAreas.map(\.pcode)), (.activities, dataset.activities.map(\.key)),
            (.deviceFinds, dataset.deviceFinds.map(\.localID)), (.assets, dataset.assets.map(\.localID)),
            (.downtime, dataset.downtime.map(\.key)),
        ]
        let stored = Dictionary(uniqueKeysWithValues: try await repository.counts().map { ($0.0, $0.1) })
        for (layer, ids) in layers where !ids.isEmpty && stored[layer, default: 0] > 0 {
            for id in try await repository.storedIDs(layer, among: ids).sorted() {
                issues.append(ImportIssue(file: layer.rawValue, item: id, rule: "already-stored",
                                          message: "id '\(id)' is already in the store (record a correction as a new record)"))
            }
        }
        return issues
    }
}
