import FluentKit
import Foundation
import SQLKit
import Testing

@testable import MineFreeStore

/// A SQLite store serves many requests at once: each connection waits for a busy write lock instead of spinning,
/// and states its durability; a second writer waits for the first instead of failing.
@Suite struct ServerStoreSettingsTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minefree-settings-\(UUID().uuidString).sqlite")
            .path
    }

    @Test func everyConnectionHasABusyTimeoutAndFullSynchronous() async throws {
        try await withStore(.sqlite(path: Self.path())) { store in
            struct Timeout: Decodable { let timeout: Int }
            struct Sync: Decodable { let synchronous: Int }
            var loops = 0
            for loop in store.databases.eventLoopGroup.makeIterator() {
                let sql = store.databases.database(logger: store.logger, on: loop) as! any SQLDatabase
                let timeout = try await sql.raw("PRAGMA busy_timeout").first(decoding: Timeout.self)?.timeout
                #expect(timeout == StoreDialect.busyTimeoutMilliseconds)
                // 2 = FULL: a commit is synced before it is acknowledged.
                let synchronous = try await sql.raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous
                #expect(synchronous == 2)
                loops += 1
            }
            #expect(loops >= 1)
        }
    }

    /// Two transactions that write at once on different connections: the second waits for the first's commit (the
    /// busy timeout), then both are stored.
    @Test func aSecondWriterWaitsForTheFirst() async throws {
        try await withStore(.sqlite(path: Self.path())) { store in
            let loops = Array(store.databases.eventLoopGroup.makeIterator())
            guard loops.count >= 2 else { return }
            let first = store.databases.database(logger: store.logger, on: loops[0])!
            let second = store.databases.database(logger: store.logger, on: loops[1])!
            try await (first as! any SQLDatabase).raw("CREATE TABLE race_probe (n INTEGER)").run()
            async let a: Void = first.transaction { db in
                try await (db as! any SQLDatabase).raw("INSERT INTO race_probe VALUES (1)").run()
                try await Task.sleep(for: .milliseconds(300))
            }
            try await Task.sleep(for: .milliseconds(50))
            async let b: Void = second.transaction { db in
                try await (db as! any SQLDatabase).raw("INSERT INTO race_probe VALUES (2)").run()
            }
            _ = try await (a, b)
            struct N: Decodable { let n: Int }
            let count = try await (first as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM race_probe")
                .first(decoding: N.self)?.n
            #expect(count == 2)
        }
    }
}
