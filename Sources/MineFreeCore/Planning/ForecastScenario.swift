import Foundation

/// What a completion forecast assumes: the clearance and survey capacity, how it changes over time and with money,
/// how much of the suspected area survey cancels, how hard hazards are, contamination still to be found, and areas
/// that cannot be entered yet. A JSON file users edit (`json()`, `decode(from:file:)`); `.b4` is WORKLOAD §4.4.
public struct ForecastScenario: Sendable, Hashable {
    /// IMAS 09.10 / 09.50 / 09.40: manual teams, machines, mine detection dog teams.
    public enum Method: String, CaseIterable, Sendable, Codable {
        case manual, machine, dog
    }

    /// Whose capacity a period changes: a clearance method, or non-technical survey.
    public enum Capacity: String, CaseIterable, Sendable, Codable {
        case manual, machine, dog, survey
    }

    /// Teams of one kind and what one achieves: log-normal m² per team-day, drawn once per iteration (the systematic
    /// uncertainty that dominates the spread of the completion date).
    public struct Teams: Sendable, Hashable {
        public var teams: Double
        public var medianM2PerDay: Double
        public var logSigma: Double
        public init(teams: Double, medianM2PerDay: Double, logSigma: Double) {
            self.teams = teams
            self.medianM2PerDay = medianM2PerDay
            self.logSigma = logSigma
        }
    }

    /// Teams added (positive) or withdrawn (negative) from `from` until `until` (the day it ends, not included;
    /// nil: for good).
    public struct CapacityChange: Sendable, Hashable {
        public var capacity: Capacity
        public var from: CalendarDate
        public var until: CalendarDate?
        public var teams: Double
        public init(capacity: Capacity, from: CalendarDate, until: CalendarDate? = nil, teams: Double) {
            self.capacity = capacity
            self.from = from
            self.until = until
            self.teams = teams
        }
    }

    /// Money turned into capacity: each period's yearly funding buys `allocation` × funding / cost teams of each
    /// method, on top of `methods`' teams, from `from` until the next period.
    public struct Funding: Sendable, Hashable {
        public struct Period: Sendable, Hashable {
            public var from: CalendarDate
            public var nationalPerYear: Double
            public var internationalPerYear: Double
            public init(from: CalendarDate, nationalPerYear: Double, internationalPerYear: Double) {
                self.from = from
                self.nationalPerYear = nationalPerYear
                self.internationalPerYear = internationalPerYear
            }
            public var totalPerYear: Double { nationalPerYear + internationalPerYear }
            /// The international share of the funding (the Monitor's "international support").
            public var internationalShare: Double { totalPerYear > 0 ? internationalPerYear / totalPerYear : 0 }
        }
        public var costPerAssetYear: [Method: Double]
        /// Shares of the money per method, adding up to 1.
        public var allocation: [Method: Double]
        public var periods: [Period]
        public init(costPerAssetYear: [Method: Double], allocation: [Method: Double], periods: [Period]) {
            self.costPerAssetYear = costPerAssetYear
            self.allocation = allocation
            self.periods = periods
        }
        /// Teams of `method` the period's money pays for.
        public func teams(_ method: Method, in period: Period) -> Double {
            guard let cost = costPerAssetYear[method], cost > 0 else { return 0 }
            return period.totalPerYear * (allocation[method] ?? 0) / cost
        }
    }

    /// Hazards (by id, or every hazard of a region) that cannot be entered before `opens` (security, access).
    public struct Inaccessible: Sendable, Hashable {
        public var hazards: [String]
        public var regions: [String]
        public var opens: CalendarDate
        public init(hazards: [String] = [], regions: [String] = [], opens: CalendarDate) {
            self.hazards = hazards
            self.regions = regions
            self.opens = opens
        }
    }

    public var name: String
    public var description: String?
    public var methods: [Method: Teams]
    public var survey: Teams
    /// Share of a suspected hazard's area that non-technical survey cancels; the rest goes to clearance.
    public var shaCancelledShare: Double
    public var difficultyLogSigma: Double
    public var workingDaysPerYear: Double
    public var capacityChanges: [CapacityChange]
    public var funding: Funding?
    /// Contamination found after the as-of day, m² per year to clear (0: none).
    public var newContaminationM2PerYear: Double
    /// Whether that rate is the record's own (a file that leaves the key out, or says `"recorded"`): the area recorded
    /// in the five years before the day, per year, set by `withRecordedNewContamination` before the forecast runs.
    public var newContaminationFromRecords = false
    public var inaccessible: [Inaccessible]

    public init(
        name: String,
        description: String? = nil,
        methods: [Method: Teams],
        survey: Teams,
        shaCancelledShare: Double,
        difficultyLogSigma: Double,
        workingDaysPerYear: Double,
        capacityChanges: [CapacityChange] = [],
        funding: Funding? = nil,
        newContaminationM2PerYear: Double = 0,
        inaccessible: [Inaccessible] = []
    ) {
        self.name = name
        self.description = description
        self.methods = methods
        self.survey = survey
        self.shaCancelledShare = shaCancelledShare
        self.difficultyLogSigma = difficultyLogSigma
        self.workingDaysPerYear = workingDaysPerYear
        self.capacityChanges = capacityChanges
        self.funding = funding
        self.newContaminationM2PerYear = newContaminationM2PerYear
        self.inaccessible = inaccessible
    }

    /// WORKLOAD §4.4's parameters: nothing changes over time, so it is exactly the B4 model.
    public static let b4 = ForecastScenario(
        name: "b4",
        description: "WORKLOAD §4.4: 30 manual teams, 10 machines, 15 dog teams, 5 survey teams, 70% of SHA cancelled",
        methods: [
            .manual: Teams(teams: 30, medianM2PerDay: 60, logSigma: 0.35),
            .machine: Teams(teams: 10, medianM2PerDay: 2000, logSigma: 0.35),
            .dog: Teams(teams: 15, medianM2PerDay: 800, logSigma: 0.35),
        ],
        survey: Teams(teams: 5, medianM2PerDay: 5000, logSigma: 0.20),
        shaCancelledShare: 0.70,
        difficultyLogSigma: 0.5,
        workingDaysPerYear: 220
    )

    public static let `default` = b4

    public func teams(_ method: Method) -> Teams { methods[method] ?? Teams(teams: 0, medianM2PerDay: 0, logSigma: 0) }

    /// Whether capacity is the same every day, every hazard can be entered and nothing new is found: the forecast
    /// then runs the B4 model's closed form.
    public var isConstant: Bool {
        capacityChanges.isEmpty && funding == nil && newContaminationM2PerYear == 0 && inaccessible.isEmpty
    }

    /// The same with the achieved m² per working day as each method's median, where the records show one.
    public func with(achieved: AchievedProductivity) -> ForecastScenario {
        var s = self
        for (method, estimate) in achieved.methods where estimate.m2PerWorkingDay > 0 {
            s.methods[method, default: teams(method)].medianM2PerDay = estimate.m2PerWorkingDay
        }
        return s
    }

    /// The scenario as its file holds it: pretty, keys sorted, so two versions diff line by line.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// Reads a scenario file, every rule checked; the error names `file`, the key path and the value at fault.
    public static func decode(from data: Data, file: String) throws -> ForecastScenario {
        do {
            return try JSONDecoder().decode(ForecastScenario.self, from: data)
        } catch var error as ForecastScenarioError {
            error.file = file
            throw error
        } catch let error as DecodingError {
            let e = PriorityModelError(decoding: error, data: data, file: file)
            throw ForecastScenarioError(file: file, keyPath: e.keyPath, value: e.value, problem: e.problem)
        }
    }
}

/// A scenario refused: which file, where in it, what it held, and why.
public struct ForecastScenarioError: Error, CustomStringConvertible, Sendable, Hashable {
    public var file: String
    /// `capacity_changes[1].from`; empty for the whole document.
    public var keyPath: String
    /// The value found, as JSON (`-3`, `"2027-01-01"`), or `(missing)`.
    public var value: String
    public var problem: String

    public init(file: String = "", keyPath: String, value: String, problem: String) {
        self.file = file
        self.keyPath = keyPath
        self.value = value
        self.problem = problem
    }

    init(path: [any CodingKey], value: String, problem: String) {
        self.init(keyPath: PriorityModelError.keyPath(path), value: value, problem: problem)
    }

    public var description: String {
        "\(file.isEmpty ? "scenario" : file): \(keyPath.isEmpty ? "(document)" : keyPath) = \(value): \(problem)"
    }
}

// MARK: - The file's form

extension ForecastScenario: Codable {
    enum Key: String, CodingKey, CaseIterable {
        case name, description, methods, survey
        case shaCancelledShare = "sha_cancelled_share"
        case difficultyLogSigma = "difficulty_log_sigma"
        case workingDaysPerYear = "working_days_per_year"
        case capacityChanges = "capacity_changes"
        case funding
        case newContaminationM2PerYear = "new_contamination_m2_per_year"
        case inaccessible
    }

    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, Key.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: Key.self)
        let here = decoder.codingPath
        let b4 = ForecastScenario.b4
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "scenario"
        description = try c.decodeIfPresent(String.self, forKey: .description)
        if c.contains(.methods) {
            let m = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .methods)
            try refuseUnknownKeys(try c.superDecoder(forKey: .methods), Method.allCases.map(\.rawValue))
            var methods: [Method: Teams] = [:]
            for method in Method.allCases where m.contains(AnyKey(method.rawValue)) {
                methods[method] = try m.decode(Teams.self, forKey: AnyKey(method.rawValue))
            }
            self.methods = methods
        } else {
            methods = b4.methods
        }
        survey = try c.decodeIfPresent(Teams.self, forKey: .survey) ?? b4.survey
        func number(_ key: Key, _ fallback: Double, _ range: ClosedRange<Double>, _ problem: String) throws -> Double {
            let v = try c.decodeIfPresent(Double.self, forKey: key) ?? fallback
            guard range.contains(v) else {
                throw ForecastScenarioError(path: here + [key], value: JSONValue.number(v).text, problem: problem)
            }
            return v
        }
        shaCancelledShare = try number(.shaCancelledShare, b4.shaCancelledShare, 0...1, "a share from 0 to 1")
        difficultyLogSigma = try number(.difficultyLogSigma, b4.difficultyLogSigma, 0...5, "a log-σ from 0 to 5")
        workingDaysPerYear = try number(.workingDaysPerYear, b4.workingDaysPerYear, 1...366, "from 1 to 366 days")
        // Left out, or "recorded": the record's history gives the rate (`withRecordedNewContamination`).
        if !c.contains(.newContaminationM2PerYear)
            || (try? c.decode(String.self, forKey: .newContaminationM2PerYear)) == "recorded"
        {
            newContaminationFromRecords = true
            newContaminationM2PerYear = 0
        } else {
            if let text = try? c.decode(String.self, forKey: .newContaminationM2PerYear) {
                throw ForecastScenarioError(
                    path: here + [Key.newContaminationM2PerYear],
                    value: PriorityModelError.quoted(text),
                    problem: "m² per year (0 or more), or \"recorded\" for the rate the records show"
                )
            }
            newContaminationM2PerYear = try number(
                .newContaminationM2PerYear,
                0,
                0...1e12,
                "m² per year, 0 or more"
            )
        }
        capacityChanges = try c.decodeIfPresent([CapacityChange].self, forKey: .capacityChanges) ?? []
        funding = try c.decodeIfPresent(Funding.self, forKey: .funding)
        inaccessible = try c.decodeIfPresent([Inaccessible].self, forKey: .inaccessible) ?? []
        try checkAcross(here)
    }

    /// Rules between keys: capacity that can never clear, periods that overlap or withdraw teams there are not.
    func checkAcross(_ here: [any CodingKey]) throws {
        let changes = here + [Key.capacityChanges]
        for (i, change) in capacityChanges.enumerated() {
            let path = changes + [AnyKey(i)]
            if let until = change.until, until <= change.from {
                throw ForecastScenarioError(
                    path: path + [AnyKey("until")],
                    value: PriorityModelError.quoted(until.iso),
                    problem: "the period ends on or before it starts (\(change.from.iso))"
                )
            }
            for (j, other) in capacityChanges.enumerated().prefix(i) where other.capacity == change.capacity {
                let never = CalendarDate(year: 9999, month: 12, day: 31)!
                let overlaps = change.from < (other.until ?? never) && other.from < (change.until ?? never)
                if overlaps {
                    throw ForecastScenarioError(
                        path: path + [AnyKey("from")],
                        value: PriorityModelError.quoted(change.from.iso),
                        problem:
                            "overlaps capacity_changes[\(j)] (\(other.capacity.rawValue) from \(other.from.iso)"
                            + "\(other.until.map { " until \($0.iso)" } ?? "")): one period per method at a time"
                    )
                }
            }
            let base =
                change.capacity == .survey ? survey.teams : teams(Method(rawValue: change.capacity.rawValue)!).teams
            if base + change.teams < 0 {
                throw ForecastScenarioError(
                    path: path + [AnyKey("teams")],
                    value: JSONValue.number(change.teams).text,
                    problem:
                        "withdraws more \(change.capacity.rawValue) teams than the \(JSONValue.number(base).text) there are"
                )
            }
        }
        if survey.teams * survey.medianM2PerDay <= 0
            && !capacityChanges.contains(where: { $0.capacity == .survey && $0.teams > 0 })
        {
            throw ForecastScenarioError(
                path: here + [Key.survey, AnyKey("teams")],
                value: JSONValue.number(survey.teams).text,
                problem: "no survey capacity: suspected hazards would never be surveyed"
            )
        }
        let clears = Method.allCases.contains { m in
            let t = teams(m)
            guard t.medianM2PerDay > 0 else { return false }
            return t.teams > 0 || capacityChanges.contains { $0.capacity.rawValue == m.rawValue && $0.teams > 0 }
                || (funding.map { f in f.periods.contains { f.teams(m, in: $0) > 0 } } ?? false)
        }
        if !clears {
            throw ForecastScenarioError(
                path: here + [Key.methods],
                value: JSONValue.number(Method.allCases.reduce(0) { $0 + teams($1).teams }).text + " teams",
                problem: "no clearance capacity at all: give a method teams (or funding) and a median above 0"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        var m = c.nestedContainer(keyedBy: AnyKey.self, forKey: .methods)
        for (method, t) in methods { try m.encode(t, forKey: AnyKey(method.rawValue)) }
        try c.encode(survey, forKey: .survey)
        try c.encode(shaCancelledShare, forKey: .shaCancelledShare)
        try c.encode(difficultyLogSigma, forKey: .difficultyLogSigma)
        try c.encode(workingDaysPerYear, forKey: .workingDaysPerYear)
        try c.encode(capacityChanges, forKey: .capacityChanges)
        try c.encodeIfPresent(funding, forKey: .funding)
        if newContaminationFromRecords {
            try c.encode("recorded", forKey: .newContaminationM2PerYear)
        } else {
            try c.encode(newContaminationM2PerYear, forKey: .newContaminationM2PerYear)
        }
        try c.encode(inaccessible, forKey: .inaccessible)
    }
}

/// In a scenario file an unknown key is a typo ("teems") that would silently leave a default, so it is refused.
private func refuseUnknownKeys(_ decoder: any Decoder, _ known: [String]) throws {
    let all = try decoder.container(keyedBy: AnyKey.self)
    for key in all.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
        throw ForecastScenarioError(
            path: decoder.codingPath + [key],
            value: (try? all.decode(JSONValue.self, forKey: key))?.text ?? "?",
            problem: "unknown key: expected \(known.joined(separator: ", "))"
        )
    }
}

/// A number that must not be negative (or must lie in `range`), refused with its path.
private func nonNegative(
    _ c: KeyedDecodingContainer<AnyKey>,
    _ key: String,
    _ decoder: any Decoder,
    required: Bool = true,
    range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude,
    fallback: Double = 0
) throws -> Double {
    let k = AnyKey(key)
    let v = required ? try c.decode(Double.self, forKey: k) : try c.decodeIfPresent(Double.self, forKey: k) ?? fallback
    guard range.contains(v), v.isFinite else {
        throw ForecastScenarioError(
            path: decoder.codingPath + [k],
            value: JSONValue.number(v).text,
            problem: range.lowerBound == 0 && range.upperBound > 1e300 ? "must not be negative" : "must lie in \(range)"
        )
    }
    return v
}

extension ForecastScenario.Teams: Codable {
    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, ["teams", "median_m2_per_day", "log_sigma"])
        let c = try decoder.container(keyedBy: AnyKey.self)
        teams = try nonNegative(c, "teams", decoder)
        medianM2PerDay = try nonNegative(c, "median_m2_per_day", decoder, range: 0...1_000_000)
        logSigma = try nonNegative(c, "log_sigma", decoder, range: 0...5)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(teams, forKey: AnyKey("teams"))
        try c.encode(medianM2PerDay, forKey: AnyKey("median_m2_per_day"))
        try c.encode(logSigma, forKey: AnyKey("log_sigma"))
    }
}

extension ForecastScenario.CapacityChange: Codable {
    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, ["method", "from", "until", "teams"])
        let c = try decoder.container(keyedBy: AnyKey.self)
        let text = try c.decode(String.self, forKey: AnyKey("method"))
        guard let capacity = ForecastScenario.Capacity(rawValue: text) else {
            throw ForecastScenarioError(
                path: decoder.codingPath + [AnyKey("method")],
                value: PriorityModelError.quoted(text),
                problem: "expected one of \(ForecastScenario.Capacity.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self.capacity = capacity
        from = try c.decode(CalendarDate.self, forKey: AnyKey("from"))
        until = try c.decodeIfPresent(CalendarDate.self, forKey: AnyKey("until"))
        teams = try c.decode(Double.self, forKey: AnyKey("teams"))
        guard teams.isFinite else {
            throw ForecastScenarioError(
                path: decoder.codingPath + [AnyKey("teams")],
                value: "\(teams)",
                problem: "a number of teams"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(capacity.rawValue, forKey: AnyKey("method"))
        try c.encode(from, forKey: AnyKey("from"))
        try c.encodeIfPresent(until, forKey: AnyKey("until"))
        try c.encode(teams, forKey: AnyKey("teams"))
    }
}

extension ForecastScenario.Funding: Codable {
    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, ["cost_per_asset_year", "allocation", "periods"])
        let c = try decoder.container(keyedBy: AnyKey.self)
        func perMethod(_ key: String) throws -> [ForecastScenario.Method: Double] {
            let sub = try c.superDecoder(forKey: AnyKey(key))
            try refuseUnknownKeys(sub, ForecastScenario.Method.allCases.map(\.rawValue))
            let m = try sub.container(keyedBy: AnyKey.self)
            var out: [ForecastScenario.Method: Double] = [:]
            for method in ForecastScenario.Method.allCases where m.contains(AnyKey(method.rawValue)) {
                out[method] = try nonNegative(m, method.rawValue, sub)
            }
            return out
        }
        costPerAssetYear = try perMethod("cost_per_asset_year")
        allocation = try perMethod("allocation")
        let total = allocation.values.reduce(0, +)
        guard abs(total - 1) < 1e-9 else {
            throw ForecastScenarioError(
                path: decoder.codingPath + [AnyKey("allocation")],
                value: "shares adding up to \(JSONValue.number(total).text)",
                problem: "the shares of the money must add up to 1"
            )
        }
        for (method, share) in allocation where share > 0 && (costPerAssetYear[method] ?? 0) <= 0 {
            throw ForecastScenarioError(
                path: decoder.codingPath + [AnyKey("cost_per_asset_year"), AnyKey(method.rawValue)],
                value: costPerAssetYear[method].map { JSONValue.number($0).text } ?? "(missing)",
                problem: "money goes to \(method.rawValue) teams, so their cost per asset-year must be above 0"
            )
        }
        periods = try c.decode([Period].self, forKey: AnyKey("periods"))
        for (i, p) in periods.enumerated() {
            if let j = periods.prefix(i).firstIndex(where: { $0.from == p.from }) {
                throw ForecastScenarioError(
                    path: decoder.codingPath + [AnyKey("periods"), AnyKey(i), AnyKey("from")],
                    value: PriorityModelError.quoted(p.from.iso),
                    problem: "overlaps periods[\(j)], which starts the same day: one funding per day"
                )
            }
        }
        periods.sort { $0.from < $1.from }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        var cost = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("cost_per_asset_year"))
        for (m, v) in costPerAssetYear { try cost.encode(v, forKey: AnyKey(m.rawValue)) }
        var share = c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("allocation"))
        for (m, v) in allocation { try share.encode(v, forKey: AnyKey(m.rawValue)) }
        try c.encode(periods, forKey: AnyKey("periods"))
    }
}

extension ForecastScenario.Funding.Period: Codable {
    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, ["from", "national_per_year", "international_per_year"])
        let c = try decoder.container(keyedBy: AnyKey.self)
        from = try c.decode(CalendarDate.self, forKey: AnyKey("from"))
        nationalPerYear = try nonNegative(c, "national_per_year", decoder, required: false)
        internationalPerYear = try nonNegative(c, "international_per_year", decoder, required: false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(from, forKey: AnyKey("from"))
        try c.encode(nationalPerYear, forKey: AnyKey("national_per_year"))
        try c.encode(internationalPerYear, forKey: AnyKey("international_per_year"))
    }
}

extension ForecastScenario.Inaccessible: Codable {
    public init(from decoder: any Decoder) throws {
        try refuseUnknownKeys(decoder, ["hazards", "regions", "opens"])
        let c = try decoder.container(keyedBy: AnyKey.self)
        hazards = try c.decodeIfPresent([String].self, forKey: AnyKey("hazards")) ?? []
        regions = try c.decodeIfPresent([String].self, forKey: AnyKey("regions")) ?? []
        opens = try c.decode(CalendarDate.self, forKey: AnyKey("opens"))
        if hazards.isEmpty && regions.isEmpty {
            throw ForecastScenarioError(
                path: decoder.codingPath + [AnyKey("hazards")],
                value: "[]",
                problem: "name hazards or regions that open on \(opens.iso)"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(hazards, forKey: AnyKey("hazards"))
        try c.encode(regions, forKey: AnyKey("regions"))
        try c.encode(opens, forKey: AnyKey("opens"))
    }
}
