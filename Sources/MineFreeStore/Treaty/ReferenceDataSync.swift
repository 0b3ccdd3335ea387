import FluentKit
import Foundation
import MineFreeCore

/// Keeps the store's reference rows equal to the bundled reference data.
public enum ReferenceDataSync {
    public enum Outcome: Equatable, Sendable {
        case unchanged(checksum: String)
        case loaded(checksum: String)
    }

    /// Validates the files in `directory` and, when they differ from what the store last loaded, replaces
    /// the reference rows in one transaction. Invalid files throw ``ReferenceDataError`` and change nothing.
    @discardableResult
    public static func sync(from directory: URL, into repository: any TreatyRepository) async throws -> Outcome {
        let checksum = try ReferenceDataLoader.checksum(of: directory)
        if try await repository.loadedReferenceChecksum() == checksum { return .unchanged(checksum: checksum) }
        let registry = try ReferenceDataLoader.load(from: directory)
        try await repository.replaceReferenceData(with: registry, checksum: checksum)
        return .loaded(checksum: checksum)
    }
}
