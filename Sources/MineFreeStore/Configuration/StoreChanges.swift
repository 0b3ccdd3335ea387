import FluentKit
import Foundation
import SQLKit

/// The store's generation: one number every import and every new reference-data load raises in its own transaction
/// (migration 012). Whatever a server keeps between requests — figures, whole answers — is kept for one generation
/// and one day: a write by this server, by `minefree import` beside it, or by another server on the same PostgreSQL
/// is seen at the next request.
public enum StoreChanges {
    public struct State: Sendable, Hashable {
        public let generation: Int64
        /// When the generation was raised (ISO 8601, UTC, seconds): an answer's `Last-Modified`.
        public let changedAt: Date

        /// From the stored row's values (none: the epoch).
        public init(generation: Int64, changedAt text: String?) {
            self.generation = generation
            self.changedAt = text.flatMap { try? Date($0, strategy: .iso8601) } ?? Date(timeIntervalSince1970: 0)
        }
    }

    /// The current generation (one primary-key read).
    public static func current(_ database: any Database) async throws -> State {
        struct Row: Decodable { let generation: Int64; let changed_at: String }
        guard
            let row = try await (database as! any SQLDatabase).raw(
                "SELECT generation, changed_at FROM store_changes WHERE id = 1"
            ).first(decoding: Row.self)
        else {
            return State(generation: 0, changedAt: nil)
        }
        return State(generation: row.generation, changedAt: row.changed_at)
    }

    /// Raises the generation: call inside the transaction that writes, so the new number is seen with the new rows.
    static func record(_ database: any Database) async throws {
        try await (database as! any SQLDatabase).raw(
            "UPDATE store_changes SET generation = generation + 1, changed_at = \(bind: now()) WHERE id = 1"
        ).run()
    }

    static func now() -> String { Date().formatted(.iso8601) }
}
