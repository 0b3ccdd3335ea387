import FluentKit
import SQLKit

/// Migration 005: a settlement names the admin area it lies in (P-code), so figures by area can count the
/// people near the contamination. Empty for stores whose settlements came without admin areas.
struct PlaceSettlements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // No foreign key, like hazards' region: the import's rules check the P-code, and SQLite could not
        // drop a referencing column again on revert.
        try await database.schema("settlements").field("admin_pcode", .string).update()
        try await StoreDialect.createIndex("settlements_by_admin_area", on: "settlements", columns: ["admin_pcode"], database)
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS settlements_by_admin_area").run() }
        try await database.schema("settlements").deleteField("admin_pcode").update()
    }
}
