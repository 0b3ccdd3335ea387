import ArgumentParser
import Foundation
import MineFreeStore

/// `minefree backup FILE`: a consistent copy of the SQLite store, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite store to a new FILE while the server may be running (VACUUM INTO).",
        discussion: """
            The copy is the store as of one moment: writes after it began are not in it. FILE must not exist.
            A PostgreSQL store (DATABASE_URL) is backed up with pg_dump: pg_dump -Fc -f FILE "$DATABASE_URL".
            """
    )

    @Argument(help: "The new file to write.") var file: String

    func run() async throws {
        let configuration = try StoreConfiguration.fromEnvironment()
        guard case .sqlite(let path) = configuration else {
            throw BadInput("backup: the store is PostgreSQL; back it up with pg_dump -Fc -f FILE \"$DATABASE_URL\"")
        }
        do {
            try await StoreSession.with { store in try await StoreBackup.backup(store, to: file) }
        } catch let refused as StoreBackup.Refused {
            throw BadInput(refused.description)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        print("Backed up \(path) to \(file) (\(size) bytes).")
    }
}

/// `minefree restore FILE`: puts a backup in place of the configured SQLite store. Stop the server first.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite store (MINEFREE_DB) with a backup FILE. Stop the server first.",
        discussion: """
            FILE is refused unless it is a SQLite database holding a MineFree store whose migrations this minefree
            knows (a store from a newer version is refused) and that passes SQLite's integrity check. The store it
            replaces is kept beside it as FILE.before-restore-TIME. The next start applies any newer migrations.
            A PostgreSQL store is restored with pg_restore: pg_restore --clean --if-exists -d "$DATABASE_URL" FILE.
            """
    )

    @Argument(help: "The backup to restore.") var file: String

    func run() async throws {
        let configuration = try StoreConfiguration.fromEnvironment()
        guard case .sqlite(let path) = configuration else {
            throw BadInput(
                "restore: the store is PostgreSQL; restore it with pg_restore --clean --if-exists -d \"$DATABASE_URL\" FILE"
            )
        }
        do {
            let kept = try await StoreBackup.restore(from: file, onto: path)
            print("Restored \(file) to \(path)." + (kept.map { " The store it replaced is kept as \($0)." } ?? ""))
        } catch let refused as StoreBackup.Refused {
            throw BadInput(refused.description)
        }
    }
}
