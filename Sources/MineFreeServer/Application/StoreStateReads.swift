import Foundation
import MineFreeCore
import MineFreeStore
import NIOConcurrencyHelpers

/// The store's generation and the bearer tokens' accounts, read for every request waiting at once.
///
/// Each request needs both before it may be answered, even from what the server keeps (`ReadAnswers`). Asked one
/// request at a time, 64 concurrent users make 64 statements for the same one-row answer, and on PostgreSQL the
/// round trips — not the work — set the tail latency. Here at most one read is under way: a request that arrives
/// while one runs joins the next, which starts when the running one ends and carries every waiting token.
/// A request is always answered from a read that began after it arrived, so a write committed before a request
/// (by this server, `minefree import` or another server) is seen by it, as when each read its own.
final class StoreStateReads: Sendable {
    typealias Reader =
        @Sendable ([String]) async throws -> (
            store: StoreChanges.State, accounts: [String: Account]
        )
    private typealias Answer = Result<(store: StoreChanges.State, accounts: [String: Account]), any Error>

    private struct Batch {
        var tokenHashes: Set<String> = []
        var waiting: [CheckedContinuation<(store: StoreChanges.State, accounts: [String: Account]), any Error>] = []
    }

    private struct State {
        var reading = false
        var next: Batch?
        var reads = 0
    }

    private let state = NIOLockedValueBox(State())
    private let reader: Reader

    init(reader: @escaping Reader) { self.reader = reader }

    /// The store's generation, and the account of `tokenHash` (nil: none asked, or no live token of an enabled account).
    func read(tokenHash: String?) async throws -> (store: StoreChanges.State, account: Account?) {
        let answer = try await withCheckedThrowingContinuation { continuation in
            let start: Batch? = state.withLockedValue { s in
                var batch = s.next ?? Batch()
                batch.waiting.append(continuation)
                if let tokenHash { batch.tokenHashes.insert(tokenHash) }
                if s.reading {
                    s.next = batch
                    return nil
                }
                s.reading = true
                s.next = nil
                return batch
            }
            if let start { Task { await self.run(start) } }
        }
        return (answer.store, tokenHash.flatMap { answer.accounts[$0] })
    }

    /// Reads for `batch`, then for whoever arrived meanwhile, until nobody waits.
    private func run(_ first: Batch) async {
        var batch = first
        while true {
            let answer: Answer
            do { answer = .success(try await reader(Array(batch.tokenHashes))) } catch { answer = .failure(error) }
            for waiting in batch.waiting { waiting.resume(with: answer) }
            let next: Batch? = state.withLockedValue { s in
                s.reads += 1
                guard let next = s.next else {
                    s.reading = false
                    return nil
                }
                s.next = nil
                return next
            }
            guard let next else { return }
            batch = next
        }
    }

    /// How many statements have been made (for tests).
    var reads: Int { state.withLockedValue { $0.reads } }
}
