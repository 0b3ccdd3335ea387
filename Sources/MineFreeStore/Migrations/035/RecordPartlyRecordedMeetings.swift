import FluentKit

/// Migration 035: whether a meeting decided more extension requests than the reference data names
/// (`TreatyMeeting.decisionsPartlyRecorded`, the meetings file's `decisions_recorded` column).
struct RecordPartlyRecordedMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("treaty_meetings").field("decisions_partly_recorded", .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("treaty_meetings").deleteField("decisions_partly_recorded").update()
    }
}
