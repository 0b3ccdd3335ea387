import FluentKit
import Foundation
import MineFreeCore
import SQLKit
import Testing

@testable import MineFreeStore

/// The audit log (migration 011): the database refuses UPDATE and DELETE, every entry is chained to the one before
/// by its hash, `verifyAuditChain` names the first entry at fault, appends from concurrent writers make one chain,
/// and the log pages and filters. On SQLite and, when `DATABASE_URL` is set, on a fresh PostgreSQL database.
@Suite(.serialized) struct AuditLogTests {
    /// A configuration for an empty store; `cleanUp` drops the PostgreSQL database afterwards.
    static func freshConfiguration(_ configuration: StoreConfiguration) async throws -> (
        StoreConfiguration, cleanUp: @Sendable () async -> Void
    ) {
        guard case .postgres(let url) = configuration else {
            let path = TreatyStoreTests.temporaryPath()
            return (
                .sqlite(path: path),
                {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            )
        }
        let name = "minefree_audit_\(UUID().uuidString.prefix(8).lowercased())"
        try await withStore(configuration) { store in
            try await (store.database as! any SQLDatabase).raw("CREATE DATABASE \(ident: name)").run()
        }
        var parts = URLComponents(string: url)!
        parts.path = "/" + name
        return (
            .postgres(url: parts.string!),
            {
                try? await withStore(configuration) { store in
                    try await (store.database as! any SQLDatabase).raw("DROP DATABASE \(ident: name) WITH (FORCE)")
                        .run()
                }
            }
        )
    }

    /// Opens an empty store (at `migrations`), runs `body`, closes and removes it.
    static func fresh(
        _ configuration: StoreConfiguration,
        migrations: [any Migration] = MineFreeMigrations.all,
        _ body: (Store) async throws -> Void
    ) async throws {
        let (fresh, cleanUp) = try await freshConfiguration(configuration)
        do {
            let store = try await Store.open(fresh, migrations: migrations)
            do {
                try await body(store)
                await store.shutdown()
            } catch {
                await store.shutdown()
                throw error
            }
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }

    static func sql(_ store: Store) -> any SQLDatabase { store.database as! any SQLDatabase }

    static func ids(_ store: Store) async throws -> [Int64] {
        struct Row: Decodable { let id: Int64 }
        return try await sql(store).raw("SELECT id FROM audit_log ORDER BY id").all(decoding: Row.self).map(\.id)
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func theDatabaseRefusesToChangeOrDeleteAnEntry(_ configuration: StoreConfiguration) async throws {
        try await Self.fresh(configuration) { store in
            let repo = AccountRepository(database: store.database)
            for n in 1...3 { try await repo.audit(actor: "admin", action: "test", target: "t\(n)", detail: "d\(n)") }
            let sql = Self.sql(store)
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_log SET actor = 'someone else'").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_log SET hash = 'x' WHERE target = 't2'").run()
            }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_log").run() }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_log WHERE target = 't1'").run()
            }
            if case .postgres = configuration {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE audit_log").run() }
            }
            // Nothing changed: three entries, as written, still chained.
            let (total, entries) = try await repo.auditEntries(limit: 10, offset: 0)
            #expect(total == 3)
            #expect(entries.map(\.target) == ["t3", "t2", "t1"])
            #expect(entries.allSatisfy { $0.actor == "admin" })
            #expect(try await repo.verifyAuditChain() == AuditChainReport(entries: 3, brokenAt: nil, reason: nil))
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func verifyNamesTheFirstEntryAlteredOrRemoved(_ configuration: StoreConfiguration) async throws {
        try await Self.fresh(configuration) { store in
            let repo = AccountRepository(database: store.database)
            for n in 1...5 {
                try await repo.audit(actor: "admin", action: "test", target: "t\(n)", address: "192.0.2.\(n)")
            }
            #expect(try await repo.verifyAuditChain() == AuditChainReport(entries: 5, brokenAt: nil, reason: nil))
            let ids = try await Self.ids(store)
            #expect(ids.count == 5)
            // Someone with the database's keys goes around the refusal.
            try await StoreDialect.dropAppendOnlyGuard(on: "audit_log", store.database)
            let sql = Self.sql(store)
            try await sql.raw("UPDATE audit_log SET detail = 'nothing happened' WHERE id = \(bind: ids[2])").run()
            let altered = try await repo.verifyAuditChain()
            #expect(altered.brokenAt == ids[2])
            #expect(altered.entries == 3)
            #expect(altered.reason?.contains("altered") == true)
            // The address is covered too.
            try await sql.raw("UPDATE audit_log SET detail = NULL WHERE id = \(bind: ids[2])").run()
            #expect(try await repo.verifyAuditChain().intact)
            try await sql.raw("UPDATE audit_log SET address = '203.0.113.9' WHERE id = \(bind: ids[3])").run()
            #expect(try await repo.verifyAuditChain().brokenAt == ids[3])
            try await sql.raw("UPDATE audit_log SET address = '192.0.2.4' WHERE id = \(bind: ids[3])").run()
            #expect(try await repo.verifyAuditChain().intact)
            // An entry removed: the next one no longer chains to what precedes it.
            try await sql.raw("DELETE FROM audit_log WHERE id = \(bind: ids[1])").run()
            let removed = try await repo.verifyAuditChain()
            #expect(removed.brokenAt == ids[2])
            #expect(removed.reason?.contains("entry \(ids[0])'s hash") == true)
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func concurrentWritersMakeOneChain(_ configuration: StoreConfiguration) async throws {
        try await Self.fresh(configuration) { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        let repo = AccountRepository(database: store.database)
                        for n in 0..<25 { try await repo.audit(actor: "w\(writer)", action: "test", target: "\(n)") }
                    }
                }
                try await group.waitForAll()
            }
            let repo = AccountRepository(database: store.database)
            #expect(try await repo.verifyAuditChain() == AuditChainReport(entries: 100, brokenAt: nil, reason: nil))
            // No fork: every entry chains to a different predecessor.
            struct Row: Decodable { let n: Int64 }
            let distinct = try await Self.sql(store).raw("SELECT COUNT(DISTINCT previous_hash) AS n FROM audit_log")
                .first(decoding: Row.self)?.n
            #expect(distinct == 100)
            for writer in 0..<4 {
                #expect(
                    try await repo.auditEntries(matching: AuditFilter(actor: "w\(writer)"), limit: 500, offset: 0).total
                        == 25
                )
            }
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func pagesReachEveryEntryAndFiltersSelect(_ configuration: StoreConfiguration) async throws {
        try await Self.fresh(configuration) { store in
            let repo = AccountRepository(database: store.database)
            for n in 0..<620 {
                try await repo.audit(
                    actor: n % 2 == 0 ? "alice" : "bob",
                    action: n % 5 == 0 ? "sign-in-failed" : "sign-in",
                    target: "account",
                    detail: String(n)
                )
            }
            // Pages of at most 500: all 620 entries, each once, newest first.
            let first = try await repo.auditEntries(limit: 500, offset: 0)
            let second = try await repo.auditEntries(limit: 500, offset: 500)
            #expect(first.total == 620 && second.total == 620)
            #expect(first.entries.count == 500 && second.entries.count == 120)
            let all = first.entries + second.entries
            #expect(Set(all.map(\.id)).count == 620)
            #expect(all.map(\.id) == all.map(\.id).sorted(by: >))
            #expect(Set(all.compactMap(\.detail)) == Set((0..<620).map(String.init)))
            // A limit above 500 is held to 500.
            #expect(try await repo.auditEntries(limit: 10_000, offset: 0).entries.count == 500)

            let alice = try await repo.auditEntries(matching: AuditFilter(actor: "alice"), limit: 500, offset: 0)
            #expect(alice.total == 310 && alice.entries.allSatisfy { $0.actor == "alice" })
            let failed = try await repo.auditEntries(
                matching: AuditFilter(actor: "bob", action: "sign-in-failed"),
                limit: 500,
                offset: 0
            )
            // Odd multiples of 5 below 620: 5, 15, …, 615.
            #expect(failed.total == 62)
            #expect(failed.entries.allSatisfy { $0.actor == "bob" && $0.action == "sign-in-failed" })

            // Days: entries written at known times (straight into the table) are selected by from and to, both included.
            let sql = Self.sql(store)
            for (n, at) in ["2025-01-10T08:00:00Z", "2025-01-20T23:59:59Z", "2025-02-01T00:00:00Z"].enumerated() {
                try await sql.raw(
                    "INSERT INTO audit_log (id, at, actor, action, target) VALUES (\(bind: Int64(100_000 + n)), \(bind: at), 'old', 'dated', 'x')"
                ).run()
            }
            func dated(_ from: String?, _ to: String?) async throws -> [String] {
                try await repo.auditEntries(
                    matching: AuditFilter(action: "dated", from: from, to: to),
                    limit: 500,
                    offset: 0
                ).entries.map(\.at)
            }
            #expect(try await dated("2025-01-15", "2025-01-31") == ["2025-01-20T23:59:59Z"])
            #expect(try await dated("2025-01-20", "2025-01-20") == ["2025-01-20T23:59:59Z"])
            #expect(try await dated(nil, "2025-01-20") == ["2025-01-20T23:59:59Z", "2025-01-10T08:00:00Z"])
            #expect(try await dated("2025-02-01", nil) == ["2025-02-01T00:00:00Z"])
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            #expect(try await repo.auditEntries(matching: AuditFilter(from: today), limit: 1, offset: 0).total == 620)
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func entriesAreBoundedInLength(_ configuration: StoreConfiguration) async throws {
        try await Self.fresh(configuration) { store in
            let repo = AccountRepository(database: store.database)
            let huge = String(repeating: "x", count: 100_000)
            try await repo.audit(
                actor: huge,
                action: huge,
                target: huge + "\u{0}",
                detail: huge,
                address: huge
            )
            let entry = try #require(try await repo.auditEntries(limit: 1, offset: 0).entries.first)
            #expect(entry.actor.count == 200 && entry.target.count == 200 && entry.action.count == 100)
            #expect(entry.detail?.count == 2000 && entry.address?.count == 100)
            try await repo.audit(actor: "a\u{0}b", action: "test", target: "t")
            #expect(try await repo.auditEntries(limit: 1, offset: 0).entries.first?.actor == "ab")
            #expect(try await repo.verifyAuditChain().intact)
        }
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func entriesFromBeforeTheMigrationAreChainedByIt(_ configuration: StoreConfiguration) async throws {
        let before = Array(MineFreeMigrations.all.prefix(while: { !($0 is ChainAuditLog) }))
        #expect(before.count == 10)
        let (again, cleanUpAgain) = try await Self.freshConfiguration(configuration)
        do {
            let old = try await Store.open(again, migrations: before)
            do {
                let sql = Self.sql(old)
                for (n, detail) in [("1", "first"), ("2", nil), ("3", "third")] {
                    try await sql.raw(
                        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (\(bind: "2025-03-0\(n)T10:00:00Z"), 'minefree', 'account-created', \(bind: "user\(n)"), \(bind: detail))"
                    ).run()
                }
                // Before 011 nothing stopped a change.
                try await sql.raw("UPDATE audit_log SET detail = 'first!' WHERE target = 'user1'").run()
                await old.shutdown()
            } catch {
                await old.shutdown()
                throw error
            }
            try await withStore(again) { store in
                let repo = AccountRepository(database: store.database)
                #expect(try await repo.verifyAuditChain() == AuditChainReport(entries: 3, brokenAt: nil, reason: nil))
                try await repo.audit(actor: "admin", action: "sign-in", target: "account", address: "127.0.0.1")
                #expect(try await repo.verifyAuditChain() == AuditChainReport(entries: 4, brokenAt: nil, reason: nil))
                let entries = try await repo.auditEntries(limit: 10, offset: 0).entries
                #expect(entries.map(\.target) == ["account", "user3", "user2", "user1"])
                #expect(entries.first?.address == "127.0.0.1" && entries.last?.detail == "first!")
                // The new entry follows on from the old ones' ids.
                #expect(entries.first?.id == (entries.dropFirst().first?.id ?? 0) + 1)
                await #expect(throws: (any Error).self) {
                    try await Self.sql(store).raw("UPDATE audit_log SET detail = 'x' WHERE target = 'user1'").run()
                }
            }
        } catch {
            await cleanUpAgain()
            throw error
        }
        await cleanUpAgain()
    }

    @Test(arguments: TreatyStoreTests.configurations)
    func aDisabledAccountIsNotFoundAndRevokingEndsItsTokensAndSessions(_ configuration: StoreConfiguration)
        async throws
    {
        try await Self.fresh(configuration) { store in
            let repo = AccountRepository(database: store.database)
            let ann = try await repo.createUser(
                username: "ann",
                displayName: "Ann",
                role: .operator,
                organisation: "OP-1",
                passwordHash: "h"
            )
            let ben = try await repo.createUser(
                username: "ben",
                displayName: "Ben",
                role: .viewer,
                organisation: "DONOR",
                passwordHash: "h"
            )
            let later = Date().addingTimeInterval(3600)
            try await repo.addToken(hash: "ann-1", userID: ann.id, expiresAt: later)
            try await repo.addToken(hash: "ann-2", userID: ann.id, expiresAt: later)
            try await repo.addToken(hash: "ben-1", userID: ben.id, expiresAt: later)
            try await repo.createSession(idHash: "s-ann", data: #"{"user":"\#(ann.id)","csrf":"c"}"#, expiresAt: later)
            try await repo.createSession(idHash: "s-ben", data: #"{"user":"\#(ben.id)"}"#, expiresAt: later)
            try await repo.createSession(idHash: "s-anon", data: #"{"lang":"fr"}"#, expiresAt: later)

            try await repo.setRole(ann.id, .authority)
            try await repo.setOrganisation(ann.id, "NMAA")
            #expect(try await repo.user(id: ann.id)?.role == .authority)
            #expect(try await repo.user(id: ann.id)?.organisation == "NMAA")

            #expect(try await repo.revokeTokens(userID: ann.id) == 2)
            #expect(try await repo.deleteSessions(ofUser: ann.id) == 1)
            #expect(try await repo.account(forTokenHash: "ann-1") == nil)
            #expect(try await repo.session(idHash: "s-ann") == nil)
            // Ben's and the anonymous session are untouched.
            #expect(try await repo.account(forTokenHash: "ben-1")?.username == "ben")
            #expect(try await repo.session(idHash: "s-ben") != nil)
            #expect(try await repo.session(idHash: "s-anon") != nil)

            try await repo.setDisabled(ben.id, true)
            #expect(try await repo.user(id: ben.id) == nil)
            #expect(try await repo.account(forTokenHash: "ben-1") == nil)
            #expect(try await repo.user(named: "ben")?.disabled == true)
            #expect(
                try await repo.accountsWithState().map { "\($0.account.username):\($0.disabled)" } == [
                    "ann:false", "ben:true",
                ]
            )
            try await repo.setDisabled(ben.id, false)
            #expect(try await repo.user(id: ben.id)?.username == "ben")
            try await repo.setPasswordHash(ben.id, "new")
            #expect(try await repo.user(named: "ben")?.passwordHash == "new")
        }
    }
}
