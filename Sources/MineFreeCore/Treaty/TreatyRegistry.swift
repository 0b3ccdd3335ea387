import Foundation

/// Every treaty fact MineFree knows, validated and indexed. Built from the bundled reference data
/// (``ReferenceDataLoader``) or from the store; the obligation engine reads only this.
public struct TreatyRegistry: Sendable {
    public let states: [State]
    public let conventions: [Convention: ConventionFacts]
    public let participations: [TreatyParticipation]
    public let meetings: [TreatyMeeting]
    public let obligationReports: [ObligationReport]
    public let extensions: [DeadlineExtension]
    /// Stockpile figures (declared, remaining, destroyed, found later) and retained mines by year (issue 18).
    public let stockpileFigures: [StockpileFigure]
    public let retainedMines: [RetainedMinesReport]
    /// Votes on the UNGA resolution on the Convention (issue 18: interim steps of states not party).
    public let ungaVotes: [UNGAVote]
    /// National implementation measures (APMBC Art 9).
    public let nationalMeasures: [NationalMeasure]
    /// Yearly average exchange rates (funding in US dollars).
    public let exchangeRates: [ExchangeRate]
    /// Cluster munition stockpile figures of CCM States Parties (Art 3), in munitions or submunitions.
    public let ccmStockpileFigures: [StockpileFigure]
    /// The review conferences' action plans and the progress figures sources published about them.
    public let actionPlans: [ActionPlan]
    public let planFigures: [PlanFigure]
    /// Participation in CCW Amended Protocol II, CCW Protocol V and the CRPD.
    public let instrumentParticipations: [InstrumentParticipation]
    /// Cluster munitions held by states outside the CCM, declared, reported or attributed.
    public let notPartyClusterStocks: [NotPartyClusterStock]
    /// Documented use of mines with its assessments and responses (a programme's records are added by
    /// `UseRecords.including`).
    public let useOfMines: UseRecords
    /// What sources said of States Parties' Art 7 reports (APMBC), and the yearly compliance rates they published.
    public let transparencyStatements: [TransparencyStatement]
    public let complianceRates: [ComplianceRate]
    /// Extension requests before a meeting whose decision no source read records.
    public let extensionRequests: [ExtensionRequest]

    private let stateByCode: [String: State]
    /// Art 7 statements by state: every standing reads its own.
    let statementsByState: [String: [TransparencyStatement]]
    private let participationByKey: [ParticipationKey: TreatyParticipation]
    private let reportByKey: [ObligationKey: ObligationReport]
    private let extensionsByKey: [ObligationKey: [DeadlineExtension]]
    private let meetingByKey: [MeetingKey: TreatyMeeting]

    struct ParticipationKey: Hashable { let convention: Convention; let iso3: String }
    struct ObligationKey: Hashable { let convention: Convention; let obligation: Obligation; let iso3: String }
    struct MeetingKey: Hashable { let convention: Convention; let code: String }

    public init(
        states: [State],
        conventions: [ConventionFacts],
        participations: [TreatyParticipation],
        meetings: [TreatyMeeting],
        obligationReports: [ObligationReport],
        extensions: [DeadlineExtension],
        stockpileFigures: [StockpileFigure] = [],
        retainedMines: [RetainedMinesReport] = [],
        ungaVotes: [UNGAVote] = [],
        nationalMeasures: [NationalMeasure] = [],
        exchangeRates: [ExchangeRate] = [],
        ccmStockpileFigures: [StockpileFigure] = [],
        actionPlans: [ActionPlan] = [],
        planFigures: [PlanFigure] = [],
        instrumentParticipations: [InstrumentParticipation] = [],
        notPartyClusterStocks: [NotPartyClusterStock] = [],
        useOfMines: UseRecords = UseRecords(),
        transparencyStatements: [TransparencyStatement] = [],
        complianceRates: [ComplianceRate] = [],
        extensionRequests: [ExtensionRequest] = []
    ) {
        self.extensionRequests = extensionRequests
        self.useOfMines = useOfMines
        self.transparencyStatements = transparencyStatements
        statementsByState = Dictionary(grouping: transparencyStatements, by: \.iso3)
        self.complianceRates = complianceRates
        self.notPartyClusterStocks = notPartyClusterStocks
        self.instrumentParticipations = instrumentParticipations
        self.actionPlans = actionPlans.sorted { $0.firstYear < $1.firstYear }
        self.planFigures = planFigures
        self.nationalMeasures = nationalMeasures
        self.exchangeRates = exchangeRates
        self.ccmStockpileFigures = ccmStockpileFigures
        self.stockpileFigures = stockpileFigures
        self.retainedMines = retainedMines
        self.ungaVotes = ungaVotes
        self.states = states.sorted { $0.iso3 < $1.iso3 }
        self.conventions = Dictionary(conventions.map { ($0.convention, $0) }, uniquingKeysWith: { a, _ in a })
        self.participations = participations
        self.meetings = meetings.sorted { ($0.convention.rawValue, $0.start) < ($1.convention.rawValue, $1.start) }
        self.obligationReports = obligationReports
        self.extensions = extensions
        var byCode: [String: State] = [:]
        for s in states {
            byCode[s.iso3] = s
            if let iso2 = s.iso2 { byCode[iso2] = byCode[iso2] ?? s }
        }
        stateByCode = byCode
        participationByKey = Dictionary(
            participations.map { (ParticipationKey(convention: $0.convention, iso3: $0.iso3), $0) },
            uniquingKeysWith: { a, _ in a }
        )
        reportByKey = Dictionary(
            obligationReports.map {
                (ObligationKey(convention: $0.convention, obligation: $0.obligation, iso3: $0.iso3), $0)
            },
            uniquingKeysWith: { a, _ in a }
        )
        extensionsByKey = Dictionary(
            grouping: extensions,
            by: { ObligationKey(convention: $0.convention, obligation: $0.obligation, iso3: $0.iso3) }
        ).mapValues { $0.sorted { $0.sequence < $1.sequence } }
        meetingByKey = Dictionary(
            meetings.map { (MeetingKey(convention: $0.convention, code: $0.code), $0) },
            uniquingKeysWith: { a, _ in a }
        )
    }

    /// The latest request known at the start of `date` to extend this obligation's deadline beyond the extensions
    /// granted then (`granted`): one before a meeting that began after the last grant was known.
    public func pendingRequest(
        _ obligation: Obligation,
        of iso3: String,
        in convention: Convention,
        granted: [DeadlineExtension],
        asOf date: CalendarDate
    ) -> ExtensionRequest? {
        let lastGrant = granted.last?.knownBy
        return extensionRequests.filter { r in
            r.iso3 == iso3 && r.convention == convention && r.obligation == obligation && r.knownBy < date
                && lastGrant.map { r.meetingStart > $0 } ?? true
        }.max { $0.meetingStart < $1.meetingStart }
    }

    /// What a deadline in force reads as once it has passed with no completion: extension requested when a request is
    /// pending, decision not recorded when a meeting that could have extended it is only partly recorded, otherwise
    /// missed. The state page's standing and the year's deadlines both ask this.
    public enum PassedDeadline: Sendable {
        case requested(ExtensionRequest)
        case undecided(TreatyMeeting)
        case missed
    }

    public func passedDeadline(
        _ obligation: Obligation,
        of iso3: String,
        in convention: Convention,
        deadline: CalendarDate,
        granted: [DeadlineExtension],
        asOf date: CalendarDate
    ) -> PassedDeadline {
        if let request = pendingRequest(obligation, of: iso3, in: convention, granted: granted, asOf: date) {
            return .requested(request)
        }
        if let meeting = partlyRecordedMeeting(obligation, in: convention, deadline: deadline, asOf: date) {
            return .undecided(meeting)
        }
        return .missed
    }

    /// A meeting whose extension decisions are only partly recorded and that could have extended a deadline: one
    /// begun before `date` and ended no earlier than a year before the deadline (requests are decided at the last
    /// meeting before it, or late, after it). Only for obligations a meeting may extend (not the APMBC's Art 4).
    public func partlyRecordedMeeting(
        _ obligation: Obligation,
        in convention: Convention,
        deadline: CalendarDate,
        asOf date: CalendarDate
    ) -> TreatyMeeting? {
        guard convention.maximumExtensionYears(for: obligation) != nil else { return nil }
        return meetings.filter {
            $0.convention == convention && $0.decisionsPartlyRecorded && $0.start < date
                && $0.end >= deadline.adding(years: -1)
        }.min { $0.start < $1.start }
    }

    /// A state by ISO alpha-3 or alpha-2 code, case-insensitive.
    public func state(_ code: String) -> State? {
        stateByCode[code.uppercased()]
    }

    public func participation(_ iso3: String, in convention: Convention) -> TreatyParticipation? {
        participationByKey[ParticipationKey(convention: convention, iso3: iso3)]
    }

    public func report(_ obligation: Obligation, of iso3: String, in convention: Convention) -> ObligationReport? {
        reportByKey[ObligationKey(convention: convention, obligation: obligation, iso3: iso3)]
    }

    /// Every extension granted for that deadline, in order.
    public func extensions(_ obligation: Obligation, of iso3: String, in convention: Convention) -> [DeadlineExtension]
    {
        extensionsByKey[ObligationKey(convention: convention, obligation: obligation, iso3: iso3)] ?? []
    }

    public func meeting(_ code: String, in convention: Convention) -> TreatyMeeting? {
        meetingByKey[MeetingKey(convention: convention, code: code)]
    }

    /// The day a completion was declared: the day recorded, else the last day of the meeting it was declared at
    /// (it was on record by then). Nil when neither is known.
    public func completionDeclared(_ report: ObligationReport) -> CalendarDate? {
        report.declaredOn ?? report.declaredAt.flatMap { meeting($0, in: report.convention)?.end }
    }

    /// The first day a reported completion is on record: the day it ended, else the day it was declared. Nil when
    /// no completion is reported or neither day is known.
    public func completionOnRecord(_ report: ObligationReport) -> CalendarDate? {
        report.reportsCompletion ? report.completedOn ?? completionDeclared(report) : nil
    }

    /// The UN M49 regions present, in a stable order.
    public var regions: [String] { Array(Set(states.map(\.region))).sorted() }
    public var subRegions: [String] { Array(Set(states.map(\.subRegion))).sorted() }

    /// Whether `name` is a UN M49 region, sub-region or intermediate region of some state, in either case: what a
    /// filter on a region accepts (the command line, the API and the pages alike; `TreatyState.inRegion` applies it).
    public func isRegion(_ name: String) -> Bool {
        states.contains { $0.inRegion(name) }
    }
}
