import FluentKit
import Foundation
import SQLKit

/// Migration 017: personal data in a table of its own (`PersonalRecord`: names, dates of birth, contact, medical
/// details), apart from the statistical records, so nothing that reads those can reach it; and the store's secret
/// key for pseudonyms (`Pseudonyms`), made here from the system's random source and never exported.
struct KeepPersonalDataApart: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("personal_data")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("casualty_id", .string)
            .field("survivor_id", .string)
            .field("name", .string, .required)
            .field("date_of_birth", .string)
            .field("phone", .string)
            .field("address", .string)
            .field("medical_notes", .string)
            .field("recorded", .string, .required)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "personal_data_by_casualty").on("personal_data").column("casualty_id").run()
        try await sql.create(index: "personal_data_by_survivor").on("personal_data").column("survivor_id").run()
        try await database.schema("store_secrets")
            .field("name", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .create()
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try await sql.insert(into: "store_secrets").columns("name", "value")
            .values(SQLBind("pseudonym_key"), SQLBind(key)).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("store_secrets").delete()
        try await database.schema("personal_data").delete()
    }
}
