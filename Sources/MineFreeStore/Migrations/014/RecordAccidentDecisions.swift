import FluentKit
import SQLKit

/// Migration 014: an authority's decisions on which accident reports are one accident (`AccidentMerges`). One row
/// per decision, never changed: a later decision on the same pair stands in its place, so the database refuses
/// UPDATE and DELETE as it does on the audit log.
struct RecordAccidentDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accident_decisions")
            .field("id", .int64, .identifier(auto: true))
            .field("report_id", .string, .required, .references("accidents", "local_id"))
            .field("other_report_id", .string, .required, .references("accidents", "local_id"))
            .field("verdict", .string, .required)
            .field("decided", .string, .required)
            .field("decided_at", .string, .required)
            .field("decided_by", .string, .required)
            .field("reason", .string)
            .field("evidence", .string)
            .create()
        try await (database as! any SQLDatabase).create(index: "accident_decisions_by_report")
            .on("accident_decisions").column("report_id").run()
        try await StoreDialect.createAppendOnlyGuard(on: "accident_decisions", database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accident_decisions").delete()
    }
}
