import Foundation
import Testing

@testable import MineFreeCore

/// The completion forecast (issue 17 part 2, WORKLOAD B4) on hand-built work lists whose answers are worked out by
/// hand: every log-σ 0 makes an iteration deterministic, so each iteration must give exactly the sum below.
@Suite struct ForecastTests {
    static let asOf = CalendarDate(iso: "2026-01-01")!

    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    static func hazard(_ id: String, _ region: String, _ c: HazardClassification, _ m2: Int64) -> ForecastHazard {
        ForecastHazard(hazardID: id, region: region, classification: c, remainingM2: m2)
    }

    /// One manual team of 60 m²/day, one survey team of `survey` m²/day, nothing uncertain.
    static func fixed(manual: Double = 60, teams: Double = 1, survey: Double = 100) -> ForecastScenario {
        ForecastScenario(
            name: "fixed",
            methods: [.manual: .init(teams: teams, medianM2PerDay: manual, logSigma: 0)],
            survey: .init(teams: 1, medianM2PerDay: survey, logSigma: 0),
            shaCancelledShare: 0.7,
            difficultyLogSigma: 0,
            workingDaysPerYear: 220
        )
    }

    /// `count` hazards, SHA and CHA alternating, in three regions, of areas spread by `seed`.
    static func mixed(_ count: Int, seed: Int) -> [ForecastHazard] {
        var work: [ForecastHazard] = []
        for i in 0..<count {
            let area = Int64(1000 + (i * seed) % 20_000)
            let region = "R0" + String(i % 3)
            work.append(hazard("HA-" + String(i), region, i % 2 == 0 ? .suspected : .confirmed, area))
        }
        return work
    }

    static func run(
        _ work: [ForecastHazard],
        _ scenario: ForecastScenario,
        iterations: Int = 16,
        seed: UInt64 = 1,
        threads: Int? = nil
    ) throws -> CompletionForecast {
        try CompletionForecast(
            workList: work,
            asOf: asOf,
            scenario: scenario,
            iterations: iterations,
            seed: seed,
            threads: threads
        )
    }

    @Test func oneManualTeamClearsSixtyThousandSquareMetresInAThousandDays() throws {
        let f = try Self.run([Self.hazard("HA-1", "R01", .confirmed, 60_000)], Self.fixed())
        // 1,000 days to the last rounding of 60,000 × (1/60).
        #expect(f.national.years.allSatisfy { abs($0 - 1000.0 / 220) < 1e-12 })
        // 2026 + 4.545 years falls in 2030.
        #expect(f.national.calendarYear(f.national.p90) == 2030)
        #expect(f.b4CSV().split(separator: "\n")[1] == "NATIONAL,1,60000,4.545,4.545,4.545,2030,2030,2030")
    }

    /// Survey works through SHA in rank order; clearance waits for it, and a CHA between them does not.
    @Test func surveyOrderAndRegionsCompleteAtTheirLastHazard() throws {
        // Survey 100 m²/day, clearance 10 m²/day, 70% of SHA cancelled.
        // A (SHA 1,000): surveyed by day 10, 300 m² → F = 10 + 30 = 40.
        // B (CHA 100): F = max(40, 0) + 10 = 50.
        // C (SHA 500): surveyed by day 15 (the survey stream's sum), 150 m² → F = max(50, 15) + 15 = 65.
        let work = [
            Self.hazard("A", "R01", .suspected, 1000),
            Self.hazard("B", "R02", .confirmed, 100),
            Self.hazard("C", "R01", .suspected, 500),
        ]
        let f = try Self.run(work, Self.fixed(manual: 10))
        #expect(abs(f.national.p50 - 65.0 / 220) < 1e-12)
        #expect(f.regions.map(\.scope) == ["R01", "R02"])
        #expect(abs(f.regions[0].p50 - 65.0 / 220) < 1e-12)
        #expect(abs(f.regions[1].p50 - 50.0 / 220) < 1e-12)
        #expect(f.regions[0].hazards == 2 && f.regions[0].remainingM2 == 1500)

        // Clearance idles while survey is behind: a 10,000 m² SHA first is surveyed on day 100, then B can wait.
        let slow = try Self.run(
            [Self.hazard("A", "R01", .suspected, 10_000), Self.hazard("B", "R01", .confirmed, 100)],
            Self.fixed(manual: 10)
        )
        // F_A = 100 + 300, F_B = 400 + 10.
        #expect(abs(slow.national.p50 - 410.0 / 220) < 1e-12)
    }

    @Test func aRegionWithNothingLeftIsDoneOnTheDay() throws {
        let f = try CompletionForecast(
            workList: [Self.hazard("HA-1", "R01", .confirmed, 60_000)],
            asOf: Self.asOf,
            scenario: Self.fixed(),
            iterations: 8,
            regions: ["R01", "R02"]
        )
        #expect(f.b4CSV().split(separator: "\n")[3] == "R02,0,0,0.000,0.000,0.000,2026,2026,2026")
    }

    @Test func deadlineProbabilityAndFanChartOnADeterministicCase() throws {
        // Done 4.545 years after 2026-01-01: in July 2030.
        let f = try Self.run([Self.hazard("HA-1", "R01", .confirmed, 60_000)], Self.fixed())
        #expect(f.national.probability(completedBy: Self.day("2030-01-01")) == 0)
        #expect(f.national.probability(completedBy: Self.day("2031-03-01")) == 1)
        #expect(f.national.fanChart().map(\.year) == [2026, 2027, 2028, 2029, 2030])
        #expect(f.national.fanChart().map(\.completedShare) == [0, 0, 0, 0, 1])
        #expect(f.csv(deadline: Self.day("2031-03-01")).split(separator: "\n")[1].hasSuffix(",1.0000"))
    }

    @Test func quantilesAreNumpysLinearInterpolation() {
        let s = ScopeForecast(scope: "X", hazards: 0, remainingM2: 0, asOf: Self.asOf, years: [1, 2, 3, 4])
        // numpy.quantile([1, 2, 3, 4], [0.1, 0.5, 0.9]) = [1.3, 2.5, 3.7]
        #expect(abs(s.quantile(0.1) - 1.3) < 1e-15)
        #expect(s.quantile(0.5) == 2.5)
        #expect(abs(s.quantile(0.9) - 3.7) < 1e-15)
        #expect(s.quantile(1) == 4 && s.quantile(0) == 1)
    }

    @Test func sameSeedSameResultOnOneThreadOrTwo() throws {
        let work = Self.mixed(500, seed: 7919)
        // 37 iterations: blocks of 8 lanes with a partial last one.
        let one = try Self.run(work, .b4, iterations: 37, seed: 7, threads: 1)
        let two = try Self.run(work, .b4, iterations: 37, seed: 7, threads: 2)
        let again = try Self.run(work, .b4, iterations: 37, seed: 7, threads: 2)
        let other = try Self.run(work, .b4, iterations: 37, seed: 8, threads: 2)
        #expect(one.scopes == two.scopes)
        #expect(two.scopes == again.scopes)
        #expect(one.national.years != other.national.years)
        // The first 16 iterations are the same whatever the count: each draws from its own stream.
        let fewer = try Self.run(work, .b4, iterations: 16, seed: 7, threads: 2)
        #expect(Set(fewer.national.years).isSubset(of: Set(one.national.years)))
    }

    /// The general path (capacity over time, in effort) gives the closed form's answer when nothing changes.
    @Test func theGeneralPathAgreesWithTheClosedForm() throws {
        let work = Self.mixed(300, seed: 104_729)
        var unchanged = ForecastScenario.b4
        unchanged.capacityChanges = [.init(capacity: .dog, from: Self.day("2030-01-01"), teams: 0)]
        let closed = try Self.run(work, .b4, iterations: 40, seed: 3)
        let general = try Self.run(work, unchanged, iterations: 40, seed: 3)
        for (a, b) in zip(closed.scopes, general.scopes) {
            let worst = zip(a.years, b.years).map { x, y in abs(x - y) / x }.max() ?? 0
            #expect(worst < 1e-9)
        }
    }

    @Test func capacityThatChangesOverTime() throws {
        let work = [Self.hazard("HA-1", "R01", .confirmed, 60_000)]
        var more = Self.fixed()
        // A second manual team from 2027-01-01 (one year: 220 working days) on.
        more.capacityChanges = [.init(capacity: .manual, from: Self.day("2027-01-01"), teams: 1)]
        // 13,200 m² in the first year, then 46,800 m² at 120 m²/day: 390 days.
        let f = try Self.run(work, more)
        #expect(abs(f.national.p50 - 610.0 / 220) < 1e-12)

        // Withdrawn for a year: 2027 is lost.
        var gap = Self.fixed()
        gap.capacityChanges = [
            .init(capacity: .manual, from: Self.day("2027-01-01"), until: Self.day("2028-01-01"), teams: -1)
        ]
        let g = try Self.run(work, gap)
        #expect(abs(g.national.p50 - 1220.0 / 220) < 1e-12)
    }

    @Test func moneyBuysTeams() throws {
        let work = [Self.hazard("HA-1", "R01", .confirmed, 60_000)]
        var funded = Self.fixed(teams: 0)
        funded.funding = .init(
            costPerAssetYear: [.manual: 60_000],
            allocation: [.manual: 1],
            periods: [.init(from: Self.asOf, nationalPerYear: 57_000, internationalPerYear: 3_000)]
        )
        // 60,000 a year buys one team: 1,000 days. Doubling the international share (5% → 10%) buys 63/60 teams.
        let today = try Self.run(work, funded)
        #expect(abs(today.national.p50 - 1000.0 / 220) < 1e-12)
        #expect(funded.funding!.periods[0].internationalShare == 0.05)
        var doubled = funded
        doubled.name = "doubled"
        doubled.funding!.periods[0].internationalPerYear = 6_000
        let more = try Self.run(work, doubled)
        #expect(abs(more.national.p50 - 1000.0 / (63.0 / 60) / 220) < 1e-12)
        let comparison = ScenarioComparison([today, more], deadline: Self.day("2030-07-01"))
        #expect(comparison.scenarios == ["fixed", "doubled"])
        #expect(comparison.rows[0].cells.map(\.probabilityByDeadline) == [0, 1])
        #expect(abs(comparison.medianShift(scope: "NATIONAL")[1] - (1000.0 / 1.05 - 1000) / 220) < 1e-12)
        #expect(comparison.csv().hasPrefix("scope,hazards,remaining_m2,fixed_p10_years,"))
    }

    @Test func anInaccessibleAreaWaitsAndDoesNotHoldTheQueue() throws {
        // A (first) cannot be entered before 2027-01-01 (day 220): B is cleared meanwhile (days 0–100), A after.
        let work = [Self.hazard("A", "R01", .confirmed, 6000), Self.hazard("B", "R02", .confirmed, 6000)]
        var closed = Self.fixed()
        closed.inaccessible = [.init(hazards: ["A"], opens: Self.day("2027-01-01"))]
        let f = try Self.run(work, closed)
        #expect(abs(f.national.p50 - 320.0 / 220) < 1e-12)
        #expect(abs(f.regions[0].p50 - 320.0 / 220) < 1e-12)
        #expect(abs(f.regions[1].p50 - 100.0 / 220) < 1e-12)
        var unknown = closed
        unknown.inaccessible = [.init(hazards: ["Z"], opens: Self.day("2027-01-01"))]
        #expect(throws: ForecastScenarioError.self) { try Self.run(work, unknown) }
    }

    @Test func newlyFoundContaminationIsCaughtUpWith() throws {
        // One year of work known (13,200 m² at 60 m²/day); 6,600 m² found a year: 60t − 13,200 ≥ 30t at t = 440.
        var found = Self.fixed()
        found.newContaminationM2PerYear = 6600
        let f = try Self.run([Self.hazard("HA-1", "R01", .confirmed, 13_200)], found)
        #expect(abs(f.national.p50 - 2) < 1e-12)
        // Finding faster than clearing never ends.
        found.newContaminationM2PerYear = 20_000
        #expect(try Self.run([Self.hazard("HA-1", "R01", .confirmed, 13_200)], found).national.p50 == .infinity)
    }

    /// A scenario that leaves the rate of newly found contamination out (or says "recorded") takes the record's: the
    /// area recorded in the five years before the day, per year.
    @Test func newlyFoundContaminationComesFromTheRecordUnlessGiven() throws {
        func decoded(_ json: String) throws -> ForecastScenario {
            try ForecastScenario.decode(from: Data(json.utf8), file: "s.json")
        }
        let left = try decoded(#"{"name": "left-out"}"#)
        let said = try decoded(#"{"name": "said", "new_contamination_m2_per_year": "recorded"}"#)
        let given = try decoded(#"{"name": "given", "new_contamination_m2_per_year": 1000}"#)
        #expect(left.newContaminationFromRecords && said.newContaminationFromRecords)
        #expect(!given.newContaminationFromRecords && given.newContaminationM2PerYear == 1000)
        func recorded(_ id: String, _ day: String, _ m2: Int64) -> HazardousArea {
            HazardousArea(
                localID: id,
                region: "R01",
                classification: .confirmed,
                contamination: .antiPersonnel,
                recordedDate: CalendarDate(iso: day)!,
                areaM2: m2,
                rings: []
            )
        }
        // 2021-01-01 and 2025-12-31 fall in [2021-01-01, 2026-01-01); 2020-12-31 and the day itself do not.
        let hazards = [
            recorded("HA-1", "2020-12-31", 90_000), recorded("HA-2", "2021-01-01", 30_000),
            recorded("HA-3", "2025-12-31", 20_000), recorded("HA-4", "2026-01-01", 70_000),
        ]
        let day = CalendarDate(iso: "2026-01-01")!
        #expect(left.withRecordedNewContamination(hazards: hazards, asOf: day).newContaminationM2PerYear == 10_000)
        #expect(given.withRecordedNewContamination(hazards: hazards, asOf: day).newContaminationM2PerYear == 1000)
        #expect(ForecastScenario.b4.withRecordedNewContamination(hazards: hazards, asOf: day) == .b4)
        // Written back as the file said it.
        #expect(try decoded(String(decoding: said.json(), as: UTF8.self)).newContaminationFromRecords)
    }

    @Test func theB4ScenarioFileRoundTrips() throws {
        let decoded = try ForecastScenario.decode(from: ForecastScenario.b4.json(), file: "b4.json")
        #expect(decoded == .b4)
        #expect(decoded.isConstant)
    }

    @Test(arguments: [
        (
            #"{"methods": {"manual": {"teams": -1, "median_m2_per_day": 60, "log_sigma": 0.35}}}"#,
            "methods.manual.teams", "-1", "must not be negative"
        ),
        (#"{"teems": 3}"#, "teems", "3", "unknown key"),
        (
            #"{"methods": {"manual": {"teams": 0, "median_m2_per_day": 60, "log_sigma": 0.35}}}"#,
            "methods", "0 teams", "no clearance capacity"
        ),
        (
            #"{"capacity_changes": [{"method": "machine", "from": "2027-01-01", "until": "2029-01-01", "teams": 2},"#
                + #"{"method": "machine", "from": "2028-06-01", "teams": 1}]}"#,
            "capacity_changes[1].from", "\"2028-06-01\"", "overlaps capacity_changes[0]"
        ),
        (
            #"{"capacity_changes": [{"method": "dog", "from": "2027-01-01", "teams": -20}]}"#,
            "capacity_changes[0].teams", "-20", "withdraws more dog teams than the 15"
        ),
        (#"{"sha_cancelled_share": 1.5}"#, "sha_cancelled_share", "1.5", "a share from 0 to 1"),
        (
            #"{"capacity_changes": [{"method": "drone", "from": "2027-01-01", "teams": 1}]}"#,
            "capacity_changes[0].method", "\"drone\"", "expected one of"
        ),
        (#"{"working_days_per_year": "many"}"#, "working_days_per_year", "\"many\"", "expected a number"),
        (
            #"{"new_contamination_m2_per_year": "lots"}"#, "new_contamination_m2_per_year", "\"lots\"",
            "or \"recorded\""
        ),
    ])
    func scenarioErrorsNameTheKeyAndTheValue(json: String, keyPath: String, value: String, problem: String) {
        do {
            _ = try ForecastScenario.decode(from: Data(json.utf8), file: "scenarios/plan.json")
            Issue.record("accepted \(json)")
        } catch let error as ForecastScenarioError {
            #expect(error.keyPath == keyPath)
            #expect(error.value == value)
            #expect(error.problem.contains(problem))
            #expect(error.description.hasPrefix("scenarios/plan.json: \(keyPath) = \(value): "))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func achievedProductivityFromTheRecord() {
        let team = Asset(
            localID: "MT-1",
            type: .manualTeam,
            organisationID: "ORG",
            productivityM2PerDay: 50,
            inServiceFrom: Self.day("2020-01-01")
        )
        let dog = Asset(
            localID: "MDD-1",
            type: .mineDetectionDogTeam,
            organisationID: "ORG",
            productivityM2PerDay: 500,
            inServiceFrom: Self.day("2020-01-01")
        )
        let activity = ActivityRecord(
            activityID: "T-1",
            type: .clearance,
            organisationID: "ORG",
            hazardID: "HA-1",
            method: .manual,
            assetIDs: ["MT-1"],
            startDate: Self.day("2024-01-01"),
            endDate: nil,
            status: .ongoing,
            dateOfInformation: Self.day("2024-01-01")
        )
        let combined = ActivityRecord(
            activityID: "T-2",
            type: .clearance,
            organisationID: "ORG",
            hazardID: "HA-2",
            method: .combined,
            assetIDs: ["MT-1", "MDD-1"],
            startDate: Self.day("2024-01-01"),
            endDate: nil,
            status: .ongoing,
            dateOfInformation: Self.day("2024-01-01")
        )
        let releases = [
            LandRelease(
                localID: "RE-1",
                hazardID: "HA-1",
                date: Self.day("2025-03-01"),
                method: .cleared,
                areaM2: 62_100,
                devicesFound: 3,
                activityID: "T-1"
            ),
            LandRelease(
                localID: "RE-2",
                hazardID: "HA-2",
                date: Self.day("2025-04-01"),
                method: .cleared,
                areaM2: 20_000,
                devicesFound: 0,
                activityID: "T-2"
            ),
            // Cancelled by survey: not the teams' work. Before the window: not counted.
            LandRelease(
                localID: "RE-3",
                hazardID: "HA-1",
                date: Self.day("2025-05-01"),
                method: .cancelled,
                areaM2: 9_999,
                devicesFound: 0,
                activityID: "T-1"
            ),
            LandRelease(
                localID: "RE-4",
                hazardID: "HA-1",
                date: Self.day("2023-12-31"),
                method: .cleared,
                areaM2: 9_999,
                devicesFound: 0,
                activityID: "T-1"
            ),
            LandRelease(
                localID: "RE-5",
                hazardID: "HA-3",
                date: Self.day("2025-05-01"),
                method: .cleared,
                areaM2: 700,
                devicesFound: 0
            ),
        ]
        // 2024-01-01 … 2025-12-31: 731 days; the team down for 31 of them.
        let downtime = [
            AssetDowntime(assetID: "MT-1", from: Self.day("2024-07-01"), to: Self.day("2024-07-31"), reason: .weather)
        ]
        let a = AchievedProductivity.estimate(
            releases: releases,
            activities: [activity, combined],
            assets: [team, dog],
            downtime: downtime,
            asOf: Self.asOf
        )
        #expect(a.from == Self.day("2024-01-01"))
        #expect(a.methods[.manual] == .init(releasedM2: 72_100, workingDays: 700, assetsInService: 1))
        #expect(a.methods[.manual]!.m2PerWorkingDay == 103)
        #expect(a.methods[.dog]!.m2PerWorkingDay == 10_000.0 / 731)
        #expect(a.unattributedM2 == 700)
        let s = ForecastScenario.b4.with(achieved: a)
        #expect(s.teams(.manual).medianM2PerDay == 103)
        #expect(s.teams(.machine).medianM2PerDay == 2000)
    }

    @Test func normalAndLogNormalDrawsHaveTheirMoments() {
        var random = SeededRandom(seed: 42)
        var sum = 0.0
        var squares = 0.0
        var beyond3 = 0
        let n = 400_000
        for _ in 0..<n / 2 {
            let (a, b) = NormalDraw.pair(&random)
            for z in [Double(a), Double(b)] {
                sum += z
                squares += z * z
                if abs(z) > 3 { beyond3 += 1 }
            }
        }
        #expect(abs(sum / Double(n)) < 0.01)
        #expect(abs(squares / Double(n) - 1) < 0.01)
        // P(|Z| > 3) = 0.0027.
        #expect(abs(Double(beyond3) / Double(n) - 0.0027) < 0.0005)
        let draw = LogNormalDraw(sigma: 0.5)
        var below = 0
        var total = 0.0
        for _ in 0..<n {
            let d = draw.next(&random)
            total += d
            if d < 1 { below += 1 }
        }
        #expect(abs(Double(below) / Double(n) - 0.5) < 0.005)
        #expect(abs(total / Double(n) - exp(0.125)) < 0.005)
        #expect(abs(LogNormalDraw.inverseNormal(0.975) - 1.959963984540054) < 1e-12)
    }
}
