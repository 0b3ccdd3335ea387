import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeServer
import MineFreeStore

/// `minefree user add|list`: accounts from the command line (the first administrator, or scripted set-up).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add, list and change the accounts of the web app and the API; each change is audited.",
        subcommands: [
            Add.self, List.self, Disable.self, Enable.self, SetRole.self, SetOrganisation.self, ResetPassword.self,
            Revoke.self,
        ]
    )

    /// Who the audit log names for a change made from the command line.
    static var actor: String { "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")" }

    /// Applies one change and prints what was done; a refusal is one line, exit status 2.
    static func apply(_ username: String, _ change: AccountAdministration.Change) async throws {
        try await CommandContext.with { context in
            do {
                print(
                    try await AccountAdministration.change(
                        username,
                        change,
                        by: actor,
                        accounts: AccountRepository(database: context.store.database)
                    )
                )
            } catch let refused as AccountAdministration.Refused {
                throw BadInput(refused.description)
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable an account: it can no longer sign in, and its sessions and API tokens end."
        )
        @Argument(help: "User name.") var username: String
        func run() async throws { try await UserCommand.apply(username, .disable) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable",
            abstract: "Enable a disabled account (it signs in again with its password)."
        )
        @Argument(help: "User name.") var username: String
        func run() async throws { try await UserCommand.apply(username, .enable) }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role",
            abstract: "Change an account's role (it applies from the account's next request)."
        )
        @Argument(help: "User name.") var username: String
        @Argument(help: "administrator, authority, operator or viewer.") var role: String
        func run() async throws {
            guard let role = Role(rawValue: role), role != .public else {
                throw BadInput("unknown role '\(role)': expected administrator, authority, operator or viewer")
            }
            try await UserCommand.apply(username, .role(role))
        }
    }

    struct SetOrganisation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-organisation",
            abstract: "Change the organisation an account acts for."
        )
        @Argument(help: "User name.") var username: String
        @Argument(help: "The organisation (an operator's id, or the authority's).") var organisation: String
        func run() async throws { try await UserCommand.apply(username, .organisation(organisation)) }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract:
                "Set a new password (from MINEFREE_NEW_PASSWORD, or standard input); the account's sessions and API tokens end."
        )
        @Argument(help: "User name.") var username: String
        func run() async throws {
            let password =
                ProcessInfo.processInfo.environment["MINEFREE_NEW_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            try await UserCommand.apply(username, .password(password))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "End every browser session and API token of an account (it signs in again with its password)."
        )
        @Argument(help: "User name.") var username: String
        func run() async throws { try await UserCommand.apply(username, .revoke) }
    }

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
                for (a, disabled) in try await AccountRepository(database: context.store.database).accountsWithState() {
                    print(
                        [a.username, a.role.rawValue, a.organisation, a.displayName].joined(separator: "\t")
                            + (disabled ? "\tdisabled" : "")
                    )
                }
            }
        }
    }
}
