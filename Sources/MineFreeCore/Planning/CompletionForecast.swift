import Foundation

/// One hazard of the work list, in the order of work (a priority ranking's).
public struct ForecastHazard: Sendable, Hashable {
    public var hazardID: String
    public var region: String
    /// SHA goes through non-technical survey first; CHA straight to clearance.
    public var classification: HazardClassification
    public var remainingM2: Int64

    public init(hazardID: String, region: String, classification: HazardClassification, remainingM2: Int64) {
        self.hazardID = hazardID
        self.region = region
        self.classification = classification
        self.remainingM2 = remainingM2
    }

    /// The hazards of `order` (ids, first worked on first) open on `view`'s day, with their classification on it;
    /// ids that are not open are passed over.
    public static func workList(order: [String], view: LandView) -> [ForecastHazard] {
        var open: [String: HazardStanding] = [:]
        for s in view.standings where s.remainingM2 > 0 { open[s.hazard.localID] = s }
        return order.compactMap { id in
            open[id].map {
                ForecastHazard(
                    hazardID: id,
                    region: $0.hazard.region,
                    classification: $0.classification,
                    remainingM2: $0.remainingM2
                )
            }
        }
    }

    /// The work list of a priority ranking (WORKLOAD B4: "the B2 rows are the work list").
    public static func workList(ranked: [RankedHazard], view: LandView) -> [ForecastHazard] {
        workList(order: ranked.sorted { $0.rank < $1.rank }.map(\.hazardID), view: view)
    }
}

/// When the known contamination will be cleared: a Monte Carlo forecast over the work list (WORKLOAD §4.4, B4).
///
/// Each iteration draws the productivity of each method and of survey once (log-normal), and a difficulty per hazard
/// (log-normal, median 1). Survey works through the SHA hazards in rank order; what it does not cancel joins one
/// national clearance queue in rank order, F_h = max(F_{h−1}, a_h) + w_h. A region is complete when its last hazard
/// is. Results are years from the as-of day per iteration, per scope (national, then each region).
///
/// Capacity that changes over time (periods, funding) is a piecewise-constant rate between the dates where something
/// changes. Work is then counted in effort (m² × difficulty): K(t) = ∫₀ᵗ C, and the queue runs in effort,
/// G_h = max(G_{h−1}, K(a_h)) + w_h, with F_h = K⁻¹(G_h): exact for any piecewise-constant curve, and the same as B4's
/// when C is constant (K(t) = C·t).
public struct CompletionForecast: Sendable {
    public let scenario: ForecastScenario
    public let asOf: CalendarDate
    public let iterations: Int
    public let seed: UInt64
    public let national: ScopeForecast
    /// One per region, sorted by region code.
    public let regions: [ScopeForecast]
    public var scopes: [ScopeForecast] { [national] + regions }

    /// Runs the forecast. `regions`: the regions to report (e.g. every region of the programme, so one with nothing
    /// left shows as done); nil takes those of the work list. `threads`: nil uses every core; the result is the same
    /// for any number (each iteration draws from its own stream of `seed`).
    public init(
        workList: [ForecastHazard],
        asOf: CalendarDate,
        scenario: ForecastScenario = .b4,
        iterations: Int = 10_000,
        seed: UInt64 = 2026,
        regions: [String]? = nil,
        threads: Int? = nil
    ) throws {
        precondition(iterations > 0, "a forecast needs at least one iteration")
        let names = Array(Set(workList.map(\.region)).union(regions ?? [])).sorted()
        let plan = try ForecastPlan(workList: workList, asOf: asOf, scenario: scenario, regions: names)
        let times = ForecastSimulation.run(
            plan,
            iterations: iterations,
            seed: seed,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount
        )
        func scope(_ name: String, _ index: Int, _ member: (ForecastHazard) -> Bool) -> ScopeForecast {
            let hazards = workList.filter(member)
            let years = times[(index * iterations)..<((index + 1) * iterations)].map { $0 / plan.daysPerYear }
            return ScopeForecast(
                scope: name,
                hazards: hazards.count,
                remainingM2: hazards.reduce(0) { $0 + $1.remainingM2 },
                asOf: asOf,
                years: years.sorted()
            )
        }
        self.scenario = scenario
        self.asOf = asOf
        self.iterations = iterations
        self.seed = seed
        national = scope("NATIONAL", 0) { _ in true }
        self.regions = names.enumerated().map { i, r in scope(r, i + 1) { $0.region == r } }
    }

    /// WORKLOAD B4's file, byte for byte: NATIONAL, then each region.
    public func b4CSV() -> String {
        var out = "scope,hazards,remaining_m2,p10_years,p50_years,p90_years,p10_year,p50_year,p90_year\n"
        for s in scopes {
            let q = [s.p10, s.p50, s.p90]
            out += "\(s.scope),\(s.hazards),\(s.remainingM2),"
            out += q.map(ScopeForecast.years).joined(separator: ",") + ","
            out += q.map { s.calendarYear($0).map(String.init) ?? "never" }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// B4's columns, the mean, and with a deadline (a State's Article 5 deadline) the probability of being done by it.
    public func csv(deadline: CalendarDate? = nil) -> String {
        var out = "scope,hazards,remaining_m2,p10_years,p50_years,p90_years,p10_year,p50_year,p90_year,mean_years"
        if let deadline { out += ",p_done_by_\(deadline.iso)" }
        out += "\n"
        for s in scopes {
            let q = [s.p10, s.p50, s.p90]
            out += "\(s.scope),\(s.hazards),\(s.remainingM2),"
            out += q.map(ScopeForecast.years).joined(separator: ",") + ","
            out += q.map { s.calendarYear($0).map(String.init) ?? "never" }.joined(separator: ",") + ","
            out += ScopeForecast.years(s.mean)
            if let deadline { out += "," + String(format: "%.4f", s.probability(completedBy: deadline)) }
            out += "\n"
        }
        return out
    }

    /// A fan chart's data: per scope and calendar year from the as-of year, the share of iterations done by its end.
    public func fanChartCSV(horizonYears: Int = 100) -> String {
        var out = "scope,year,completed_share\n"
        for s in scopes {
            for p in s.fanChart(horizonYears: horizonYears) {
                out += "\(s.scope),\(p.year),\(String(format: "%.4f", p.completedShare))\n"
            }
        }
        return out
    }
}

/// One scope's completion times and what is read from them.
public struct ScopeForecast: Sendable, Hashable {
    /// `NATIONAL` or a region's code.
    public let scope: String
    public let hazards: Int
    public let remainingM2: Int64
    public let asOf: CalendarDate
    /// Years from the as-of day, one per iteration, ascending; `.infinity` when capacity runs out for good first.
    public let years: [Double]

    public init(scope: String, hazards: Int, remainingM2: Int64, asOf: CalendarDate, years: [Double]) {
        self.scope = scope
        self.hazards = hazards
        self.remainingM2 = remainingM2
        self.asOf = asOf
        self.years = years
    }

    /// Linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default), with numpy's lerp.
    public func quantile(_ p: Double) -> Double {
        guard !years.isEmpty else { return 0 }
        let h = Double(years.count - 1) * p
        let lo = Int(h.rounded(.down))
        let t = h - Double(lo)
        guard lo + 1 < years.count, t > 0 else { return years[min(lo, years.count - 1)] }
        let a = years[lo]
        let b = years[lo + 1]
        if a == b { return a }
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }

    public var p10: Double { quantile(0.1) }
    public var p50: Double { quantile(0.5) }
    public var p90: Double { quantile(0.9) }
    public var mean: Double { years.isEmpty ? 0 : years.reduce(0, +) / Double(years.count) }

    /// The calendar year in which `years` after the as-of day falls (floor of the decimal year); nil for never.
    public func calendarYear(_ years: Double) -> Int? {
        years.isFinite ? Int((asOf.decimalYear + years).rounded(.down)) : nil
    }

    /// The share of iterations done on or before `deadline`.
    public func probability(completedBy deadline: CalendarDate) -> Double {
        guard !years.isEmpty else { return 1 }
        let limit = deadline.decimalYear - asOf.decimalYear
        // `years` is sorted: the first past the limit counts the ones done.
        var lo = 0
        var hi = years.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if years[mid] <= limit { lo = mid + 1 } else { hi = mid }
        }
        return Double(lo) / Double(years.count)
    }

    /// For each calendar year from the as-of day's, the share of iterations done by the end of it (a cumulative
    /// distribution: the fan chart's data), until every iteration is done or `horizonYears` have passed.
    public func fanChart(horizonYears: Int = 100) -> [FanPoint] {
        var points: [FanPoint] = []
        var done = 0
        for year in asOf.year...(asOf.year + horizonYears) {
            let limit = Double(year + 1) - asOf.decimalYear
            while done < years.count && years[done] < limit { done += 1 }
            points.append(FanPoint(year: year, completedShare: years.isEmpty ? 1 : Double(done) / Double(years.count)))
            if done == years.count { break }
        }
        return points
    }

    static func years(_ value: Double) -> String { value.isFinite ? String(format: "%.3f", value) : "inf" }
}

public struct FanPoint: Sendable, Hashable {
    public var year: Int
    public var completedShare: Double
}

extension CalendarDate {
    /// The year and the share of it gone by at the start of the day: 2026-01-01 is 2026.0 (WORKLOAD §4.4).
    public var decimalYear: Double {
        let start = CalendarDate(year: year, month: 1, day: 1)!
        let length = start.days(until: CalendarDate(year: year + 1, month: 1, day: 1)!)
        return Double(year) + Double(start.days(until: self)) / Double(length)
    }
}

// MARK: - The plan: the scenario in working days, the work list in arrays

/// The scenario resolved against the as-of day and the work list: what the simulation's loops read.
struct ForecastPlan: Sendable {
    /// Per hazard in rank order.
    var remaining: [Double] = []
    /// 1 for a hazard surveyed first (SHA), else 0: multiplied in, so the loop has no branch.
    var surveyed: [Double] = []
    /// The share of its effort left to clearance: 1 − cancelled for SHA, 1 for CHA.
    var clearShare: [Double] = []
    var regionSlot: [Int] = []
    /// The working day from which it may be entered; 0 for now.
    var opens: [Double] = []
    /// (index of a region's last-ranked hazard, the region's slot), by index: F is non-decreasing in rank order,
    /// so a region is done when that hazard is.
    var lastOfRegion: [(index: Int, slot: Int)] = []
    var regionCount = 0

    /// Per kind of capacity (manual, machine, dog, survey): median m² per team-day and log-σ.
    var medians: [Double] = []
    var sigmas: [Double] = []
    /// Working days where the capacity changes (the first is 0), and the teams of each kind from each.
    var starts: [Double] = [0]
    var teams: [[Double]] = []
    var difficulty: LogNormalDraw
    var daysPerYear: Double
    /// Effort found per working day (m² × the mean difficulty), joining the end of the queue.
    var newEffortPerDay: Double
    /// Capacity constant, all open, nothing found: B4's closed form in lanes.
    var closedForm: Bool

    init(workList: [ForecastHazard], asOf: CalendarDate, scenario: ForecastScenario, regions: [String]) throws {
        let kinds = ForecastScenario.Capacity.allCases
        let days = scenario.workingDaysPerYear
        daysPerYear = days
        difficulty = LogNormalDraw(sigma: scenario.difficultyLogSigma)
        let σ = scenario.difficultyLogSigma
        newEffortPerDay = scenario.newContaminationM2PerYear / days * exp(σ * σ / 2)
        func day(_ date: CalendarDate) -> Double { max(0, (date.decimalYear - asOf.decimalYear) * days) }

        let base: [Double] = kinds.map { k in
            k == .survey ? scenario.survey.teams : scenario.teams(ForecastScenario.Method(rawValue: k.rawValue)!).teams
        }
        let kindTeams: [ForecastScenario.Teams] = kinds.map { k in
            k == .survey ? scenario.survey : scenario.teams(ForecastScenario.Method(rawValue: k.rawValue)!)
        }
        medians = kindTeams.map(\.medianM2PerDay)
        sigmas = kindTeams.map(\.logSigma)
        var breaks: Set<Double> = [0]
        for c in scenario.capacityChanges {
            breaks.insert(day(c.from))
            if let until = c.until { breaks.insert(day(until)) }
        }
        for p in scenario.funding?.periods ?? [] { breaks.insert(day(p.from)) }
        starts = breaks.sorted()
        teams = starts.map { s in
            var t = base
            for c in scenario.capacityChanges where day(c.from) <= s && s < (c.until.map(day) ?? .infinity) {
                t[kinds.firstIndex(of: c.capacity)!] += c.teams
            }
            if let funding = scenario.funding, let period = funding.periods.last(where: { day($0.from) <= s }) {
                for (k, m) in ForecastScenario.Method.allCases.enumerated() { t[k] += funding.teams(m, in: period) }
            }
            return t.map { max(0, $0) }
        }

        let slots = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        regionCount = regions.count
        var opening: [String: Double] = [:]
        let ids = Set(workList.map(\.hazardID))
        for (i, area) in scenario.inaccessible.enumerated() {
            let t = day(area.opens)
            for (j, id) in area.hazards.enumerated() {
                guard ids.contains(id) else {
                    throw ForecastScenarioError(
                        keyPath: "inaccessible[\(i)].hazards[\(j)]",
                        value: PriorityModelError.quoted(id),
                        problem: "not a hazard of the work list"
                    )
                }
                opening[id] = max(opening[id] ?? 0, t)
            }
            for (j, region) in area.regions.enumerated() {
                guard slots[region] != nil else {
                    throw ForecastScenarioError(
                        keyPath: "inaccessible[\(i)].regions[\(j)]",
                        value: PriorityModelError.quoted(region),
                        problem: "no such region: expected one of \(regions.joined(separator: ", "))"
                    )
                }
            }
        }
        let regionOpening = Dictionary(
            scenario.inaccessible.flatMap { a in a.regions.map { ($0, day(a.opens)) } },
            uniquingKeysWith: max
        )
        var last: [Int: Int] = [:]
        for (i, h) in workList.enumerated() {
            let sha = h.classification == .suspected
            remaining.append(Double(h.remainingM2))
            surveyed.append(sha ? 1 : 0)
            clearShare.append(sha ? 1 - scenario.shaCancelledShare : 1)
            regionSlot.append(slots[h.region]!)
            opens.append(max(opening[h.hazardID] ?? 0, regionOpening[h.region] ?? 0))
            last[slots[h.region]!] = i
        }
        lastOfRegion = last.map { (index: $0.value, slot: $0.key) }.sorted { $0.index < $1.index }
        closedForm = starts.count == 1 && newEffortPerDay == 0 && !opens.contains { $0 > 0 }
    }

    /// An iteration's m² per team-day of each kind of capacity: its first two words (four normal draws).
    @inline(__always)
    func productivity(_ random: inout SeededRandom) -> (Double, Double, Double, Double) {
        let (z1, z2) = NormalDraw.pair(&random)
        let (z3, z4) = NormalDraw.pair(&random)
        return (
            medians[0] * exp(sigmas[0] * Double(z1)),
            medians[1] * exp(sigmas[1] * Double(z2)),
            medians[2] * exp(sigmas[2] * Double(z3)),
            medians[3] * exp(sigmas[3] * Double(z4))
        )
    }

    /// Clearance and survey m² per day in segment `j` (B4: C = 30 P_manual + 10 P_machine + 15 P_dog, S = 5 P_survey).
    @inline(__always)
    func rates(_ j: Int, _ p: (Double, Double, Double, Double)) -> (clearance: Double, survey: Double) {
        let t = teams[j]
        return (t[0] * p.0 + t[1] * p.1 + t[2] * p.2, t[3] * p.3)
    }
}

// MARK: - The simulation

enum ForecastSimulation {
    /// Iterations advanced together in SIMD lanes by the closed form.
    static let lanes = 8
    /// Hazards whose difficulties are drawn at a time (even, so every word's two halves fall in one chunk).
    static let chunk = 2048

    /// Completion in working days: `iterations` national times, then `iterations` per region slot.
    static func run(_ plan: ForecastPlan, iterations: Int, seed: UInt64, threads: Int) -> [Double] {
        let scopes = 1 + plan.regionCount
        var out = [Double](repeating: 0, count: scopes * iterations)
        // Units of work: blocks of `lanes` iterations (closed form) or single iterations; a few per thread, so a
        // busy core does not hold the others up. Where a unit starts never changes what an iteration draws.
        let unit = plan.closedForm ? lanes : 1
        let units = (iterations + unit - 1) / unit
        let tasks = min(units, max(1, threads) * 8)
        plan.remaining.withUnsafeBufferPointer { remaining in
            plan.surveyed.withUnsafeBufferPointer { surveyed in
                plan.clearShare.withUnsafeBufferPointer { share in
                    plan.difficulty.table.withUnsafeBufferPointer { table in
                        out.withUnsafeMutableBufferPointer { out in
                            let shared = UnsafeSendable(
                                (remaining, surveyed, share, table.baseAddress!, out.baseAddress!)
                            )
                            let work: @Sendable (Int) -> Void = { task in
                                let (remaining, surveyed, share, table, out) = shared.value
                                let first = units * task / tasks
                                let end = units * (task + 1) / tasks
                                let arrays = Arrays(
                                    remaining: remaining.baseAddress,
                                    surveyed: surveyed.baseAddress,
                                    share: share.baseAddress,
                                    table: table,
                                    out: out,
                                    iterations: iterations
                                )
                                if plan.closedForm {
                                    runLanes(plan, arrays, blocks: first..<end, seed: seed)
                                } else {
                                    general(plan, arrays, iterations: first..<end, seed: seed)
                                }
                            }
                            if threads <= 1 {
                                for task in 0..<tasks { work(task) }
                            } else {
                                DispatchQueue.concurrentPerform(iterations: tasks, execute: work)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    struct Arrays {
        let remaining: UnsafePointer<Double>?
        let surveyed: UnsafePointer<Double>?
        let share: UnsafePointer<Double>?
        let table: UnsafePointer<Float>
        let out: UnsafeMutablePointer<Double>
        let iterations: Int
    }

    /// Difficulties of hazards `from..<from + n` for one iteration into `d` (stride `stride`): two per word.
    @inline(__always)
    static func difficulties(
        _ plan: ForecastPlan,
        _ random: inout SeededRandom,
        _ table: UnsafePointer<Float>,
        _ d: UnsafeMutablePointer<Double>,
        count n: Int,
        stride: Int
    ) {
        var k = 0
        while k < n {
            let word = random.nextWord()
            d[k &* stride] = plan.difficulty.draw(UInt32(truncatingIfNeeded: word), table, &random)
            if k + 1 < n {
                d[(k &+ 1) &* stride] = plan.difficulty.draw(UInt32(truncatingIfNeeded: word >> 32), table, &random)
            }
            k &+= 2
        }
    }

    /// B4's closed form, eight iterations at a time in SIMD lanes: per hazard x = rem·D; for SHA the survey sum
    /// U += x and a = U/S; F = max(F, a) + share·x/C. Branch-free: CHA multiplies U's step and a by 0.
    static func runLanes(_ plan: ForecastPlan, _ a: Arrays, blocks: Range<Int>, seed: UInt64) {
        let count = plan.remaining.count
        let d = UnsafeMutablePointer<Double>.allocate(capacity: chunk * lanes)
        defer { d.deallocate() }
        var randoms = [SeededRandom](repeating: SeededRandom(seed: 0), count: lanes)
        let n = a.iterations
        for block in blocks {
            let first = block * lanes
            var clearanceInverse = SIMD8<Double>(repeating: 0)
            var surveyInverse = SIMD8<Double>(repeating: 0)
            for lane in 0..<lanes {
                var random = SeededRandom(seed: seed, stream: UInt64(first + lane))
                let (c, s) = plan.rates(0, plan.productivity(&random))
                clearanceInverse[lane] = 1 / c
                surveyInverse[lane] = 1 / s
                randoms[lane] = random
            }
            var f = SIMD8<Double>(repeating: 0)
            var u = SIMD8<Double>(repeating: 0)
            var next = 0
            var nextIndex = plan.lastOfRegion.first?.index ?? -1
            var start = 0
            while start < count {
                let m = min(chunk, count - start)
                for lane in 0..<lanes {
                    difficulties(plan, &randoms[lane], a.table, d + lane, count: m, stride: lanes)
                }
                let remaining = a.remaining! + start
                let surveyed = a.surveyed! + start
                let share = a.share! + start
                for k in 0..<m {
                    let x = UnsafeRawPointer(d + k &* lanes).load(as: SIMD8<Double>.self) * remaining[k]
                    let s = surveyed[k]
                    u += x * s
                    let available = u * (surveyInverse * s)
                    f = f.replacing(with: available, where: f .< available) + x * (clearanceInverse * share[k])
                    if start &+ k == nextIndex {
                        let slot = plan.lastOfRegion[next].slot + 1
                        for lane in 0..<lanes where first + lane < n { a.out[slot * n + first + lane] = f[lane] }
                        next += 1
                        nextIndex = next < plan.lastOfRegion.count ? plan.lastOfRegion[next].index : -1
                    }
                }
                start += m
            }
            for lane in 0..<lanes where first + lane < n { a.out[first + lane] = f[lane] }
        }
    }

    /// Any scenario, one iteration at a time, in effort (see `CompletionForecast`); the same draws as `runLanes`.
    static func general(_ plan: ForecastPlan, _ a: Arrays, iterations: Range<Int>, seed: UInt64) {
        let count = plan.remaining.count
        let n = a.iterations
        let d = UnsafeMutablePointer<Double>.allocate(capacity: max(1, count))
        defer { d.deallocate() }
        let segments = plan.starts.count
        var clearance = EffortCurve(starts: plan.starts, rates: .init(repeating: 0, count: segments))
        var survey = clearance
        var regionEffort = [Double](repeating: 0, count: plan.regionCount)
        /// Hazards that opened late, waiting: the effort at which each is available, its work, its region.
        var waiting: [(effort: Double, work: Double, slot: Int)] = []
        for i in iterations {
            var random = SeededRandom(seed: seed, stream: UInt64(i))
            let p = plan.productivity(&random)
            for j in 0..<segments {
                let r = plan.rates(j, p)
                clearance.rates[j] = r.clearance
                survey.rates[j] = r.survey
            }
            clearance.accumulate()
            survey.accumulate()
            difficulties(plan, &random, a.table, d, count: count, stride: 1)
            for k in regionEffort.indices { regionEffort[k] = 0 }
            waiting.removeAll(keepingCapacity: true)
            var g = 0.0
            var u = 0.0
            var surveyHint = 0
            var clearanceHint = 0
            for h in 0..<count {
                let x = plan.remaining[h] * d[h]
                let work = x * plan.clearShare[h]
                let slot = plan.regionSlot[h]
                if plan.opens[h] > 0 {
                    // Not entered before it opens; surveyed (if SHA) from then on, outside the survey stream.
                    var hint = 0
                    var at = plan.opens[h]
                    if plan.surveyed[h] > 0 {
                        at = survey.time(at: survey.effort(at: at, &hint) + x, &hint)
                        hint = 0
                    }
                    let effort = clearance.effort(at: at, &hint)
                    if effort <= g {
                        g += work
                        regionEffort[slot] = g
                    } else {
                        let place = waiting.firstIndex { $0.effort > effort } ?? waiting.count
                        waiting.insert((effort, work, slot), at: place)
                    }
                    continue
                }
                var available = 0.0
                if plan.surveyed[h] > 0 {
                    u += x
                    available = clearance.effort(at: survey.time(at: u, &surveyHint), &clearanceHint)
                }
                // A hazard that opened while this one waits for survey goes first: its rank is higher.
                let begin = max(g, available)
                while let w = waiting.first, w.effort <= begin {
                    g = max(g, w.effort) + w.work
                    regionEffort[w.slot] = g
                    waiting.removeFirst()
                }
                g = max(g, available) + work
                regionEffort[slot] = g
            }
            for w in waiting {
                g = max(g, w.effort) + w.work
                regionEffort[w.slot] = g
            }
            var hint = 0
            var done = clearance.time(at: g, &hint)
            if plan.newEffortPerDay > 0 { done = clearance.catchUp(from: done, effort: g, rate: plan.newEffortPerDay) }
            a.out[i] = done
            for k in regionEffort.indices {
                var hint = 0
                a.out[(k + 1) * n + i] = clearance.time(at: regionEffort[k], &hint)
            }
        }
    }
}

/// Cumulative capacity K(t) = ∫₀ᵗ rate, piecewise linear: effort done by working day t, and its inverse.
struct EffortCurve {
    let starts: [Double]
    var rates: [Double]
    var cumulative: [Double]

    init(starts: [Double], rates: [Double]) {
        self.starts = starts
        self.rates = rates
        cumulative = [Double](repeating: 0, count: starts.count)
    }

    mutating func accumulate() {
        for j in 1..<max(1, starts.count) {
            cumulative[j] = cumulative[j - 1] + rates[j - 1] * (starts[j] - starts[j - 1])
        }
    }

    /// K(t); `hint` a segment at or before t's (queries that only grow pass the same one on).
    func effort(at t: Double, _ hint: inout Int) -> Double {
        guard t.isFinite else { return .infinity }
        while hint + 1 < starts.count && starts[hint + 1] <= t { hint += 1 }
        return cumulative[hint] + rates[hint] * (t - starts[hint])
    }

    /// The first t with K(t) ≥ e; infinity when capacity ends for good before.
    func time(at e: Double, _ hint: inout Int) -> Double {
        guard e.isFinite else { return .infinity }
        while hint + 1 < starts.count && cumulative[hint + 1] < e { hint += 1 }
        let over = e - cumulative[hint]
        if over <= 0 { return starts[hint] }
        guard rates[hint] > 0 else { return .infinity }
        return starts[hint] + over / rates[hint]
    }

    /// With `rate` of effort found per day from day 0 and queued behind the known work (done at `start`, effort
    /// `done`): the first day on which everything found so far is done too, K(t) − done ≥ rate·t.
    func catchUp(from start: Double, effort done: Double, rate: Double) -> Double {
        guard start.isFinite else { return .infinity }
        var j = 0
        while j + 1 < starts.count && starts[j + 1] <= start { j += 1 }
        var t = start
        while true {
            let gap = cumulative[j] + rates[j] * (t - starts[j]) - done - rate * t
            if gap >= 0 { return t }
            let slope = rates[j] - rate
            let end = j + 1 < starts.count ? starts[j + 1] : .infinity
            if slope > 0 {
                let root = t - gap / slope
                if root <= end { return root }
            }
            guard end.isFinite else { return .infinity }
            t = end
            j += 1
        }
    }
}

// The inner loop's draws live in this file: a release build compiles each file to its own LLVM module (SwiftPM's
// -num-threads) so calls across files are not inlined into the loop.

extension SeededRandom {
    /// `next()`, inlined into the forecast's loop.
    @inline(__always)
    mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension LogNormalDraw {
    /// One draw from 32 bits; `table` is `self.table`'s storage, read through a pointer in the forecast's loop.
    @inline(__always)
    func draw(_ bits: UInt32, _ table: UnsafePointer<Float>, _ random: inout SeededRandom) -> Double {
        let cell = Int(bits >> 20)
        // Cells 0 and 4095: one test on the cell plus one, wrapped to 12 bits.
        if (cell &+ 1) & 0xFFF < 2 { return tail(upper: cell != 0, &random) }
        let within = (Float(bits & 0xF_FFFF) + 0.5) * 0x1p-20
        return Double(table[2 &* cell] + within * table[2 &* cell &+ 1])
    }

}
