import Foundation

/// What a contribution pays for, in the words of the APMBC's Art 6 and the Landmine Monitor's support chapters.
public enum FundingSector: String, CaseIterable, Sendable, Codable {
    case surveyClearance = "survey_clearance"
    case riskEducation = "risk_education"
    case victimAssistance = "victim_assistance"
    case stockpileDestruction = "stockpile_destruction"
    case capacityBuilding = "capacity_building"
    case advocacy
    /// Mine action not broken down further: what an IATI activity under DAC purpose code 15250 reports.
    case mineAction = "mine_action"
}

/// A step in the life of money, as IATI names its transaction types: promised, paid out, spent, received.
public enum FundingFlow: String, CaseIterable, Sendable, Codable {
    /// A firm written obligation to provide the money (IATI 2, outgoing commitment).
    case commitment
    /// Money paid to the recipient or implementer (IATI 3).
    case disbursement
    /// Money spent on goods and services for the activity (IATI 4); negative for a refund.
    case expenditure
    /// Money received from a donor (IATI 1).
    case incomingFunds = "incoming_funds"
    /// A commitment received from a donor (IATI 11).
    case incomingCommitment = "incoming_commitment"

    /// Money that moved: the flows the totals count by default (a commitment is a promise).
    public var movesMoney: Bool { self == .disbursement || self == .incomingFunds }
}

/// Whose money: the affected state's own budget, or support from abroad (Art 6).
public enum FundingOrigin: String, CaseIterable, Sendable, Codable {
    case national, international
}

/// A project a donor funds: its budget, period, place and the people it expects to reach — e.g. the EU and UNDP
/// project of EUR 4.25 million meant to let about 33,000 displaced families return. A project's later state (a
/// revised budget) is a new record of the same id with a later `recorded` day.
public struct FundingProject: Sendable {
    public var localID: String
    public var title: String
    public var donor: String?
    /// The recipient state's ISO alpha-3 code; nil for a global or regional project (`region` says which).
    public var recipient: String?
    public var region: String?
    public var implementer: String?
    public var sector: FundingSector
    /// In whole units of `currency`.
    public var budget: Int?
    public var currency: String?
    public var start: CalendarDate?
    public var end: CalendarDate?
    /// How many it expects to reach, counted in `beneficiaryUnit` (people, households, families).
    public var beneficiaries: Int?
    public var beneficiaryUnit: String?
    public var location: String?
    /// The IATI activity identifier, whole (the id may be shortened to fit 64 characters).
    public var iatiIdentifier: String?
    /// The date of information.
    public var recorded: CalendarDate
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        title: String,
        sector: FundingSector,
        recorded: CalendarDate,
        donor: String? = nil,
        recipient: String? = nil,
        region: String? = nil,
        implementer: String? = nil,
        budget: Int? = nil,
        currency: String? = nil,
        start: CalendarDate? = nil,
        end: CalendarDate? = nil,
        beneficiaries: Int? = nil,
        beneficiaryUnit: String? = nil,
        location: String? = nil,
        iatiIdentifier: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.title = title
        self.sector = sector
        self.recorded = recorded
        self.donor = donor
        self.recipient = recipient
        self.region = region
        self.implementer = implementer
        self.budget = budget
        self.currency = currency
        self.start = start
        self.end = end
        self.beneficiaries = beneficiaries
        self.beneficiaryUnit = beneficiaryUnit
        self.location = location
        self.iatiIdentifier = iatiIdentifier
        self.source = source
    }

    public init() { self.init(localID: "", title: "", sector: .mineAction, recorded: .epoch) }
}

extension FundingProject: LayerRecord {
    public static let layer = Layer<FundingProject>(
        name: "funding_projects",
        singular: "funding project",
        area: .implementation,
        table: "funding_projects",
        key: ["id", "recorded"],
        keyRule: "duplicate-record",
        date: "recorded",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#activity+id"),
            .text("title", \.title, { $0.title }, maxLength: 500, hxl: "#activity+name"),
            .text("donor", \.donor, { $0.donor }, maxLength: 300, hxl: "#org+funder"),
            .code("recipient", \.recipient, { $0.recipient }, hxl: "#country+code"),
            .text("region", \.region, { $0.region }, maxLength: 200, hxl: "#region+name"),
            .text("implementer", \.implementer, { $0.implementer }, maxLength: 300, hxl: "#org+impl"),
            .choice("sector", \.sector, { $0.sector }, hxl: "#sector"),
            .integer("budget", \.budget, { $0.budget }, Funding.amountRange, unit: "currency", hxl: "#value+budget"),
            .code("currency", \.currency, { $0.currency }, hxl: "#currency"),
            .date("start_date", \.start, { $0.start }, hxl: "#date+start"),
            .date("end_date", \.end, { $0.end }, hxl: "#date+end"),
            .integer(
                "beneficiaries",
                \.beneficiaries,
                { $0.beneficiaries },
                0...10_000_000_000,
                hxl: "#beneficiary+num+targeted"
            ),
            .text(
                "beneficiary_unit",
                \.beneficiaryUnit,
                { $0.beneficiaryUnit },
                maxLength: 60,
                hxl: "#beneficiary+type"
            ),
            .text("location", \.location, { $0.location }, maxLength: 300, hxl: "#loc+name"),
            .text(
                "iati_identifier",
                \.iatiIdentifier,
                { $0.iatiIdentifier },
                maxLength: 300,
                hxl: "#activity+code+iati"
            ),
            .date("recorded", \.recorded, { $0.recorded }, hxl: "#date+reported"),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ p: inout FundingProject, _ row: inout RowCheck) {
        if let start = p.start, let end = p.end, end < start {
            row.fail("end-before-start", "\(row.name("end_date")) \(end) is before \(row.name("start_date")) \(start)")
        }
        RecordRules.checkState(p.recipient, "recipient", &row)
        RecordRules.checkCurrency(p.currency, "currency", &row)
        if p.budget != nil, p.currency == nil {
            row.fail("required", "\(row.name("currency")) is empty: a budget needs its currency")
        }
        if p.budget.map({ $0 < 0 }) ?? false {
            row.fail("below-minimum", "\(row.name("budget")) \(p.budget!) is negative")
        }
        if p.beneficiaries != nil, p.beneficiaryUnit == nil {
            row.fail("required", "\(row.name("beneficiary_unit")) is empty: say what the beneficiaries count")
        }
    }
}

/// One movement of money for mine action (Art 6 cooperation and assistance, or a state's own budget): who gave it,
/// to whom, through whom, when, how much in which currency, for what. A correction is a new record (ids stored are
/// refused), as everywhere.
public struct Contribution: Sendable {
    public var localID: String
    public var projectID: String?
    /// The day of the transaction: its date of information.
    public var date: CalendarDate
    public var flow: FundingFlow
    public var donor: String
    public var origin: FundingOrigin
    /// The recipient state's ISO alpha-3 code; nil for global or regional money (`region` says which).
    public var recipient: String?
    public var region: String?
    public var implementer: String?
    /// In whole units of `currency`; negative for a refund or a cancelled commitment.
    public var amount: Int
    public var currency: String
    public var sector: FundingSector
    public var iatiIdentifier: String?
    public var source: String?
    public var extra: String?

    public init(
        localID: String,
        date: CalendarDate,
        flow: FundingFlow,
        donor: String,
        origin: FundingOrigin,
        amount: Int,
        currency: String,
        sector: FundingSector,
        recipient: String? = nil,
        region: String? = nil,
        implementer: String? = nil,
        projectID: String? = nil,
        iatiIdentifier: String? = nil,
        source: String? = nil
    ) {
        self.localID = localID
        self.date = date
        self.flow = flow
        self.donor = donor
        self.origin = origin
        self.amount = amount
        self.currency = currency
        self.sector = sector
        self.recipient = recipient
        self.region = region
        self.implementer = implementer
        self.projectID = projectID
        self.iatiIdentifier = iatiIdentifier
        self.source = source
    }

    public init() {
        self.init(
            localID: "",
            date: .epoch,
            flow: .disbursement,
            donor: "",
            origin: .international,
            amount: 0,
            currency: "",
            sector: .mineAction
        )
    }
}

extension Contribution: LayerRecord {
    public static let layer = Layer<Contribution>(
        name: "contributions",
        singular: "contribution",
        area: .implementation,
        table: "contributions",
        key: ["id"],
        date: "date",
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_contribution+id"),
            .code(
                "project_id",
                \.projectID,
                { $0.projectID },
                hxl: "#activity+id",
                references: Reference("funding_projects", rule: "unknown-project")
            ),
            .date("date", \.date, { $0.date }, hxl: "#date"),
            .choice("flow", \.flow, { $0.flow }, hxl: "#x_flow+type"),
            .text("donor", \.donor, { $0.donor }, maxLength: 300, hxl: "#org+funder"),
            .choice("origin", \.origin, { $0.origin }, hxl: "#x_funding+origin"),
            .code("recipient", \.recipient, { $0.recipient }, hxl: "#country+code"),
            .text("region", \.region, { $0.region }, maxLength: 200, hxl: "#region+name"),
            .text("implementer", \.implementer, { $0.implementer }, maxLength: 300, hxl: "#org+impl"),
            .integer("amount", \.amount, { $0.amount }, Funding.amountRange, unit: "currency", hxl: "#value"),
            .code("currency", \.currency, { $0.currency }, hxl: "#currency"),
            .choice("sector", \.sector, { $0.sector }, hxl: "#sector"),
            .text(
                "iati_identifier",
                \.iatiIdentifier,
                { $0.iatiIdentifier },
                maxLength: 300,
                hxl: "#activity+code+iati"
            ),
            .text("source", \.source, { $0.source }, maxLength: 1000, hxl: "#meta+source"),
        ]
    )

    public static func check(_ c: inout Contribution, _ row: inout RowCheck) {
        RecordRules.checkState(c.recipient, "recipient", &row)
        RecordRules.checkCurrency(c.currency, "currency", &row)
        // IATI allows negative outgoing values (a refund, a reversal, a cancelled commitment); money received is not.
        if c.amount < 0, c.flow == .incomingFunds || c.flow == .incomingCommitment {
            row.fail("below-minimum", "\(row.name("amount")) \(c.amount) is negative for \(c.flow.rawValue)")
        }
    }
}

/// The rules the funding records share.
public enum Funding {
    /// Whole currency units: ten trillion either way holds any programme in any currency (yen, rials) with room.
    public static let amountRange: ClosedRange<Int64> = -10_000_000_000_000...10_000_000_000_000
}

extension Dataset {
    public var contributions: [Contribution] {
        get { self[Contribution.self] }
        set { self[Contribution.self] = newValue }
    }
    public var fundingProjects: [FundingProject] {
        get { self[FundingProject.self] }
        set { self[FundingProject.self] = newValue }
    }
}

/// Records of a kind kept with one row per id and date of information, as they stood at the start of a day: each
/// id's latest record dated before it, in id order.
public enum LatestRecords {
    public static func of<R>(
        _ records: [R],
        id: (R) -> String,
        date: (R) -> CalendarDate,
        asOf: CalendarDate
    ) -> [R] {
        var latest: [String: R] = [:]
        for r in records where date(r) < asOf {
            if let seen = latest[id(r)], date(seen) >= date(r) { continue }
            latest[id(r)] = r
        }
        return latest.values.sorted { id($0) < id($1) }
    }
}

/// Projects as they stood at the start of a day: each project's latest record dated before it.
public struct FundingProjectView: Sendable {
    public let current: [FundingProject]

    public init(records: [FundingProject], asOf: CalendarDate) {
        current = LatestRecords.of(records, id: \.localID, date: \.recorded, asOf: asOf)
    }
}
