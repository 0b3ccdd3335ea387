import Foundation
import MineFreeCore
import MineFreeStore
import Testing
import Vapor
import VaporTesting

@testable import MineFreeServer

/// Clearance priorities from the server over the demo: the API's pages are the ranking the rules compute, each
/// hazard's factors add up to its score, one hazard's explanation names the records counted, the programme's roles
/// only; the web page lists, maps and explains.
@Suite struct PlanningServerTests {
    static let day = "2026-01-01"

    @Test func theAPIServesTheRankingTheRulesCompute() async throws {
        let services = try await ServerFixture.prepared.value
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            // Other tests record releases while this one runs: compare while the store holds still.
            let (expected, body) = try await ServerFixture.whileUnchanged {
                let ranked = try await PlanningRepository(database: services.store.database)
                    .priorityInputs(asOf: CalendarDate(iso: Self.day)!).ranked(by: .default)
                var body: [String: Any] = [:]
                try await app.testing().test(
                    .GET,
                    "/api/v1/priorities?as_of=\(Self.day)&limit=20&offset=10",
                    headers: ServerFixture.bearer(viewer)
                ) { res async throws in
                    #expect(res.status == .ok)
                    body = try object(res)
                }
                return (ranked, body)
            }
            #expect(expected.count > 500)
            let page = try #require(body["page"] as? [String: Any])
            #expect(page["total"] as? Int == expected.count && page["offset"] as? Int == 10)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.count == 20)
            #expect(items.compactMap { $0["id"] as? String } == expected[10..<30].map(\.hazardID))
            #expect(items.compactMap { $0["rank"] as? Int } == Array(11...30))
            for item in items {
                let factors = try #require(item["factors"] as? [[String: Any]])
                #expect(factors.map { $0["name"] as? String } == ["pop1k", "idp1k", "road_m", "infra", "cas"])
                let sum = factors.compactMap { $0["contribution"] as? Double }.reduce(0, +)
                #expect(abs(sum - (item["score"] as? Double ?? -1)) < 1e-9)
            }
            let scores = items.compactMap { $0["score"] as? Double }
            #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })

            // One hazard: the first, with the settlements it counted.
            let first = expected[0]
            try await app.testing().test(
                .GET,
                "/api/v1/priorities/\(first.hazardID)?as_of=\(Self.day)",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let hazard = try #require(try object(res)["hazard"] as? [String: Any])
                #expect(hazard["rank"] as? Int == 1)
                let pop = try #require((hazard["factors"] as? [[String: Any]])?.first)
                #expect(pop["counted"] as? [String] == first[factor: "pop1k"]?.evidence)
                #expect((try object(res)["explanation"] as? String)?.hasPrefix("\(first.hazardID) (") == true)
            }
            try await app.testing().test(
                .GET,
                "/api/v1/priorities/HA-NONE?as_of=\(Self.day)",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType?.description.contains("problem+json") == true)
            }
            // A region's hazards among themselves.
            try await app.testing().test(
                .GET,
                "/api/v1/priorities?as_of=\(Self.day)&region=D02&limit=1000",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                let items = try #require(try object(res)["items"] as? [[String: Any]])
                #expect(!items.isEmpty && items.allSatisfy { $0["region"] as? String == "D02" })
                #expect(items.first?["rank"] as? Int == 1)
            }
            try await app.testing().test(
                .GET,
                "/api/v1/priorities?region=NOWHERE",
                headers: ServerFixture.bearer(viewer)
            ) { res async in
                #expect(res.status == .badRequest)
            }
            // The hazards are not published here: no ranking for someone not signed in.
            try await app.testing().test(.GET, "/api/v1/priorities") { res async in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func thePageListsMapsAndExplains() async throws {
        try await ServerFixture.withApp { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            var first = ""
            try await app.testing().test(
                .GET,
                "/priorities?as_of=\(Self.day)",
                headers: ServerFixture.bearer(viewer)
            ) { res async in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("id=\"priorities\"") && html.contains("id=\"priority-map\""))
                #expect(html.contains("id=\"priority-data\"") && html.contains("rel=\"next\""))
                #expect(html.contains("people within 1000 m (full at 5000)"))
                if let range = html.range(of: "<a href=\"/priorities/") {
                    first = String(html[range.upperBound...].prefix { $0 != "?" })
                }
            }
            #expect(first.hasPrefix("HA-"))
            try await app.testing().test(
                .GET,
                "/priorities/\(first)?as_of=\(Self.day)",
                headers: ServerFixture.bearer(viewer)
            ) { res async in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("id=\"explanation\"") && html.contains("Rank 1 of "))
                #expect(html.contains("ST-"))
            }
            try await app.testing().test(
                .GET,
                "/priorities/HA-NONE?as_of=\(Self.day)",
                headers: ServerFixture.bearer(viewer)
            ) { res async in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/priorities?lang=fr", headers: ServerFixture.bearer(viewer)) {
                res async in
                #expect(res.body.string.contains("Priorités de dépollution"))
            }
        }
    }

    @Test func theForecastIsTheRulesForecastOnTheAPIAndThePage() async throws {
        let services = try await ServerFixture.prepared.value
        try await ServerFixture.withApp { app in
            let (expected, body) = try await ServerFixture.whileUnchanged {
                let day = CalendarDate(iso: Self.day)!
                let inputs = try await PlanningRepository(database: services.store.database).priorityInputs(asOf: day)
                let forecast = try CompletionForecast(
                    workList: ForecastHazard.workList(ranked: inputs.ranked(by: .default), view: inputs.view),
                    asOf: day,
                    regions: Array(Set(inputs.view.standings.map(\.hazard.region))).sorted()
                )
                var body: [String: Any] = [:]
                // Progress is published in the fixture, and the forecast with it: no token needed.
                try await app.testing().test(.GET, "/api/v1/forecast?as_of=\(Self.day)&deadline=2026-07-01") {
                    res async throws in
                    #expect(res.status == .ok)
                    body = try object(res)
                }
                return (forecast, body)
            }
            #expect(body["iterations"] as? Int == 10_000 && body["seed"] as? Int == 2026)
            let scopes = try #require(body["scopes"] as? [[String: Any]])
            #expect(scopes.map { $0["scope"] as? String } == expected.scopes.map(\.scope))
            #expect(scopes.first?["scope"] as? String == "NATIONAL" && scopes.count == 6)
            let national = try #require(scopes.first)
            #expect(national["hazards"] as? Int == expected.national.hazards)
            #expect(abs((national["p50_years"] as? Double ?? -1) - expected.national.p50) < 0.001)
            #expect(
                national["probability_by_deadline"] as? Double
                    == expected.national.probability(completedBy: CalendarDate(iso: "2026-07-01")!)
            )
            let fan = try #require(body["fan"] as? [[String: Any]])
            let shares = fan.compactMap { $0["completed_share"] as? Double }
            #expect(fan.first?["year"] as? Int == 2026 && zip(shares, shares.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(shares.last == 1)
            try await app.testing().test(.GET, "/api/v1/forecast?as_of=\(Self.day)&deadline=2025-01-01") {
                res async in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/forecast?as_of=\(Self.day)&deadline=2027-01-01") { res async in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("id=\"chart-forecast\"") && html.contains("id=\"scopes\""))
                #expect(html.contains("id=\"card-deadline\"") && html.contains("Done by 2027-01-01"))
            }
        }
    }

    /// A library beside the defaults: a model that ranks by infrastructure alone, and a scenario with twice the
    /// manual teams.
    static func library() throws -> PlanningLibrary {
        let model = try PriorityModel.decode(
            from: Data(
                #"{"name":"infrastructure-first","factors":[{"name":"infra","kind":"infrastructure","weight":1,"radius_m":500,"normaliser":10,"type_weights":{"health":3,"school":3,"water":2,"power":2,"cultural_heritage":1}}]}"#
                    .utf8
            ),
            file: "infrastructure-first.json"
        )
        var scenario = try ForecastScenario.decode(
            from: ForecastScenario.b4.json(),
            file: "more-teams.json"
        )
        scenario.name = "more-teams"
        scenario.description = "twice the teams"
        func twice(_ t: ForecastScenario.Teams) -> ForecastScenario.Teams {
            ForecastScenario.Teams(teams: t.teams * 2, medianM2PerDay: t.medianM2PerDay, logSigma: t.logSigma)
        }
        scenario.methods = scenario.methods.mapValues(twice)
        scenario.survey = twice(scenario.survey)
        return PlanningLibrary(models: [model], scenarios: [scenario])
    }

    @Test func scenariosSideBySideModelsComparedAndTheWorkPlan() async throws {
        try await ServerFixture.withApp(planning: try Self.library()) { app in
            let viewer = try await ServerFixture.token(app, "viewer")
            try await app.testing().test(.GET, "/api/v1/planning/library") { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                let models = try #require(body["models"] as? [[String: Any]])
                let scenarios = try #require(body["scenarios"] as? [[String: Any]])
                #expect(models.map { $0["name"] as? String } == ["default", "infrastructure-first"])
                #expect(models.last?["factors"] as? [String] == ["infra"])
                #expect(scenarios.map { $0["name"] as? String } == ["b4", "achieved", "more-teams"])
            }
            var p50: [String: Double] = [:]
            for name in ["b4", "more-teams"] {
                try await app.testing().test(.GET, "/api/v1/forecast?as_of=\(Self.day)&scenario=\(name)") {
                    res async throws in
                    #expect(res.status == .ok)
                    let body = try object(res)
                    #expect(body["scenario"] as? String == name)
                    let national = try #require((body["scopes"] as? [[String: Any]])?.first)
                    p50[name] = national["p50_years"] as? Double
                }
            }
            // The productivity the demo's release records achieved, not B4's planning figures.
            try await app.testing().test(.GET, "/api/v1/forecast?as_of=\(Self.day)&scenario=achieved") {
                res async throws in
                #expect(res.status == .ok)
                let national = try #require((try object(res)["scopes"] as? [[String: Any]])?.first)
                p50["achieved"] = national["p50_years"] as? Double
            }
            #expect(p50["achieved"] != nil && p50["achieved"] != p50["b4"], "\(p50)")
            // Twice the teams finish in about half the time.
            let ratio = (p50["more-teams"] ?? 0) / (p50["b4"] ?? 1)
            #expect(ratio > 0.4 && ratio < 0.6, "\(p50)")
            // A state's Article 5 deadline from the registry: Bosnia and Herzegovina's in force on the day.
            try await app.testing().test(.GET, "/api/v1/forecast?as_of=\(Self.day)&state=BIH") { res async throws in
                #expect(res.status == .ok)
                #expect(try object(res)["deadline"] as? String == "2027-03-01")
            }
            try await app.testing().test(.GET, "/api/v1/forecast?as_of=\(Self.day)&state=TJK") { res async throws in
                #expect(res.status == .badRequest && res.body.string.contains("TJK has none"))
            }
            try await app.testing().test(.GET, "/api/v1/forecast?scenario=nothing-like-it") { res async throws in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("one of b4, achieved, more-teams"))
            }
            try await app.testing().test(
                .GET,
                "/forecast?as_of=\(Self.day)&scenario=b4&scenario=more-teams&scope=D01&deadline=2030-01-01"
            ) { res async in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("id=\"comparison\"") && html.contains("id=\"scenario-2\""))
                #expect(html.contains("data-name=\"more-teams\"") && html.contains("(D01)"))
                #expect(html.contains("<option value=\"D01\" selected>"))
            }
            try await app.testing().test(.GET, "/forecast?scope=R99") { res async in
                #expect(res.status == .badRequest)
            }

            // The work plan: its milestones release the whole challenge, and the page shows the same.
            try await app.testing().test(
                .GET,
                "/api/v1/workplan?as_of=\(Self.day)&until=2032-12-31&scenario=more-teams"
            ) { res async throws in
                #expect(res.status == .ok)
                let plan = try object(res)
                #expect(plan["scenario"] as? String == "more-teams" && plan["until"] as? String == "2032-12-31")
                let challenge = try #require(plan["challenge"] as? [[String: Any]])
                let milestones = try #require(plan["milestones"] as? [[String: Any]])
                let remaining = challenge.compactMap { $0["remaining_m2"] as? Int }.reduce(0, +)
                #expect(remaining > 0)
                #expect(milestones.compactMap { $0["released_m2"] as? Int }.reduce(0, +) == remaining)
                #expect(
                    milestones.compactMap { $0["areas"] as? Int }.reduce(0, +)
                        == challenge.compactMap { $0["areas"] as? Int }.reduce(0, +)
                )
                #expect(
                    milestones.allSatisfy { ($0["year"] as? Int ?? 0) >= 2026 && ($0["year"] as? Int ?? 0) <= 2032 }
                )
                let probability = try #require(plan["probability"] as? Double)
                #expect(probability >= 0 && probability <= 1)
            }
            try await app.testing().test(.GET, "/api/v1/workplan?as_of=\(Self.day)") { res async in
                #expect(res.status == .badRequest)
            }
            try await app.testing().test(.GET, "/workplan?as_of=\(Self.day)&until=2032-12-31") { res async in
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("id=\"challenge\"") && html.contains("id=\"milestones\""))
                #expect(html.contains("id=\"probability\"") && html.contains("id=\"risks\""))
            }
            try await app.testing().test(.GET, "/workplan?lang=fr") { res async in
                #expect(res.status == .ok && res.body.string.contains("id=\"ask\""))
                #expect(res.body.string.contains("Plan de travail"))
            }

            // Another model, and the hazards that move between the two.
            try await app.testing().test(
                .GET,
                "/api/v1/priorities?as_of=\(Self.day)&model=infrastructure-first&limit=5",
                headers: ServerFixture.bearer(viewer)
            ) { res async throws in
                #expect(res.status == .ok)
                let body = try object(res)
                #expect(body["model"] as? String == "infrastructure-first")
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(
                    items.allSatisfy { ($0["factors"] as? [[String: Any]])?.map { $0["name"] as? String } == ["infra"] }
                )
            }
            try await app.testing().test(
                .GET,
                "/priorities?as_of=\(Self.day)&model=default&compare=infrastructure-first",
                headers: ServerFixture.bearer(viewer)
            ) { res async in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("id=\"moves\"") && res.body.string.contains("infrastructure-first"))
            }
        }
    }

    /// After the store changes, the first request of any kind starts today's ranking and forecast in the background,
    /// so the planning pages then answer from kept figures.
    @Test func todaysPlanningFiguresAreReadiedInTheBackground() async throws {
        try await ServerFixture.withApp(warmPlanning: true) { app in
            try await app.testing().test(.GET, "/api/v1/states?limit=1") { res async in #expect(res.status == .ok) }
            let today = CalendarDate.today().iso
            var keys: Set<String> = []
            for _ in 0..<300 {
                keys = app.minefree.readCache.keys
                if keys.contains("forecast b4 \(today)") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(keys.contains("planning inputs \(today)") && keys.contains("priority default \(today) *"))
            #expect(keys.contains("forecast b4 \(today)"), "\(keys.sorted())")
        }
    }

    /// Files with mistakes stop the server at start-up, naming the variable, the file, the key and the value.
    @Test func planningFilesAreCheckedAtStartUp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-lib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var scenario = ForecastScenario.b4
        scenario.name = "doubled"
        try scenario.json().write(to: dir.appendingPathComponent("doubled.json"))
        let loaded = try PlanningLibrary.load(models: nil, scenarios: dir.path)
        #expect(
            loaded.scenarios.map(\.name) == ["b4", "achieved", "doubled"] && loaded.models.map(\.name) == ["default"]
        )

        try #"{"name":"m","factors":[{"name":"w","kind":"population","weight":-1,"radius_m":1000,"normaliser":10}]}"#
            .write(to: dir.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        do {
            _ = try ServerSettings.fromEnvironment(["MINEFREE_PRIORITY_MODELS": dir.path])
            Issue.record("a model with a negative weight was accepted")
        } catch let e as StoreConfiguration.Invalid {
            #expect(e.variable == "MINEFREE_PRIORITY_MODELS")
            #expect(e.reason.contains("bad.json: factors[0].weight = -1"), "\(e.reason)")
        }
        // Two files with one name.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("bad.json"))
        try scenario.json().write(to: dir.appendingPathComponent("again.json"))
        #expect(throws: StoreConfiguration.Invalid.self) { try PlanningLibrary.load(models: nil, scenarios: dir.path) }
    }
}
