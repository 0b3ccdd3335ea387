import Crypto
import FluentKit
import Foundation
import SQLKit

/// One audit log entry.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var target: String
    public var detail: String?
    /// The client address of the request that caused it (nil from the command line and for entries from before 011).
    public var address: String? = nil
}

/// Which entries of the audit log to read: each filter is optional; days are `YYYY-MM-DD`, both ends included.
public struct AuditFilter: Sendable, Hashable {
    public var actor: String?
    public var action: String?
    public var from: String?
    public var to: String?

    public init(actor: String? = nil, action: String? = nil, from: String? = nil, to: String? = nil) {
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
    }
}

/// What `verifyAuditChain` found: the number of entries walked and, when the chain is broken, the first entry
/// at fault and why.
public struct AuditChainReport: Sendable, Hashable {
    public var entries: Int
    public var brokenAt: Int64?
    public var reason: String?

    public var intact: Bool { brokenAt == nil }
}

/// The audit log's hash chain (migration 011): each entry's hash is the SHA-256 of a canonical text of its fields
/// and the previous entry's hash, so changing, removing or inserting an entry breaks every link after it.
public enum AuditChain {
    /// The previous hash of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// Longest actor, target, action, detail and address kept: a failed sign-in with a huge user name writes a small row.
    public static let maximumName = 200
    public static let maximumAction = 100
    public static let maximumDetail = 2000
    public static let maximumAddress = 100

    /// `text` cut to `length` characters, without NUL (which PostgreSQL's text refuses).
    public static func bounded(_ text: String, _ length: Int) -> String {
        let clean = text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "") : text
        return clean.count > length ? String(clean.prefix(length)) : clean
    }

    /// Each field as `length:value` (its UTF-8 length), a missing one as `-`, one per line: no two entries share a text.
    public static func canonical(_ entry: AuditEntry, previous: String) -> String {
        func field(_ value: String?) -> String { value.map { "\($0.utf8.count):\($0)" } ?? "-" }
        return [
            "minefree-audit-1", field(String(entry.id)), field(entry.at), field(entry.actor), field(entry.action),
            field(entry.target), field(entry.detail), field(entry.address), field(previous),
        ].joined(separator: "\n")
    }

    public static func hash(_ entry: AuditEntry, previous: String) -> String {
        SHA256.hash(data: Data(canonical(entry, previous: previous).utf8)).map { String(format: "%02x", $0) }
            .joined()
    }
}

extension AccountRepository {
    private struct AuditRow: Decodable {
        let id: Int64; let at: String; let actor: String; let action: String; let target: String
        let detail: String?; let address: String?; let previous_hash: String?; let hash: String?
        var entry: AuditEntry {
            AuditEntry(
                id: id,
                at: at,
                actor: actor,
                action: action,
                target: target,
                detail: detail,
                address: address
            )
        }
    }

    /// Appends an entry to the audit log, chained to the last one. Inside a transaction it joins it (and holds the
    /// chain until that commits); otherwise it takes one of its own that holds the write lock before reading the
    /// last hash, so concurrent writers (other requests, another process) never chain to the same entry.
    public func audit(
        actor: String,
        action: String,
        target: String,
        detail: String? = nil,
        address: String? = nil
    ) async throws {
        let entry = Self.entry(actor: actor, action: action, target: target, detail: detail, address: address)
        if database.inTransaction {
            try await Self.append(entry, on: database)
        } else {
            try await StoreDialect.serialisedWriteTransaction(database) { try await Self.append(entry, on: $0) }
        }
    }

    /// An entry's fields, each bounded.
    static func entry(actor: String, action: String, target: String, detail: String?, address: String?) -> AuditEntry {
        AuditEntry(
            id: 0,
            at: Self.now(),
            actor: AuditChain.bounded(actor, AuditChain.maximumName),
            action: AuditChain.bounded(action, AuditChain.maximumAction),
            target: AuditChain.bounded(target, AuditChain.maximumName),
            detail: detail.map { AuditChain.bounded($0, AuditChain.maximumDetail) },
            address: address.map { AuditChain.bounded($0, AuditChain.maximumAddress) }
        )
    }

    /// Appends inside the transaction `database` holds (one begun by hand, which Fluent does not know of).
    static func audit(
        within database: any Database,
        actor: String,
        action: String,
        target: String,
        detail: String? = nil,
        address: String? = nil
    ) async throws {
        try await append(
            entry(actor: actor, action: action, target: target, detail: detail, address: address),
            on: database
        )
    }

    static func append(_ fields: AuditEntry, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await StoreDialect.lockAuditLog(database)
        struct Last: Decodable { let id: Int64; let hash: String? }
        let last = try await sql.raw("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .first(decoding: Last.self)
        let previous = last?.hash ?? AuditChain.genesis
        var entry = fields
        entry.id = try await StoreDialect.nextAuditID(after: last?.id ?? 0, database)
        try await sql.insert(into: "audit_log")
            .columns("id", "at", "actor", "action", "target", "detail", "address", "previous_hash", "hash")
            .values(
                SQLBind(entry.id),
                SQLBind(entry.at),
                SQLBind(entry.actor),
                SQLBind(entry.action),
                SQLBind(entry.target),
                SQLBind(entry.detail),
                SQLBind(entry.address),
                SQLBind(previous),
                SQLBind(AuditChain.hash(entry, previous: previous))
            )
            .run()
    }

    /// One page of the entries `filter` selects, newest first, and how many it selects in all.
    /// `limit` is held to 1…500 and `offset` to 0 or more.
    public func auditEntries(matching filter: AuditFilter = AuditFilter(), limit: Int, offset: Int) async throws
        -> (total: Int, entries: [AuditEntry])
    {
        var condition: SQLQueryString = " WHERE 1 = 1"
        if let actor = filter.actor { condition = condition + " AND actor = \(bind: actor)" }
        if let action = filter.action { condition = condition + " AND action = \(bind: action)" }
        if let from = filter.from { condition = condition + " AND substr(at, 1, 10) >= \(bind: from)" }
        if let to = filter.to { condition = condition + " AND substr(at, 1, 10) <= \(bind: to)" }
        struct Count: Decodable { let n: Int64 }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM audit_log" + condition).first(decoding: Count.self)?.n ?? 0
        let limit = min(max(limit, 1), 500)
        let offset = max(offset, 0)
        let rows = try await sql.raw(
            "SELECT id, at, actor, action, target, detail, address, previous_hash, hash FROM audit_log" + condition
                + " ORDER BY id DESC LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        ).all(decoding: AuditRow.self)
        return (Int(total), rows.map(\.entry))
    }

    /// Walks the whole chain in id order, a thousand entries at a time, and reports the first broken link.
    public func verifyAuditChain() async throws -> AuditChainReport {
        var previous = AuditChain.genesis
        var previousID: Int64?
        var count = 0
        var after: Int64 = Int64.min
        while true {
            let rows = try await sql.raw(
                "SELECT id, at, actor, action, target, detail, address, previous_hash, hash FROM audit_log WHERE id > \(bind: after) ORDER BY id LIMIT 1000"
            ).all(decoding: AuditRow.self)
            for row in rows {
                count += 1
                guard let hash = row.hash, let stated = row.previous_hash else {
                    return AuditChainReport(entries: count, brokenAt: row.id, reason: "it has no hash")
                }
                if AuditChain.hash(row.entry, previous: stated) != hash {
                    return AuditChainReport(
                        entries: count,
                        brokenAt: row.id,
                        reason: "its fields do not match its hash: the entry was altered"
                    )
                }
                if stated != previous {
                    let before = previousID.map { "entry \($0)'s hash" } ?? "the start of the log"
                    return AuditChainReport(
                        entries: count,
                        brokenAt: row.id,
                        reason:
                            "the hash it chains to is not \(before): an entry before it was altered, removed or inserted"
                    )
                }
                previous = hash
                previousID = row.id
            }
            guard let last = rows.last, rows.count == 1000 else { break }
            after = last.id
        }
        return AuditChainReport(entries: count, brokenAt: nil, reason: nil)
    }
}
