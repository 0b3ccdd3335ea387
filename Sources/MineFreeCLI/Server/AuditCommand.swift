import ArgumentParser
import Foundation
import Logging
import MineFreeStore

/// `minefree audit list`: the entries, newest first; `minefree audit verify`: walks the audit log's hash chain
/// (migration 011) from its first entry.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and check the audit log.",
        subcommands: [List.self, Verify.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The audit log's entries, newest first: who did what, when, to what, and why."
        )
        @Option(help: "Only this account's entries.") var actor: String?
        @Option(help: "Only this action (e.g. personal.read, accident.confirm).") var action: String?
        @Option(help: "How many entries (1 to 500).") var limit: Int = 100
        @OptionGroup var output: FormatOption

        func run() async throws {
            guard (1...500).contains(limit) else { throw BadInput("--limit \(limit) is not from 1 to 500") }
            let (total, entries) = try await StoreSession.with { store in
                try await AccountRepository(database: store.database).auditEntries(
                    matching: AuditFilter(actor: actor, action: action),
                    limit: limit,
                    offset: 0
                )
            }
            let table = Tabulation(
                columns: ["id", "at", "actor", "action", "target", "detail", "address"],
                rows: entries.map {
                    [String($0.id), $0.at, $0.actor, $0.action, $0.target, $0.detail ?? "", $0.address ?? ""]
                }
            )
            switch output.format {
            case .csv: print(table.csv())
            case .json:
                struct Row: Encodable {
                    let id: Int64; let at: String; let actor: String; let action: String; let target: String
                    let detail: String?; let address: String?
                }
                print(
                    try JSONOutput.render(
                        entries.map {
                            Row(
                                id: $0.id,
                                at: $0.at,
                                actor: $0.actor,
                                action: $0.action,
                                target: $0.target,
                                detail: $0.detail,
                                address: $0.address
                            )
                        }
                    )
                )
            case .table:
                print("\(total) entries\(total > entries.count ? ", the newest \(entries.count)" : "")")
                if !entries.isEmpty { print(table.text()) }
            }
        }
    }

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
