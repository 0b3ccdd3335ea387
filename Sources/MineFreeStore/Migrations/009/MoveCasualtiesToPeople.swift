import FluentKit
import SQLKit

/// Migration 009: casualties belong to the People area. The table `casualty_events` (migration 002) becomes
/// `casualties`, its spatial index with it, its rows unchanged; like every layer it keeps a file's other
/// attributes in `extra`.
struct MoveCasualtiesToPeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await StoreDialect.renameSpatialTable("casualty_events", to: "casualties", database)
        try await database.schema("casualties").field("extra", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("casualties").deleteField("extra").update()
        try await StoreDialect.renameSpatialTable("casualties", to: "casualty_events", database)
    }
}
