import Foundation
import Testing

@testable import MineFreeCore

/// The priority score (issue 17, WORKLOAD B2) on hand-built cases laid out in metres: thresholds to the metre, the
/// casualty window to the day, the model file's errors, and a comparison that says why a hazard moved.
@Suite struct PriorityTests {
    static let asOf = CalendarDate(iso: "2026-01-01")!

    /// A 200 m square centred on (x, y): its east edge is at x + 100.
    static func square(_ id: String, _ x: Double = 0, _ y: Double = 0) -> PriorityScoring.Hazard {
        let ring = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1), (-1, -1)].map {
            PlanarPoint(x: x + $0 * 100, y: y + $1 * 100)
        }
        return PriorityScoring.Hazard(id: id, region: "R01", remainingM2: 40_000, area: PlanarArea(polygons: [[ring]]))
    }

    static func settlement(_ id: String, population: Int64, idp: Int64 = 0) -> Settlement {
        Settlement(
            localID: id,
            name: id,
            population: population,
            idpHouseholds: idp,
            location: GeoPoint(lon: 0, lat: 0)
        )
    }

    static func casualty(_ id: String, _ date: String) -> CasualtyEvent {
        CasualtyEvent(
            localID: id,
            date: CalendarDate(iso: date)!,
            outcome: .injured,
            age: 30,
            sex: .female,
            device: .antiPersonnel,
            location: GeoPoint(lon: 0, lat: 0)
        )
    }

    static func road(_ id: String, _ roadClass: RoadClass = .primary) -> Road {
        Road(localID: id, roadClass: roadClass, line: [])
    }

    static func layers(
        settlements: [(Settlement, PlanarPoint)] = [],
        roads: [(Road, [PlanarPoint])] = [],
        infrastructure: [(InfrastructurePoint, PlanarPoint)] = [],
        casualties: [(CasualtyEvent, PlanarPoint)] = []
    ) -> PriorityScoring.Layers {
        PriorityScoring.Layers(
            settlements: settlements.map(\.0),
            settlementPoints: settlements.map(\.1),
            roads: roads.map(\.0),
            roadLines: roads.map(\.1),
            infrastructure: infrastructure.map(\.0),
            infrastructurePoints: infrastructure.map(\.1),
            casualties: casualties.map(\.0),
            casualtyPoints: casualties.map(\.1)
        )
    }

    static func rank(
        _ hazards: [PriorityScoring.Hazard],
        _ layers: PriorityScoring.Layers,
        asOf: CalendarDate = asOf,
        model: PriorityModel = .default
    ) -> [RankedHazard] {
        PriorityScoring.rank(hazards, layers: layers, asOf: asOf, model: model)
    }

    @Test func aSettlementExactlyAKilometreAwayCountsOneMetreMoreDoesNot() throws {
        let ranked = Self.rank(
            [Self.square("HA-1")],
            Self.layers(settlements: [
                (Self.settlement("ST-1", population: 1000, idp: 40), PlanarPoint(x: 1100, y: 0)),
                (Self.settlement("ST-2", population: 3000, idp: 60), PlanarPoint(x: 0, y: -1101)),
                // Off the corner: √(700² + 700²) = 989.95 m from (100, 100).
                (Self.settlement("ST-3", population: 500), PlanarPoint(x: 800, y: 800)),
            ])
        )
        let pop = try #require(ranked.first?[factor: "pop1k"])
        #expect(pop.raw == 1500)
        #expect(pop.evidence == ["ST-1", "ST-3"])
        #expect(pop.normalised == 0.3)
        #expect(ranked.first?[factor: "idp1k"]?.raw == 40)
    }

    @Test func aPointInsideThePolygonIsAtDistanceZero() {
        let area = Self.square("HA-1").area
        #expect(area.contains(PlanarPoint(x: 30, y: -60), within: 1e-9))
        #expect(area.contains(PlanarPoint(x: 100, y: 50), within: 1e-9))  // on the edge
        #expect(!area.contains(PlanarPoint(x: 100.5, y: 50), within: 0.4))
        #expect(area.contains(PlanarPoint(x: 100.5, y: 50), within: 0.5))
        // A road crossing the hazard, and one wholly inside it: 0.
        #expect(area.squaredDistance(toSegment: PlanarPoint(x: -500, y: 0), PlanarPoint(x: 500, y: 10)) == 0)
        #expect(area.squaredDistance(toSegment: PlanarPoint(x: -50, y: 0), PlanarPoint(x: 50, y: 10)) == 0)
        // Segment to segment: the road's end (130, 40) is 30 m from the east edge.
        #expect(area.squaredDistance(toSegment: PlanarPoint(x: 130, y: 40), PlanarPoint(x: 900, y: 900)) == 900)
        // A polygon vertex nearest: (100, 100) to the road x + y = 300 is 100/√2 m.
        let d = area.squaredDistance(toSegment: PlanarPoint(x: 300, y: 0), PlanarPoint(x: 0, y: 300)).squareRoot()
        #expect(abs(d - 100 / 2.0.squareRoot()) < 1e-9)
    }

    @Test func theNearestMajorRoadCountsCappedAt5000Metres() throws {
        let hazards = [Self.square("HA-1"), Self.square("HA-2", 0, 20_000)]
        let ranked = Self.rank(
            hazards,
            Self.layers(roads: [
                // A track 10 m from HA-1: not a class the default counts.
                (Self.road("RD-1", .track), [PlanarPoint(x: 110, y: -500), PlanarPoint(x: 110, y: 500)]),
                (Self.road("RD-2"), [PlanarPoint(x: 3100, y: -500), PlanarPoint(x: 3100, y: 500)]),
                (Self.road("RD-3", .secondary), [PlanarPoint(x: -2100, y: -500), PlanarPoint(x: -2100, y: 500)]),
                // 6,100 m east of HA-2: beyond the cap.
                (Self.road("RD-4"), [PlanarPoint(x: 6200, y: 19_000), PlanarPoint(x: 6200, y: 21_000)]),
            ])
        )
        let near = try #require(ranked.first { $0.hazardID == "HA-1" }?[factor: "road_m"])
        #expect(near.raw == 2000)
        #expect(near.evidence == ["RD-3"])
        #expect(abs(near.contribution - 0.15 * 0.6) < 1e-15)
        let far = try #require(ranked.first { $0.hazardID == "HA-2" }?[factor: "road_m"])
        #expect(far.raw == 5000)
        #expect(far.normalised == 0)
        #expect(far.evidence.isEmpty)
    }

    @Test func casualtiesCountInTheFiveYearsBeforeTheDay29FebruaryBecoming28() throws {
        let near = PlanarPoint(x: 500, y: 0)
        let layers = Self.layers(casualties: [
            (Self.casualty("CS-1", "2019-02-27"), near),
            (Self.casualty("CS-2", "2019-02-28"), near),
            (Self.casualty("CS-3", "2024-02-28"), near),
            (Self.casualty("CS-4", "2024-02-29"), near),
            (Self.casualty("CS-5", "2023-01-01"), PlanarPoint(x: 2101, y: 0)),
            (Self.casualty("CS-6", "2023-01-01"), PlanarPoint(x: 2100, y: 0)),
        ])
        let ranked = Self.rank([Self.square("HA-1")], layers, asOf: CalendarDate(iso: "2024-02-29")!)
        let cas = try #require(ranked.first?[factor: "cas"])
        #expect(cas.evidence == ["CS-2", "CS-3", "CS-6"])
        #expect(cas.raw == 3)
        #expect(CalendarDate(iso: "2024-02-29")!.adding(years: -5).iso == "2019-02-28")
    }

    /// Every factor at once, checked against the B2 formula worked by hand, and the row the benchmark writes.
    @Test func theDefaultScoreIsB2() throws {
        let health = InfrastructurePoint(localID: "IN-1", type: .health, location: GeoPoint(lon: 0, lat: 0))
        let school = InfrastructurePoint(localID: "IN-2", type: .school, location: GeoPoint(lon: 0, lat: 0))
        let power = InfrastructurePoint(localID: "IN-3", type: .power, location: GeoPoint(lon: 0, lat: 0))
        let ranked = Self.rank(
            [Self.square("HA-2"), Self.square("HA-1", 50_000, 0)],
            Self.layers(
                settlements: [(Self.settlement("ST-1", population: 2500, idp: 100), PlanarPoint(x: 0, y: 900))],
                roads: [(Self.road("RD-1"), [PlanarPoint(x: 1100, y: -50), PlanarPoint(x: 1100, y: 50)])],
                infrastructure: [
                    (health, PlanarPoint(x: 600, y: 0)), (school, PlanarPoint(x: 0, y: 0)),
                    (power, PlanarPoint(x: 601, y: 0)),
                ],
                casualties: [(Self.casualty("CS-1", "2025-12-31"), PlanarPoint(x: 0, y: 0))]
            )
        )
        let top = try #require(ranked.first)
        #expect(top.hazardID == "HA-2")
        #expect(top.factors.map(\.raw) == [2500, 100, 1000, 6, 1])
        let expected = 0.35 * 0.5 + 0.20 * 0.2 + 0.15 * (1 - 1000.0 / 5000) + 0.15 * 0.6 + 0.15 * 0.2
        #expect(top.score == expected)
        #expect(top.factors.map(\.evidence) == [["ST-1"], ["ST-1"], ["RD-1"], ["IN-1", "IN-2"], ["CS-1"]])
        let lines = PriorityScoring.b2CSV(ranked).split(separator: "\n")
        #expect(lines[0] == "hazard_id,pop1k,idp1k,road_m,infra,cas,score,rank")
        #expect(lines[1] == "HA-2,2500,100,1000.000,6,1,0.455000000,1")
        #expect(lines[2] == "HA-1,0,0,5000.000,0,0,0.000000000,2")
    }

    @Test func equalScoresRankByHazardID() {
        let ranked = Self.rank(
            [Self.square("HA-3"), Self.square("HA-1", 9000), Self.square("HA-2", 18_000)],
            Self.layers()
        )
        #expect(ranked.map(\.hazardID) == ["HA-1", "HA-2", "HA-3"])
        #expect(ranked.map(\.rank) == [1, 2, 3])
    }

    /// Through the public entry: lon/lat records, the view's remaining area and recording dates.
    @Test func onlyHazardsOpenOnTheDayAreRanked() throws {
        let plane = LambertAzimuthalEqualArea.workload
        func at(_ x: Double, _ y: Double) -> GeoPoint { plane.inverse(PlanarPoint(x: x, y: y)) }
        func hazard(_ id: String, _ x: Double, recorded: String) -> HazardousArea {
            let ring = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1), (-1, -1)].map { at(x + $0 * 100, $1 * 100) }
            return HazardousArea(
                localID: id,
                region: "R01",
                classification: .suspected,
                contamination: .antiPersonnel,
                recordedDate: CalendarDate(iso: recorded)!,
                areaM2: 40_000,
                rings: [ring]
            )
        }
        let release = LandRelease(
            localID: "RE-1",
            hazardID: "HA-2",
            date: CalendarDate(iso: "2025-06-01")!,
            method: .cleared,
            areaM2: 40_000,
            devicesFound: 1
        )
        var near = Self.settlement("ST-1", population: 5000)
        near.location = at(-1099.9, 0)
        let ranked = PriorityScoring.rank(
            hazards: [
                hazard("HA-1", 0, recorded: "2020-01-01"), hazard("HA-2", 20_000, recorded: "2020-01-01"),
                hazard("HA-3", 40_000, recorded: "2026-01-01"),
            ],
            releases: [release],
            settlements: [near],
            roads: [],
            infrastructure: [],
            casualties: [],
            asOf: Self.asOf,
            plane: plane
        )
        #expect(ranked.map(\.hazardID) == ["HA-1"])
        #expect(ranked.first?[factor: "pop1k"]?.evidence == ["ST-1"])
        #expect(ranked.first?.score == 0.35)
    }

    // MARK: - The model file

    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/priority-model.json")

    @Test func theDocumentedFileIsTheDefaultModel() throws {
        let model = try PriorityModel.decode(from: Data(contentsOf: Self.docs), file: "priority-model.json")
        #expect(model == .default)
        #expect(try PriorityModel.decode(from: PriorityModel.default.json(), file: "x") == .default)
    }

    @Test func theDocumentedReturnModelReads() throws {
        let url = Self.docs.deletingLastPathComponent().appendingPathComponent("planning/models/return-first.json")
        let model = try PriorityModel.decode(from: Data(contentsOf: url), file: "return-first.json")
        #expect(model.name == "return-first")
        #expect(
            model.factors.map(\.kind) == [
                .displacedHouseholds, .population, .landUse, .infrastructure, .clearanceCost, .accessibility,
            ]
        )
        #expect(model.factor(named: "farmland")?.useWeights?[.agricultural] == 1)
        #expect(abs(model.factors.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
    }

    static func file(_ factors: String) -> Data {
        Data(#"{"name": "test", "factors": [\#(factors)]}"#.utf8)
    }
    static let population = #"{"name": "pop", "kind": "population", "weight": 0.5, "radius_m": 1000, "normaliser": 10}"#

    @Test(arguments: [
        (
            #"{"name": "farm", "kind": "farmland", "weight": 1}"#, "factors[1].kind", #""farmland""#,
            "unknown factor kind"
        ),
        (
            #"{"name": "idp", "kind": "displaced_households", "weight": -0.2, "radius_m": 1000, "normaliser": 5}"#,
            "factors[1].weight", "-0.2", "0 or more"
        ),
        (
            #"{"name": "idp", "kind": "displaced_households", "weight": 0.2, "radius_m": 0, "normaliser": 5}"#,
            "factors[1].radius_m", "0", "more than 0"
        ),
        (
            #"{"name": "cas", "kind": "casualties", "weight": 0.2, "radius_m": 2000, "years": 5, "normaliser": -5}"#,
            "factors[1].normaliser", "-5", "more than 0"
        ),
        (
            #"{"name": "water", "kind": "infrastructure", "weight": 0.2, "radius_m": 500, "normaliser": 2, "type_weights": {"water": 2, "farmland": 1}}"#,
            "factors[1].type_weights.farmland", "1", "unknown infrastructure type 'farmland'"
        ),
        (
            #"{"name": "road", "kind": "road_distance", "weight": 0.2, "cap_m": 5000, "road_classes": ["primary", "motorway"]}"#,
            "factors[1].road_classes[1]", #""motorway""#, "unknown road class"
        ),
        (
            #"{"name": "pop", "kind": "population", "weight": 0.1, "radius_m": 500, "normaliser": 10}"#,
            "factors[1].name", #""pop""#, "a name of its own"
        ),
        (
            #"{"name": "pop2", "kind": "population", "weight": 0.1, "raduis_m": 500, "normaliser": 10}"#,
            "factors[1].raduis_m", "500", "not a key of a population factor"
        ),
        (
            #"{"name": "pop2", "kind": "population", "weight": 0.1, "normaliser": 10}"#,
            "factors[1].radius_m", "(missing)", "needs radius_m"
        ),
        (
            #"{"name": "pop2", "kind": "population", "weight": "heavy", "radius_m": 500, "normaliser": 10}"#,
            "factors[1].weight", #""heavy""#, "expected a number"
        ),
        (
            #"{"name": "farm", "kind": "land_use", "weight": 0.2, "use_weights": {"agricultural": 1, "orchard": 0.5}}"#,
            "factors[1].use_weights.orchard", "0.5", "unknown land use 'orchard'"
        ),
        (
            #"{"name": "farm", "kind": "land_use", "weight": 0.2, "use_weights": {"agricultural": 2}}"#,
            "factors[1].use_weights.agricultural", "2", "0 to 1"
        ),
        (
            #"{"name": "cost", "kind": "clearance_cost", "weight": 0.2, "m2_per_day": 0, "normaliser": 200}"#,
            "factors[1].m2_per_day", "0", "more than 0"
        ),
        (
            #"{"name": "open", "kind": "accessibility", "weight": 0.2, "radius_m": 100}"#,
            "factors[1].radius_m", "100", "not a key of an accessibility factor"
        ),
    ])
    func aBadModelFileNamesTheFileTheKeyAndTheValue(factor: String, keyPath: String, value: String, problem: String) {
        let data = Self.file(Self.population + ", " + factor)
        #expect {
            try PriorityModel.decode(from: data, file: "models/district.json")
        } throws: { error in
            guard let e = error as? PriorityModelError else { return false }
            let text = "\(e)"
            return e.file == "models/district.json" && e.keyPath == keyPath && e.value == value
                && text.hasPrefix("models/district.json: \(keyPath) = \(value): ") && text.contains(problem)
        }
    }

    /// The hazard's own attributes as factors: the land use it blocks (farmland first), whether it can be worked, and
    /// the days its remaining area takes to clear (quick wins first).
    @Test func landUseAccessibilityAndClearanceCostScoreTheHazardItself() throws {
        let model = try PriorityModel.decode(
            from: Self.file(
                #"{"name": "farm", "kind": "land_use", "weight": 0.5, "use_weights": {"agricultural": 1, "grazing": 0.6, "forest": 0.1}}, "#
                    + #"{"name": "open", "kind": "accessibility", "weight": 0.3}, "#
                    + #"{"name": "cost", "kind": "clearance_cost", "weight": 0.2, "m2_per_day": 400, "normaliser": 200}"#
            ),
            file: "return.json"
        )
        var fields = Self.square("HA-1")
        fields.landUse = [.forest, .agricultural]
        var pasture = Self.square("HA-2", 10_000)
        pasture.landUse = [.grazing]
        pasture.remainingM2 = 100_000
        var closed = Self.square("HA-3", 20_000)
        closed.landUse = [.agricultural]
        closed.accessibility = .inaccessible
        closed.inaccessibleReason = "security"
        let ranked = Self.rank([pasture, closed, fields], Self.layers(), model: model)
        #expect(ranked.map(\.hazardID) == ["HA-1", "HA-2", "HA-3"])
        func factor(_ id: String, _ name: String) -> FactorScore? {
            ranked.first { $0.hazardID == id }?.factors.first { $0.name == name }
        }
        // HA-1: farmland (1, beside forest 0.1) and 40,000 m² at 400 m² a day: 100 days of 200 → 0.5.
        #expect(factor("HA-1", "farm")?.raw == 1 && factor("HA-1", "farm")?.evidence == ["forest", "agricultural"])
        #expect(factor("HA-1", "cost")?.raw == 100 && factor("HA-1", "cost")?.normalised == 0.5)
        #expect(abs(ranked[0].score - (0.5 + 0.3 + 0.2 * 0.5)) < 1e-12)
        // HA-2: grazing 0.6; 250 days is past the normaliser: 0.
        #expect(factor("HA-2", "farm")?.raw == 0.6 && factor("HA-2", "cost")?.normalised == 0)
        // HA-3: farmland, but inaccessible, named with its reason.
        #expect(factor("HA-3", "open")?.raw == 0 && factor("HA-3", "open")?.evidence == ["security"])
        let again = try PriorityModel.decode(from: model.json(), file: "again.json")
        #expect(again == model)
    }

    /// A minefield across the road to a village blocks the village: the people of every settlement near a road that
    /// passes the hazard count once, however many such roads there are.
    @Test func blockedAccessCountsThePeopleBeyondTheRoadsThatPassTheHazard() throws {
        let model = try PriorityModel.decode(
            from: Self.file(
                #"{"name": "cut_off", "kind": "blocked_access", "weight": 1, "cap_m": 50, "road_classes": ["primary", "track"], "radius_m": 500, "normaliser": 1000}"#
            ),
            file: "access.json"
        )
        // The square spans x, y ∈ [-100, 100]. RD-1 runs east from its edge to a village 3 km away; RD-2, a track,
        // passes 40 m north of it to the same village and another; RD-3 passes 60 m south (beyond the cap) to ST-3.
        let layers = Self.layers(
            settlements: [
                (Self.settlement("ST-1", population: 400), PlanarPoint(x: 3_000, y: 300)),
                (Self.settlement("ST-2", population: 250), PlanarPoint(x: -2_000, y: 200)),
                (Self.settlement("ST-3", population: 999), PlanarPoint(x: 0, y: -500)),
            ],
            roads: [
                (Self.road("RD-1"), [PlanarPoint(x: 100, y: 0), PlanarPoint(x: 3_000, y: 0)]),
                (Self.road("RD-2", .track), [PlanarPoint(x: -2_000, y: 140), PlanarPoint(x: 3_000, y: 140)]),
                (Self.road("RD-3"), [PlanarPoint(x: -500, y: -160), PlanarPoint(x: 500, y: -160)]),
            ]
        )
        let ranked = Self.rank([Self.square("HA-1")], layers, model: model)
        let f = try #require(ranked.first?.factors.first)
        #expect(f.raw == 650 && f.normalised == 0.65)
        #expect(f.evidence == ["RD-1", "RD-2", "ST-1", "ST-2"])
    }

    @Test func weightsMustAddUpToMoreThanZero() {
        let zero = #"{"name": "pop", "kind": "population", "weight": 0, "radius_m": 1000, "normaliser": 10}"#
        #expect(throws: PriorityModelError.self) { try PriorityModel.decode(from: Self.file(zero), file: "m.json") }
        do {
            _ = try PriorityModel.decode(from: Self.file(zero), file: "m.json")
        } catch {
            #expect("\(error)" == "m.json: factors = weights adding up to 0: the weights must add up to more than 0")
        }
    }

    // MARK: - Two models

    @Test func aComparisonSaysWhyAHazardMoved() throws {
        let layers = Self.layers(
            settlements: [(Self.settlement("ST-1", population: 2000), PlanarPoint(x: 0, y: 500))],
            casualties: [
                (Self.casualty("CS-1", "2025-01-01"), PlanarPoint(x: 20_000, y: 0)),
                (Self.casualty("CS-2", "2025-02-01"), PlanarPoint(x: 20_000, y: 0)),
                (Self.casualty("CS-3", "2025-03-01"), PlanarPoint(x: 20_000, y: 0)),
            ]
        )
        let hazards = [Self.square("HA-1"), Self.square("HA-2", 20_000), Self.square("HA-3", 40_000)]
        var casualtiesFirst = PriorityModel.default
        casualtiesFirst.factors[4].weight = 0.60
        let before = Self.rank(hazards, layers)
        let after = Self.rank(hazards, layers, model: casualtiesFirst)
        // Before: HA-1 0.14 (people), HA-2 0.09 (casualties); after: HA-2 0.36.
        #expect(before.map(\.hazardID) == ["HA-1", "HA-2", "HA-3"])
        #expect(after.map(\.hazardID) == ["HA-2", "HA-1", "HA-3"])
        let comparison = PriorityComparison(before: before, after: after)
        let up = try #require(comparison.move(of: "HA-2"))
        #expect(up.move == 1)
        #expect(up.changes.first?.name == "cas")
        #expect(abs((up.changes.first?.delta ?? 0) - 0.27) < 1e-12)
        #expect(up.explanation == "HA-2: rank 2 → 1 (up 1), score 0.0900 → 0.3600: cas +0.2700 (weight 0.15 → 0.6)")
        let down = try #require(comparison.move(of: "HA-1"))
        #expect(down.move == -1)
        #expect(down.explanation.hasSuffix("its own score did not change; hazards around it moved"))
        #expect(comparison.largestMoves(5).map(\.hazardID) == ["HA-1", "HA-2"])
    }
}
