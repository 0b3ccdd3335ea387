import FluentKit
import Foundation

// Fluent models of the treaty registry. Dates are stored as ISO `YYYY-MM-DD` text: calendar days with
// no time zone, the same on SQLite and PostgreSQL, and sortable as text.
// `origin` tells bundled reference rows ("reference") from rows a user records later ("user"), so a
// new release of the reference data replaces only its own rows.

final class StateRecord: Model, @unchecked Sendable {
    static let schema = "states"

    // managed fields
    @ID(custom: "iso3", generatedBy: .user) var id: String?

    // data fields
    @OptionalField(key: "iso2") var iso2: String?
    @OptionalField(key: "m49") var m49: String?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "region") var region: String
    @Field(key: "sub_region") var subRegion: String
    @OptionalField(key: "intermediate_region") var intermediateRegion: String?
    @OptionalField(key: "un_member_since") var unMemberSince: String?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @Field(key: "origin") var origin: String

    init() {}
}

final class ConventionRecord: Model, @unchecked Sendable {
    static let schema = "conventions"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "title") var title: String
    @Field(key: "adopted") var adopted: String
    @Field(key: "opened_for_signature") var openedForSignature: String
    @Field(key: "entry_into_force") var entryIntoForce: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @Field(key: "origin") var origin: String

    init() {}
}

final class TreatyParticipationRecord: Model, @unchecked Sendable {
    static let schema = "treaty_participations"

    // managed fields
    @ID(key: .id) var id: UUID?

    // reference fields
    @Field(key: "convention") var convention: String
    @Field(key: "iso3") var iso3: String

    // data fields
    @OptionalField(key: "signed") var signed: String?
    @OptionalField(key: "deposited") var deposited: String?
    @OptionalField(key: "instrument") var instrument: String?
    @OptionalField(key: "entry_into_force") var entryIntoForce: String?
    @OptionalField(key: "withdrawal_notified") var withdrawalNotified: String?
    @OptionalField(key: "withdrawal_effective") var withdrawalEffective: String?
    @OptionalField(key: "suspension_notified") var suspensionNotified: String?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

final class TreatyMeetingRecord: Model, @unchecked Sendable {
    static let schema = "treaty_meetings"

    @ID(key: .id) var id: UUID?
    @Field(key: "convention") var convention: String
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "country_iso3") var countryISO3: String?
    @Field(key: "start_date") var startDate: String
    @Field(key: "end_date") var endDate: String
    @OptionalField(key: "decisions_partly_recorded") var decisionsPartlyRecorded: Bool?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @Field(key: "origin") var origin: String

    init() {}
}

final class ObligationReportRecord: Model, @unchecked Sendable {
    static let schema = "obligation_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "convention") var convention: String
    @Field(key: "obligation") var obligation: String
    @Field(key: "iso3") var iso3: String
    @Field(key: "applies") var applies: String
    @OptionalField(key: "completed_on") var completedOn: String?
    @OptionalField(key: "reported_status") var reportedStatus: String?
    @OptionalField(key: "reopened_on") var reopenedOn: String?
    @OptionalField(key: "declared_on") var declaredOn: String?
    @OptionalField(key: "declared_at") var declaredAt: String?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

final class DeadlineExtensionRecord: Model, @unchecked Sendable {
    static let schema = "deadline_extensions"

    @ID(key: .id) var id: UUID?
    @Field(key: "convention") var convention: String
    @Field(key: "obligation") var obligation: String
    @Field(key: "iso3") var iso3: String
    @Field(key: "sequence") var sequence: Int
    @OptionalField(key: "meeting_code") var meetingCode: String?
    @OptionalField(key: "granted_on") var grantedOn: String?
    @Field(key: "known_by") var knownBy: String
    @OptionalField(key: "new_deadline") var newDeadline: String?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A stockpile figure (APMBC Art 4): migration 019.
final class StockpileFigureRecord: Model, @unchecked Sendable {
    static let schema = "stockpile_figures"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "date_of_information") var date: String
    @Field(key: "date_precision") var precision: String
    @Field(key: "mine_type") var mineType: String
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "kind") var kind: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// Mines retained under APMBC Art 3 in a year: migration 019.
final class RetainedMinesRecord: Model, @unchecked Sendable {
    static let schema = "retained_mines"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "year") var year: Int
    @Field(key: "retained") var retained: Int64
    @OptionalField(key: "consumed") var consumed: Int64?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A vote on the UNGA resolution on the Convention: migration 020.
final class UNGAVoteRecord: Model, @unchecked Sendable {
    static let schema = "unga_votes"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "year") var year: Int
    @OptionalField(key: "resolution") var resolution: String?
    @Field(key: "forum") var forum: String
    @Field(key: "vote") var vote: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A State Party's national implementation measures (APMBC Art 9): migration 021.
final class NationalMeasureRecord: Model, @unchecked Sendable {
    static let schema = "national_measures"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "status") var status: String
    @OptionalField(key: "measure") var measure: String?
    @OptionalField(key: "adopted_on") var adoptedOn: String?
    @OptionalField(key: "penal_sanctions") var penalSanctions: Bool?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A cluster munition stockpile figure of a CCM State Party (Art 3): migration 024.
final class CCMStockpileFigureRecord: Model, @unchecked Sendable {
    static let schema = "ccm_stockpile_figures"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "date_of_information") var date: String
    @Field(key: "date_precision") var precision: String
    @Field(key: "munition_type") var munitionType: String
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "unit") var unit: String
    @Field(key: "kind") var kind: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A yearly average exchange rate, units per US dollar: migration 022.
final class ExchangeRateRecord: Model, @unchecked Sendable {
    static let schema = "exchange_rates"

    @ID(key: .id) var id: UUID?
    @Field(key: "currency") var currency: String
    @Field(key: "year") var year: Int
    @Field(key: "units_per_usd") var unitsPerUSD: Double
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A review conference's action plan: migration 026.
final class ActionPlanRecord: Model, @unchecked Sendable {
    static let schema = "action_plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "meeting_code") var meetingCode: String
    @Field(key: "adopted_on") var adoptedOn: String
    @Field(key: "first_year") var firstYear: Int
    @Field(key: "last_year") var lastYear: Int
    @OptionalField(key: "actions") var actions: Int?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A progress figure a source published about an action plan: migration 026.
final class PlanFigureRecord: Model, @unchecked Sendable {
    static let schema = "action_plan_figures"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan") var plan: String
    @OptionalField(key: "year") var year: Int?
    @OptionalField(key: "measure") var measure: String?
    @Field(key: "description") var description: String
    @Field(key: "value") var value: Double
    @OptionalField(key: "denominator") var denominator: Int?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A state's participation in a related instrument (CCW APII, CCW P5, CRPD): migration 028.
final class InstrumentParticipationRecord: Model, @unchecked Sendable {
    static let schema = "instrument_participations"

    @ID(key: .id) var id: UUID?
    @Field(key: "instrument") var instrument: String
    @Field(key: "iso3") var iso3: String
    @OptionalField(key: "signed") var signed: String?
    @OptionalField(key: "consented") var consented: String?
    @OptionalField(key: "consent_kind") var consentKind: String?
    @OptionalField(key: "entry_into_force") var entryIntoForce: String?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// Cluster munitions held by a state outside the CCM (declared, reported or attributed): migration 030.
final class NotPartyClusterStockRecord: Model, @unchecked Sendable {
    static let schema = "ccm_not_party_stocks"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "date_of_information") var date: String
    @Field(key: "date_precision") var precision: String
    @Field(key: "munition_type") var munitionType: String
    @OptionalField(key: "quantity") var quantity: Int64?
    @OptionalField(key: "unit") var unit: String?
    @Field(key: "basis") var basis: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// An extension request before a meeting, its decision not recorded: migration 033.
final class ExtensionRequestRecord: Model, @unchecked Sendable {
    static let schema = "extension_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "convention") var convention: String
    @Field(key: "obligation") var obligation: String
    @Field(key: "iso3") var iso3: String
    @Field(key: "meeting_code") var meetingCode: String
    @OptionalField(key: "submitted_on") var submittedOn: String?
    @OptionalField(key: "requested_deadline") var requestedDeadline: String?
    @Field(key: "known_by") var knownBy: String
    @Field(key: "meeting_start") var meetingStart: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// What a source said on a day of one State Party's Art 7 report: migration 032.
final class TransparencyStatementRecord: Model, @unchecked Sendable {
    static let schema = "transparency_statements"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso3") var iso3: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "year") var year: Int64?
    @Field(key: "status") var status: String
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "submitted_on") var submittedOn: String?
    @Field(key: "as_of") var asOf: String
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A published Art 7 compliance rate for a year: migration 032.
final class ComplianceRateRecord: Model, @unchecked Sendable {
    static let schema = "compliance_rates"

    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int64
    @Field(key: "as_of") var asOf: String
    @OptionalField(key: "states_parties_due") var statesPartiesDue: Int64?
    @OptionalField(key: "submitted") var submitted: Int64?
    @OptionalField(key: "rate_percent") var ratePercent: Double?
    @Field(key: "source") var source: String
    @Field(key: "confidence") var confidence: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "origin") var origin: String

    init() {}
}

/// A reference layer's rows (documented use of mines) as the CSV file its layer writes and reads: migration 031.
final class ReferenceLayerFileRecord: Model, @unchecked Sendable {
    static let schema = "reference_layer_files"

    @ID(key: .id) var id: UUID?
    /// The file's name, `LAYER.csv`.
    @Field(key: "layer") var layer: String
    @Field(key: "content") var content: String
    @Field(key: "origin") var origin: String

    init() {}
}

/// One load of the bundled reference data: which version (checksum), when, how many rows.
final class ReferenceDataLoadRecord: Model, @unchecked Sendable {
    static let schema = "reference_data_loads"

    @ID(key: .id) var id: UUID?
    @Field(key: "checksum") var checksum: String
    @Field(key: "loaded_at") var loadedAt: Date
    @Field(key: "summary") var summary: String

    init() {}

    init(checksum: String, loadedAt: Date, summary: String) {
        self.checksum = checksum
        self.loadedAt = loadedAt
        self.summary = summary
    }
}
