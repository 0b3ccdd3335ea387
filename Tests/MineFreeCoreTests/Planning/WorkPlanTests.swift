import Foundation
import Testing

@testable import MineFreeCore

/// A work plan's milestones wait for the areas a scenario keeps closed: an area due at the even pace before it opens
/// is due in the year it opens, and one that opens only after the end date is named as a risk.
@Suite struct WorkPlanTests {
    let asOf = CalendarDate(iso: "2026-01-01")!
    let work = [
        ForecastHazard(hazardID: "HA-2", region: "R02", classification: .confirmed, remainingM2: 40_000),
        ForecastHazard(hazardID: "HA-1", region: "R01", classification: .confirmed, remainingM2: 40_000),
        ForecastHazard(hazardID: "HA-3", region: "R01", classification: .suspected, remainingM2: 100_000),
    ]

    func plan(opens: String, until: String) throws -> WorkPlan {
        var scenario = ForecastScenario.b4
        scenario.inaccessible = [.init(regions: ["R02"], opens: CalendarDate(iso: opens)!)]
        let forecast = try CompletionForecast(workList: work, asOf: asOf, scenario: scenario, iterations: 200)
        return WorkPlan(
            workList: work,
            asOf: asOf,
            until: CalendarDate(iso: until)!,
            scenario: scenario,
            forecast: forecast
        )
    }

    @Test func anAreaClosedUntilADayIsDueInTheYearItOpens() throws {
        let p = try plan(opens: "2029-03-01", until: "2030-12-31")
        // At an even pace over five years HA-2, first in the queue, would be due in 2027.
        let r02 = p.milestones.filter { $0.region == "R02" }
        #expect(r02.map(\.year) == [2029] && r02.map(\.releasedM2) == [40_000])
        #expect(p.milestones.filter { $0.region == "R01" }.allSatisfy { $0.year < 2031 })
        #expect(p.milestones.reduce(0) { $0 + $1.releasedM2 } == 180_000)
        #expect(p.risks.contains { $0.contains("1 area(s), 40000 m², are due in the year they open") })
        #expect(!p.risks.contains { $0.contains("cannot be released by the end date") })
    }

    @Test func anAreaThatOpensAfterTheEndDateIsARisk() throws {
        let p = try plan(opens: "2031-06-01", until: "2030-12-31")
        #expect(p.milestones.first { $0.region == "R02" }?.year == 2031)
        #expect(p.risks.contains { $0.contains("1 area(s), 40000 m², open only on or after 2030-12-31") })
    }
}
