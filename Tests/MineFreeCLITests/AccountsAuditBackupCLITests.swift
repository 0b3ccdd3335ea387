import Foundation
import Testing

/// `minefree user …` changes, `audit verify`, `backup` and `restore`, and `serve --demo` on a store with other
/// records: what a user types and sees.
@Suite(.serialized) struct AccountsAuditBackupCLITests {
    let cli = CLI()

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minefree-\(name)-\(UUID().uuidString)").path
    }

    /// Changes the store behind minefree's back, as someone with the file could (Python's sqlite3 module).
    func tamper(_ statements: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script =
            "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n"
            + statements.map { "c.execute(\"\($0)\")\n" }.joined() + "c.commit()\n"
        process.arguments = ["python3", "-c", script, cli.databasePath]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func accountsAreChangedFromTheCommandLineAndTheAuditChainVerifies() throws {
        defer { cli.cleanUp() }
        let password = ["MINEFREE_NEW_PASSWORD": "a long enough password"]
        #expect(
            try cli.runArray(
                ["user", "add", "alice", "--role", "viewer", "--organisation", "EU"],
                environment: password
            ).status == 0
        )

        let disable = try cli.run("user", "disable", "alice")
        #expect(disable.status == 0)
        #expect(disable.stdout == "alice: account-disabled (0 sessions and 0 tokens ended)\n")
        #expect(try cli.run("user", "list").stdout == "alice\tviewer\tEU\talice\tdisabled\n")
        #expect(try cli.run("user", "enable", "alice").stdout == "alice: account-enabled (enabled)\n")
        #expect(
            try cli.run("user", "set-role", "alice", "authority").stdout
                == "alice: account-role-changed (viewer → authority)\n"
        )
        #expect(
            try cli.run("user", "set-organisation", "alice", "NMAA").stdout
                == "alice: account-organisation-changed (EU → NMAA)\n"
        )
        let reset = try cli.runArray(
            ["user", "reset-password", "alice"],
            environment: ["MINEFREE_NEW_PASSWORD": "another long password"]
        )
        #expect(reset.stdout == "alice: account-password-reset (0 sessions and 0 tokens ended)\n")
        #expect(
            try cli.run("user", "revoke", "alice").stdout
                == "alice: account-sessions-revoked (0 sessions and 0 tokens ended)\n"
        )
        #expect(try cli.run("user", "list").stdout == "alice\tauthority\tNMAA\talice\n")

        // Refusals: one line naming the fault, exit status 2, nothing audited.
        let nobody = try cli.run("user", "disable", "nobody")
        #expect(nobody.status == 2 && nobody.stderr == "minefree: username: no account 'nobody'\n")
        let role = try cli.run("user", "set-role", "alice", "public")
        #expect(role.status == 2 && role.stderr.split(separator: "\n").count == 1)
        let short = try cli.runArray(
            ["user", "reset-password", "alice"],
            environment: ["MINEFREE_NEW_PASSWORD": "short"]
        )
        #expect(short.status == 2 && short.stderr == "minefree: password: use at least 10 characters\n")

        let verify = try cli.run("audit", "verify")
        #expect(verify.status == 0)
        #expect(verify.stdout == "7 entries, chain intact\n")

        // The database refuses a change; someone who drops the trigger first is found out by verify.
        try tamper(["DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET detail = 'nothing' WHERE id = 3"])
        let broken = try cli.run("audit", "verify")
        #expect(broken.status == 1)
        #expect(
            broken.stdout == "audit log broken at entry 3: its fields do not match its hash: the entry was altered\n"
        )
    }

    @Test func aBackupRestoresAndARestoreRefusesWhatItCannotUse() throws {
        defer { cli.cleanUp() }
        let backup = temporary("backup") + ".sqlite"
        let text = temporary("text") + ".csv"
        defer { for path in [backup, text] { try? FileManager.default.removeItem(atPath: path) } }
        let password = ["MINEFREE_NEW_PASSWORD": "a long enough password"]
        #expect(
            try cli.runArray(
                ["user", "add", "alice", "--role", "viewer", "--organisation", "EU"],
                environment: password
            ).status == 0
        )

        let made = try cli.run("backup", backup)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.hasPrefix("Backed up \(cli.databasePath) to \(backup) ("))
        let again = try cli.run("backup", backup)
        #expect(again.status == 2)
        #expect(again.stderr == "minefree: \(backup): the file exists already; choose a new name\n")

        // After the backup: another account, gone again once the backup is restored.
        #expect(
            try cli.runArray(["user", "add", "bob", "--role", "viewer", "--organisation", "EU"], environment: password)
                .status == 0
        )
        let restored = try cli.run("restore", backup)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(
            restored.stdout.hasPrefix("Restored \(backup) to \(cli.databasePath). The store it replaced is kept as ")
        )
        let kept = String(restored.stdout.split(separator: " ").last ?? "").trimmingCharacters(
            in: .init(charactersIn: ".\n")
        )
        defer { try? FileManager.default.removeItem(atPath: kept) }
        #expect(FileManager.default.fileExists(atPath: kept))
        #expect(try cli.run("user", "list").stdout == "alice\tviewer\tEU\talice\n")
        #expect(try cli.run("audit", "verify").stdout == "1 entry, chain intact\n")

        try Data("id,name\n1,a\n".utf8).write(to: URL(fileURLWithPath: text))
        let notSQLite = try cli.run("restore", text)
        #expect(notSQLite.status == 2)
        #expect(notSQLite.stderr == "minefree: \(text): not a SQLite database\n")

        let postgres = ["DATABASE_URL": "postgres://minefree@127.0.0.1:1/minefree"]
        let dump = try cli.runArray(["backup", backup + ".2"], environment: postgres)
        #expect(dump.status == 2 && dump.stderr.contains("pg_dump") && dump.stderr.split(separator: "\n").count == 1)
        let pgRestore = try cli.runArray(["restore", backup], environment: postgres)
        #expect(pgRestore.status == 2 && pgRestore.stderr.contains("pg_restore"))
    }

    @Test func serveDemoRefusesAStoreWithRecordsTheDemoDidNotMake() throws {
        defer { cli.cleanUp() }
        let dir = temporary("demo-files")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try cli.run("demo", dir).status == 0)
        let imported = try cli.run("import", dir + "/organisations.csv", "--profile", "workload")
        #expect(imported.status == 0, "\(imported.stderr)")

        // Run with a deadline: a server that started anyway is stopped and fails the test.
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--demo", "--port", "18097"]
        var environment = ProcessInfo.processInfo.environment
        environment["MINEFREE_DB"] = cli.databasePath
        environment["DATABASE_URL"] = nil
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let started = process.isRunning
        if started { process.terminate() }
        process.waitUntilExit()
        #expect(!started, "serve --demo started on a store with an import of its own")
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(
            stderr.split(separator: "\n").last?.hasPrefix(
                "minefree: --demo: SQLite file \(cli.databasePath) holds 1 import not made by the demo"
            ) == true,
            "\(stderr)"
        )
        // No account was added.
        #expect(try cli.run("user", "list").stdout == "")
    }
}
