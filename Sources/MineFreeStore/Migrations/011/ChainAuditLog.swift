import FluentKit
import SQLKit

/// Migration 011: a tamper-evident audit log. Each entry gains the client address of the request behind it and a
/// SHA-256 hash chained to the previous entry's (`AuditChain`); the entries already there are chained here, in id
/// order. Then the database itself refuses UPDATE and DELETE on the table (`StoreDialect.createAppendOnlyGuard`).
struct ChainAuditLog: AsyncMigration {
    static let columns = ["address", "previous_hash", "hash"]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for column in Self.columns {
            try await database.schema("audit_log").field(.string(column), .string).update()
        }
        let sql = database as! any SQLDatabase
        struct Row: Decodable {
            let id: Int64; let at: String; let actor: String; let action: String; let target: String
            let detail: String?
        }
        var previous = AuditChain.genesis
        var after = Int64.min
        while true {
            let rows = try await sql.raw(
                "SELECT id, at, actor, action, target, detail FROM audit_log WHERE id > \(bind: after) ORDER BY id LIMIT 1000"
            ).all(decoding: Row.self)
            for row in rows {
                let entry = AuditEntry(
                    id: row.id,
                    at: row.at,
                    actor: row.actor,
                    action: row.action,
                    target: row.target,
                    detail: row.detail
                )
                let hash = AuditChain.hash(entry, previous: previous)
                try await sql.update("audit_log").set("previous_hash", to: SQLBind(previous))
                    .set("hash", to: SQLBind(hash)).where("id", .equal, SQLBind(row.id)).run()
                previous = hash
            }
            guard let last = rows.last, rows.count == 1000 else { break }
            after = last.id
        }
        try await StoreDialect.createIndex("audit_log_by_at", on: "audit_log", columns: ["at"], database)
        try await StoreDialect.createAppendOnlyGuard(on: "audit_log", database)
    }

    func revert(on database: any Database) async throws {
        try await StoreDialect.dropAppendOnlyGuard(on: "audit_log", database)
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "audit_log_by_at").run()
        for column in Self.columns.reversed() {
            try await database.schema("audit_log").deleteField(.string(column)).update()
        }
    }
}
