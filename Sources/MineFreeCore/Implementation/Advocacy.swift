import Foundation

/// A meeting or event of the treaty's work: a Meeting of States Parties, a Review Conference, the intersessional
/// meetings, a regional workshop (Dushanbe, July 2009), a field visit. `meetingCode` links a treaty meeting of the
/// reference data (`MSP9`, `RC4`).
public struct AdvocacyEvent: Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case meetingOfStatesParties = "msp"
        case reviewConference = "review_conference"
        case intersessional
        case regionalMeeting = "regional_meeting"
        case workshop
        case fieldVisit = "field_visit"
        case other

        /// A meeting of the treaty itself: attending one is an interim step for a state outside it.
        public var isTreatyMeeting: Bool {
            self == .meetingOfStatesParties || self == .reviewConference || self == .intersessional
        }
    }

    public var localID: String
    public var kind: Kind
    public var title: String
    /// The first day: the event's date of information.
    public var start: CalendarDate
    public var end: CalendarDate?
    public var place: String?
    /// The host state's ISO alpha-3 code.
    public var country: String?
    public var organiser: String?
    public var meetingCode: String?
    public var outcomes: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        kind: Kind,
        title: String,
        start: CalendarDate,
        end: CalendarDate? = nil,
        place: String? = nil,
        country: String? = nil,
        organiser: String? = nil,
        meetingCode: String? = nil,
        outcomes: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.kind = kind
        self.title = title
        self.start = start
        self.end = end
        self.place = place
        self.country = country
        self.organiser = organiser
        self.meetingCode = meetingCode
        self.outcomes = outcomes
        self.source = source
    }

    public init() { self.init(localID: "", kind: .other, title: "", start: .epoch) }
}

extension AdvocacyEvent: LayerRecord {
    public static let layer = Layer<AdvocacyEvent>(
        name: "events",
        singular: "meeting or event",
        area: .implementation,
        table: "advocacy_events",
        key: ["id"],
        date: "start_date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#event+id"),
            .choice("kind", \.kind, { $0.kind }, hxl: "#event+type"),
            .text("title", \.title, { $0.title }, maxLength: 500, hxl: "#event+name"),
            .date("start_date", \.start, { $0.start }, hxl: "#date+start"),
            .date("end_date", \.end, { $0.end }, hxl: "#date+end"),
            .text("place", \.place, { $0.place }, maxLength: 200, hxl: "#loc+name"),
            .code("country", \.country, { $0.country }, hxl: "#country+code"),
            .text("organiser", \.organiser, { $0.organiser }, maxLength: 300, hxl: "#org+organiser"),
            .code("meeting_code", \.meetingCode, { $0.meetingCode }, hxl: "#event+code+treaty"),
            .text("outcomes", \.outcomes, { $0.outcomes }, maxLength: 4000, hxl: "#description+outcome"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ e: inout AdvocacyEvent, _ row: inout RowCheck) {
        if let end = e.end, end < e.start {
            row.fail(
                "end-before-start",
                "\(row.name("end_date")) \(end) is before \(row.name("start_date")) \(e.start)"
            )
        }
        RecordRules.checkState(e.country, "country", &row)
    }
}

/// Who attended an event and at what level: a state's delegation (its ISO code) or an organisation, with what it
/// said. A state outside the treaty attending a treaty meeting is an interim step.
public struct EventAttendance: Sendable {
    public enum Level: String, CaseIterable, Sendable, Codable {
        case ministerial, ambassador
        case seniorOfficial = "senior_official"
        case official, expert, observer
    }

    public var localID: String
    public var eventID: String
    /// The day attended: the record's date of information.
    public var date: CalendarDate
    /// A state's ISO alpha-3 code; nil for an organisation.
    public var state: String?
    public var organisation: String?
    public var level: Level?
    public var delegates: Int?
    /// What the delegation said (a statement's gist, or its address).
    public var statement: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        eventID: String,
        date: CalendarDate,
        state: String? = nil,
        organisation: String? = nil,
        level: Level? = nil,
        delegates: Int? = nil,
        statement: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.eventID = eventID
        self.date = date
        self.state = state
        self.organisation = organisation
        self.level = level
        self.delegates = delegates
        self.statement = statement
        self.source = source
    }

    public init() { self.init(localID: "", eventID: "", date: .epoch) }
}

extension EventAttendance: LayerRecord {
    public static let layer = Layer<EventAttendance>(
        name: "event_attendance",
        singular: "attendance",
        area: .implementation,
        table: "event_attendance",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_attendance+id"),
            .code(
                "event_id",
                \.eventID,
                { $0.eventID },
                hxl: "#event+id",
                references: Reference("events", rule: "unknown-event")
            ),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .text("organisation", \.organisation, { $0.organisation }, maxLength: 300, hxl: "#org+name"),
            .choice("level", \.level, { $0.level }, hxl: "#x_delegation+level"),
            .integer("delegates", \.delegates, { $0.delegates }, 0...10_000, hxl: "#x_delegation+num"),
            .text("statement", \.statement, { $0.statement }, maxLength: 4000, hxl: "#description+statement"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ a: inout EventAttendance, _ row: inout RowCheck) {
        RecordRules.checkState(a.state, "state", &row)
        if (a.state == nil) == (a.organisation == nil) {
            row.fail(
                "required",
                "give \(row.name("state")) (a state's delegation) or \(row.name("organisation")), not both"
            )
        }
    }
}

/// A commitment or pledge: who promised what, to whom, by when, and whether it was kept. A later state of the same
/// pledge (fulfilled, not fulfilled) is a new record of its id with a later `recorded` day.
public struct Pledge: Sendable {
    public enum Status: String, CaseIterable, Sendable, Codable {
        case open, fulfilled
        case partlyFulfilled = "partly_fulfilled"
        case notFulfilled = "not_fulfilled"
        case withdrawn
    }

    public var localID: String
    public var made: CalendarDate
    public var pledger: String
    /// The pledging state's ISO code, when a state pledged.
    public var pledgerState: String?
    public var recipient: String?
    public var what: String
    public var amount: Int?
    public var currency: String?
    public var due: CalendarDate?
    public var eventID: String?
    public var status: Status
    /// The date of information (the day the status was known).
    public var recorded: CalendarDate
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        made: CalendarDate,
        pledger: String,
        what: String,
        status: Status,
        recorded: CalendarDate,
        pledgerState: String? = nil,
        recipient: String? = nil,
        amount: Int? = nil,
        currency: String? = nil,
        due: CalendarDate? = nil,
        eventID: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.made = made
        self.pledger = pledger
        self.what = what
        self.status = status
        self.recorded = recorded
        self.pledgerState = pledgerState
        self.recipient = recipient
        self.amount = amount
        self.currency = currency
        self.due = due
        self.eventID = eventID
        self.source = source
    }

    public init() { self.init(localID: "", made: .epoch, pledger: "", what: "", status: .open, recorded: .epoch) }

    /// Due and not kept by `day`: open or partly fulfilled past its due day.
    public func isOverdue(on day: CalendarDate) -> Bool {
        guard let due, due < day else { return false }
        return status == .open || status == .partlyFulfilled
    }
}

extension Pledge: LayerRecord {
    public static let layer = Layer<Pledge>(
        name: "pledges",
        singular: "pledge",
        area: .implementation,
        table: "pledges",
        key: ["id", "recorded"],
        keyRule: "duplicate-record",
        date: "recorded",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_pledge+id"),
            .date("made", \.made, { $0.made }, hxl: "#date+made"),
            .text("pledger", \.pledger, { $0.pledger }, maxLength: 300, hxl: "#org+pledger"),
            .code("pledger_state", \.pledgerState, { $0.pledgerState }, hxl: "#country+code+pledger"),
            .text("recipient", \.recipient, { $0.recipient }, maxLength: 300, hxl: "#org+recipient"),
            .text("what", \.what, { $0.what }, maxLength: 2000, hxl: "#description"),
            .integer(
                "amount",
                \.amount,
                { $0.amount },
                0...Funding.amountRange.upperBound,
                unit: "currency",
                hxl: "#value"
            ),
            .code("currency", \.currency, { $0.currency }, hxl: "#currency"),
            .date("due", \.due, { $0.due }, hxl: "#date+due"),
            .code(
                "event_id",
                \.eventID,
                { $0.eventID },
                hxl: "#event+id",
                references: Reference("events", rule: "unknown-event")
            ),
            .choice("status", \.status, { $0.status }, hxl: "#status"),
            .date("recorded", \.recorded, { $0.recorded }, hxl: "#date+reported"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ p: inout Pledge, _ row: inout RowCheck) {
        RecordRules.checkState(p.pledgerState, "pledger_state", &row)
        RecordRules.checkCurrency(p.currency, "currency", &row)
        if p.amount != nil, p.currency == nil {
            row.fail("required", "\(row.name("currency")) is empty: an amount needs its currency")
        }
        if p.recorded < p.made {
            row.fail(
                "recorded-before-made",
                "\(row.name("recorded")) \(p.recorded) is before \(row.name("made")) \(p.made)"
            )
        }
        if let due = p.due, due < p.made {
            row.fail("due-before-made", "\(row.name("due")) \(due) is before \(row.name("made")) \(p.made)")
        }
    }
}

/// A step a state outside the treaty took towards it, or said, on a day (the campaign's "interim steps"): a
/// voluntary Article 7 report, a stockpile disclosed or destroyed, a moratorium on use, production or transfer, a
/// statement of support for the ban, or its stated reason for not joining. (Votes on the UNGA resolution are
/// reference data; attending treaty meetings comes from the attendance records.)
public struct StateStep: Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case voluntaryReport = "voluntary_art7_report"
        case stockpileDisclosed = "stockpile_disclosed"
        case stockpileDestroyed = "stockpile_destroyed"
        case moratorium
        case statementOfSupport = "statement_of_support"
        case reasonNotJoining = "reason_not_joining"
    }

    public var localID: String
    public var state: String
    public var date: CalendarDate
    public var kind: Kind
    public var detail: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        state: String,
        date: CalendarDate,
        kind: Kind,
        detail: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.state = state
        self.date = date
        self.kind = kind
        self.detail = detail
        self.source = source
    }

    public init() { self.init(localID: "", state: "", date: .epoch, kind: .statementOfSupport) }
}

extension StateStep: LayerRecord {
    public static let layer = Layer<StateStep>(
        name: "state_steps",
        singular: "interim step",
        area: .implementation,
        table: "state_steps",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_step+id"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("kind", \.kind, { $0.kind }, hxl: "#x_step+type"),
            .text("detail", \.detail, { $0.detail }, maxLength: 4000, hxl: "#description"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ s: inout StateStep, _ row: inout RowCheck) {
        RecordRules.checkState(s.state, "state", &row)
    }
}

/// A contact with a state about the treaty: a letter (the ICBL's to ANAMA in 2007), a meeting, a mission, a call,
/// with the organisation that made it and what came of it.
public struct AdvocacyContact: Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable { case letter, meeting, mission, call, other }

    public var localID: String
    public var date: CalendarDate
    public var state: String
    public var kind: Kind
    public var organisation: String
    public var counterpart: String?
    public var subject: String
    public var outcome: String?
    public var eventID: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        date: CalendarDate,
        state: String,
        kind: Kind,
        organisation: String,
        subject: String,
        counterpart: String? = nil,
        outcome: String? = nil,
        eventID: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.date = date
        self.state = state
        self.kind = kind
        self.organisation = organisation
        self.subject = subject
        self.counterpart = counterpart
        self.outcome = outcome
        self.eventID = eventID
        self.source = source
    }

    public init() { self.init(localID: "", date: .epoch, state: "", kind: .other, organisation: "", subject: "") }
}

extension AdvocacyContact: LayerRecord {
    public static let layer = Layer<AdvocacyContact>(
        name: "contacts",
        singular: "contact",
        area: .implementation,
        table: "advocacy_contacts",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_contact+id"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .code("state", \.state, { $0.state }, hxl: "#country+code"),
            .choice("kind", \.kind, { $0.kind }, hxl: "#x_contact+type"),
            .text("organisation", \.organisation, { $0.organisation }, maxLength: 300, hxl: "#org+name"),
            .text("counterpart", \.counterpart, { $0.counterpart }, maxLength: 300, hxl: "#org+counterpart"),
            .text("subject", \.subject, { $0.subject }, maxLength: 2000, hxl: "#description+subject"),
            .text("outcome", \.outcome, { $0.outcome }, maxLength: 4000, hxl: "#description+outcome"),
            .code(
                "event_id",
                \.eventID,
                { $0.eventID },
                hxl: "#event+id",
                references: Reference("events", rule: "unknown-event")
            ),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ c: inout AdvocacyContact, _ row: inout RowCheck) {
        RecordRules.checkState(c.state, "state", &row)
    }
}

/// A press release, media advisory, statement or article, in a language, with the coverage it had.
public struct MediaOutput: Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case pressRelease = "press_release"
        case mediaAdvisory = "media_advisory"
        case statement
        case article, interview, other
    }

    public var localID: String
    public var date: CalendarDate
    public var kind: Kind
    /// ISO 639-1 (en, fr, ru, az…).
    public var language: String
    public var title: String
    public var url: String?
    /// Media reports that took it up.
    public var coverage: Int?
    public var eventID: String?
    public var extra: String?

    public init(
        localID: String,
        date: CalendarDate,
        kind: Kind,
        language: String,
        title: String,
        url: String? = nil,
        coverage: Int? = nil,
        eventID: String? = nil
    ) {
        self.localID = localID
        self.date = date
        self.kind = kind
        self.language = language
        self.title = title
        self.url = url
        self.coverage = coverage
        self.eventID = eventID
    }

    public init() { self.init(localID: "", date: .epoch, kind: .other, language: "en", title: "") }
}

extension MediaOutput: LayerRecord {
    public static let layer = Layer<MediaOutput>(
        name: "media_outputs",
        singular: "media output",
        area: .implementation,
        table: "media_outputs",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_media+id"),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("kind", \.kind, { $0.kind }, hxl: "#x_media+type"),
            .code("language", \.language, { $0.language }, hxl: "#meta+lang"),
            .text("title", \.title, { $0.title }, maxLength: 500, hxl: "#meta+title"),
            .text("url", \.url, { $0.url }, maxLength: 2000, hxl: "#meta+url"),
            .integer("coverage", \.coverage, { $0.coverage }, 0...1_000_000, hxl: "#x_media+coverage+num"),
            .code(
                "event_id",
                \.eventID,
                { $0.eventID },
                hxl: "#event+id",
                references: Reference("events", rule: "unknown-event")
            ),
        ]
    )

    public static func check(_ m: inout MediaOutput, _ row: inout RowCheck) {
        let ok = (2...3).contains(m.language.utf8.count) && m.language.utf8.allSatisfy { (97...122).contains($0) }
        if !ok {
            row.fail("language", "\(row.name("language")) '\(m.language)' is not an ISO 639 code (e.g. en, fr, az)")
        }
    }
}
