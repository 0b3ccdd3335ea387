import Foundation

/// The components of victim assistance as the APMBC's action plans and the CCM (Art 5) name them: emergency and
/// continuing medical care, physical rehabilitation (with assistive devices such as prostheses), psychological and
/// psychosocial support (peer support among them), and social and economic inclusion (education, livelihoods,
/// social protection).
public enum AssistancePillar: String, CaseIterable, Sendable, Codable {
    case emergencyMedical = "emergency_medical"
    case continuingMedical = "continuing_medical"
    /// Physical rehabilitation, prostheses, orthoses and other assistive devices.
    case rehabilitation
    /// Psychological and psychosocial support, peer support included.
    case psychosocial
    case education
    /// Livelihoods, vocational training, employment.
    case economicInclusion = "economic_inclusion"
    case socialProtection = "social_protection"
}

/// A need of a survivor's, identified on a day (a needs assessment, a referral from a hospital): what the gaps
/// analysis holds the services against. What the need is in detail is personal and kept apart.
public struct AssistanceNeed: Sendable {
    public enum Priority: String, CaseIterable, Sendable, Codable { case high, medium, low }

    public var localID: String
    public var survivorID: String
    public var pillar: AssistancePillar
    /// When the need was identified (the date of information).
    public var identified: CalendarDate
    public var priority: Priority?
    public var extra: String?

    public init(
        localID: String,
        survivorID: String,
        pillar: AssistancePillar,
        identified: CalendarDate,
        priority: Priority? = nil
    ) {
        self.localID = localID
        self.survivorID = survivorID
        self.pillar = pillar
        self.identified = identified
        self.priority = priority
    }

    public init() { self.init(localID: "", survivorID: "", pillar: .emergencyMedical, identified: .epoch) }
}

extension AssistanceNeed: LayerRecord {
    public static let layer = Layer<AssistanceNeed>(
        name: "assistance_needs",
        singular: "assistance need",
        area: .people,
        table: "assistance_needs",
        key: ["id"],
        date: "identified",
        privacy: .aboutPeople([.init("survivor_id", .survivor)]),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_assistance_needs+id"),
            .id(of: .survivor, \.survivorID, { $0.survivorID }),
            .choice("pillar", \.pillar, { $0.pillar }, hxl: "#x_pillar"),
            .date("identified", \.identified, { $0.identified }, hxl: "#date+identified"),
            .choice("priority", \.priority, { $0.priority }, hxl: "#priority"),
        ]
    )
}

/// One service given to a survivor (or to an affected family): its pillar, who provides it, when the survivor was
/// referred, when it started and ended, the last follow-up and how it turned out. A later state of the same service
/// is a new record, as everywhere (ids already stored are refused).
public struct AssistanceService: Sendable {
    public enum Outcome: String, CaseIterable, Sendable, Codable {
        /// Referred; not started yet.
        case pending, ongoing, completed, declined
        /// Sent on to another provider (whose service is a record of its own).
        case referredOn = "referred_on"
        case lostToFollowUp = "lost_to_follow_up"
    }

    public var localID: String
    public var survivorID: String
    /// The need this service answers, where the record says.
    public var needID: String?
    public var pillar: AssistancePillar
    /// The provider when it is a recorded organisation; otherwise `provider` names it (a hospital, a ministry).
    public var organisationID: String?
    public var provider: String?
    public var referred: CalendarDate
    public var started: CalendarDate?
    public var ended: CalendarDate?
    /// The last follow-up made (a visit, a call).
    public var followUp: CalendarDate?
    public var outcome: Outcome
    /// When this record was made (the date of information); the latest of its dates when not given.
    public var recorded: CalendarDate?
    public var extra: String?

    public init(
        localID: String,
        survivorID: String,
        pillar: AssistancePillar,
        referred: CalendarDate,
        outcome: Outcome,
        needID: String? = nil,
        organisationID: String? = nil,
        provider: String? = nil,
        started: CalendarDate? = nil,
        ended: CalendarDate? = nil,
        followUp: CalendarDate? = nil,
        recorded: CalendarDate? = nil
    ) {
        self.localID = localID
        self.survivorID = survivorID
        self.pillar = pillar
        self.referred = referred
        self.outcome = outcome
        self.needID = needID
        self.organisationID = organisationID
        self.provider = provider
        self.started = started
        self.ended = ended
        self.followUp = followUp
        self.recorded = recorded
    }

    public init() {
        self.init(localID: "", survivorID: "", pillar: .emergencyMedical, referred: .epoch, outcome: .pending)
    }

    /// The latest of the service's own dates: what it records at the earliest.
    public var latestDate: CalendarDate {
        [started, ended, followUp].compactMap { $0 }.reduce(referred, max)
    }

    /// The date of information: as recorded, or the latest of the service's dates.
    public var dateOfInformation: CalendarDate { recorded ?? latestDate }

    /// Who provides it, as the gaps analysis counts providers: the organisation's id, else the name given.
    public var providerName: String { organisationID ?? provider ?? "unknown" }

    /// The last day the service ran: its end; for one declined, referred on or lost without an end, the day it
    /// was recorded so; nil while it runs (ongoing) or has not started.
    public var lastDay: CalendarDate? {
        if let ended { return ended }
        switch outcome {
        case .pending, .ongoing: return nil
        case .completed, .declined, .referredOn, .lostToFollowUp: return started == nil ? nil : dateOfInformation
        }
    }

    /// Whether it ran on some day of `period` known at the start of `asOf`: started before the period's end (and the
    /// as-of day), not ended before the period's start.
    public func isActive(in period: Range<CalendarDate>, asOf: CalendarDate) -> Bool {
        guard dateOfInformation < asOf, let started, started < period.upperBound, started < asOf else { return false }
        return (lastDay ?? period.upperBound) >= period.lowerBound
    }
}

extension AssistanceService: LayerRecord {
    public static let layer = Layer<AssistanceService>(
        name: "assistance_services",
        singular: "assistance service",
        area: .people,
        table: "assistance_services",
        key: ["id"],
        date: "recorded",
        privacy: .aboutPeople([.init("survivor_id", .survivor)]),
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_assistance_services+id"),
            .id(of: .survivor, \.survivorID, { $0.survivorID }),
            .id(of: .need, \.needID, { $0.needID }),
            .choice("pillar", \.pillar, { $0.pillar }, hxl: "#x_pillar"),
            .id(of: .organisation, \.organisationID, { $0.organisationID }),
            .text("provider", \.provider, { $0.provider }, maxLength: 200, hxl: "#org+name"),
            .date("referred", \.referred, { $0.referred }, hxl: "#date+referred"),
            .date("started", \.started, { $0.started }, hxl: "#date+start"),
            .date("ended", \.ended, { $0.ended }, hxl: "#date+end"),
            .date("follow_up", \.followUp, { $0.followUp }, hxl: "#date+followup"),
            .choice("outcome", \.outcome, { $0.outcome }, hxl: "#status"),
            .date("recorded", \.recorded, { $0.recorded }, hxl: "#date+reported"),
        ]
    )

    /// The dates run referral → start → end, a follow-up comes after the service began, the outcome agrees with
    /// the dates, and someone provides it. Without `recorded`, the record is known from its latest date.
    public static func check(_ s: inout AssistanceService, _ row: inout RowCheck) {
        if s.organisationID == nil, s.provider == nil {
            row.fail(
                "required",
                "no \(row.name("organisation_id")) and no \(row.name("provider")): say who provides the service"
            )
        }
        if let started = s.started, started < s.referred {
            row.fail(
                "started-before-referral",
                "\(row.name("started")) \(started) is before \(row.name("referred")) \(s.referred)"
            )
        }
        if let ended = s.ended {
            if let started = s.started {
                if ended < started {
                    row.fail(
                        "ended-before-start",
                        "\(row.name("ended")) \(ended) is before \(row.name("started")) \(started)"
                    )
                }
            } else {
                row.fail("required", "\(row.name("ended")) is given without \(row.name("started"))")
            }
        }
        if let followUp = s.followUp, followUp < (s.started ?? s.referred) {
            row.fail(
                "follow-up-before-service",
                "\(row.name("follow_up")) \(followUp) is before the service \(s.started == nil ? "was referred" : "started") (\(s.started ?? s.referred))"
            )
        }
        switch s.outcome {
        case .pending where s.started != nil:
            row.fail("outcome-contradicts-dates", "\(row.name("outcome")) pending, but the service has started")
        case .ongoing where s.ended != nil, .ongoing where s.started == nil:
            row.fail(
                "outcome-contradicts-dates",
                "\(row.name("outcome")) ongoing needs \(row.name("started")) and no \(row.name("ended"))"
            )
        case .completed where s.ended == nil:
            row.fail("required", "\(row.name("outcome")) completed needs \(row.name("ended"))")
        default: break
        }
        guard let recorded = s.recorded else {
            s.recorded = s.latestDate
            return
        }
        if recorded < s.latestDate {
            row.fail(
                "recorded-before-service",
                "\(row.name("recorded")) \(recorded) is before the service's latest date \(s.latestDate)"
            )
        }
    }

    /// Against the need it names (in this import): the same survivor and the same pillar. Against the survivor (in
    /// this import): it does not start before the accident.
    public static func checkAcross(_ c: inout CrossCheck) {
        let services = c.records(AssistanceService.self)
        guard !services.isEmpty else { return }
        let needs = Dictionary(
            c.records(AssistanceNeed.self).map { ($0.localID, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for (i, s) in services.enumerated() {
            guard let id = s.needID, let need = needs[id] else { continue }
            if need.pillar != s.pillar {
                c.fail(
                    AssistanceService.self,
                    i,
                    "pillar-differs-from-need",
                    "\(c.name(AssistanceService.self, "pillar")) \(s.pillar.rawValue) differs from need \(id)'s \(need.pillar.rawValue)"
                )
            }
            if need.survivorID != s.survivorID {
                c.fail(
                    AssistanceService.self,
                    i,
                    "survivor-differs-from-need",
                    "\(c.name(AssistanceService.self, "survivor_id")) \(s.survivorID) differs from need \(id)'s survivor \(need.survivorID)"
                )
            }
        }
        let survivors = c.records(Survivor.self)
        guard !survivors.isEmpty else { return }
        let casualties = Dictionary(
            c.records(CasualtyEvent.self).map { ($0.localID, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        var accidentDates: [String: CalendarDate] = [:]
        for s in survivors { accidentDates[s.localID] = s.accidentDate(casualties: casualties) }
        for (i, s) in services.enumerated() {
            guard let started = s.started, let accident = accidentDates[s.survivorID] ?? nil, started < accident
            else { continue }
            c.fail(
                AssistanceService.self,
                i,
                "service-before-accident",
                "\(c.name(AssistanceService.self, "started")) \(started) is before survivor \(s.survivorID)'s accident (\(accident))"
            )
        }
    }
}

extension Dataset {
    public var assistanceNeeds: [AssistanceNeed] {
        get { self[AssistanceNeed.self] }
        set { self[AssistanceNeed.self] = newValue }
    }

    public var assistanceServices: [AssistanceService] {
        get { self[AssistanceService.self] }
        set { self[AssistanceService.self] = newValue }
    }
}
