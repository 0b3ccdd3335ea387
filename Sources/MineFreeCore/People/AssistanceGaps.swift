import Foundation

/// Where victim assistance falls short, as a national action plan and the review conferences ask: needs with no
/// service (by pillar, by admin area), days from the accident to the first service, the share of survivors reached
/// in a period, and services by provider and pillar. Everything from records known at the start of `asOf`.
///
/// A need is **served** once a service answering it has started; **referred only** while its services are referrals
/// that never started (pending, or declined or sent on before starting); with **no service** when none answers it.
/// A service answers the need it names, or, naming none, the needs of its survivor in its pillar. A survivor is
/// **reached** in a period when a service of theirs ran on one of its days (`AssistanceService.isActive`).
public struct AssistanceGaps: Sendable {
    public enum NeedStanding: String, CaseIterable, Sendable {
        case served
        case referredOnly = "referred_only"
        case noService = "no_service"
    }

    public struct NeedRow: Sendable, Hashable {
        public var needID: String
        public var survivorID: String
        public var pillar: AssistancePillar
        public var standing: NeedStanding
    }

    /// Needs counted by standing, and the services that ran in the period with the survivors they reached.
    public struct Row: Sendable, Hashable {
        public var key: String
        public var needs = 0
        public var served = 0
        public var referredOnly = 0
        public var noService = 0
        /// Survivors registered before the period's end (area rows only).
        public var survivors = 0
        /// Services that ran in the period.
        public var services = 0
        public var survivorsReached = 0

        public init(key: String) { self.key = key }

        mutating func count(_ standing: NeedStanding) {
            needs += 1
            switch standing {
            case .served: served += 1
            case .referredOnly: referredOnly += 1
            case .noService: noService += 1
            }
        }
    }

    public struct ProviderRow: Sendable, Hashable {
        public var provider: String
        public var pillar: AssistancePillar
        public var services: Int
        public var survivors: Int
    }

    /// Days from accident to first service, in the bands a plan's indicators use.
    public static let bands: [(label: String, days: ClosedRange<Int>)] = [
        ("0-7", 0...7), ("8-30", 8...30), ("31-90", 31...90), ("91-365", 91...365), ("over 365", 366...Int.max),
    ]

    public let period: Range<CalendarDate>
    public let asOf: CalendarDate
    /// Every need identified before the as-of day, in id order.
    public let needs: [NeedRow]
    /// Survivors (and family members) registered before the as-of day and the period's end.
    public let registered: Int
    public let reached: Int
    /// For each survivor whose first service started in the period with an accident date known: the days between.
    public let daysToFirstService: [Int]
    public let byProvider: [ProviderRow]
    private let areas: [String: String]
    private let registeredIDs: Set<String>
    private let reachedIDs: Set<String>
    private let activeServices: [AssistanceService]

    /// The gaps in `period` (its end excluded) as known at the start of `asOf`.
    public init(
        survivors: [Survivor],
        needs: [AssistanceNeed],
        services: [AssistanceService],
        casualties: [CasualtyEvent],
        period: Range<CalendarDate>,
        asOf: CalendarDate
    ) {
        self.period = period
        self.asOf = asOf
        let known = survivors.filter { $0.registered < asOf }
        let services = services.filter { $0.dateOfInformation < asOf }
        areas = Dictionary(
            known.compactMap { s in s.adminPcode.map { (s.localID, $0) } },
            uniquingKeysWith: { a, _ in a }
        )
        registeredIDs = Set(known.filter { $0.registered < period.upperBound }.map(\.localID))

        var byNeed: [String: [AssistanceService]] = [:]
        var unlinked: [String: [AssistanceService]] = [:]  // survivor@pillar
        for s in services {
            if let need = s.needID {
                byNeed[need, default: []].append(s)
            } else {
                unlinked[s.survivorID + "@" + s.pillar.rawValue, default: []].append(s)
            }
        }
        self.needs = needs.filter { $0.identified < asOf }.sorted { $0.localID < $1.localID }.map { n in
            let answering = (byNeed[n.localID] ?? []) + (unlinked[n.survivorID + "@" + n.pillar.rawValue] ?? [])
            let standing: NeedStanding =
                answering.contains { $0.started.map { $0 < asOf } ?? false }
                ? .served : answering.isEmpty ? .noService : .referredOnly
            return NeedRow(needID: n.localID, survivorID: n.survivorID, pillar: n.pillar, standing: standing)
        }

        activeServices = services.filter { $0.isActive(in: period, asOf: asOf) }
        reachedIDs = Set(activeServices.map(\.survivorID)).intersection(registeredIDs)
        registered = registeredIDs.count
        reached = reachedIDs.count

        let casualtiesByID = Dictionary(casualties.map { ($0.localID, $0) }, uniquingKeysWith: { a, _ in a })
        var first: [String: CalendarDate] = [:]
        for s in services {
            guard let started = s.started, started < asOf else { continue }
            if let earlier = first[s.survivorID], earlier <= started { continue }
            first[s.survivorID] = started
        }
        daysToFirstService = known.compactMap { s -> Int? in
            guard let start = first[s.localID], period.contains(start),
                let accident = s.accidentDate(casualties: casualtiesByID)
            else { return nil }
            let days = accident.days(until: start)
            return days >= 0 ? days : nil
        }.sorted()

        var providers: [String: (services: Int, survivors: Set<String>)] = [:]
        for s in activeServices {
            let key = s.providerName + "\u{1}" + s.pillar.rawValue
            providers[key, default: (0, [])].services += 1
            providers[key, default: (0, [])].survivors.insert(s.survivorID)
        }
        let order = Dictionary(uniqueKeysWithValues: AssistancePillar.allCases.enumerated().map { ($1, $0) })
        byProvider = providers.map { key, value in
            let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            return ProviderRow(
                provider: parts[0],
                pillar: AssistancePillar(rawValue: parts[1])!,
                services: value.services,
                survivors: value.survivors.count
            )
        }.sorted { ($0.provider, order[$0.pillar]!) < ($1.provider, order[$1.pillar]!) }
    }

    /// The share of registered survivors reached in the period; nil when none is registered.
    public var shareReached: Double? { registered == 0 ? nil : Double(reached) / Double(registered) }

    /// The median of the days to first service (the mean of the middle two for an even count); nil for none.
    public var medianDaysToFirstService: Double? {
        let d = daysToFirstService
        guard !d.isEmpty else { return nil }
        return d.count % 2 == 1 ? Double(d[d.count / 2]) : Double(d[d.count / 2 - 1] + d[d.count / 2]) / 2
    }

    /// How many survivors fall in each band of days to first service, every band listed.
    public var distribution: [(label: String, count: Int)] {
        Self.bands.map { band in (band.label, daysToFirstService.filter { band.days.contains($0) }.count) }
    }

    /// Every pillar, in the Convention's order: its needs by standing, its services in the period and the survivors
    /// they reached.
    public var byPillar: [Row] {
        var rows = Dictionary(uniqueKeysWithValues: AssistancePillar.allCases.map { ($0, Row(key: $0.rawValue)) })
        for n in needs { rows[n.pillar]!.count(n.standing) }
        for p in AssistancePillar.allCases {
            let services = activeServices.filter { $0.pillar == p }
            rows[p]!.services = services.count
            rows[p]!.survivorsReached = Set(services.map(\.survivorID)).intersection(reachedIDs).count
        }
        return AssistancePillar.allCases.map { rows[$0]! }
    }

    /// By the admin area survivors live in, its P-code cut to `pcodeLength` characters (an area above: `AZ07` of
    /// `AZ0701`), the whole code when nil; `unknown` for survivors without one. Areas in code order.
    public func byArea(pcodeLength: Int? = nil) -> [Row] {
        func area(_ survivor: String) -> String {
            guard let code = areas[survivor] else { return "unknown" }
            return pcodeLength.map { String(code.prefix($0)) } ?? code
        }
        var rows: [String: Row] = [:]
        for id in registeredIDs { rows[area(id), default: Row(key: area(id))].survivors += 1 }
        for id in reachedIDs { rows[area(id), default: Row(key: area(id))].survivorsReached += 1 }
        for n in needs { rows[area(n.survivorID), default: Row(key: area(n.survivorID))].count(n.standing) }
        for s in activeServices { rows[area(s.survivorID), default: Row(key: area(s.survivorID))].services += 1 }
        return rows.keys.sorted().map { rows[$0]! }
    }
}
