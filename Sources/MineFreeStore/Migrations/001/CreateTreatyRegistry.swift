import FluentKit

/// Migration 001: the treaty registry (states, conventions, participation, meetings, obligations,
/// extensions) and the log of reference data loads.
struct CreateTreatyRegistry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StateRecord.schema)
            .field("iso3", .string, .identifier(auto: false))
            .field("iso2", .string)
            .field("m49", .string)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("region", .string, .required)
            .field("sub_region", .string, .required)
            .field("intermediate_region", .string)
            .field("un_member_since", .string)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("origin", .string, .required)
            .create()

        try await database.schema(ConventionRecord.schema)
            .field("code", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("adopted", .string, .required)
            .field("opened_for_signature", .string, .required)
            .field("entry_into_force", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("origin", .string, .required)
            .create()

        try await database.schema(TreatyParticipationRecord.schema)
            .id()
            .field("convention", .string, .required, .references(ConventionRecord.schema, "code"))
            .field("iso3", .string, .required, .references(StateRecord.schema, "iso3"))
            .field("signed", .string)
            .field("deposited", .string)
            .field("instrument", .string)
            .field("entry_into_force", .string)
            .field("withdrawal_notified", .string)
            .field("withdrawal_effective", .string)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "convention", "iso3")
            .create()

        try await database.schema(TreatyMeetingRecord.schema)
            .id()
            .field("convention", .string, .required, .references(ConventionRecord.schema, "code"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("city", .string)
            .field("country_iso3", .string)
            .field("start_date", .string, .required)
            .field("end_date", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("origin", .string, .required)
            .unique(on: "convention", "code")
            .create()

        try await database.schema(ObligationReportRecord.schema)
            .id()
            .field("convention", .string, .required, .references(ConventionRecord.schema, "code"))
            .field("obligation", .string, .required)
            .field("iso3", .string, .required, .references(StateRecord.schema, "iso3"))
            .field("applies", .string, .required)
            .field("completed_on", .string)
            .field("reported_status", .string)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "convention", "obligation", "iso3")
            .create()

        try await database.schema(DeadlineExtensionRecord.schema)
            .id()
            .field("convention", .string, .required, .references(ConventionRecord.schema, "code"))
            .field("obligation", .string, .required)
            .field("iso3", .string, .required, .references(StateRecord.schema, "iso3"))
            .field("sequence", .int, .required)
            .field("meeting_code", .string)
            .field("granted_on", .string)
            .field("known_by", .string, .required)
            .field("new_deadline", .string)
            .field("source", .string, .required)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("origin", .string, .required)
            .unique(on: "convention", "obligation", "iso3", "sequence")
            .create()

        try await database.schema(ReferenceDataLoadRecord.schema)
            .id()
            .field("checksum", .string, .required)
            .field("loaded_at", .datetime, .required)
            .field("summary", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            ReferenceDataLoadRecord.schema, DeadlineExtensionRecord.schema, ObligationReportRecord.schema,
            TreatyMeetingRecord.schema, TreatyParticipationRecord.schema, ConventionRecord.schema, StateRecord.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}
