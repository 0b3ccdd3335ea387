import Foundation

/// A review conference's action plan (Nairobi 2004, Cartagena 2009, Maputo 2014, Oslo 2019, Siem Reap-Angkor 2024):
/// the years it covers and how many actions it holds, as reference data with its source. The actions and indicators
/// themselves are records (`PlanAction`, `PlanIndicator`), entered by whoever reads the plan's text.
public struct ActionPlan: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    /// The review conference that adopted it (`4RC`), in the meetings reference data.
    public var meetingCode: String
    public var adoptedOn: CalendarDate
    public var firstYear: Int
    public var lastYear: Int
    /// Nil where no source read gives the adopted plan's count.
    public var actions: Int?
    public var provenance: Provenance
    public var notes: String?

    public init(
        code: String,
        name: String,
        meetingCode: String,
        adoptedOn: CalendarDate,
        firstYear: Int,
        lastYear: Int,
        actions: Int?,
        provenance: Provenance,
        notes: String?
    ) {
        self.code = code
        self.name = name
        self.meetingCode = meetingCode
        self.adoptedOn = adoptedOn
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.actions = actions
        self.provenance = provenance
        self.notes = notes
    }

    public var years: ClosedRange<Int> { firstYear...lastYear }
}

/// A figure a source published about a plan's progress (the Monitor's, the ISU's, the ICBL's), with the measure
/// MineFree computes for the same question where there is one, so both stand side by side.
public struct PlanFigure: Hashable, Sendable, Codable {
    public var plan: String
    /// The year the figure describes; nil when the source does not date it.
    public var year: Int?
    public var measure: PlanMeasure?
    public var description: String
    public var value: Double
    /// 100 for a percentage; nil for a count.
    public var denominator: Int?
    public var provenance: Provenance
    public var notes: String?

    public init(
        plan: String,
        year: Int?,
        measure: PlanMeasure?,
        description: String,
        value: Double,
        denominator: Int?,
        provenance: Provenance,
        notes: String?
    ) {
        self.plan = plan
        self.year = year
        self.measure = measure
        self.description = description
        self.value = value
        self.denominator = denominator
        self.provenance = provenance
        self.notes = notes
    }

    /// `52`, `497.34`, `37 %`.
    public var valueText: String {
        let number =
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
        return denominator == 100 ? number + " %" : number + (denominator.map { " of \($0)" } ?? "")
    }
}

/// What MineFree computes from the registry (and the records beside it) for an action plan's questions: a count on
/// the last day of a year (`onDay`) or of what happened within it (`inYear`), with the states counted.
public enum PlanMeasure: String, CaseIterable, Sendable, Codable {
    case statesParties = "states_parties"
    case art4Outstanding = "art4_outstanding"
    case art4Completed = "art4_completed"
    case art5Outstanding = "art5_outstanding"
    case art5Completed = "art5_completed"
    case art5Extensions = "art5_extensions"
    case art5Missed = "art5_missed"
    case art9Adopted = "art9_adopted"
    case art9WithoutMeasure = "art9_without_measure"
    case retainedStates = "retained_states"
    case retainedTotal = "retained_total"
    case ungaYesOutside = "unga_yes_outside"

    public enum Kind: String, Sendable { case onDay = "on_day", inYear = "in_year" }

    public var kind: Kind {
        switch self {
        case .statesParties, .art4Outstanding, .art5Outstanding, .art5Missed, .art9Adopted, .art9WithoutMeasure:
            .onDay
        case .art4Completed, .art5Completed, .art5Extensions, .retainedStates, .retainedTotal, .ungaYesOutside:
            .inYear
        }
    }

    public var title: String {
        switch self {
        case .statesParties: "States Parties"
        case .art4Outstanding: "States Parties still to destroy their stockpile (Art 4)"
        case .art4Completed: "States Parties that completed stockpile destruction (Art 4)"
        case .art5Outstanding: "States Parties with clearance obligations (Art 5)"
        case .art5Completed: "States Parties that declared clearance complete (Art 5)"
        case .art5Extensions: "Art 5 extensions granted"
        case .art5Missed: "States Parties past their Art 5 deadline without completion or extension"
        case .art9Adopted: "States Parties with Art 9 legislation adopted"
        case .art9WithoutMeasure: "States Parties whose Art 9 record says legislation in progress or none"
        case .retainedStates: "States Parties reporting mines retained (Art 3)"
        case .retainedTotal: "Mines retained by the States Parties that reported (Art 3)"
        case .ungaYesOutside: "States outside the treaty voting for the UNGA resolution"
        }
    }
}

/// A measure's value for a year, with the states it counts (so a figure can be checked state by state).
public struct PlanMeasureValue: Sendable, Equatable {
    public var measure: PlanMeasure
    public var year: Int
    public var value: Int64
    public var states: [String]
    /// Records without a day: Art 9 adoptions counted as they stand today (a past year's count may be high), and
    /// completions the reference data gives no day for (counted in no year).
    public var undated: Int
    /// States Parties the data says nothing about for this measure (no Art 9 record): neither counted nor excluded.
    public var unknown: Int

    public init(measure: PlanMeasure, year: Int, value: Int64, states: [String], undated: Int = 0, unknown: Int = 0) {
        self.measure = measure
        self.year = year
        self.value = value
        self.states = states
        self.undated = undated
        self.unknown = unknown
    }
}

extension TreatyRegistry {
    public func actionPlan(_ code: String) -> ActionPlan? { actionPlans.first { $0.code == code } }

    /// The measure for `year`: on its last day (known at the start of the next), or within it.
    public func measure(_ m: PlanMeasure, year: Int) -> PlanMeasureValue {
        measure(m, year: year, standings: standings(in: .apmbc, asOf: CalendarDate(year: year + 1, month: 1, day: 1)!))
    }

    /// The measure with the APMBC standings at the start of the next year read once for all measures of the year.
    func measure(_ m: PlanMeasure, year: Int, standings: [TreatyStanding]) -> PlanMeasureValue {
        let start = CalendarDate(year: year, month: 1, day: 1)!
        let next = CalendarDate(year: year + 1, month: 1, day: 1)!
        let parties = standings.filter { $0.status.isStateParty }
        let open: Set<DeadlineStatus> = [
            .pending, .extended, .missed, .reopened, .extensionRequested, .decisionNotRecorded,
        ]
        func value(_ states: [String], undated: Int = 0) -> PlanMeasureValue {
            PlanMeasureValue(
                measure: m,
                year: year,
                value: Int64(states.count),
                states: states.sorted(),
                undated: undated
            )
        }
        func within(_ day: CalendarDate?) -> Bool { day.map { $0 >= start && $0 < next } ?? false }
        switch m {
        case .statesParties:
            return value(parties.map(\.state.iso3))
        case .art4Outstanding:
            return value(
                parties.filter { open.contains($0.stockpileDestruction?.status ?? .notApplicable) }.map(\.state.iso3)
            )
        case .art4Completed:
            return value(
                standings.filter { within($0.stockpileDestruction?.completedOn) }.map(\.state.iso3),
                undated: standings.filter { Self.completedWithoutDay($0.stockpileDestruction) }.count
            )
        case .art5Outstanding:
            return value(parties.filter { open.contains($0.clearance?.status ?? .notApplicable) }.map(\.state.iso3))
        case .art5Completed:
            return value(
                standings.filter { within($0.clearance?.completedOn) }.map(\.state.iso3),
                undated: standings.filter { Self.completedWithoutDay($0.clearance) }.count
            )
        case .art5Extensions:
            let granted = extensions.filter {
                $0.convention == .apmbc && $0.obligation == .clearance && within($0.knownBy)
            }
            return value(granted.map(\.iso3))
        case .art5Missed:
            return value(parties.filter { $0.clearance?.status == .missed }.map(\.state.iso3))
        case .art9Adopted, .art9WithoutMeasure:
            let inForce = Set(parties.map(\.state.iso3))
            let adopted = nationalMeasures.filter {
                inForce.contains($0.iso3) && $0.status == .adopted && ($0.adoptedOn.map { $0 < next } ?? true)
            }
            let undated = adopted.filter { $0.adoptedOn == nil }.count
            let recorded = Set(nationalMeasures.map(\.iso3))
            var v =
                m == .art9Adopted
                ? value(adopted.map(\.iso3), undated: undated)
                : value(
                    nationalMeasures.filter {
                        inForce.contains($0.iso3) && ($0.status == .inProgress || $0.status == .none)
                    }.map(\.iso3)
                )
            v.unknown = inForce.subtracting(recorded).count
            return v
        case .retainedStates, .retainedTotal:
            let reports = retainedMines.filter { $0.year == year && $0.iso3 != RetainedMinesReport.allStates }
            var v = value(Array(Set(reports.map(\.iso3))))
            if m == .retainedTotal { v.value = reports.reduce(0) { $0 + $1.retained } }
            return v
        case .ungaYesOutside:
            let outside = Set(standings.filter { !$0.status.isStateParty }.map(\.state.iso3))
            return value(
                Array(
                    Set(
                        ungaVotes.filter { $0.year == year && $0.vote == .yes && outside.contains($0.iso3) }.map(\.iso3)
                    )
                )
            )
        }
    }

    /// Completed by the reference data with no day recorded: counted in no year, and said so beside the count.
    static func completedWithoutDay(_ d: DeadlineStanding?) -> Bool {
        guard let d, d.completedOn == nil else { return false }
        return d.status == .completed || d.status == .completedLate
    }

    /// The years a plan's progress reads at the start of `asOf`: the year before it (the baseline), then each of its
    /// years that has ended.
    public func progressYears(of plan: ActionPlan, asOf: CalendarDate) -> [Int] {
        let last = min(plan.lastYear, asOf.year - 1)
        return last < plan.firstYear - 1 ? [] : Array((plan.firstYear - 1)...last)
    }
}

/// The plans' actions, indicators and entered values a store holds, as known on a day.
public struct ActionPlanRecords: Sendable {
    public var actions: [PlanAction]
    public var indicators: [PlanIndicator]
    public var values: [IndicatorValue]

    public init(actions: [PlanAction] = [], indicators: [PlanIndicator] = [], values: [IndicatorValue] = []) {
        self.actions = actions
        self.indicators = indicators
        self.values = values
    }
}

/// An action plan's progress at the start of a day: each measure year by year from the year before the plan (the
/// baseline), the figures sources published beside what MineFree computes for the same year, and the plan's
/// recorded indicators answered — by their measure where they name one, else by the latest value entered.
public struct ActionPlanProgress: Sendable {
    public struct MeasureRow: Sendable {
        public var measure: PlanMeasure
        public var values: [PlanMeasureValue]
        /// For completions and extensions: the plan's years summed (the baseline left out). Nil for counts on a day
        /// and for counts of states that may repeat from year to year.
        public var planTotal: Int64?
    }

    public struct Published: Sendable {
        public var figure: PlanFigure
        public var computed: PlanMeasureValue?
    }

    public struct IndicatorRow: Sendable {
        public var indicator: PlanIndicator
        public var action: PlanAction?
        /// The measure's value in the last year read, when the indicator names a measure.
        public var computed: PlanMeasureValue?
        /// The values entered across States Parties, oldest first (known on the day).
        public var entered: [IndicatorValue]
    }

    public let plan: ActionPlan
    public let asOf: CalendarDate
    public let years: [Int]
    public let measures: [MeasureRow]
    public let published: [Published]
    public let indicators: [IndicatorRow]

    public init(plan: ActionPlan, registry: TreatyRegistry, records: ActionPlanRecords = .init(), asOf: CalendarDate) {
        self.plan = plan
        self.asOf = asOf
        let years = registry.progressYears(of: plan, asOf: asOf)
        self.years = years
        // Every measure of a year reads the same standings: computed once per year.
        var standings: [Int: [TreatyStanding]] = [:]
        func value(_ m: PlanMeasure, _ year: Int) -> PlanMeasureValue {
            if standings[year] == nil {
                standings[year] = registry.standings(in: .apmbc, asOf: CalendarDate(year: year + 1, month: 1, day: 1)!)
            }
            return registry.measure(m, year: year, standings: standings[year]!)
        }
        measures = PlanMeasure.allCases.map { m in
            let values = years.map { value(m, $0) }
            let total: Int64? =
                [.art4Completed, .art5Completed, .art5Extensions].contains(m)
                ? values.filter { plan.years.contains($0.year) }.reduce(0) { $0 + $1.value } : nil
            return MeasureRow(measure: m, values: values, planTotal: total)
        }
        published = registry.planFigures.filter { $0.plan == plan.code }.map { f in
            // A figure is compared only for a year that has ended by the day.
            let computed = f.measure.flatMap { m in f.year.flatMap { $0 < asOf.year ? value(m, $0) : nil } }
            return Published(figure: f, computed: computed)
        }
        let actions = Dictionary(records.actions.map { ($0.localID, $0) }, uniquingKeysWith: { a, _ in a })
        let last = years.last
        indicators = records.indicators.filter { $0.plan == plan.code }.map { i in
            IndicatorRow(
                indicator: i,
                action: i.actionID.flatMap { actions[$0] },
                computed: i.measure.flatMap { m in last.map { value(m, $0) } },
                entered: records.values.filter { $0.indicatorID == i.localID && $0.state == nil && $0.date < asOf }
                    .sorted { $0.date < $1.date }
            )
        }.sorted {
            ($0.action?.number ?? Int.max, $0.indicator.localID) < ($1.action?.number ?? Int.max, $1.indicator.localID)
        }
    }
}

/// Where one state stood on the treaty's questions when a plan began and where it stands at the start of a day (or
/// at the plan's end, if that came first): its participation, its Art 4 and Art 5 deadlines, the extensions it was
/// granted during the plan, its Art 9 measure, its retained mines, and the indicator values entered for it.
public struct StatePlanProgress: Sendable {
    public struct Row: Sendable, Equatable {
        public var question: String
        public var atStart: String
        public var now: String
    }

    public let state: State
    public let plan: ActionPlan
    public let start: CalendarDate
    public let end: CalendarDate
    public let rows: [Row]
    public let entered: [IndicatorValue]

    public init(
        state: State,
        plan: ActionPlan,
        registry: TreatyRegistry,
        records: ActionPlanRecords = .init(),
        asOf: CalendarDate
    ) {
        self.state = state
        self.plan = plan
        let start = CalendarDate(year: plan.firstYear, month: 1, day: 1)!
        let end = min(asOf, CalendarDate(year: plan.lastYear + 1, month: 1, day: 1)!)
        self.start = start
        self.end = end
        let before = registry.standing(of: state, in: .apmbc, asOf: start)
        let after = registry.standing(of: state, in: .apmbc, asOf: end)
        func deadline(_ d: DeadlineStanding?) -> String {
            guard let d else { return "none" }
            let day = d.completedOn.map { " on \($0.iso)" } ?? (d.deadline ?? d.originalDeadline).iso
            return d.status.rawValue + (d.completedOn != nil ? day : " (deadline \(day))")
        }
        func measure(_ day: CalendarDate) -> String {
            guard let m = registry.nationalMeasure(of: state.iso3) else { return "no record" }
            if m.status == .adopted, let adopted = m.adoptedOn, adopted >= day { return "not yet adopted" }
            return m.status.rawValue + (m.adoptedOn.map { " (\($0.iso))" } ?? "")
        }
        func retained(_ day: CalendarDate) -> String {
            registry.retainedMines(of: state.iso3).last { $0.year < day.year }.map { "\($0.retained) (\($0.year))" }
                ?? "none reported"
        }
        let granted = registry.extensions.filter {
            $0.convention == .apmbc && $0.obligation == .clearance && $0.iso3 == state.iso3 && $0.knownBy >= start
                && $0.knownBy < end
        }
        rows = [
            Row(question: "participation", atStart: before.status.rawValue, now: after.status.rawValue),
            Row(
                question: "stockpile destruction (Art 4)",
                atStart: deadline(before.stockpileDestruction),
                now: deadline(after.stockpileDestruction)
            ),
            Row(question: "clearance (Art 5)", atStart: deadline(before.clearance), now: deadline(after.clearance)),
            Row(question: "Art 5 extensions granted during the plan", atStart: "", now: String(granted.count)),
            Row(question: "national measures (Art 9)", atStart: measure(start), now: measure(end)),
            Row(question: "mines retained (Art 3)", atStart: retained(start), now: retained(end)),
        ]
        let indicators = Set(records.indicators.filter { $0.plan == plan.code }.map(\.localID))
        entered = records.values.filter {
            $0.state == state.iso3 && indicators.contains($0.indicatorID) && $0.date < asOf
        }
        .sorted { $0.date < $1.date }
    }
}
