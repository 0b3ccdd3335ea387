import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits password guessing, per account and per client address: a few attempts are free, then each further one
/// must wait twice as long as the last (1 s, 2 s, 4 s … up to 15 minutes), answered `429` with `Retry-After`.
/// Attempts are counted when they start, so a burst sent in parallel is counted whole; a successful sign-in clears
/// its account's count and gives its address the attempt back. A key quiet for an hour starts again.
/// Kept in memory: a restart forgives, which is the safe side for the people locked out by someone else.
final class SignInThrottle: Sendable {
    struct Policy: Sendable {
        var freeAttemptsPerAccount = 5
        var freeAttemptsPerAddress = 20
        /// The wait after the free attempts; each further attempt doubles it.
        var firstDelay: TimeInterval = 1
        var maximumDelay: TimeInterval = 15 * 60
        var forgetAfter: TimeInterval = 60 * 60
        /// Beyond this many keys the quiet ones are dropped, so a spray of names cannot fill memory.
        var maximumKeys = 50_000
    }

    struct Locked: Error { let retryAfter: Int }

    private struct Entry { var attempts: Int; var last: Date }
    private let state = NIOLockedValueBox([String: Entry]())
    let policy: Policy

    init(policy: Policy = Policy()) { self.policy = policy }

    init(firstDelay: TimeInterval) {
        var policy = Policy()
        policy.firstDelay = firstDelay
        self.policy = policy
    }

    /// Counts an attempt for the account and the address, or refuses it while either must still wait.
    func begin(account: String, address: String, now: Date = Date()) throws {
        let keys = [
            ("account:" + account.lowercased(), policy.freeAttemptsPerAccount),
            ("address:" + address, policy.freeAttemptsPerAddress),
        ]
        try state.withLockedValue { entries in
            var wait: TimeInterval = 0
            for (key, free) in keys {
                guard var e = entries[key] else { continue }
                if now.timeIntervalSince(e.last) > policy.forgetAfter { e.attempts = 0 }
                entries[key] = e
                if e.attempts >= free {
                    let delay = min(policy.maximumDelay, policy.firstDelay * pow(2, Double(e.attempts - free)))
                    wait = max(wait, delay - now.timeIntervalSince(e.last))
                }
            }
            if wait > 0 { throw Locked(retryAfter: Int(wait.rounded(.up))) }
            if entries.count >= policy.maximumKeys {
                entries = entries.filter { now.timeIntervalSince($0.value.last) <= policy.maximumDelay }
            }
            for (key, _) in keys {
                var e = entries[key] ?? Entry(attempts: 0, last: now)
                e.attempts += 1
                e.last = now
                entries[key] = e
            }
        }
    }

    /// A successful sign-in: the account's count is cleared, the address's attempt given back.
    func succeeded(account: String, address: String) {
        state.withLockedValue { entries in
            entries["account:" + account.lowercased()] = nil
            if var e = entries["address:" + address] {
                e.attempts = max(0, e.attempts - 1)
                entries["address:" + address] = e
            }
        }
    }
}

/// Password hashing on threads of its own: bcrypt takes about a quarter of a second of one core, and on the pool
/// the store's SQLite connections use, a burst of sign-ins would stall every page.
enum PasswordHashing {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
        pool.start()
        return pool
    }()

    static func verify(_ password: String, against hash: String) async throws -> Bool {
        try await pool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    static func hash(_ password: String) async throws -> String {
        try await pool.runIfActive { try Bcrypt.hash(password) }
    }

    /// A hash of nothing anyone knows, verified when the user name is unknown so that the answer takes as long
    /// as for a real account and does not tell which names exist.
    static let unknownUserHash: String = (try? Bcrypt.hash(Tokens.make())) ?? ""
}
