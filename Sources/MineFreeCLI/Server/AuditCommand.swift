import ArgumentParser
import Foundation
import Logging
import MineFreeStore

/// `minefree audit verify`: walks the audit log's hash chain (migration 011) from its first entry.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Walk the audit log's hash chain and report the first broken link (exit status 1), if any.",
            discussion: """
                Each entry's hash covers its fields and the previous entry's hash, so an entry altered, removed or
                inserted by anyone who went around the database's refusal breaks the chain from there on.
                """
        )

        func run() async throws {
            let report = try await StoreSession.with { store in
                try await AccountRepository(database: store.database).verifyAuditChain()
            }
            if let id = report.brokenAt {
                print("audit log broken at entry \(id): \(report.reason ?? "")")
                throw ExitCode.failure
            }
            print("\(report.entries) \(report.entries == 1 ? "entry" : "entries"), chain intact")
        }
    }
}

/// The store alone, opened and migrated, without loading the reference data (`backup` and `audit` read or copy it).
enum StoreSession {
    static func with<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        var logger = Logger(label: "minefree")
        logger.logLevel = .warning
        let store = try await Store.open(try StoreConfiguration.fromEnvironment(), logger: logger)
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }
}
