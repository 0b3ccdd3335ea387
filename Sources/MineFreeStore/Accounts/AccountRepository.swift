import FluentKit
import Foundation
import MineFreeCore
import SQLKit

/// A signed-in person (or the anonymous public).
public struct Account: Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    /// The organisation the account acts for (an operator's id, or the national authority's).
    public var organisation: String

    public init(id: Int64, username: String, displayName: String, role: Role, organisation: String) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.organisation = organisation
    }

    public static let anonymous = Account(
        id: 0,
        username: "anonymous",
        displayName: "Public",
        role: .public,
        organisation: ""
    )
}

/// One record waiting for (or past) review.
public struct StoredSubmission: Sendable, Hashable {
    public var id: Int64
    public var kind: String
    public var recordID: String
    public var state: SubmissionState
    /// The record as submitted (JSON text).
    public var payload: String
    public var submittedBy: String
    public var organisation: String
    public var submittedAt: String
    public var reviewedBy: String?
    public var reviewedAt: String?
    public var comment: String?
}

/// Users, tokens, the audit log and submissions, in plain SQL like the land layers.
/// Password hashing is the caller's (the server uses Bcrypt); this stores what it is given.
public struct AccountRepository: Sendable {
    let database: any Database
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database) {
        self.database = database
    }

    static func now() -> String { stamp(Date()) }
    /// Times are stored as ISO 8601 UTC text, which sorts as it compares on both databases.
    /// (A format style, not a formatter: one is made per call, and every request with a token reads an expiry.)
    static func stamp(_ date: Date) -> String { date.formatted(.iso8601) }
    /// Whether a stored expiry is still ahead.
    static func isLive(_ expiresAt: String) -> Bool {
        (try? Date(expiresAt, strategy: .iso8601)).map { $0 > Date() } ?? false
    }

    private struct UserRow: Decodable {
        let id: Int64; let username: String; let display_name: String; let role: String; let organisation: String
        let password_hash: String; let disabled: Bool
        func account() throws -> Account {
            guard let role = Role(rawValue: role) else {
                throw StoredRecordError(table: "users", key: username, field: "role", value: role)
            }
            return Account(
                id: id,
                username: username,
                displayName: display_name,
                role: role,
                organisation: organisation
            )
        }
    }

    public func userCount() async throws -> Int {
        struct Row: Decodable { let n: Int64 }
        return Int(try await sql.raw("SELECT COUNT(*) AS n FROM users").first(decoding: Row.self)?.n ?? 0)
    }

    /// Creates a user; the username must be new.
    @discardableResult
    public func createUser(
        username: String,
        displayName: String,
        role: Role,
        organisation: String,
        passwordHash: String
    ) async throws -> Account {
        try await sql.insert(into: "users")
            .columns("username", "display_name", "role", "organisation", "password_hash", "created_at", "disabled")
            .values(
                SQLBind(username),
                SQLBind(displayName),
                SQLBind(role.rawValue),
                SQLBind(organisation),
                SQLBind(passwordHash),
                SQLBind(Self.now()),
                SQLBind(false)
            )
            .run()
        guard let user = try await user(named: username) else {
            throw StoredRecordError(table: "users", key: username, field: "username", value: username)
        }
        return user.account
    }

    /// The account and its password hash, for signing in.
    public func user(named username: String) async throws -> (account: Account, passwordHash: String, disabled: Bool)? {
        guard
            let row = try await sql.raw(
                "SELECT id, username, display_name, role, organisation, password_hash, disabled FROM users WHERE username = \(bind: username)"
            ).first(decoding: UserRow.self)
        else { return nil }
        return (try row.account(), row.password_hash, row.disabled)
    }

    public func user(id: Int64) async throws -> Account? {
        guard
            let row = try await sql.raw(
                "SELECT id, username, display_name, role, organisation, password_hash, disabled FROM users WHERE id = \(bind: id) AND disabled = \(bind: false)"
            ).first(decoding: UserRow.self)
        else { return nil }
        return try row.account()
    }

    public func users() async throws -> [Account] {
        try await sql.raw(
            "SELECT id, username, display_name, role, organisation, password_hash, disabled FROM users ORDER BY username"
        )
        .all(decoding: UserRow.self).map { try $0.account() }
    }

    // MARK: Tokens

    public func addToken(hash: String, userID: Int64, expiresAt: Date) async throws {
        try await sql.insert(into: "api_tokens").columns("token_hash", "user_id", "created_at", "expires_at")
            .values(SQLBind(hash), SQLBind(userID), SQLBind(Self.now()), SQLBind(Self.stamp(expiresAt)))
            .run()
    }

    /// The account a token (by its hash) belongs to, if it has not expired and the account is enabled.
    public func account(forTokenHash hash: String) async throws -> Account? {
        try await storeStateAndAccounts(forTokenHashes: [hash]).accounts[hash]
    }

    /// The store's generation and the accounts of those tokens (by hash) that are live and whose account is enabled,
    /// in one statement per `tokenBatch` hashes: the server reads them for every request waiting at once (`StoreStateReads`),
    /// and on PostgreSQL each round trip counts under load.
    public func storeStateAndAccounts(forTokenHashes hashes: [String]) async throws -> (
        store: StoreChanges.State, accounts: [String: Account]
    ) {
        struct Row: Decodable {
            let generation: Int64?; let changed_at: String?; let token_hash: String?; let expires_at: String?
            let id: Int64?; let username: String?; let display_name: String?; let role: String?
            let organisation: String?; let password_hash: String?; let disabled: Bool?
        }
        var store = StoreChanges.State(generation: 0, changedAt: nil)
        var accounts: [String: Account] = [:]
        let unique = Array(Set(hashes))
        var chunks = stride(from: 0, to: unique.count, by: Self.tokenBatch).map {
            Array(unique[$0..<min($0 + Self.tokenBatch, unique.count)])
        }
        if chunks.isEmpty { chunks = [[]] }
        for (index, chunk) in chunks.enumerated() {
            // Tokens join on the one-row table, so the generation comes back even when no token matches.
            let tokens: SQLQueryString =
                chunk.isEmpty
                ? "LEFT JOIN api_tokens t ON 1 = 0"
                : "LEFT JOIN api_tokens t ON t.token_hash IN (\(binds: chunk))"
            let rows = try await sql.raw(
                """
                SELECT s.generation, s.changed_at, t.token_hash, t.expires_at, u.id, u.username, u.display_name, u.role,
                       u.organisation, u.password_hash, u.disabled
                FROM (SELECT 1 AS one) o LEFT JOIN store_changes s ON s.id = 1 \(tokens)
                LEFT JOIN users u ON u.id = t.user_id
                """
            ).all(decoding: Row.self)
            for row in rows {
                if index == 0 {
                    store = StoreChanges.State(generation: row.generation ?? 0, changedAt: row.changed_at)
                }
                guard let hash = row.token_hash, let expires = row.expires_at, Self.isLive(expires), let id = row.id,
                    let username = row.username, let disabled = row.disabled, !disabled
                else { continue }
                accounts[hash] = try UserRow(
                    id: id,
                    username: username,
                    display_name: row.display_name ?? "",
                    role: row.role ?? "",
                    organisation: row.organisation ?? "",
                    password_hash: row.password_hash ?? "",
                    disabled: disabled
                ).account()
            }
        }
        return (store, accounts)
    }

    /// Token hashes asked in one statement (SQLite allows 32,766 bound values, PostgreSQL 65,535).
    static let tokenBatch = 500

    // MARK: Browser sessions

    /// Stores a new session (by the hash of its id) until `expiresAt`, and drops the sessions that have expired.
    public func createSession(idHash: String, data: String, expiresAt: Date) async throws {
        try await sql.delete(from: "web_sessions").where("expires_at", .lessThan, Self.now()).run()
        try await sql.insert(into: "web_sessions").columns("id_hash", "data", "expires_at")
            .values(SQLBind(idHash), SQLBind(data), SQLBind(Self.stamp(expiresAt))).run()
    }

    /// A session's data, if it exists and has not expired.
    public func session(idHash: String) async throws -> String? {
        struct Row: Decodable { let data: String; let expires_at: String }
        guard
            let row = try await sql.raw("SELECT data, expires_at FROM web_sessions WHERE id_hash = \(bind: idHash)")
                .first(decoding: Row.self),
            Self.isLive(row.expires_at)
        else { return nil }
        return row.data
    }

    /// A session's data and expiry, if it exists and has not expired.
    public func sessionRecord(idHash: String) async throws -> (data: String, expiresAt: Date)? {
        struct Row: Decodable { let data: String; let expires_at: String }
        guard
            let row = try await sql.raw("SELECT data, expires_at FROM web_sessions WHERE id_hash = \(bind: idHash)")
                .first(decoding: Row.self),
            let expiry = try? Date(row.expires_at, strategy: .iso8601), expiry > Date()
        else { return nil }
        return (row.data, expiry)
    }

    /// New data for a session, and its expiry pushed back: a session lasts while it is used.
    public func updateSession(idHash: String, data: String, expiresAt: Date) async throws {
        try await sql.update("web_sessions").set("data", to: SQLBind(data))
            .set("expires_at", to: SQLBind(Self.stamp(expiresAt)))
            .where("id_hash", .equal, SQLBind(idHash)).run()
    }

    public func deleteSession(idHash: String) async throws {
        try await sql.delete(from: "web_sessions").where("id_hash", .equal, idHash).run()
    }

    /// Deletes a token by its hash: it stops working at once.
    public func revokeToken(hash: String) async throws {
        try await sql.delete(from: "api_tokens").where("token_hash", .equal, hash).run()
    }

    // MARK: Audit (AuditLog.swift)

    // MARK: Submissions

    private struct SubmissionRow: Decodable {
        let id: Int64; let kind: String; let record_id: String; let state: String; let payload: String;
        let submitted_by: String
        let organisation: String; let submitted_at: String; let reviewed_by: String?; let reviewed_at: String?;
        let comment: String?
        func submission() throws -> StoredSubmission {
            guard let s = SubmissionState(rawValue: state) else {
                throw StoredRecordError(table: "submissions", key: String(id), field: "state", value: state)
            }
            return StoredSubmission(
                id: id,
                kind: kind,
                recordID: record_id,
                state: s,
                payload: payload,
                submittedBy: submitted_by,
                organisation: organisation,
                submittedAt: submitted_at,
                reviewedBy: reviewed_by,
                reviewedAt: reviewed_at,
                comment: comment
            )
        }
    }

    public func submit(kind: String, recordID: String, payload: String, by account: Account) async throws
        -> StoredSubmission
    {
        let now = Self.now()
        try await sql.insert(into: "submissions")
            .columns("kind", "record_id", "state", "payload", "submitted_by", "organisation", "submitted_at")
            .values(
                SQLBind(kind),
                SQLBind(recordID),
                SQLBind(SubmissionState.submitted.rawValue),
                SQLBind(payload),
                SQLBind(account.username),
                SQLBind(account.organisation),
                SQLBind(now)
            )
            .run()
        struct Row: Decodable { let id: Int64 }
        guard
            let id = try await sql.raw(
                "SELECT MAX(id) AS id FROM submissions WHERE record_id = \(bind: recordID) AND submitted_by = \(bind: account.username)"
            ).first(decoding: Row.self)?.id, let stored = try await submission(id: id)
        else {
            throw StoredRecordError(table: "submissions", key: recordID, field: "id", value: "")
        }
        return stored
    }

    public func submission(id: Int64) async throws -> StoredSubmission? {
        try await sql.raw("SELECT * FROM submissions WHERE id = \(bind: id)").first(decoding: SubmissionRow.self)?
            .submission()
    }

    /// Submissions, newest first; `organisation` limits them to one organisation's (an operator's view).
    public func submissions(state: SubmissionState?, organisation: String?, limit: Int, offset: Int) async throws
        -> (total: Int, items: [StoredSubmission])
    {
        var filter: SQLQueryString = " WHERE 1 = 1"
        if let state { filter = filter + " AND state = \(bind: state.rawValue)" }
        if let organisation { filter = filter + " AND organisation = \(bind: organisation)" }
        struct Count: Decodable { let n: Int64 }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM submissions" + filter).first(decoding: Count.self)?.n ?? 0
        let rows = try await sql.raw(
            "SELECT * FROM submissions" + filter
                + " ORDER BY id DESC LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        ).all(decoding: SubmissionRow.self)
        return (Int(total), try rows.map { try $0.submission() })
    }

    /// Whether a record id is already waiting in a submission (two submissions may not claim one id).
    public func pendingSubmission(recordID: String, kind: String) async throws -> Bool {
        struct Count: Decodable { let n: Int64 }
        let n =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM submissions WHERE kind = \(bind: kind) AND record_id = \(bind: recordID) AND state = \(bind: SubmissionState.submitted.rawValue)"
            ).first(decoding: Count.self)?.n ?? 0
        return n > 0
    }

    /// Records the decision on a submission that awaits review; returns false if it no longer does.
    public func decide(_ id: Int64, state: SubmissionState, by reviewer: String, comment: String?) async throws -> Bool
    {
        // True only for the update that changed the row: of two reviewers deciding at once, one wins.
        struct Changed: Decodable { let id: Int64 }
        return try await sql.raw(
            """
            UPDATE submissions SET state = \(bind: state.rawValue), reviewed_by = \(bind: reviewer),
                   reviewed_at = \(bind: Self.now()), comment = \(bind: comment)
            WHERE id = \(bind: id) AND state = \(bind: SubmissionState.submitted.rawValue)
            RETURNING id
            """
        ).first(decoding: Changed.self) != nil
    }
}
