import FluentKit

/// Migration 006: what a hazardous area rests on — where the knowledge came from, the evidence, and any
/// contamination beyond the main type (kept as "AT;ERW"). Empty for areas recorded without them.
struct RecordHazardEvidence: AsyncMigration {
    static let columns = ["other_contamination", "information_source", "evidence"]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one column at a time.
        for column in Self.columns {
            try await database.schema("hazardous_areas").field(.string(column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema("hazardous_areas").deleteField(.string(column)).update()
        }
    }
}
