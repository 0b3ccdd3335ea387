import FluentKit
import Foundation
import MineFreeCore
import MineFreeReferenceData
import SQLKit
import Testing

@testable import MineFreeStore

/// `minefree backup` and `restore` on SQLite: a backup taken during a stream of writes restores the store exactly
/// as it stood at one moment, and a restore refuses what is not a MineFree store this build can open.
@Suite(.serialized) struct BackupTests {
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minefree-\(name)-\(UUID().uuidString).sqlite")
            .path
    }

    static func remove(_ paths: String...) {
        for path in paths {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    /// Stops the writer and keeps its count.
    actor Stream {
        var stopped = false
        var written = 0
        func stop() { stopped = true }
        func wrote(_ n: Int) { written = n }
    }

    static func streamed(_ sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { let n: Int64 }
        return Int(
            try await sql.raw("SELECT COUNT(*) AS n FROM land_imports WHERE source LIKE 'stream %'")
                .first(decoding: Row.self)?.n ?? 0
        )
    }

    @Test func aBackupTakenDuringWritesRestoresEveryTableAsItStoodAtOneMoment() async throws {
        let source = Self.path("source"), backup = Self.path("backup"), restored = Self.path("restored")
        let rewound = Self.path("rewound")
        defer { Self.remove(source, backup, restored, rewound) }
        let stream = Stream()
        var atBackupStart = 0
        var total = 0
        try await withStore(.sqlite(path: source)) { store in
            // Something in the other tables too: reference data, accounts, audit entries.
            try await ReferenceDataSync.sync(
                from: BundledReferenceData.directory,
                into: FluentTreatyRepository(database: store.database)
            )
            let accounts = AccountRepository(database: store.database)
            try await accounts.createUser(
                username: "admin",
                displayName: "Admin",
                role: .administrator,
                organisation: "NMAA",
                passwordHash: "h"
            )
            try await accounts.audit(actor: "minefree", action: "account-created", target: "admin")

            // The writer: each step one transaction writing an import row and its audit entry.
            let writer = Task {
                var n = 0
                while await !stream.stopped {
                    n += 1
                    let step = n
                    try await store.database.transaction { tx in
                        try await (tx as! any SQLDatabase).raw(
                            "INSERT INTO land_imports (imported_at, source, summary) VALUES (\(bind: Date()), \(bind: "stream \(step)"), '')"
                        ).run()
                        try await AccountRepository(database: tx).audit(
                            actor: "writer",
                            action: "stream",
                            target: String(step)
                        )
                    }
                    await stream.wrote(n)
                }
                return n
            }
            let sql = store.database as! any SQLDatabase
            while try await Self.streamed(sql) < 30 { try await Task.sleep(for: .milliseconds(5)) }
            atBackupStart = try await Self.streamed(sql)
            try await StoreBackup.backup(store, to: backup)
            let atBackupEnd = try await Self.streamed(sql)
            while try await Self.streamed(sql) < atBackupEnd + 30 { try await Task.sleep(for: .milliseconds(5)) }
            await stream.stop()
            total = try await writer.value
        }

        // The backup is a MineFree store and restores onto a new path (nothing there to keep).
        #expect(try await StoreBackup.restore(from: backup, onto: restored) == nil)
        let restoredTables = try await StoreBackup.summary(of: restored)
        let k = try #require(restoredTables["land_imports"]?.rows)
        // Taken in the middle of the stream, and all or nothing per transaction: as many audit entries as imports.
        #expect(k >= atBackupStart && k < total, "backup held \(k) of \(total), \(atBackupStart) when it began")
        try await StoreBackup.withSQLite(restored) { sql in
            struct Row: Decodable { let n: Int64 }
            let audited = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stream'").first(
                decoding: Row.self
            )?.n
            #expect(audited.map(Int.init) == k)
            let last = try await sql.raw(
                "SELECT MAX(CAST(substr(source, 8) AS INTEGER)) AS n FROM land_imports WHERE source LIKE 'stream %'"
            ).first(decoding: Row.self)?.n
            #expect(last.map(Int.init) == k)
        }
        try await withStore(.sqlite(path: restored)) { store in
            let report = try await AccountRepository(database: store.database).verifyAuditChain()
            #expect(report.intact && report.entries == k + 1)
        }

        // The source as it stood at that moment: its final state with the writes after the k-th taken back.
        try await StoreBackup.withSQLite(source) { sql in try await sql.raw("VACUUM INTO \(bind: rewound)").run() }
        try await StoreBackup.withSQLite(rewound) { sql in
            try await StoreDialect.dropAppendOnlyGuard(on: "audit_log", sql as! any Database)
            try await sql.raw(
                "DELETE FROM audit_log WHERE action = 'stream' AND CAST(target AS INTEGER) > \(bind: k)"
            ).run()
            try await sql.raw(
                "DELETE FROM land_imports WHERE source LIKE 'stream %' AND CAST(substr(source, 8) AS INTEGER) > \(bind: k)"
            ).run()
        }
        let expected = try await StoreBackup.summary(of: rewound)
        #expect(Set(expected.keys) == Set(restoredTables.keys))
        #expect(expected.count > 30)
        for (table, summary) in expected {
            #expect(restoredTables[table] == summary, "\(table)")
        }
        #expect(expected["audit_log"]?.rows == k + 1)
        #expect((expected["conventions"]?.rows ?? 0) > 0)
    }

    @Test func aBackupNeverOverwritesAFile() async throws {
        let source = Self.path("source"), existing = Self.path("existing")
        defer { Self.remove(source, existing) }
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        try await withStore(.sqlite(path: source)) { store in
            await #expect(throws: StoreBackup.Refused.self) { try await StoreBackup.backup(store, to: existing) }
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")
    }

    @Test func aRestoreRefusesWhatIsNotAMineFreeStoreOfThisSchema() async throws {
        let destination = Self.path("destination"), text = Self.path("text"), other = Self.path("other")
        let newer = Self.path("newer")
        defer { Self.remove(destination, text, other, newer) }
        try await withStore(.sqlite(path: destination)) { store in
            try await AccountRepository(database: store.database).audit(actor: "a", action: "b", target: "c")
        }
        let before = try await StoreBackup.summary(of: destination)

        try Data("id,name\n1,not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        for (file, reason) in [
            (text, "not a SQLite database"), (Self.path("missing"), "no such file, or it cannot be read"),
        ] {
            do {
                try await StoreBackup.restore(from: file, onto: destination)
                Issue.record("\(file) was restored")
            } catch let refused as StoreBackup.Refused {
                #expect(refused.description == "\(file): \(reason)")
            }
        }

        try await StoreBackup.withSQLite(other) { sql in
            try await sql.raw("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)").run()
        }
        do {
            try await StoreBackup.restore(from: other, onto: destination)
            Issue.record("a SQLite file that is not a MineFree store was restored")
        } catch let refused as StoreBackup.Refused {
            #expect(refused.file == other)
            #expect(refused.reason.hasPrefix("not a MineFree store"))
        }

        // A store a later minefree made: one migration more than this build knows.
        let future = try await Store.open(.sqlite(path: newer), migrations: MineFreeMigrations.all + [FromTheFuture()])
        await future.shutdown()
        do {
            try await StoreBackup.restore(from: newer, onto: destination)
            Issue.record("a store from a newer schema was restored")
        } catch let refused as StoreBackup.Refused {
            #expect(refused.file == newer)
            #expect(refused.reason.hasPrefix("from a newer schema"))
            #expect(refused.reason.contains("FromTheFuture"))
            #expect(refused.description.split(separator: "\n").count == 1)
        }
        // Nothing was put in place of the store; no kept copy was made.
        #expect(try await StoreBackup.summary(of: destination) == before)
        let directory = URL(fileURLWithPath: destination).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: destination).lastPathComponent
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                $0.hasPrefix(name + ".before-restore") || $0.hasPrefix(name + ".restoring")
            }.isEmpty
        )

        // The same store as this schema's is accepted, and the one it replaces is kept.
        let kept = try #require(try await StoreBackup.restore(from: destination, onto: newer))
        defer { Self.remove(kept) }
        #expect(try await StoreBackup.summary(of: newer) == before)
        #expect(try await StoreBackup.summary(of: kept)["_fluent_migrations"]?.rows == MineFreeMigrations.all.count + 1)
    }

    struct FromTheFuture: AsyncMigration {
        func prepare(on database: any Database) async throws {
            try await database.schema("future_things").field("id", .int64, .identifier(auto: true)).create()
        }
        func revert(on database: any Database) async throws { try await database.schema("future_things").delete() }
    }
}
