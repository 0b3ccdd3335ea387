import FluentKit

/// Migration 027: an obligation reopened by mined areas found after completion (`ObligationReport.reopenedOn`), the
/// day they were reported; loaded from the bundled reference data's `reopened_on` column.
struct RecordReopenedObligations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("obligation_reports").field("reopened_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("obligation_reports").deleteField("reopened_on").update()
    }
}
