import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeServer
import MineFreeStore

/// `minefree user add|list`: accounts from the command line (the first administrator, or scripted set-up).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add or list the accounts of the web app and the API.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an account. The password is read from MINEFREE_NEW_PASSWORD, or from standard input."
        )

        @Argument(help: "User name: 2-64 lower-case letters, digits, '.', '_' or '-'.") var username: String
        @Option(help: "administrator, authority, operator or viewer.") var role: String
        @Option(help: "The organisation the account acts for (an operator's id, or the authority's).") var organisation:
            String
        @Option(name: .customLong("name"), help: "The name shown in the app.") var displayName: String?

        func run() async throws {
            guard let role = Role(rawValue: role), role != .public else {
                throw BadInput("unknown role '\(role)': expected administrator, authority, operator or viewer")
            }
            let password =
                ProcessInfo.processInfo.environment["MINEFREE_NEW_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            try await CommandContext.with { context in
                do {
                    let account = try await AccountAdministration.addUser(
                        username: username,
                        displayName: displayName,
                        role: role,
                        organisation: organisation,
                        password: password,
                        by: "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")",
                        accounts: AccountRepository(database: context.store.database)
                    )
                    print("Added \(account.username) (\(account.role.label), \(account.organisation)).")
                } catch let refused as AccountAdministration.Refused {
                    throw BadInput(refused.description)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")

        func run() async throws {
            try await CommandContext.with { context in
                for a in try await AccountRepository(database: context.store.database).users() {
                    print([a.username, a.role.rawValue, a.organisation, a.displayName].joined(separator: "\t"))
                }
            }
        }
    }
}
