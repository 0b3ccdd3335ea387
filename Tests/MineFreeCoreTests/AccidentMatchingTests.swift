import Foundation
import Testing

@testable import MineFreeCore

/// One accident reported by several sources is proposed as one, with its evidence; others are not.
@Suite struct AccidentMatchingTests {
    typealias Report = AccidentMatching.Report
    let day = CalendarDate(iso: "2024-05-12")!
    // Aghdam district, about 40.0° N 46.9° E: one degree of latitude is 111,195 m on the sphere.
    let place = GeoPoint(lon: 46.9, lat: 40.0)

    func north(_ metres: Double, of p: GeoPoint) -> GeoPoint {
        GeoPoint(lon: p.lon, lat: p.lat + metres / 111_195.08)
    }

    func report(
        _ id: String,
        _ source: String,
        days: Int = 0,
        at location: GeoPoint?,
        area: String? = nil,
        killed: Int = 0,
        injured: Int = 1,
        device: CasualtyEvent.Device = .antiPersonnel,
        people: [Report.Person] = [.init(sex: .male, age: 34)]
    ) -> Report {
        Report(
            id: id,
            source: source,
            date: day.adding(days: days),
            location: location,
            adminArea: area,
            killed: killed,
            injured: injured,
            device: device,
            people: people
        )
    }

    @Test func twoSourcesOfOneAccidentScoreFromTheirEvidence() throws {
        let hospital = report("H-1", "hospital", at: place)
        let police = report("P-1", "police", days: 1, at: north(300, of: place), people: [.init(sex: .male, age: 36)])
        let e = try #require(AccidentMatching.evidence(hospital, police))
        #expect(e.daysApart == 1 && e.countDifference == 0 && e.device == .same && e.peopleAlike == 1)
        #expect(abs(e.metresApart! - 300) < 0.01)
        // 0.25 × (1 − 1/4) + 0.30 × (1 − 300/2000) + 0.20 + 0.10 + 0.15
        #expect(abs(e.score - 0.8925) < 1e-6)
        #expect(e.summary == "1 day apart, 300 m apart, same counts, device same, 1 of 1 people alike, score 0.89")
        // A person of another sex, a count that differs, a device that differs: each lowers the score.
        let other = report(
            "P-2",
            "police",
            at: place,
            killed: 1,
            device: .antiVehicle,
            people: [.init(sex: .female, age: 34)]
        )
        let weaker = try #require(AccidentMatching.evidence(hospital, other))
        #expect(weaker.countDifference == 1 && weaker.device == .different && weaker.peopleAlike == 0)
        #expect(abs(weaker.score - (0.25 + 0.30 + 0.20 * 0.6)) < 1e-9)
    }

    @Test func tooFarInTimeOrPlaceOrTheSameSourceIsNeverProposed() {
        let a = report("H-1", "hospital", at: place)
        #expect(AccidentMatching.evidence(a, report("P-1", "police", days: 4, at: place)) == nil)
        #expect(AccidentMatching.evidence(a, report("P-1", "police", at: north(2_001, of: place))) == nil)
        #expect(AccidentMatching.evidence(a, report("P-1", "police", days: -3, at: north(1_999, of: place))) != nil)
        #expect(AccidentMatching.candidates([a, report("H-2", "hospital", at: place)]).isEmpty)
        // Without a position: only within the same admin area.
        let unplaced = report("M-1", "media", at: nil, area: "AZ-AGA")
        #expect(AccidentMatching.evidence(a, unplaced) == nil)
        var placed = a
        placed.adminArea = "AZ-AGA"
        #expect(AccidentMatching.evidence(placed, unplaced)?.metresApart == nil)
        #expect(AccidentMatching.candidates([placed, unplaced]).count == 1)
    }

    @Test func eachReportPairsWithOneReportOfAnotherSourceAndGroupsJoinSources() {
        let hospital = report("H-1", "hospital", at: place)
        let nearPolice = report("P-1", "police", at: north(100, of: place))
        let fartherPolice = report("P-2", "police", at: north(1_500, of: place))
        let operatorReport = report("O-1", "operator", days: 1, at: north(200, of: place))
        let elsewhere = report("H-9", "hospital", days: 40, at: place)
        let reports = [hospital, nearPolice, fartherPolice, operatorReport, elsewhere]
        let pairs = AccidentMatching.candidates(reports)
        let named = Set(pairs.map { [reports[$0.first].id, reports[$0.second].id].sorted().joined(separator: "+") })
        // The hospital's report goes with the nearer police report; the farther one is left (the police reported
        // two accidents, or one twice: the authority decides). The operator's joins the nearer police report too.
        #expect(named.contains("H-1+P-1") && !named.contains("H-1+P-2"))
        #expect(named.contains("H-1+O-1") && named.contains("O-1+P-1"))
        #expect(!named.contains { $0.contains("H-9") })
        #expect(pairs.map(\.evidence.score) == pairs.map(\.evidence.score).sorted(by: >))
        let groups = AccidentMatching.groups(count: reports.count, pairs: pairs.map { ($0.first, $0.second) })
        #expect(groups.count == 3)
        #expect(groups[0] == [0, 1, 3])
        #expect(groups.contains([2]) && groups.contains([4]))
    }

    @Test func theSeededGeneratorGivesTheSameSequenceEverywhere() {
        // SplitMix64's published first outputs for seed 0.
        var g = SeededRandom(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect((0..<1000).map { _ in g.unit() }.allSatisfy { (0..<1).contains($0) })
    }

    /// The grid finds exactly the pairs comparing every report with every other would, with the same evidence (cells,
    /// their edges, the date windows and the packed entries lose none, add none and score alike) — for reports naming
    /// no one, up to four people (packed), more (compared whole), people of unknown sex or age, and an age no packing
    /// holds, or more killed than an entry's byte. With one report dated long after the rest, the days are sorted
    /// rather than counted.
    /// Also far south (62° S, the South Shetlands' latitude), where a degree of longitude is half a degree of latitude.
    @Test(arguments: [(false, 40.0), (true, 40.0), (false, -62.0)])
    func theGridFindsWhatComparingEveryPairFinds(oneLongAfter: Bool, latitude: Double) {
        var generator = SeededRandom(seed: 7)
        let sources = ["hospital", "police", "operator"]
        let reports =
            (0..<1_500).map { i -> Report in
                // A 20 × 20 km square over 200 days: dense enough for many pairs across cell edges.
                let p = GeoPoint(
                    lon: 46.9 + generator.unit() * 0.18 / cos(latitude * .pi / 180),
                    lat: latitude + generator.unit() * 0.18
                )
                return report(
                    "R-\(i)",
                    sources[Int(generator.next() % 3)],
                    days: Int(generator.next() % 200),
                    at: generator.unit() < 0.05 ? nil : p,
                    area: generator.unit() < 0.5 ? "AZ-AGA" : "AZ-FUZ",
                    killed: i == 78 ? 300 : Int(generator.next() % 2),
                    injured: Int(generator.next() % 3),
                    device: CasualtyEvent.Device.allCases[Int(generator.next() % 5)],
                    people: (0..<Int(generator.next() % 7)).map { _ in
                        let sex: CasualtyEvent.Sex? =
                            generator.unit() < 0.1 ? nil : (generator.unit() < 0.8 ? .male : .female)
                        let age: Int? = generator.unit() < 0.1 ? nil : 10 + Int(generator.next() % 60)
                        return .init(sex: sex, age: i == 77 ? 20_000 : age)
                    }
                )
            } + (oneLongAfter ? [report("R-late", "police", days: 40_000, at: place)] : [])
        var rules = AccidentMatching.Rules()
        rules.threshold = 0.3
        var brute: [[Int]: AccidentMatching.Evidence] = [:]
        for i in reports.indices {
            for j in reports.indices where i < j && reports[i].source != reports[j].source {
                if let e = AccidentMatching.evidence(reports[i], reports[j], rules: rules), e.score >= rules.threshold {
                    brute[[i, j]] = e
                }
            }
        }
        let (pairs, numbers) = reports.withUnsafeBufferPointer {
            AccidentMatching.pairsAboveThreshold($0, rules: rules)
        }
        let found = pairs.map { [$0.first, $0.second] }
        #expect(found.count == Set(found).count, "each pair once")
        #expect(Set(found) == Set(brute.keys))
        #expect(pairs.allSatisfy { brute[[$0.first, $0.second]] == $0.evidence })
        #expect(brute.count > 200)
        #expect(brute.values.contains { $0.peopleAlike == nil } && brute.values.contains { $0.peopleCompared > 4 })
        // Each source one number.
        #expect(Set(numbers).count == 3)
        #expect(reports.indices.allSatisfy { (reports[$0].source == reports[0].source) == (numbers[$0] == numbers[0]) })
    }

    @Test func peopleKeptInOneWordReadBackAsTheyWere() {
        #expect(MemoryLayout<AccidentMatching.WalkEntry>.stride == 40)
        let people: [Report.Person] = [
            .init(sex: .male, age: 0), .init(sex: .female, age: 16_382), .init(sex: nil, age: nil),
            .init(sex: .female, age: nil),
        ]
        let packed = AccidentMatching.PackedPeople(people)
        #expect(packed.map { Array($0) } == people)
        #expect(AccidentMatching.PackedPeople([]).map(\.count) == 0)
        // Five people, or an age the word cannot hold: compared from the report itself.
        #expect(AccidentMatching.PackedPeople(people + [.init(sex: .male, age: 3)]) == nil)
        #expect(AccidentMatching.PackedPeople([.init(sex: .male, age: 16_383)]) == nil)
        #expect(AccidentMatching.PackedPeople([.init(sex: .male, age: -1)]) == nil)
    }

    @Test func aPositionThatIsNoNumberIsComparedByItsAreaOnce() {
        let broken = report("H-1", "hospital", at: GeoPoint(lon: .nan, lat: 40.0), area: "AZ-AGA")
        let unplaced = report("P-1", "police", at: nil, area: "AZ-AGA")
        let placed = report("O-1", "operator", at: place, area: "AZ-AGA")
        let (pairs, _) = [broken, unplaced, placed].withUnsafeBufferPointer {
            AccidentMatching.pairsAboveThreshold($0, rules: AccidentMatching.Rules())
        }
        // The broken position meets the unplaced report by their area, once; never the placed one by distance.
        #expect(pairs.map { [$0.first, $0.second] }.sorted { $0.lexicographicallyPrecedes($1) } == [[0, 1], [1, 2]])
    }

    @Test func groupsComeOutInOrderWhateverThePairs() {
        // Pairs given twice, in reverse, and joining groups late: 0-3-5 and 1-4, 2 and 6 alone.
        let groups = AccidentMatching.groups(count: 7, pairs: [(5, 3), (4, 1), (3, 5), (0, 5), (1, 4), (3, 0), (4, 1)])
        #expect(groups == [[0, 3, 5], [1, 4], [2], [6]])
        #expect(AccidentMatching.groups(count: 0, pairs: []).isEmpty)
    }
}
