import FluentKit
import SQLKit

/// Migration 023: treaty implementation's advocacy and coordination — meetings and events, who attended them,
/// pledges (one row per id and date of information), the interim steps of states outside the treaty, contacts with
/// states, media outputs (`AdvocacyEvent`, `EventAttendance`, `Pledge`, `StateStep`, `AdvocacyContact`,
/// `MediaOutput`), a column per field of each description, each indexed by its date.
struct CreateAdvocacy: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("advocacy_events")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("start_date", .string, .required)
            .field("end_date", .string)
            .field("place", .string)
            .field("country", .string)
            .field("organiser", .string)
            .field("meeting_code", .string)
            .field("outcomes", .string)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("event_attendance")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("event_id", .string, .required, .references("advocacy_events", "local_id"))
            .field("date", .string, .required)
            .field("state", .string)
            .field("organisation", .string)
            .field("level", .string)
            .field("delegates", .int64)
            .field("statement", .string)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("pledges")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("made", .string, .required)
            .field("pledger", .string, .required)
            .field("pledger_state", .string)
            .field("recipient", .string)
            .field("what", .string, .required)
            .field("amount", .int64)
            .field("currency", .string)
            .field("due", .string)
            .field("event_id", .string, .references("advocacy_events", "local_id"))
            .field("status", .string, .required)
            .field("recorded", .string, .required)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id", "recorded")
            .create()
        try await database.schema("state_steps")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("state", .string, .required)
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("detail", .string)
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("advocacy_contacts")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("date", .string, .required)
            .field("state", .string, .required)
            .field("kind", .string, .required)
            .field("organisation", .string, .required)
            .field("counterpart", .string)
            .field("subject", .string, .required)
            .field("outcome", .string)
            .field("event_id", .string, .references("advocacy_events", "local_id"))
            .field("source", .string)
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        try await database.schema("media_outputs")
            .field("id", .int64, .identifier(auto: true))
            .field("local_id", .string, .required)
            .field("import_id", .int64, .required, .references("land_imports", "id"))
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("language", .string, .required)
            .field("title", .string, .required)
            .field("url", .string)
            .field("coverage", .int64)
            .field("event_id", .string, .references("advocacy_events", "local_id"))
            .field("extra", .string)
            .unique(on: "local_id")
            .create()
        let sql = database as! any SQLDatabase
        for (table, column) in [
            ("advocacy_events", "start_date"), ("event_attendance", "date"), ("pledges", "recorded"),
            ("state_steps", "date"), ("advocacy_contacts", "date"), ("media_outputs", "date"),
        ] {
            try await sql.create(index: "\(table)_by_\(column)").on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "media_outputs", "advocacy_contacts", "state_steps", "pledges", "event_attendance", "advocacy_events",
        ] {
            try await database.schema(table).delete()
        }
    }
}
