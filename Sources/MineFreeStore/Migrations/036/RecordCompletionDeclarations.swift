import FluentKit

/// Migration 036: the day and the meeting a completion was declared to the States Parties
/// (`ObligationReport.declaredOn`, `declaredAt`); loaded from the reference data's `declared_on` and `declared_at`.
struct RecordCompletionDeclarations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("obligation_reports").field("declared_on", .string).update()
        try await database.schema("obligation_reports").field("declared_at", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("obligation_reports").deleteField("declared_at").update()
        try await database.schema("obligation_reports").deleteField("declared_on").update()
    }
}
