import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// What an administrator changes on an account (the accounts page and `minefree user …`): disabled or not, role,
/// organisation, password, and the sessions and tokens that sign it in. Auditing is the caller's.
extension AccountRepository {
    private struct ListedUser: Decodable {
        let id: Int64; let username: String; let display_name: String; let role: String; let organisation: String
        let disabled: Bool
    }

    /// Every account with whether it is disabled, by user name.
    public func accountsWithState() async throws -> [(account: Account, disabled: Bool)] {
        try await sql.raw(
            "SELECT id, username, display_name, role, organisation, disabled FROM users ORDER BY username"
        ).all(decoding: ListedUser.self).map { row in
            guard let role = Role(rawValue: row.role) else {
                throw StoredRecordError(table: "users", key: row.username, field: "role", value: row.role)
            }
            return (
                Account(
                    id: row.id,
                    username: row.username,
                    displayName: row.display_name,
                    role: role,
                    organisation: row.organisation
                ), row.disabled
            )
        }
    }

    /// A disabled account cannot sign in, and `user(id:)` (which every session and token goes through) no longer finds it.
    public func setDisabled(_ userID: Int64, _ disabled: Bool) async throws {
        try await sql.update("users").set("disabled", to: SQLBind(disabled)).where("id", .equal, SQLBind(userID)).run()
    }

    public func setRole(_ userID: Int64, _ role: Role) async throws {
        try await sql.update("users").set("role", to: SQLBind(role.rawValue)).where("id", .equal, SQLBind(userID))
            .run()
    }

    public func setOrganisation(_ userID: Int64, _ organisation: String) async throws {
        try await sql.update("users").set("organisation", to: SQLBind(organisation))
            .where("id", .equal, SQLBind(userID)).run()
    }

    public func setPasswordHash(_ userID: Int64, _ hash: String) async throws {
        try await sql.update("users").set("password_hash", to: SQLBind(hash)).where("id", .equal, SQLBind(userID))
            .run()
    }

    /// Deletes every API token of an account; returns how many there were.
    @discardableResult
    public func revokeTokens(userID: Int64) async throws -> Int {
        struct Count: Decodable { let n: Int64 }
        let n =
            try await sql.raw("SELECT COUNT(*) AS n FROM api_tokens WHERE user_id = \(bind: userID)")
            .first(decoding: Count.self)?.n ?? 0
        try await sql.delete(from: "api_tokens").where("user_id", .equal, SQLBind(userID)).run()
        return Int(n)
    }

    /// Deletes every browser session signed in as an account (the server keeps the account's id under `user` in
    /// the session's data); returns how many there were.
    @discardableResult
    public func deleteSessions(ofUser userID: Int64) async throws -> Int {
        struct Row: Decodable { let id_hash: String; let data: String }
        let rows = try await sql.raw("SELECT id_hash, data FROM web_sessions").all(decoding: Row.self)
        let theirs = rows.filter { row in
            let data = try? JSONDecoder().decode([String: String].self, from: Data(row.data.utf8))
            return data?["user"] == String(userID)
        }
        for row in theirs { try await deleteSession(idHash: row.id_hash) }
        return theirs.count
    }
}
