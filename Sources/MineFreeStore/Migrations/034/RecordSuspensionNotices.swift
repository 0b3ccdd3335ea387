import FluentKit

/// Migration 034: the day a notice suspending the convention's operation reached the depositary
/// (`TreatyParticipation.suspensionNotified`); loaded from the reference data's `suspension_notified` column.
struct RecordSuspensionNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("treaty_participations").field("suspension_notified", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("treaty_participations").deleteField("suspension_notified").update()
    }
}
